//! 2Chat against a loopback server speaking its documented contract (create-group seed page,
//! add-participant, get-numbers, list groups, get group, /info).

mod common;

use common::*;
use groupdrop_providers::*;
use secrecy::SecretString;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "2chat-api-key-Uv83kPq1";
const FROM: &str = "+595981048477";
const UUID: &str = "WAG62598186-d2bd-4946-86c6-30f8a3c849c6";

fn config(base: &str) -> TwoChatConfig {
    TwoChatConfig::new(SecretString::from(KEY))
        .with_base_url(base)
        .unwrap()
        .with_http(fast_http())
}

fn client(base: &str) -> TwoChat {
    TwoChat::new(config(base).with_from_number(FROM).unwrap()).unwrap()
}

fn group() -> GroupRef {
    GroupRef {
        name: "My cool WhatsApp group".into(),
        id: Some("120363777777777777@g.us".into()),
        handle: UUID.into(),
        invite_link: None,
    }
}

fn request(phones: &[&str]) -> CreateRequest {
    CreateRequest {
        name: "My cool WhatsApp group".into(),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        auto_invite: false,
        create_if_missing: true,
    }
}

fn create_mock() -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path("/open/whatsapp/group/create"))
        .and(header("X-User-API-Key", KEY))
        .and(header("content-type", "application/json"))
}

/// The seed page's example reply.
fn seed_reply() -> Value {
    json!({
        "success": true,
        "group": {
            "name": "My cool WhatsApp group",
            "wa_group_id": "120363777777777777@g.us",
            "participants": {
                "+595981048477": {"statusCode": 200, "message": "The participant was added successfully", "isGroupCreator": true, "isInviteV4Sent": false},
                "+17137157533": {"statusCode": 200, "message": "The participant was added successfully", "isGroupCreator": false, "isInviteV4Sent": false},
                "+18647351567": {"statusCode": 200, "message": "The participant was added successfully", "isGroupCreator": false, "isInviteV4Sent": false}
            },
            "accepted_numbers": ["+17137157533", "+18647351567"],
            "unaccepted_numbers": [],
            "uuid": UUID
        }
    })
}

