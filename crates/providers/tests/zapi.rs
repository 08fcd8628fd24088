//! Z-API against a loopback server speaking its documented contract (create-group seed page,
//! add-participant, group-invitation-link, light-group-metadata, status, groups).

mod common;

use common::*;
use groupdrop_providers::*;
use secrecy::SecretString;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const INSTANCE: &str = "3C4F1E2D9A8B7C6D5E4F3A2B1C0D9E8F";
const TOKEN: &str = "F1E2D3C4B5A697887766554433221100";
const CLIENT: &str = "Fa9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4S";
const OWN: &str = "+5544911111111";
const GROUP_ID: &str = "120363019502650977-group";

fn secrets() -> [&'static str; 3] {
    [INSTANCE, TOKEN, CLIENT]
}

fn config(base: &str) -> ZapiConfig {
    ZapiConfig::new(
        SecretString::from(INSTANCE),
        SecretString::from(TOKEN),
        SecretString::from(CLIENT),
    )
    .with_base_url(base)
    .unwrap()
    .with_http(fast_http())
}

fn client(base: &str) -> Zapi {
    Zapi::new(config(base).with_own_number(OWN).unwrap()).unwrap()
}

fn at(rest: &str) -> String {
    format!("/instances/{INSTANCE}/token/{TOKEN}/{rest}")
}

fn group() -> GroupRef {
    GroupRef {
        name: "Z-API Group".into(),
        id: Some(GROUP_ID.into()),
        handle: GROUP_ID.into(),
        invite_link: None,
    }
}

fn request(auto_invite: bool, phones: &[&str]) -> CreateRequest {
    CreateRequest {
        name: "Z-API Group".into(),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        auto_invite,
        create_if_missing: true,
    }
}

fn create_mock() -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path(at("create-group")))
        .and(header("Client-Token", CLIENT))
        .and(header("content-type", "application/json"))
}

#[tokio::test]
async fn create_sends_digits_without_the_connected_number_and_reads_the_link() {
    let server = MockServer::start().await;
    create_mock()
        .and(body_json(json!({
            "autoInvite": true,
            "groupName": "Z-API Group",
            "phones": ["5544999999999", "5544888888888"]
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "phone": GROUP_ID,
            "phonesNotAdded": [],
            "invitationLink": "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server.uri())
        .create_group(&request(true, &["+5544999999999", OWN, "+5544888888888"]))
        .await
        .unwrap();

    assert_eq!(answer.group.handle, GROUP_ID);
    assert_eq!(answer.group.id.as_deref(), Some(GROUP_ID));
    assert_eq!(
        answer.group.invite_link.as_deref(),
        Some("https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct")
    );
    let statuses: Vec<(&str, MemberStatus)> = answer
        .members
        .iter()
        .map(|m| (m.phone.as_str(), m.status))
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("+5544999999999", MemberStatus::Added),
            ("+5544888888888", MemberStatus::Added),
            (OWN, MemberStatus::Added),
        ]
    );
    assert!(answer.members[2]
        .reason
        .as_deref()
        .unwrap()
        .contains("creator"));
}

#[tokio::test]
async fn phones_not_added_are_invited_with_auto_invite_and_rejected_without() {
    for (auto_invite, expected, words) in [
        (true, MemberStatus::Invited, "private invite"),
        (false, MemberStatus::Rejected, "turn on auto-invite"),
    ] {
        let server = MockServer::start().await;
        create_mock()
            .and(body_json(json!({
                "autoInvite": auto_invite,
                "groupName": "Z-API Group",
                "phones": ["5544999999999", "5544777777777"]
            })))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "phone": GROUP_ID,
                "phonesNotAdded": ["2111897971174599@lid", "5544777777777"],
                "invitationLink": "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct"
            })))
            .expect(1)
            .mount(&server)
            .await;
        let answer = client(&server.uri())
            .create_group(&request(auto_invite, &["+5544999999999", "+5544777777777"]))
            .await
            .unwrap();
        assert_eq!(
            answer.members.len(),
            2,
            "the @lid entry is not a member of ours"
        );
        assert_eq!(answer.members[0].status, MemberStatus::Added);
        assert_eq!(answer.members[1].status, expected);
        assert!(answer.members[1].reason.as_deref().unwrap().contains(words));
    }
}

