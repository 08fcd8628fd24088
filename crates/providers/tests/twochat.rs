//! 2Chat against its rule-enforcing stand-in (`groupdrop-standins`): the create-group seed page,
//! add-participant, get-numbers, list groups, get group and `/info` (providers.md §1). The
//! stand-in refuses a wrong key, a POST without JSON, a `from_number` that is not one of the
//! account's connected WhatsApp numbers, numbers not in `+E164`, more than 10 participants a
//! call, and an add to anything but the create's `uuid`.
//!
//! What 2Chat does not document — its error body, per-participant codes other than 200, the zone
//! of its times, get-group's participant fields — is either the stand-in's UNCONFIRMED choice
//! (`groupdrop_standins::UNCONFIRMED`) or a scripted fault here, in tests named `unconfirmed_…`
//! that pin only that the client survives each plausible reading.

mod common;

use common::*;
use groupdrop_providers::*;
use groupdrop_standins::{Fault, TwoChatStandIn};
use secrecy::SecretString;
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};
use wiremock::ResponseTemplate;

const KEY: &str = "2chat-api-key-Uv83kPq1";
const FROM: &str = "+595981048477";

fn config(base: &str) -> TwoChatConfig {
    TwoChatConfig::new(SecretString::from(KEY))
        .with_base_url(base)
        .unwrap()
        .with_http(fast_http())
}

/// A client with the sending number chosen.
fn client(base: &str) -> TwoChat {
    TwoChat::new(config(base).with_from_number(FROM).unwrap()).unwrap()
}