#[tokio::test]
async fn create_matches_the_seed_contract_and_excludes_the_sending_number() {
    let server = MockServer::start().await;
    create_mock()
        .and(body_json(json!({
            "from_number": FROM,
            "group": {"name": "My cool WhatsApp group", "participants": ["+17137157533", "+18647351567"]}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed_reply()))
        .expect(1)
        .mount(&server)
        .await;

    // The job hands over the sending number too (a contact list can contain it): it must not
    // reach 2Chat as a participant.
    let answer = client(&server.uri())
        .create_group(&request(&["+17137157533", FROM, "+18647351567"]))
        .await
        .unwrap();

    assert_eq!(answer.group.handle, UUID);
    assert_eq!(answer.group.id.as_deref(), Some("120363777777777777@g.us"));
    assert_eq!(answer.group.invite_link, None);
    let find = |p: &str| {
        answer
            .members
            .iter()
            .find(|m| m.phone == p)
            .unwrap()
            .clone()
    };
    assert_eq!(find("+17137157533").status, MemberStatus::Added);
    assert_eq!(find("+18647351567").status, MemberStatus::Added);
    let own = find(FROM);
    assert_eq!(own.status, MemberStatus::Added);
    assert!(own.reason.unwrap().contains("creator"));
    assert_eq!(answer.members.len(), 3);
    assert!(answer
        .note
        .unwrap()
        .contains("2Chat does not provide an invite link"));
}

#[tokio::test]
async fn per_number_codes_become_added_invited_or_rejected() {
    let server = MockServer::start().await;
    let phones = [
        "+5511900000001", // 200 → added
        "+5511900000002", // 403 + invite → invited
        "+5511900000003", // 403, no invite → rejected
        "+5511900000004", // 408 → rejected (recently left)
        "+5511900000005", // 409 → added (already in)
        "+5511900000006", // 400 with message → rejected with it
        "+5511900000007", // unaccepted → not on WhatsApp
        "+5511900000008", // accepted, no entry → added
    ];
    create_mock()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "group": {
                "name": "My cool WhatsApp group",
                "wa_group_id": "120363777777777777@g.us",
                "uuid": UUID,
                "participants": {
                    "+595981048477": {"statusCode": 200, "isGroupCreator": true},
                    "+5511900000001": {"statusCode": 200, "message": "The participant was added successfully", "isInviteV4Sent": false},
                    "+5511900000002": {"statusCode": 403, "message": "The participant can be added by sending private invitation only", "isInviteV4Sent": true},
                    "+5511900000003": {"statusCode": 403, "message": "The participant can be added by sending private invitation only", "isInviteV4Sent": false},
                    "+5511900000004": {"statusCode": "408", "message": "You cannot add this participant because they recently left the group"},
                    "+5511900000005": {"statusCode": 409, "message": "The participant is already a group member"},
                    "+5511900000006": {"statusCode": 400, "message": "An unknown error occurred while adding a participant"}
                },
                "accepted_numbers": ["+5511900000001", "+5511900000002", "+5511900000003", "+5511900000004", "+5511900000005", "+5511900000006", "+5511900000008"],
                "unaccepted_numbers": ["+5511900000007"]
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server.uri())
        .create_group(&request(&phones))
        .await
        .unwrap();
    let got: Vec<(MemberStatus, String)> = answer
        .members
        .iter()
        .map(|m| (m.status, m.reason.clone().unwrap_or_default()))
        .collect();
    use MemberStatus::*;
    assert_eq!(got[0], (Added, String::new()));
    assert_eq!(got[1].0, Invited);
    assert!(got[1].1.contains("private invite"), "{}", got[1].1);
    assert_eq!(got[2].0, Rejected);
    assert!(got[2].1.contains("privacy"), "{}", got[2].1);
    assert_eq!(got[3].0, Rejected);
    assert!(
        got[3].1.contains("left this group recently"),
        "{}",
        got[3].1
    );
    assert_eq!(got[4], (Added, "already in the group".to_string()));
    assert_eq!(got[5].0, Rejected);
    assert!(
        got[5].1.contains("code 400") && got[5].1.contains("unknown error"),
        "{}",
        got[5].1
    );
    assert_eq!(
        got[6],
        (
            Rejected,
            "not on WhatsApp, or not a valid number".to_string()
        )
    );
    assert_eq!(got[7], (Added, String::new()));
}

#[tokio::test]
async fn twenty_five_numbers_are_one_create_and_two_add_batches_on_the_uuid() {
    let server = MockServer::start().await;
    let phones: Vec<String> = (1..=25).map(|i| format!("+55119000000{i:02}")).collect();
    create_mock()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "group": {"name": "My cool WhatsApp group", "wa_group_id": "120363777777777777@g.us", "uuid": UUID,
                      "accepted_numbers": phones[..10], "unaccepted_numbers": []}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/open/whatsapp/group/{UUID}/add-participant")))
        .and(header("X-User-API-Key", KEY))
        .respond_with(|req: &wiremock::Request| {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            let participants: serde_json::Map<String, Value> = body["participants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p.as_str().unwrap().to_string(),
                        json!({"statusCode": 200, "message": "The participant was added successfully", "isInviteV4Sent": false}),
                    )
                })
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "participants": participants}))
        })
        .expect(2)
        .mount(&server)
        .await;

    // What the engine does: create with the first create_max, then add_max at a time.
    let two = client(&server.uri());
    let limits = two.limits();
    assert_eq!((limits.create_max, limits.add_max), (10, 10));
    let mut req = request(&[]);
    req.phones = phones[..limits.create_max].to_vec();
    let answer = two.create_group(&req).await.unwrap();
    let mut outcome = answer.members.clone();
    for batch in phones[limits.create_max..].chunks(limits.add_max) {
        outcome.extend(two.add_members(&answer.group, batch, false).await.unwrap());
    }

    assert_eq!(outcome.len(), 25);
    assert!(outcome.iter().all(|m| m.status == MemberStatus::Added));
    let received = server.received_requests().await.unwrap();
    let sizes: Vec<(String, usize)> = received
        .iter()
        // The pre-flight `/info` read carries no body.
        .filter(|r| r.url.path() != "/info")
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(
                body["from_number"], FROM,
                "every call names the sending number"
            );
            let list = body["participants"]
                .as_array()
                .or(body["group"]["participants"].as_array())
                .unwrap();
            assert!(
                list.iter().all(|p| p.as_str().unwrap().starts_with("+55")),
                "+E164 on the wire"
            );
            (r.url.path().to_string(), list.len())
        })
        .collect();
    assert_eq!(
        sizes,
        vec![
            ("/open/whatsapp/group/create".to_string(), 10),
            (format!("/open/whatsapp/group/{UUID}/add-participant"), 10),
            (format!("/open/whatsapp/group/{UUID}/add-participant"), 5),
        ]
    );
}