#[tokio::test]
async fn missing_client_token_is_a_credentials_error_whatever_the_status() {
    for status in [200, 400, 401] {
        let server = MockServer::start().await;
        create_mock()
            .respond_with(
                ResponseTemplate::new(status).set_body_json(json!({"error": "null not allowed"})),
            )
            .expect(1)
            .mount(&server)
            .await;
        let err = client(&server.uri())
            .create_group(&request(true, &["+5544999999999"]))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Credentials, "{status}");
        assert!(err.to_string().contains("Client-Token"), "{status}: {err}");
        assert_human(&err, &secrets());
    }
}

/// Z-API documents no answer for a wrong instance (UNCONFIRMED): an "instance not found" text,
/// whatever the status, and a 401 are read as the instance credentials; a bare 404 is not
/// blamed on them alone (the next test).
#[tokio::test]
async fn unknown_instance_is_a_credentials_error() {
    for (status, body) in [
        (404, json!({"error": "Instance not found"})),
        (400, json!({"error": "Instance not found"})),
        (401, json!({})),
    ] {
        let server = MockServer::start().await;
        create_mock()
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
        let err = client(&server.uri())
            .create_group(&request(true, &["+5544999999999"]))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Credentials, "{status}");
        assert!(err.to_string().contains("instance"), "{err}");
        assert_human(&err, &secrets());
    }
}

#[tokio::test]
async fn a_bare_404_on_an_instance_call_says_what_it_may_be() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true, &["+5544999999999"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    let text = err.to_string();
    assert!(
        text.contains("instance ID") && text.contains("deleted"),
        "{text}"
    );
    assert!(!err.may_have_reached(), "a 404 created nothing");
    assert_human(&err, &secrets());
}

#[tokio::test]
async fn rate_limit_carries_retry_after() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "15"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true, &["+5544999999999"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(15)));
}

#[tokio::test]
async fn server_error_html_and_bad_json_are_sent_once_and_never_shown() {
    for response in [
        ResponseTemplate::new(500).set_body_json(json!({"error": "Internal Server Error"})),
        html_page(503),
        html_page(200),
        broken_json(),
    ] {
        let server = MockServer::start().await;
        create_mock()
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        let err = client(&server.uri())
            .create_group(&request(true, &["+5544999999999"]))
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::ProviderDown | ErrorKind::Malformed),
            "{err:?}"
        );
        assert!(err.may_have_reached());
        assert_human(&err, &secrets());
    }
}

#[tokio::test]
async fn a_200_without_the_group_phone_is_not_a_success() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"phonesNotAdded": []})))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true, &["+5544999999999"]))
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
                .set_body_json(json!({"phone": GROUP_ID}))
                .set_delay(SLOW),
        )
        .expect(1)
        .mount(&server)
        .await;
    let zapi = Zapi::new(
        config(&server.uri())
            .with_own_number(OWN)
            .unwrap()
            .with_http(impatient_http()),
    )
    .unwrap();
    let err = zapi
        .create_group(&request(true, &["+5544999999999"]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Timeout { sent: true, .. }),
        "{err:?}"
    );
    assert!(err.may_have_reached());
    assert_human(&err, &secrets());
}

#[tokio::test]
async fn refused_connection_is_not_sent() {
    let err = client(&refused_base())
        .create_group(&request(true, &["+5544999999999"]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Network { sent: false, .. }),
        "{err:?}"
    );
    assert!(!err.may_have_reached());
    assert_human(&err, &secrets());
}

#[tokio::test]
async fn a_provider_message_echoing_a_token_is_scrubbed() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "error": format!("Group name rejected for token {TOKEN}")
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true, &["+5544999999999"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("Group name rejected"), "{err}");
    assert!(err.to_string().contains("[hidden]"), "{err}");
    assert_human(&err, &secrets());
}