fn request(phones: &[&str]) -> CreateRequest {
    CreateRequest {
        name: "My cool WhatsApp group".into(),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        auto_invite: false,
        create_if_missing: true,
        description: None,
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A group that already exists on the account, as the client addresses it.
fn group_ref(g: &groupdrop_standins::Group) -> GroupRef {
    GroupRef {
        name: g.name.clone(),
        id: Some(g.id.clone()),
        handle: g.handle.clone(),
        invite_link: None,
    }
}

/// Each member's status and reason, in the answer's order.
fn outcomes(answer: &CreateAnswer) -> Vec<(MemberStatus, String)> {
    answer
        .members
        .iter()
        .map(|m| (m.status, m.reason.clone().unwrap_or_default()))
        .collect()
}

/// The one create the stand-in saw, with the error the client returned.
async fn failed_create(s: &TwoChatStandIn, two: &TwoChat) -> ProviderError {
    let err = two
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert_eq!(s.count("group/create"), 1, "sent once, never repeated");
    assert_eq!(s.violations(), vec![], "the request kept 2Chat's rules");
    err
}

#[tokio::test]
async fn create_matches_the_seed_contract_and_excludes_the_sending_number() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    // The job hands over the sending number too (a contact list can contain it): it must not
    // reach 2Chat as a participant.
    let answer = client(&s.uri())
        .create_group(&request(&["+17137157533", FROM, "+18647351567"]))
        .await
        .unwrap();

    assert_eq!(s.violations(), vec![]);
    let create = s.calls().into_iter().find(|c| c.endpoint == "group/create");
    assert_eq!(
        create.unwrap().body,
        Some(json!({
            "from_number": FROM,
            "group": {"name": "My cool WhatsApp group", "participants": ["+17137157533", "+18647351567"]}
        }))
    );
    let made = &s.groups()[0];
    assert_eq!(
        answer.group.handle, made.handle,
        "the uuid, not wa_group_id"
    );
    assert_eq!(answer.group.id.as_deref(), Some(made.id.as_str()));
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

/// Documented: 200 per participant, and `unaccepted_numbers` for numbers without WhatsApp. The
/// stand-in's privacy answer (403 with `isInviteV4Sent`) is its UNCONFIRMED reading.
#[tokio::test]
async fn per_number_answers_become_added_invited_or_rejected() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.privacy("5511900000002");
    s.not_on_whatsapp("5511900000003");
    let answer = client(&s.uri())
        .create_group(&request(&[
            "+5511900000001",
            "+5511900000002",
            "+5511900000003",
        ]))
        .await
        .unwrap();
    let got = outcomes(&answer);
    assert_eq!(got[0], (MemberStatus::Added, String::new()));
    assert_eq!(got[1].0, MemberStatus::Invited);
    assert!(got[1].1.contains("private invite"), "{}", got[1].1);
    assert_eq!(
        got[2],
        (
            MemberStatus::Rejected,
            "not on WhatsApp, or not a valid number".to_string()
        )
    );
    assert_eq!(s.groups()[0].members, vec!["5511900000001"]);
}

/// UNCONFIRMED: per-participant codes 2Chat does not document, as WhatsApp-Web libraries report
/// them (providers.md §5c): 403 without an invite, 408 (recently left, even as a string), 409
/// (already in), 400 with a message, and a number accepted with no entry at all.
#[tokio::test]
async fn unconfirmed_per_participant_codes_are_read_plausibly() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.participant_answer(
        "5511900000003",
        json!({"statusCode": 403, "message": "The participant can be added by sending private invitation only", "isInviteV4Sent": false}),
    );
    s.participant_answer(
        "5511900000004",
        json!({"statusCode": "408", "message": "You cannot add this participant because they recently left the group"}),
    );
    s.participant_answer(
        "5511900000005",
        json!({"statusCode": 409, "message": "The participant is already a group member"}),
    );
    s.participant_answer(
        "5511900000006",
        json!({"statusCode": 400, "message": "An unknown error occurred while adding a participant"}),
    );
    s.participant_answer("5511900000008", Value::Null);
    let answer = client(&s.uri())
        .create_group(&request(&[
            "+5511900000003",
            "+5511900000004",
            "+5511900000005",
            "+5511900000006",
            "+5511900000008",
        ]))
        .await
        .unwrap();
    let got = outcomes(&answer);
    use MemberStatus::*;
    assert_eq!(got[0].0, Rejected);
    assert!(got[0].1.contains("privacy"), "{}", got[0].1);
    assert_eq!(got[1].0, Rejected);
    assert!(
        got[1].1.contains("left this group recently"),
        "{}",
        got[1].1
    );
    assert_eq!(got[2], (Added, "already in the group".to_string()));
    assert_eq!(got[3].0, Rejected);
    assert!(
        got[3].1.contains("code 400") && got[3].1.contains("unknown error"),
        "{}",
        got[3].1
    );
    assert_eq!(got[4], (Added, String::new()));
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn twenty_five_numbers_are_one_create_and_two_add_batches_on_the_uuid() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let phones: Vec<String> = (1..=25).map(|i| format!("+55119000000{i:02}")).collect();

    // What the engine does: create with the first create_max, then add_max at a time.
    let two = client(&s.uri());
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
    assert_eq!(s.violations(), vec![], "≤ 10 a call, +E164, on the uuid");
    let uuid = &s.groups()[0].handle;
    let sizes: Vec<(String, usize)> = s
        .calls()
        .iter()
        // The pre-flight reads carry no body.
        .filter(|c| c.method == "POST")
        .map(|c| {
            let body = c.body.clone().unwrap();
            assert_eq!(
                body["from_number"], FROM,
                "every call names the sending number"
            );
            let list = body["participants"]
                .as_array()
                .or(body["group"]["participants"].as_array())
                .unwrap()
                .len();
            (c.path.clone(), list)
        })
        .collect();
    assert_eq!(
        sizes,
        vec![
            ("/open/whatsapp/group/create".to_string(), 10),
            (format!("/open/whatsapp/group/{uuid}/add-participant"), 10),
            (format!("/open/whatsapp/group/{uuid}/add-participant"), 5),
        ]
    );
    assert_eq!(s.groups()[0].members.len(), 25);
}

#[tokio::test]
async fn add_participant_maps_unaccepted_numbers_and_privacy() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let g = s.seed_group("My cool WhatsApp group", Duration::from_secs(600), &[]);
    s.privacy("17137157533");
    s.not_on_whatsapp("15550000000");
    let members = client(&s.uri())
        .add_members(
            &group_ref(&g),
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
    assert_eq!(
        s.calls().last().unwrap().body,
        Some(
            json!({"from_number": FROM, "participants": ["+447700176576", "+17137157533", "+15550000000"]})
        )
    );
    assert_eq!(s.violations(), vec![]);
}

/// The documented status codes (providers.md §1f), each in plain words; the body's shape is
/// UNCONFIRMED (`{"success":false,"message":…}`).
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
        let s = TwoChatStandIn::start(KEY, FROM).await;
        s.fault(
            "group/create",
            Fault::Refuse {
                status,
                body: json!({
                    "success": false,
                    "message": if status == 422 { "Phone number +5511 is not a valid E.164 number" } else { "error" }
                }),
            },
        );
        let err = failed_create(&s, &client(&s.uri())).await;
        assert_eq!(err.kind(), kind, "{status}");
        assert!(err.to_string().contains(words), "{status}: {err}");
        assert_eq!(err.retry_safe(), retry_safe, "{status}");
        assert_human(&err, &[KEY]);
    }
}