#[tokio::test]
async fn add_participant_maps_unaccepted_numbers_and_privacy() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/open/whatsapp/group/{UUID}/add-participant")))
        .and(body_json(json!({"from_number": FROM, "participants": ["+447700176576", "+17137157533", "+15550000000"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "participants": {
                "+447700176576": {"statusCode": 200, "message": "The participant was added successfully", "isInviteV4Sent": false},
                "+17137157533": {"statusCode": 403, "message": "private invitation only", "isInviteV4Sent": true}
            },
            "unaccepted_numbers": ["+15550000000"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let members = client(&server.uri())
        .add_members(
            &group(),
            &[
                "+447700176576".into(),
                "+17137157533".into(),
                "+15550000000".into(),
            ],
            false,
        )
        .await
        .unwrap();
    let statuses: Vec<MemberStatus> = members.iter().map(|m| m.status).collect();
    assert_eq!(
        statuses,
        vec![
            MemberStatus::Added,
            MemberStatus::Invited,
            MemberStatus::Rejected
        ]
    );
}

#[tokio::test]
async fn documented_error_codes_each_get_a_human_message() {
    let cases: [(u16, ErrorKind, &str, bool); 9] = [
        (401, ErrorKind::Credentials, "API key", false),
        (402, ErrorKind::Payment, "credits", false),
        (403, ErrorKind::Credentials, "number", false),
        (409, ErrorKind::Busy, "starting up", true),
        (410, ErrorKind::Busy, "connecting or disconnecting", true),
        (422, ErrorKind::InvalidRequest, "E.164", false),
        (486, ErrorKind::Busy, "previous request", true),
        (503, ErrorKind::ProviderDown, "HTTP 503", false),
        (504, ErrorKind::ProviderDown, "HTTP 504", false),
    ];
    for (status, kind, words, retry_safe) in cases {
        let server = MockServer::start().await;
        create_mock()
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({
                "success": false,
                "message": if status == 422 { "Phone number +5511 is not a valid E.164 number" } else { "error" }
            })))
            .expect(1)
            .mount(&server)
            .await;
        let err = client(&server.uri())
            .create_group(&request(&["+17137157533"]))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{status}");
        assert!(err.to_string().contains(words), "{status}: {err}");
        assert_eq!(err.retry_safe(), retry_safe, "{status}");
        assert_human(&err, &[KEY]);
    }
}

#[tokio::test]
async fn rate_limit_carries_retry_after() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "7")
                .set_body_json(json!({"success": false, "message": "Trial accounts are limited to 30 requests per minute"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.retry_safe() && !err.may_have_reached());
}

#[tokio::test]
async fn busy_with_retry_after_is_honoured_too() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(ResponseTemplate::new(486).insert_header("Retry-After", "3"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Busy);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
}

#[tokio::test]
async fn server_error_html_and_bad_json_are_sent_once_and_never_shown() {
    for response in [
        ResponseTemplate::new(500).set_body_json(json!({"success": false, "message": "Internal"})),
        html_page(502),
        broken_json(),
    ] {
        let server = MockServer::start().await;
        create_mock()
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        let err = client(&server.uri())
            .create_group(&request(&["+17137157533"]))
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::ProviderDown | ErrorKind::Malformed),
            "{err:?}"
        );
        assert!(err.may_have_reached(), "{err:?}");
        assert!(!err.to_string().contains("nginx") && !err.to_string().contains("WAG"));
        assert_human(&err, &[KEY]);
    }
}

#[tokio::test]
async fn a_success_without_uuid_is_malformed_so_the_engine_looks_before_retrying() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "group": {"name": "x"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed);
    assert!(err.may_have_reached());
}