#[tokio::test]
async fn link_is_fetched_separately_when_the_create_has_none() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"phone": GROUP_ID, "phonesNotAdded": []})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(at(&format!("group-invitation-link/{GROUP_ID}"))))
        .and(header("Client-Token", CLIENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "phone": GROUP_ID,
            "invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let zapi = client(&server.uri());
    let answer = zapi
        .create_group(&request(true, &["+5544999999999"]))
        .await
        .unwrap();
    assert_eq!(answer.group.invite_link, None);
    assert_eq!(
        zapi.invite_link(&answer.group).await.unwrap().as_deref(),
        Some("https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd")
    );
}

#[tokio::test]
async fn add_then_confirm_through_group_metadata() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(at("add-participant")))
        .and(header("Client-Token", CLIENT))
        .and(body_json(json!({
            "autoInvite": true,
            "groupId": GROUP_ID,
            "phones": ["5544999999999", "5544888888888"]
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(at(&format!("light-group-metadata/{GROUP_ID}"))))
        .and(header("Client-Token", CLIENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "phone": GROUP_ID, "owner": "5544911111111", "subject": "Z-API Group",
            "participants": [
                {"phone": "5544911111111", "isAdmin": true, "isSuperAdmin": true},
                {"phone": "5544999999999", "isAdmin": false, "isSuperAdmin": false},
                {"phone": "1234567@lid", "isAdmin": false, "isSuperAdmin": false}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let zapi = client(&server.uri());
    let sent = zapi
        .add_members(
            &group(),
            &["+5544999999999".into(), "+5544888888888".into()],
            true,
        )
        .await
        .unwrap();
    assert!(sent.iter().all(|m| m.status == MemberStatus::Sent));
    let present = zapi.members(&group()).await.unwrap().unwrap();
    assert_eq!(
        present,
        vec![
            OWN.to_string(),
            "+5544999999999".to_string(),
            "1234567@lid".to_string()
        ]
    );
    let settled = reconcile(&sent, &present, true);
    assert_eq!(settled[0].status, MemberStatus::Added);
    // The list hides one member behind an @lid id: the missing number may be that member, so it
    // stays unconfirmed instead of being called invited or rejected.
    assert_eq!(settled[1].status, MemberStatus::Sent);
    assert!(settled[1].reason.as_deref().unwrap().contains("hidden id"));
    let without_hidden: Vec<String> = present[..2].to_vec();
    assert_eq!(
        reconcile(&sent, &without_hidden, true)[1].status,
        MemberStatus::Invited
    );
}

#[tokio::test]
async fn add_value_false_rejects_the_batch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(at("add-participant")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": false})))
        .expect(1)
        .mount(&server)
        .await;
    let members = client(&server.uri())
        .add_members(&group(), &["+5544999999999".into()], false)
        .await
        .unwrap();
    assert_eq!(members[0].status, MemberStatus::Rejected);
}

fn status_mock(body: Value) -> wiremock::Mock {
    Mock::given(method("GET"))
        .and(path(at("status")))
        .and(header("Client-Token", CLIENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
}

#[tokio::test]
async fn check_reads_status_and_learns_the_own_number() {
    let server = MockServer::start().await;
    status_mock(json!({"connected": true, "error": "You are already connected.", "smartphoneConnected": true}))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(at("device")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "phone": "5544922222222", "name": "Office", "isBusiness": true
        })))
        .expect(1)
        .mount(&server)
        .await;
    create_mock()
        .and(body_json(
            json!({"autoInvite": false, "groupName": "Z-API Group", "phones": ["5544999999999"]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"phone": GROUP_ID})))
        .expect(1)
        .mount(&server)
        .await;

    let zapi = Zapi::new(config(&server.uri())).unwrap();
    let check = zapi.check().await.unwrap();
    assert!(check.verified);
    assert_eq!(check.own_number.as_deref(), Some("+5544922222222"));
    // What check learned keeps the connected number out of the next create.
    zapi.create_group(&request(false, &["+5544922222222", "+5544999999999"]))
        .await
        .unwrap();
}

#[tokio::test]
async fn create_without_a_check_asks_device_once_and_leaves_the_connected_number_out() {
    // A resumed job or a CLI run with environment credentials may create without "Test
    // connection" having run in this process: the client still must not send its own number.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at("device")))
        .and(header("Client-Token", CLIENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"phone": "5544922222222"})))
        .expect(1)
        .mount(&server)
        .await;
    create_mock()
        .and(body_json(
            json!({"autoInvite": true, "groupName": "Z-API Group", "phones": ["5544999999999"]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"phone": GROUP_ID})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(at("add-participant")))
        .and(body_json(
            json!({"autoInvite": true, "groupId": GROUP_ID, "phones": ["5544888888888"]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": true})))
        .expect(1)
        .mount(&server)
        .await;

    let zapi = Zapi::new(config(&server.uri())).unwrap();
    let answer = zapi
        .create_group(&request(true, &["+5544922222222", "+5544999999999"]))
        .await
        .unwrap();
    let own = answer
        .members
        .iter()
        .find(|m| m.phone == "+5544922222222")
        .expect("the connected number is reported");
    assert_eq!(own.status, MemberStatus::Added);
    // The second call sending phones does not ask /device again (expect(1) above).
    zapi.add_members(
        &answer.group,
        &["+5544922222222".into(), "+5544888888888".into()],
        true,
    )
    .await
    .unwrap();
}

/// Without `/device` and without a number typed in, the connected number is unknown: nothing
/// is sent, since any plan may contain it (Z-API forbids it among `phones`).
#[tokio::test]
async fn create_without_a_device_answer_sends_nothing() {
    let server = MockServer::start().await;
    create_mock()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"phone": GROUP_ID})))
        .expect(0)
        .mount(&server)
        .await;
    let zapi = Zapi::new(config(&server.uri())).unwrap();
    let err = zapi
        .create_group(&request(true, &["+5544999999999"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotConnected);
    assert!(!err.may_have_reached());
    assert_human(&err, &secrets());
}

#[tokio::test]
async fn check_tolerates_a_missing_device_endpoint() {
    let server = MockServer::start().await;
    status_mock(json!({"connected": true, "smartphoneConnected": true}))
        .mount(&server)
        .await;
    let check = Zapi::new(config(&server.uri()))
        .unwrap()
        .check()
        .await
        .unwrap();
    assert_eq!(check.own_number, None);
    assert_eq!(check.summary, "Connected.");
}

#[tokio::test]
async fn check_translates_disconnected_states() {
    for (body, words) in [
        (
            json!({"connected": false, "error": "You are not connected.", "smartphoneConnected": false}),
            "QR code",
        ),
        (
            json!({"connected": false, "error": "You need to restore the session.", "smartphoneConnected": false}),
            "restore",
        ),
        (
            json!({"connected": true, "error": "", "smartphoneConnected": false}),
            "phone",
        ),
    ] {
        let server = MockServer::start().await;
        status_mock(body).mount(&server).await;
        let err = client(&server.uri()).check().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotConnected);
        assert!(err.to_string().contains(words), "{err}");
        assert_human(&err, &secrets());
    }
    let server = MockServer::start().await;
    status_mock(json!({"error": "null not allowed"}))
        .mount(&server)
        .await;
    let err = client(&server.uri()).check().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Credentials);
}

#[tokio::test]
async fn find_group_searches_the_group_list_by_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at("groups")))
        .and(query_param("page", "1"))
        .and(header("Client-Token", CLIENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"isGroup": true, "name": "Other", "phone": "120363000000000001-group", "unread": "0"},
            {"isGroup": false, "name": "Z-API Group", "phone": "5544999999999"},
            {"isGroup": true, "name": "Z-API Group", "phone": GROUP_ID, "unread": "0"}
        ])))
        .expect(2)
        .mount(&server)
        .await;
    let zapi = client(&server.uri());
    match zapi.find_group("Z-API Group", &[], None).await.unwrap() {
        Lookup::Found { group, members } => {
            assert_eq!(group.handle, GROUP_ID);
            assert_eq!(members, None);
        }
        other => panic!("expected Found, got {other:?}"),
    }
    assert_eq!(
        zapi.find_group("Missing", &[], None).await.unwrap(),
        Lookup::NotFound
    );
}