/// A wrong key is refused by the stand-in (documented 401).
#[tokio::test]
async fn a_wrong_key_is_a_credentials_error() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let wrong = TwoChat::new(
        TwoChatConfig::new(SecretString::from("2chat-wrong-key"))
            .with_base_url(&s.uri())
            .unwrap()
            .with_http(fast_http())
            .with_from_number(FROM)
            .unwrap(),
    )
    .unwrap();
    let err = wrong
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Credentials);
    assert!(err.to_string().contains("API key"), "{err}");
    assert_human(&err, &[KEY, "2chat-wrong-key"]);
    assert!(s.groups().is_empty());
}

/// Documented 429 ("Trial accounts are limited to 30 requests per minute"): the stand-in
/// enforces the rate; a `Retry-After`, when one comes, is kept.
#[tokio::test]
async fn rate_limit_is_reported_and_retry_after_honoured() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.limit_rate(1);
    let two = client(&s.uri());
    two.check().await.ok();
    let err = two
        .create_group(&request(&["+17137157533"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert!(err.retry_safe() && !err.may_have_reached());
    assert!(s.groups().is_empty());

    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.fault(
        "group/create",
        Fault::Reply(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "7")
                .set_body_json(json!({"success": false, "message": "Trial accounts are limited to 30 requests per minute"})),
        ),
    );
    let err = failed_create(&s, &client(&s.uri())).await;
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.retry_safe() && !err.may_have_reached());
}

/// Documented 486 (busy, retry in seconds), with a `Retry-After` (UNCONFIRMED header).
#[tokio::test]
async fn busy_with_retry_after_is_honoured_too() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.fault(
        "group/create",
        Fault::Reply(ResponseTemplate::new(486).insert_header("Retry-After", "3")),
    );
    let err = failed_create(&s, &client(&s.uri())).await;
    assert_eq!(err.kind(), ErrorKind::Busy);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
}

#[tokio::test]
async fn server_error_html_and_bad_json_are_sent_once_and_never_shown() {
    for fault in [
        Fault::ActThenAnswer {
            status: 500,
            body: json!({"success": false, "message": "Internal"}),
        },
        Fault::Reply(html_page(502)),
        Fault::Reply(broken_json()),
    ] {
        let s = TwoChatStandIn::start(KEY, FROM).await;
        s.fault("group/create", fault);
        let err = failed_create(&s, &client(&s.uri())).await;
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
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.fault(
        "group/create",
        Fault::ActThenAnswer {
            status: 200,
            body: json!({"success": true, "group": {"name": "x"}}),
        },
    );
    let err = failed_create(&s, &client(&s.uri())).await;
    assert_eq!(err.kind(), ErrorKind::Malformed);
    assert!(err.may_have_reached());
    assert_eq!(s.groups().len(), 1, "the group exists all the same");
}

#[tokio::test]
async fn timeout_after_the_request_arrived_is_sent() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.fault("group/create", Fault::ActThenStall(SLOW));
    let two = TwoChat::new(
        config(&s.uri())
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
    assert_eq!(s.count("group/create"), 1);
    assert_eq!(s.groups().len(), 1);
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

/// A port that refuses now and serves the stand-in once `after` has passed.
async fn standin_appearing_later(
    after: Duration,
) -> (String, tokio::task::JoinHandle<TwoChatStandIn>) {
    let base = refused_base();
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let handle = tokio::spawn(async move {
        tokio::time::sleep(after).await;
        let listener = std::net::TcpListener::bind(addr).unwrap();
        TwoChatStandIn::start_on(listener, KEY, FROM).await
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

    let (base, server) = standin_appearing_later(Duration::from_millis(150)).await;
    let two = TwoChat::new(config(&base).with_http(slow_retry.clone())).unwrap();
    let check = two.check().await.expect("the retry reached the server");
    assert_eq!(check.own_number.as_deref(), Some(FROM));
    drop(server.await.unwrap());

    let (base, server) = standin_appearing_later(Duration::from_millis(150)).await;
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
    let s = server.await.unwrap();
    assert_eq!(s.count("group/create"), 0, "a create is never retried");
}

#[tokio::test]
async fn without_a_chosen_number_the_only_connected_whatsapp_number_is_used() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.add_channel("+15550000001", "IG", true, true);
    s.add_channel("+15550000002", "WW", false, true);
    s.add_channel("+15550000003", "WW", true, false);
    let two = TwoChat::new(config(&s.uri())).unwrap();
    two.create_group(&request(&["+17137157533"])).await.unwrap();
    assert_eq!(s.count("get-numbers"), 1);
    assert_eq!(s.violations(), vec![], "sent from the usable number");
    let create = s.calls().into_iter().find(|c| c.endpoint == "group/create");
    assert_eq!(create.unwrap().body.unwrap()["from_number"], json!(FROM));
}

#[tokio::test]
async fn several_connected_numbers_and_none_chosen_asks_the_user_to_pick() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.add_number("+15550000001", true);
    let two = TwoChat::new(config(&s.uri())).unwrap();
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
    assert_eq!(s.count("group/create"), 0);

    // Test connection still lists them, so the user can pick.
    let check = two.check().await.unwrap();
    assert_eq!(check.own_number, None);
    assert_eq!(check.numbers.len(), 2);
    assert!(check.numbers.iter().all(|n| n.usable));
    assert!(check.summary.contains("choose"), "{}", check.summary);
}

#[tokio::test]
async fn no_connected_number_is_not_connected_with_what_to_do() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.add_number(FROM, false);
    let err = TwoChat::new(config(&s.uri()))
        .unwrap()
        .check()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotConnected);
    assert!(err.to_string().contains("reconnect"), "{err}");
}

