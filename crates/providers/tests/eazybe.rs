//! EazyBe against a loopback server speaking its documented contract (`POST /v2/cloud/group`,
//! `GET /v2/users/public/last-active`). Matchers pin exactly what the server receives.

mod common;

use common::*;
use groupdrop_providers::*;
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{bearer_token, body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "eazybe-org-token-7Hq2LmZ9";

fn client(base: &str) -> EazyBe {
    let config = EazyBeConfig::new(SecretString::from(TOKEN))
        .with_base_url(base)
        .unwrap()
        .with_http(fast_http());
    EazyBe::new(config).unwrap()
}

fn impatient_client(base: &str) -> EazyBe {
    let config = EazyBeConfig::new(SecretString::from(TOKEN))
        .with_base_url(base)
        .unwrap()
        .with_http(impatient_http());
    EazyBe::new(config).unwrap()
}

fn request(create: bool) -> CreateRequest {
    CreateRequest {
        name: "Sales Team".into(),
        phones: vec!["+911234567891".into(), "+911234567892".into()],
        auto_invite: false,
        create_if_missing: create,
    }
}

/// The documented create call, matched field by field: bearer token, JSON, digits without `+`.
fn create_call(create: bool) -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path("/v2/cloud/group"))
        .and(bearer_token(TOKEN))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "groupName": "Sales Team",
            "contacts": ["911234567891", "911234567892"],
            "create": create
        })))
}

#[tokio::test]
async fn create_sends_the_documented_body_once_and_reports_members_as_sent() {
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": true, "message": "Group created and chat IDs added successfully."}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap();

    assert_eq!(answer.group.name, "Sales Team");
    assert_eq!(answer.group.handle, "Sales Team");
    assert_eq!(answer.group.id, None);
    assert_eq!(answer.group.invite_link, None);
    assert_eq!(answer.members.len(), 2);
    for (member, phone) in answer
        .members
        .iter()
        .zip(["+911234567891", "+911234567892"])
    {
        assert_eq!(member.phone, phone);
        assert_eq!(member.status, MemberStatus::Sent);
        assert_eq!(
            member.reason.as_deref(),
            Some("sent, not confirmed by EazyBe")
        );
    }
    let note = answer.note.unwrap();
    assert!(
        note.contains("no invite link") && note.contains("no group id"),
        "{note}"
    );
}

#[tokio::test]
async fn a_refused_number_comes_back_in_eazybes_words_not_its_json() {
    // EazyBe has no per-number result: a batch with a bad number is refused as a whole (400).
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"status": false, "message": "Invalid contact number: 911234567892"}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("Invalid contact number"), "{err}");
    assert!(!err.may_have_reached());
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn status_false_in_a_200_is_a_refusal() {
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": false, "message": "Group creation failed"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("Group creation failed"), "{err}");
}

#[tokio::test]
async fn unauthorized_is_a_credentials_error_that_says_where_the_token_is() {
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"status": false, "message": "Unauthorized"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Credentials);
    assert!(err.to_string().contains("Organization Auth Token"), "{err}");
    assert!(!err.retry_safe() && !err.may_have_reached());
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn inactive_cloud_session_says_what_to_do() {
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"status": false, "message": "Inactive cloud session"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotConnected);
    let text = err.to_string();
    assert!(
        text.contains("cloud") && text.contains("workspace.eazybe.com"),
        "{text}"
    );
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn missing_group_without_create_is_group_not_found() {
    let server = MockServer::start().await;
    create_call(false)
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"status": false, "message": "Group not found"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(false))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::GroupNotFound);
    assert!(err.to_string().contains("\"Sales Team\""), "{err}");
}

#[tokio::test]
async fn rate_limit_honours_retry_after_seconds_and_dates() {
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "42"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(42)));
    assert!(err.retry_safe());

    let server = MockServer::start().await;
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(120));
    create_call(true)
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", date.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    let wait = err.retry_after().expect("a wait");
    assert!(
        wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
        "{wait:?}"
    );
}