#[tokio::test]
async fn timeout_after_the_request_arrived_is_sent() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(seed_reply())
                .set_delay(SLOW),
        )
        .expect(1)
        .mount(&server)
        .await;
    let two = TwoChat::new(
        config(&server.uri())
            .with_from_number(FROM)
            .unwrap()
            .with_http(impatient_http()),
    )
    .unwrap();
    let err = two
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Timeout { sent: true, .. }),
        "{err:?}"
    );
    assert!(err.may_have_reached());
    assert_human(&err, &[KEY]);
}

#[tokio::test]
async fn refused_connection_is_not_sent() {
    let err = client(&refused_base())
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Network { sent: false, .. }),
        "{err:?}"
    );
    assert!(!err.may_have_reached() && err.retry_safe());
    assert_human(&err, &[KEY]);
}

/// A port that refuses now and serves `numbers` once `after` has passed.
async fn server_appearing_later(after: Duration) -> (String, tokio::task::JoinHandle<MockServer>) {
    let base = refused_base();
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let handle = tokio::spawn(async move {
        tokio::time::sleep(after).await;
        let listener = std::net::TcpListener::bind(addr).unwrap();
        let server = MockServer::builder().listener(listener).start().await;
        Mock::given(method("GET"))
            .and(path("/open/whatsapp/get-numbers"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(numbers_reply(&[(FROM, "WW", true, "C")])),
            )
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(seed_reply()))
            .mount(&server)
            .await;
        server
    });
    (base, handle)
}

#[tokio::test]
async fn reads_retry_after_a_refused_connection_but_a_create_does_not() {
    let slow_retry = HttpSettings {
        connect_retries: 3,
        retry_pause: Duration::from_millis(400),
        ..fast_http()
    };

    let (base, server) = server_appearing_later(Duration::from_millis(150)).await;
    let two = TwoChat::new(config(&base).with_http(slow_retry.clone())).unwrap();
    let check = two.check().await.expect("the retry reached the server");
    assert_eq!(check.own_number.as_deref(), Some(FROM));
    drop(server.await.unwrap());

    let (base, server) = server_appearing_later(Duration::from_millis(150)).await;
    let two = TwoChat::new(
        config(&base)
            .with_from_number(FROM)
            .unwrap()
            .with_http(slow_retry),
    )
    .unwrap();
    let err = two
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Network { sent: false, .. }),
        "{err:?}"
    );
    let server = server.await.unwrap();
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "a create is never retried"
    );
}

fn numbers_reply(numbers: &[(&str, &str, bool, &str)]) -> Value {
    json!({
        "success": true,
        "numbers": numbers.iter().enumerate().map(|(i, (phone, channel, enabled, status))| json!({
            "uuid": format!("WPN{i}"), "friendly_name": format!("number {i}"), "phone_number": phone,
            "iso_country_code": "PY", "server": "x@c.us", "platform": "iphone",
            "connection_status": status, "enabled": enabled, "is_business_profile": false,
            "channel_type": channel, "sync_contacts": true
        })).collect::<Vec<_>>()
    })
}