#[tokio::test]
async fn check_learns_the_request_rate_from_info() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let two = client(&s.uri());
    assert_eq!(
        two.account_gap(),
        Duration::from_secs(2),
        "trial default before /info"
    );
    let check = two.check().await.unwrap();
    assert_eq!(s.count("info"), 1);
    assert_eq!(check.own_number.as_deref(), Some(FROM));
    assert!(check.summary.contains(FROM));
    assert_eq!(
        two.account_gap(),
        Duration::from_secs(2),
        "80 requests a minute allow 750 ms, but the pace never drops below the ban-safe floor"
    );
}

const NAME: &str = "Class 5B parents";
const YEAR: Duration = Duration::from_secs(365 * 86_400);

/// What the engine passes: the create's time less its 10-minute clock allowance.
fn after() -> i64 {
    now_ms() - 600_000
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

#[tokio::test]
async fn find_group_lists_groups_of_the_sending_number_and_takes_the_newest_match() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.seed_group("My cool WhatsApp group", YEAR, &[]);
    s.seed_group("Another group", Duration::from_secs(600), &[]);
    let new = s.seed_group("My cool WhatsApp group", Duration::from_secs(60), &[]);
    let two = client(&s.uri());
    match two
        .find_group("My cool WhatsApp group", &[], None)
        .await
        .unwrap()
    {
        Lookup::Found { group, .. } => {
            assert_eq!(group.handle, new.handle);
            assert_eq!(group.id.as_deref(), Some(new.id.as_str()));
        }
        other => panic!("expected Found, got {other:?}"),
    }
    assert_eq!(
        two.find_group("Not there", &[], None).await.unwrap(),
        Lookup::NotFound
    );
    // Without a creation bound the group list alone answers: no get-group call.
    assert_eq!(s.count("group"), 0);
    assert_eq!(s.count("groups"), 2);
    assert_eq!(s.violations(), vec![], "the sending number in the path");
    assert_eq!(two.limits().list_lag, Duration::from_secs(300));
}

/// Last year's namesake is skipped; the new group (naive local time, members shared with the
/// batch) is found.
#[tokio::test]
async fn find_group_skips_an_older_namesake_and_finds_the_new_group() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.seed_group(NAME, YEAR, &["5511900000001"]);
    s.seed_group("Another group", Duration::from_secs(30), &[]);
    let new = s.seed_group(NAME, Duration::from_secs(5), &["5511987654321"]);
    let handle = found_handle(
        client(&s.uri())
            .find_group(NAME, &["+5511987654321".into()], Some(after()))
            .await
            .unwrap(),
    );
    assert_eq!(handle, new.handle);
    assert_eq!(s.count("group"), 2, "only the namesakes are read");
}

#[tokio::test]
async fn find_group_with_only_an_older_namesake_is_not_found() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.seed_group(NAME, YEAR, &["5511987654321"]);
    assert_eq!(
        client(&s.uri())
            .find_group(NAME, &["+5511987654321".into()], Some(after()))
            .await
            .unwrap(),
        Lookup::NotFound
    );
}