#[tokio::test]
async fn server_error_is_provider_down_and_the_create_is_not_repeated() {
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"status": false, "message": "Group creation failed"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ProviderDown);
    assert!(
        err.may_have_reached(),
        "a 500 after a create may have created the group"
    );
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn html_error_page_is_never_shown() {
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(html_page(502))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ProviderDown);
    assert!(!err.to_string().contains("nginx"));
    assert_human(&err, &[TOKEN]);

    // An HTML page with 200 (captive portal) is not a success either.
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(html_page(200))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed);
    assert!(err.to_string().contains("web page"), "{err}");
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn malformed_json_is_malformed_and_may_have_reached() {
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(broken_json())
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed);
    assert!(err.may_have_reached());
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn timeout_after_the_request_arrived_is_sent_and_not_retried() {
    let server = MockServer::start().await;
    create_call(true)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": true}))
                .set_delay(SLOW),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = impatient_client(&server.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Timeout { sent: true, .. }),
        "{err:?}"
    );
    assert!(err.may_have_reached());
    assert!(!err.retry_safe());
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn refused_connection_is_network_not_sent() {
    let err = client(&refused_base())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Network { sent: false, .. }),
        "{err:?}"
    );
    assert!(!err.may_have_reached());
    assert!(err.retry_safe());
    assert!(err.to_string().contains("refused"), "{err}");
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn add_members_appends_by_name_with_create_false() {
    let server = MockServer::start().await;
    create_call(false)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": true, "message": "Chat IDs added successfully."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let group = GroupRef {
        name: "Sales Team".into(),
        id: None,
        handle: "Sales Team".into(),
        invite_link: None,
    };
    let members = client(&server.uri())
        .add_members(
            &group,
            &["+911234567891".into(), "+911234567892".into()],
            true,
        )
        .await
        .unwrap();
    assert!(members.iter().all(|m| m.status == MemberStatus::Sent));
}

#[tokio::test]
async fn find_group_probes_with_create_false() {
    let probe = vec!["+911234567891".to_string(), "+911234567892".to_string()];

    let server = MockServer::start().await;
    create_call(false)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": true})))
        .expect(1)
        .mount(&server)
        .await;
    match client(&server.uri())
        .find_group("Sales Team", &probe, Some(1_748_772_000_000))
        .await
        .unwrap()
    {
        Lookup::Found { group, members } => {
            assert_eq!(group.handle, "Sales Team");
            let members = members.expect("the probe settled the batch");
            assert_eq!(members.len(), 2);
            assert!(members.iter().all(|m| m.status == MemberStatus::Sent));
        }
        other => panic!("expected Found, got {other:?}"),
    }

    let server = MockServer::start().await;
    create_call(false)
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"status": false, "message": "Group not found"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri())
            .find_group("Sales Team", &probe, Some(1_748_772_000_000))
            .await
            .unwrap(),
        Lookup::NotFound
    );
}

#[tokio::test]
async fn check_validates_the_token_with_last_active() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/public/last-active"))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 200, "status": "success", "message": "Users fetched successfully",
            "data": [{"id": 101001, "name": "A", "email": "a@x", "phone": "919812345678", "last_active": "2025-10-10T04:28:16.000Z"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let check = client(&server.uri()).check().await.unwrap();
    assert!(check.verified);
    assert!(check.summary.contains("cloud"), "{}", check.summary);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/public/last-active"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"statusCode": 401, "message": "Invalid token"})),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri()).check().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Credentials);
}

#[tokio::test]
async fn oversized_batch_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": true})))
        .expect(0)
        .mount(&server)
        .await;
    let eazybe = client(&server.uri());
    let phones: Vec<String> = (0..eazybe.limits().create_max + 1)
        .map(|i| format!("+9198000{i:05}"))
        .collect();
    let req = CreateRequest {
        phones,
        ..request(true)
    };
    assert_eq!(
        eazybe.create_group(&req).await.unwrap_err().kind(),
        ErrorKind::Config
    );
}

#[tokio::test]
async fn no_link_no_members_list() {
    let eazybe = client("http://127.0.0.1:9");
    let group = GroupRef {
        name: "x".into(),
        id: None,
        handle: "x".into(),
        invite_link: None,
    };
    assert_eq!(eazybe.invite_link(&group).await.unwrap(), None);
    assert_eq!(eazybe.members(&group).await.unwrap(), None);
    assert!(!eazybe.limits().per_number_results);
}

/// A server that reads the request and hangs up without answering: the create may have been
/// acted on, so it is "sent", unlike a refused connection.
#[tokio::test]
async fn connection_dropped_after_the_request_arrived_is_network_sent() {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        // Read the whole request (headers and the small JSON body), then close.
        while !String::from_utf8_lossy(&seen).contains("\"create\":true") {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&seen).into_owned()
    });

    let err = client(&base)
        .create_group(&request(true))
        .await
        .unwrap_err();

    let received = server.join().unwrap();
    assert!(received.starts_with("POST /v2/cloud/group"), "{received}");
    assert!(
        matches!(err, ProviderError::Network { sent: true, .. }),
        "{err:?}"
    );
    assert!(err.may_have_reached() && !err.retry_safe());
    assert_human(&err, &[TOKEN]);
}