#[tokio::test]
async fn without_a_chosen_number_the_only_connected_whatsapp_number_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/open/whatsapp/get-numbers"))
        .and(header("X-User-API-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(numbers_reply(&[
            ("+15550000001", "IG", true, "C"),
            ("+15550000002", "WW", false, "C"),
            ("+15550000003", "WW", true, "D"),
            (FROM, "WW", true, "C"),
        ])))
        .expect(1)
        .mount(&server)
        .await;
    create_mock()
        .and(body_json(json!({"from_number": FROM, "group": {"name": "My cool WhatsApp group", "participants": ["+17137157533"]}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed_reply()))
        .expect(1)
        .mount(&server)
        .await;
    let two = TwoChat::new(config(&server.uri())).unwrap();
    two.create_group(&request(&["+17137157533"])).await.unwrap();
}

#[tokio::test]
async fn several_connected_numbers_and_none_chosen_asks_the_user_to_pick() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/open/whatsapp/get-numbers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(numbers_reply(&[
            ("+15550000001", "WW", true, "C"),
            (FROM, "WW", true, "C"),
        ])))
        .mount(&server)
        .await;
    create_mock()
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/info"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;

    let two = TwoChat::new(config(&server.uri())).unwrap();
    let err = two
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let text = err.to_string();
    assert!(
        text.contains("+15550000001") && text.contains(FROM) && text.contains("Choose"),
        "{text}"
    );

    // Test connection still lists them, so the user can pick.
    let check = two.check().await.unwrap();
    assert_eq!(check.own_number, None);
    assert_eq!(check.numbers.len(), 2);
    assert!(check.numbers.iter().all(|n| n.usable));
    assert!(check.summary.contains("choose"), "{}", check.summary);
}

#[tokio::test]
async fn no_connected_number_is_not_connected_with_what_to_do() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/open/whatsapp/get-numbers"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(numbers_reply(&[(FROM, "WW", true, "D")])),
        )
        .mount(&server)
        .await;
    let err = TwoChat::new(config(&server.uri()))
        .unwrap()
        .check()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotConnected);
    assert!(err.to_string().contains("reconnect"), "{err}");
}

#[tokio::test]
async fn check_learns_the_request_rate_from_info() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/open/whatsapp/get-numbers"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(numbers_reply(&[(FROM, "WW", true, "C")])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/info"))
        .and(header("X-User-API-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "account": {"on_trial": false, "blocked": false},
            "limits": {"requests_per_minute": 80},
            "usage": {"api_request_count": 1, "max_api_request_count": 1000}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let two = client(&server.uri());
    assert_eq!(
        two.account_gap(),
        Duration::from_secs(2),
        "trial default before /info"
    );
    let check = two.check().await.unwrap();
    assert_eq!(check.own_number.as_deref(), Some(FROM));
    assert!(check.summary.contains(FROM));
    assert_eq!(
        two.account_gap(),
        Duration::from_secs(2),
        "80 requests a minute allow 750 ms, but the pace never drops below the ban-safe floor"
    );
}

#[tokio::test]
async fn find_group_lists_groups_of_the_sending_number_and_takes_the_newest_match() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/open/whatsapp/groups/%2B595981048477"))
        .and(header("X-User-API-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": [
                {"uuid": "WAG-old", "wa_group_id": "1@g.us", "wa_group_name": "My cool WhatsApp group", "created_at": "2024-01-01 10:00:00"},
                {"uuid": "WAG-other", "wa_group_id": "2@g.us", "wa_group_name": "Another group", "created_at": "2025-01-01 10:00:00"},
                {"uuid": "WAG-new", "wa_group_id": "3@g.us", "wa_group_name": "My cool WhatsApp group", "created_at": "2025-06-01 10:00:00"}
            ]
        })))
        .expect(2)
        .mount(&server)
        .await;
    // Without a creation bound the group list alone answers: no get-group call.
    Mock::given(method("GET"))
        .and(path_regex("^/open/whatsapp/group/"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let two = client(&server.uri());
    match two
        .find_group("My cool WhatsApp group", &[], None)
        .await
        .unwrap()
    {
        Lookup::Found { group, .. } => {
            assert_eq!(group.handle, "WAG-new");
            assert_eq!(group.id.as_deref(), Some("3@g.us"));
        }
        other => panic!("expected Found, got {other:?}"),
    }
    assert_eq!(
        two.find_group("Not there", &[], None).await.unwrap(),
        Lookup::NotFound
    );
    assert_eq!(two.limits().list_lag, Duration::from_secs(300));
}

/// 2025-06-01T10:00:00Z: when the lost create was journaled in these tests.
const CREATE_MS: i64 = 1_748_772_000_000;
/// What the engine passes: the create's time less its 10-minute clock allowance.
const AFTER: i64 = CREATE_MS - 600_000;
const NAME: &str = "Class 5B parents";

/// The group list as 2Chat documents it: no times, just uuid, WhatsApp id and name.
async fn mount_list(server: &MockServer, uuids_and_names: &[(&str, &str)]) {
    let data: Vec<Value> = uuids_and_names
        .iter()
        .map(|(uuid, name)| json!({"uuid": uuid, "wa_group_id": format!("{uuid}@g.us"), "wa_group_name": name, "profile_pic_url": null}))
        .collect();
    Mock::given(method("GET"))
        .and(path("/open/whatsapp/groups/%2B595981048477"))
        .and(header("X-User-API-Key", KEY))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "data": data})),
        )
        .mount(server)
        .await;
}