/// Get-group's answer for one listed namesake, with these time fields.
fn group_answer(g: &groupdrop_standins::Group, times: Value) -> Fault {
    let mut data = json!({"uuid": g.handle, "wa_group_id": g.id, "wa_group_name": g.name, "size": 1, "participants": []});
    for (k, v) in times.as_object().unwrap() {
        data[k] = v.clone();
    }
    Fault::Refuse {
        status: 200,
        body: json!({"success": true, "data": data}),
    }
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) of a Unix-ms moment.
fn naive_utc(ms: i64) -> String {
    let t = SystemTime::UNIX_EPOCH + Duration::from_millis(ms as u64);
    let text = httpdate::fmt_http_date(t); // "Sun, 06 Nov 1994 08:49:37 GMT"
    let parts: Vec<&str> = text.split(' ').collect();
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == parts[2])
    .unwrap()
        + 1;
    format!("{}-{month:02}-{} {}", parts[3], parts[1], parts[4])
}

/// UNCONFIRMED time readings in get-group: WhatsApp's `wa_created_at` as epoch seconds or ISO
/// with a zone, unreadable, null or empty; 2Chat's own `created_at` newer than WhatsApp's (a
/// re-sync) never makes an old group look new; either time older than the create proves it
/// older; with no usable time in get-group the list's own (recent) time decides.
#[tokio::test]
async fn unconfirmed_creation_time_readings() {
    let recent_secs = now_ms() / 1000 - 2;
    let cases = [
        (json!({"wa_created_at": recent_secs}), true),
        (
            json!({"wa_created_at": "2024-09-02T08:15:00.000Z", "created_at": naive_utc(now_ms())}),
            false,
        ),
        (
            json!({"wa_created_at": "not a date", "created_at": "2024-09-02 08:15:03"}),
            false,
        ),
        (json!({"wa_created_at": null}), true),
        (json!({"created_at": ""}), true),
    ];
    for (times, found) in cases {
        let s = TwoChatStandIn::start(KEY, FROM).await;
        let g = s.seed_group(NAME, Duration::ZERO, &["5511987654321"]);
        s.fault("group", group_answer(&g, times.clone()));
        let lookup = client(&s.uri())
            .find_group(NAME, &["+5511987654321".into()], Some(after()))
            .await
            .unwrap();
        assert_eq!(
            matches!(lookup, Lookup::Found { .. }),
            found,
            "{times}: {lookup:?}"
        );
    }
}

/// At most five namesakes are read in detail; none when nothing matches; a namesake 2Chat no
/// longer knows (404) is skipped; other failures are errors.
#[tokio::test]
async fn find_group_reads_at_most_five_namesakes_and_only_when_needed() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    for i in 0..7 {
        s.seed_group(NAME, YEAR + Duration::from_secs(i * 60), &[]);
    }
    let two = client(&s.uri());
    assert_eq!(
        two.find_group(NAME, &[], Some(after())).await.unwrap(),
        Lookup::NotFound
    );
    assert_eq!(s.count("group"), 5);
    assert_eq!(
        two.find_group("No such name", &[], Some(after()))
            .await
            .unwrap(),
        Lookup::NotFound
    );
    assert_eq!(s.count("group"), 5);

    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.seed_group(NAME, Duration::from_secs(5), &[]);
    s.fault(
        "group",
        Fault::Refuse {
            status: 404,
            body: json!({"success": false, "message": "Group not found"}),
        },
    );
    assert_eq!(
        client(&s.uri())
            .find_group(NAME, &[], Some(after()))
            .await
            .unwrap(),
        Lookup::NotFound
    );

    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.seed_group(NAME, Duration::from_secs(5), &[]);
    s.fault("group", Fault::Reply(ResponseTemplate::new(503)));
    let err = client(&s.uri())
        .find_group(NAME, &[], Some(after()))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ProviderDown, "not a silent NotFound");
}

/// Get-group's participants (field names UNCONFIRMED, the stand-in's reading): the sending
/// number, members as `<digits>@c.us`, and one listed only by a hidden id, kept as that id so
/// the engine leaves an unmatched number unconfirmed instead of calling it absent.
#[tokio::test]
async fn members_reads_the_group_participants() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let g = s.seed_group(
        "My cool WhatsApp group",
        Duration::from_secs(60),
        &["17137157533", "2111897971174599@lid"],
    );
    let members = client(&s.uri())
        .members(&group_ref(&g))
        .await
        .unwrap()
        .unwrap();
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
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let g = s.seed_group("My cool WhatsApp group", Duration::from_secs(60), &[]);
    assert_eq!(
        client(&s.uri()).invite_link(&group_ref(&g)).await.unwrap(),
        None
    );
    assert!(s.calls().is_empty());
}

#[tokio::test]
async fn more_than_ten_is_refused_before_sending() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let phones: Vec<String> = (0..11).map(|i| format!("+55119000000{i:02}")).collect();
    let mut req = request(&[]);
    req.phones = phones;
    let err = client(&s.uri()).create_group(&req).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert_eq!(s.count("group/create"), 0);
}