#[tokio::test]
async fn find_group_reads_further_pages_and_stops_when_a_server_ignores_paging() {
    let server = MockServer::start().await;
    let full_page: Vec<Value> = (0..100)
        .map(|i| json!({"isGroup": true, "name": format!("G{i}"), "phone": format!("1203630000000{i:05}-group")}))
        .collect();
    Mock::given(method("GET"))
        .and(path(at("groups")))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(full_page.clone()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(at("groups")))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"isGroup": true, "name": "Z-API Group", "phone": GROUP_ID}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let zapi = client(&server.uri());
    assert!(matches!(
        zapi.find_group("Z-API Group", &[], None).await.unwrap(),
        Lookup::Found { .. }
    ));

    // A server that returns the same full page whatever `page` says: two reads, then stop.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at("groups")))
        .respond_with(ResponseTemplate::new(200).set_body_json(full_page))
        .expect(2)
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri())
            .find_group("Z-API Group", &[], None)
            .await
            .unwrap(),
        Lookup::NotFound
    );
}

/// 2025-06-01T10:00:00Z: when the lost create was journaled in these tests.
const CREATE_MS: i64 = 1_748_772_000_000;
/// What the engine passes: the create's time less its 10-minute clock allowance.
const AFTER: i64 = CREATE_MS - 600_000;
const NAME: &str = "Class 5B parents";