/// get-group for `uuid`, with whatever creation fields `times` holds.
async fn mount_group(server: &MockServer, uuid: &str, times: Value, calls: u64) {
    let mut data = json!({"uuid": uuid, "wa_group_id": format!("{uuid}@g.us"), "wa_group_name": NAME, "size": 3, "participants": []});
    for (k, v) in times.as_object().unwrap() {
        data[k] = v.clone();
    }
    Mock::given(method("GET"))
        .and(path(format!("/open/whatsapp/group/{uuid}")))
        .and(header("X-User-API-Key", KEY))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "data": data})),
        )
        .expect(calls)
        .mount(server)
        .await;
}

fn found_handle(lookup: Lookup) -> String {
    match lookup {
        Lookup::Found { group, members } => {
            assert_eq!(members, None);
            group.handle
        }
        other => panic!("expected Found, got {other:?}"),
    }
}

/// Last year's "Class 5B parents" must not receive this year's list: the group whose creation
/// time is before the create is skipped, even when it is listed last (where the newest usually
/// is), and one whose time is known and recent beats one whose time is unknown.
#[tokio::test]
async fn find_group_skips_an_older_namesake_and_finds_the_new_group() {
    let server = MockServer::start().await;
    mount_list(
        &server,
        &[
            ("WAG-unknown", NAME),
            ("WAG-new", NAME),
            ("WAG-other", "Another group"),
            ("WAG-old", NAME),
        ],
    )
    .await;
    // The new one: WhatsApp's time as epoch seconds, 2Chat's a few seconds later.
    mount_group(
        &server,
        "WAG-new",
        json!({"wa_created_at": CREATE_MS / 1000 + 2, "created_at": "2025-06-01 10:00:09"}),
        1,
    )
    .await;
    // Last year's: WhatsApp's time is old; 2Chat's own record is newer than the create (say
    // 2Chat re-synced its groups), which must not make it look new.
    mount_group(
        &server,
        "WAG-old",
        json!({"wa_created_at": "2024-09-02T08:15:00.000Z", "created_at": "2025-06-01 10:05:00"}),
        1,
    )
    .await;
    mount_group(&server, "WAG-unknown", json!({}), 1).await;
    mount_group(&server, "WAG-other", json!({}), 0).await;
    let two = client(&server.uri());
    let handle = found_handle(two.find_group(NAME, &[], Some(AFTER)).await.unwrap());
    assert_eq!(handle, "WAG-new");
}

#[tokio::test]
async fn find_group_with_only_an_older_namesake_is_not_found() {
    let server = MockServer::start().await;
    mount_list(&server, &[("WAG-old", NAME)]).await;
    // 2Chat's own record predates the create too: either time proves the group is older.
    mount_group(
        &server,
        "WAG-old",
        json!({"wa_created_at": "not a date", "created_at": "2024-09-02 08:15:03"}),
        1,
    )
    .await;
    let two = client(&server.uri());
    assert_eq!(
        two.find_group(NAME, &[], Some(AFTER)).await.unwrap(),
        Lookup::NotFound
    );
}