/// Z-API's "Fetch Groups" list: chats with `isGroup`, `name`, `phone`, no creation time.
async fn mount_groups(server: &MockServer, chats: &[(&str, &str)]) {
    let list: Vec<Value> = chats
        .iter()
        .map(|(id, name)| json!({"isGroup": true, "name": name, "phone": id, "unread": "0", "lastMessageTime": "1748771000000"}))
        .collect();
    Mock::given(method("GET"))
        .and(path(at("groups")))
        .and(header("Client-Token", CLIENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(list))
        .mount(server)
        .await;
}

/// light-group-metadata for `id`, with `creation` when given.
async fn mount_metadata(server: &MockServer, id: &str, creation: Option<Value>, calls: u64) {
    let mut body = json!({
        "phone": id, "owner": "5544911111111", "subject": NAME, "description": "",
        "participants": [{"phone": "5544911111111", "isAdmin": true, "isSuperAdmin": true}],
        "subjectTime": 1617805323000i64, "subjectOwner": "5544911111111"
    });
    if let Some(c) = creation {
        body["creation"] = c;
    }
    Mock::given(method("GET"))
        .and(path(at(&format!("light-group-metadata/{id}"))))
        .and(header("Client-Token", CLIENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(calls)
        .mount(server)
        .await;
}

fn found_handle(lookup: Lookup) -> String {
    match lookup {
        Lookup::Found { group, members } => {
            assert_eq!(members, None);
            assert_eq!(group.id.as_deref(), Some(group.handle.as_str()));
            group.handle
        }
        other => panic!("expected Found, got {other:?}"),
    }
}

/// Last year's group with the same name is listed first (it is the busy one) but was created
/// long before the create: skipped. The new one (`creation` in ms) is found; a namesake whose
/// metadata has no `creation` ranks below it.
#[tokio::test]
async fn find_group_skips_an_older_namesake_and_finds_the_new_group() {
    let server = MockServer::start().await;
    mount_groups(
        &server,
        &[
            ("120363000000000001-group", NAME),
            ("120363000000000002-group", "Another group"),
            ("120363000000000003-group", NAME),
            ("120363000000000004-group", NAME),
        ],
    )
    .await;
    mount_metadata(
        &server,
        "120363000000000001-group",
        Some(json!(1_725_264_900_000i64)),
        1,
    )
    .await;
    mount_metadata(
        &server,
        "120363000000000002-group",
        Some(json!(CREATE_MS)),
        0,
    )
    .await;
    mount_metadata(&server, "120363000000000003-group", None, 1).await;
    mount_metadata(
        &server,
        "120363000000000004-group",
        Some(json!(CREATE_MS + 1_500)),
        1,
    )
    .await;
    let handle = found_handle(
        client(&server.uri())
            .find_group(NAME, &[], Some(AFTER))
            .await
            .unwrap(),
    );
    assert_eq!(handle, "120363000000000004-group");
}

#[tokio::test]
async fn find_group_with_only_an_older_namesake_is_not_found() {
    let server = MockServer::start().await;
    mount_groups(&server, &[("120363000000000001-group", NAME)]).await;
    // `creation` in seconds is tolerated: still last September.
    mount_metadata(
        &server,
        "120363000000000001-group",
        Some(json!(1_725_264_900)),
        1,
    )
    .await;
    assert_eq!(
        client(&server.uri())
            .find_group(NAME, &[], Some(AFTER))
            .await
            .unwrap(),
        Lookup::NotFound
    );
}

/// No `creation` in the metadata: the namesake is still found, as before times were compared.
#[tokio::test]
async fn find_group_without_creation_time_falls_back_to_the_namesake() {
    let server = MockServer::start().await;
    mount_groups(
        &server,
        &[
            ("120363000000000001-group", NAME),
            ("120363000000000002-group", NAME),
        ],
    )
    .await;
    mount_metadata(&server, "120363000000000001-group", None, 1).await;
    mount_metadata(&server, "120363000000000002-group", Some(json!(null)), 1).await;
    let handle = found_handle(
        client(&server.uri())
            .find_group(NAME, &[], Some(AFTER))
            .await
            .unwrap(),
    );
    assert_eq!(handle, "120363000000000001-group", "the first listed");
}

/// At most five namesakes are read; none when the name is not listed; a namesake Z-API does not
/// know is skipped; a connection problem is an error, not a silent "not found".
#[tokio::test]
async fn find_group_reads_at_most_five_namesakes_and_only_when_needed() {
    let server = MockServer::start().await;
    let ids: Vec<String> = (1..=7)
        .map(|i| format!("12036300000000000{i}-group"))
        .collect();
    let chats: Vec<(&str, &str)> = ids.iter().map(|id| (id.as_str(), NAME)).collect();
    mount_groups(&server, &chats).await;
    for (i, id) in ids.iter().enumerate() {
        let calls = if i < 5 { 1 } else { 0 };
        mount_metadata(&server, id, Some(json!(1_600_000_000_000i64)), calls).await;
    }
    let zapi = client(&server.uri());
    assert_eq!(
        zapi.find_group(NAME, &[], Some(AFTER)).await.unwrap(),
        Lookup::NotFound
    );
    assert_eq!(
        zapi.find_group("No such name", &[], Some(AFTER))
            .await
            .unwrap(),
        Lookup::NotFound
    );

    let server = MockServer::start().await;
    mount_groups(&server, &[("120363000000000009-group", NAME)]).await;
    Mock::given(method("GET"))
        .and(path(at("light-group-metadata/120363000000000009-group")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"error": "Group not found"})))
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
    mount_groups(&server, &[("120363000000000009-group", NAME)]).await;
    Mock::given(method("GET"))
        .and(path(at("light-group-metadata/120363000000000009-group")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"error": "You are not connected."})),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .find_group(NAME, &[], Some(AFTER))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotConnected);
}

#[tokio::test]
async fn portuguese_error_texts_are_understood_too() {
    for (body, kind) in [
        (
            json!({"error": "Instância não encontrada"}),
            ErrorKind::Credentials,
        ),
        (
            json!({"error": "Você não está conectado"}),
            ErrorKind::NotConnected,
        ),
    ] {
        let server = MockServer::start().await;
        create_mock()
            .respond_with(ResponseTemplate::new(400).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
        let err = client(&server.uri())
            .create_group(&request(true, &["+5544999999999"]))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind);
    }
}

#[tokio::test]
async fn an_enormous_reply_is_refused_not_buffered() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at("status")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(vec![b' '; 9 * 1024 * 1024], "application/json"),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri()).check().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed);
    assert!(err.to_string().contains("larger"), "{err}");
}