/// When 2Chat does not say when a group was made, the namesake is still found: the lookup does
/// what it did before it knew about times rather than leave a group that may be ours.
#[tokio::test]
async fn find_group_without_creation_times_falls_back_to_the_namesake() {
    let server = MockServer::start().await;
    mount_list(&server, &[("WAG-a", NAME), ("WAG-b", NAME)]).await;
    mount_group(&server, "WAG-a", json!({"wa_created_at": null}), 1).await;
    mount_group(&server, "WAG-b", json!({"created_at": ""}), 1).await;
    let two = client(&server.uri());
    let handle = found_handle(two.find_group(NAME, &[], Some(AFTER)).await.unwrap());
    assert_eq!(handle, "WAG-b", "the newest listed");
}

/// At most five namesakes are read in detail, newest listed first; none are read when nothing
/// matches; a namesake 2Chat no longer knows (404) is skipped; other failures are errors.
#[tokio::test]
async fn find_group_reads_at_most_five_namesakes_and_only_when_needed() {
    let server = MockServer::start().await;
    let uuids: Vec<String> = (1..=7).map(|i| format!("WAG-{i}")).collect();
    let list: Vec<(&str, &str)> = uuids.iter().map(|u| (u.as_str(), NAME)).collect();
    mount_list(&server, &list).await;
    for (i, uuid) in uuids.iter().enumerate() {
        // Newest listed = last: 7, 6, 5, 4, 3 are read; 2 and 1 are not.
        let calls = if i >= 2 { 1 } else { 0 };
        mount_group(
            &server,
            uuid,
            json!({"wa_created_at": "2023-01-01 00:00:00"}),
            calls,
        )
        .await;
    }
    let two = client(&server.uri());
    assert_eq!(
        two.find_group(NAME, &[], Some(AFTER)).await.unwrap(),
        Lookup::NotFound
    );
    assert_eq!(
        two.find_group("No such name", &[], Some(AFTER))
            .await
            .unwrap(),
        Lookup::NotFound
    );

    let server = MockServer::start().await;
    mount_list(&server, &[("WAG-gone", NAME)]).await;
    Mock::given(method("GET"))
        .and(path("/open/whatsapp/group/WAG-gone"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"success": false, "message": "group not found"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri())
            .find_group(NAME, &[], Some(AFTER))
            .await
            .unwrap(),
        Lookup::NotFound
    );

    let server = MockServer::start().await;
    mount_list(&server, &[("WAG-x", NAME)]).await;
    Mock::given(method("GET"))
        .and(path("/open/whatsapp/group/WAG-x"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .find_group(NAME, &[], Some(AFTER))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ProviderDown, "not a silent NotFound");
}

#[tokio::test]
async fn members_reads_the_group_participants() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/open/whatsapp/group/{UUID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": {"uuid": UUID, "wa_group_id": "120363777777777777@g.us", "size": 3,
                     "participants": [
                        {"wa_participant_id": "595981048477@c.us", "wa_is_admin": true},
                        {"wa_participant_id": "17137157533@c.us", "wa_is_admin": false},
                        {"wa_participant_id": "2111897971174599@lid"}
                     ]}
        })))
        .mount(&server)
        .await;
    let members = client(&server.uri())
        .members(&group())
        .await
        .unwrap()
        .unwrap();
    // A member listed only by a hidden id is kept as that id: the engine then leaves an
    // unmatched number unconfirmed instead of calling it absent.
    assert_eq!(
        members,
        vec![
            FROM.to_string(),
            "+17137157533".to_string(),
            "2111897971174599@lid".to_string()
        ]
    );
}

#[tokio::test]
async fn there_is_no_invite_link_and_nothing_is_asked_for_it() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri()).invite_link(&group()).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn more_than_ten_is_refused_before_sending() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let phones: Vec<String> = (0..11).map(|i| format!("+55119000000{i:02}")).collect();
    let mut req = request(&[]);
    req.phones = phones;
    let err = client(&server.uri()).create_group(&req).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
}
