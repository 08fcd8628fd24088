//! EazyBe against its rule-enforcing stand-in (`groupdrop-standins`): `POST /v2/cloud/group` and
//! `GET /v2/users/public/last-active` as providers.md §3 documents them. The stand-in refuses a
//! wrong token, a POST without JSON, a name over 100 characters, contacts not in international
//! digits; it keeps groups by name. Answers EazyBe does not document (its error bodies, a 401, a
//! 429, a proxy's page) are scripted faults, named as the client's lenient reading of them.

mod common;

use common::*;
use groupdrop_providers::*;
use groupdrop_standins::{EazyBeStandIn, Fault};
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration;
use wiremock::ResponseTemplate;

const TOKEN: &str = "eazybe-org-token-7Hq2LmZ9";

fn client_with(base: &str, token: &str, http: HttpSettings) -> EazyBe {
    let config = EazyBeConfig::new(SecretString::from(token))
        .with_base_url(base)
        .unwrap()
        .with_http(http);
    EazyBe::new(config).unwrap()
}

fn client(base: &str) -> EazyBe {
    client_with(base, TOKEN, fast_http())
}

fn request(create: bool) -> CreateRequest {
    CreateRequest {
        name: "Sales Team".into(),
        phones: vec!["+911234567891".into(), "+911234567892".into()],
        auto_invite: false,
        create_if_missing: create,
        description: None,
    }
}

fn sales_team() -> GroupRef {
    GroupRef {
        name: "Sales Team".into(),
        id: None,
        handle: "Sales Team".into(),
        invite_link: None,
    }
}

/// The one create the stand-in saw, with the error the client returned.
async fn create_against(s: &EazyBeStandIn) -> ProviderError {
    let err = client(&s.uri())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(s.count("cloud/group"), 1, "sent once, never repeated");
    assert_eq!(s.violations(), vec![], "the request kept EazyBe's rules");
    err
}

#[tokio::test]
async fn create_sends_the_documented_body_once_and_reports_members_as_sent() {
    let s = EazyBeStandIn::start(TOKEN).await;
    let answer = client(&s.uri()).create_group(&request(true)).await.unwrap();

    assert_eq!(s.violations(), vec![]);
    let calls = s.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].body,
        Some(json!({
            "groupName": "Sales Team",
            "contacts": ["911234567891", "911234567892"],
            "create": true
        })),
        "the seed page's body: international digits, no +"
    );
    let groups = s.groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members, vec!["911234567891", "911234567892"]);

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

/// UNCONFIRMED body shape: EazyBe documents "400 invalid request data" without a body; the
/// stand-in's reading is `{"status":false,"message":…}`. Whatever the message, it comes back in
/// EazyBe's words, not as JSON, and nothing was created.
#[tokio::test]
async fn a_400_refusal_comes_back_in_eazybes_words_not_its_json() {
    let s = EazyBeStandIn::start(TOKEN).await;
    s.fault(
        "cloud/group",
        Fault::Refuse {
            status: 400,
            body: json!({"status": false, "message": "Invalid contact number: 911234567892"}),
        },
    );
    let err = create_against(&s).await;
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("Invalid contact number"), "{err}");
    assert!(!err.may_have_reached());
    assert_human(&err, &[TOKEN]);
    assert!(s.groups().is_empty());
}

/// UNCONFIRMED: a 200 whose body says `status: false` (the documented success has
/// `status: true`); read as a refusal, not a success.
#[tokio::test]
async fn unconfirmed_status_false_in_a_200_is_a_refusal() {
    let s = EazyBeStandIn::start(TOKEN).await;
    s.fault(
        "cloud/group",
        Fault::Refuse {
            status: 200,
            body: json!({"status": false, "message": "Group creation failed"}),
        },
    );
    let err = create_against(&s).await;
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("Group creation failed"), "{err}");
}

/// A wrong organisation token: the stand-in refuses it (UNCONFIRMED status 401).
#[tokio::test]
async fn a_wrong_token_is_a_credentials_error_that_says_where_the_token_is() {
    let s = EazyBeStandIn::start(TOKEN).await;
    let wrong = "eazybe-org-token-WRONG";
    let err = client_with(&s.uri(), wrong, fast_http())
        .create_group(&request(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Credentials);
    assert!(err.to_string().contains("Organization Auth Token"), "{err}");
    assert!(!err.retry_safe() && !err.may_have_reached());
    assert_human(&err, &[TOKEN, wrong]);
    assert_eq!(s.violations()[0].rule, "Authorization: Bearer <org token>");
    assert!(s.groups().is_empty());
}

/// Documented: 403 = inactive cloud session.
#[tokio::test]
async fn inactive_cloud_session_says_what_to_do() {
    let s = EazyBeStandIn::start(TOKEN).await;
    s.set_session_active(false);
    let err = create_against(&s).await;
    assert_eq!(err.kind(), ErrorKind::NotConnected);
    let text = err.to_string();
    assert!(
        text.contains("cloud") && text.contains("workspace.eazybe.com"),
        "{text}"
    );
    assert_human(&err, &[TOKEN]);
}

/// Documented: `create: false` and no group of that name → 404.
#[tokio::test]
async fn missing_group_without_create_is_group_not_found() {
    let s = EazyBeStandIn::start(TOKEN).await;
    let err = client(&s.uri())
        .create_group(&request(false))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::GroupNotFound);
    assert!(err.to_string().contains("\"Sales Team\""), "{err}");
    assert_eq!(s.calls()[0].body.as_ref().unwrap()["create"], json!(false));
    assert!(s.groups().is_empty(), "nothing created");
    assert_eq!(s.violations(), vec![]);
}

/// EazyBe documents no rate limit; `Retry-After` is read by HTTP's rules (seconds or a date) if
/// one ever comes.
#[tokio::test]
async fn unconfirmed_rate_limit_honours_retry_after_seconds_and_dates() {
    let s = EazyBeStandIn::start(TOKEN).await;
    s.fault(
        "cloud/group",
        Fault::Reply(ResponseTemplate::new(429).insert_header("Retry-After", "42")),
    );
    let err = create_against(&s).await;
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(42)));
    assert!(err.retry_safe());

    let s = EazyBeStandIn::start(TOKEN).await;
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(120));
    s.fault(
        "cloud/group",
        Fault::Reply(ResponseTemplate::new(429).insert_header("Retry-After", date.as_str())),
    );
    let err = create_against(&s).await;
    let wait = err.retry_after().expect("a wait");
    assert!(
        wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
        "{wait:?}"
    );
}

/// Documented: 500 = group creation failed. The group may exist all the same (the stand-in made
/// it before failing), so the client says the create may have reached EazyBe and never repeats
/// it.
#[tokio::test]
async fn server_error_is_provider_down_and_the_create_is_not_repeated() {
    let s = EazyBeStandIn::start(TOKEN).await;
    s.fault(
        "cloud/group",
        Fault::ActThenAnswer {
            status: 500,
            body: json!({"status": false, "message": "Group creation failed"}),
        },
    );
    let err = create_against(&s).await;
    assert_eq!(err.kind(), ErrorKind::ProviderDown);
    assert!(
        err.may_have_reached(),
        "a 500 after a create may have created the group"
    );
    assert_human(&err, &[TOKEN]);
    assert_eq!(s.groups().len(), 1);
}

/// A proxy's HTML page (never EazyBe's own answer) is never shown, with 502 or with 200.
#[tokio::test]
async fn html_error_page_is_never_shown() {
    let s = EazyBeStandIn::start(TOKEN).await;
    s.fault("cloud/group", Fault::Reply(html_page(502)));
    let err = create_against(&s).await;
    assert_eq!(err.kind(), ErrorKind::ProviderDown);
    assert!(!err.to_string().contains("nginx"));
    assert_human(&err, &[TOKEN]);

    // An HTML page with 200 (captive portal) is not a success either.
    let s = EazyBeStandIn::start(TOKEN).await;
    s.fault("cloud/group", Fault::Reply(html_page(200)));
    let err = create_against(&s).await;
    assert_eq!(err.kind(), ErrorKind::Malformed);
    assert!(err.to_string().contains("web page"), "{err}");
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn malformed_json_is_malformed_and_may_have_reached() {
    let s = EazyBeStandIn::start(TOKEN).await;
    s.fault("cloud/group", Fault::Reply(broken_json()));
    let err = create_against(&s).await;
    assert_eq!(err.kind(), ErrorKind::Malformed);
    assert!(err.may_have_reached());
    assert_human(&err, &[TOKEN]);
}

#[tokio::test]
async fn timeout_after_the_request_arrived_is_sent_and_not_retried() {
    let s = EazyBeStandIn::start(TOKEN).await;
    s.fault("cloud/group", Fault::ActThenStall(SLOW));
    let err = client_with(&s.uri(), TOKEN, impatient_http())
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
    assert_eq!(s.count("cloud/group"), 1);
    assert_eq!(
        s.groups().len(),
        1,
        "EazyBe made the group; the answer was lost"
    );
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

/// Documented: an existing group of that name gets the contacts appended (`create: false`).
#[tokio::test]
async fn add_members_appends_by_name_with_create_false() {
    let s = EazyBeStandIn::start(TOKEN).await;
    s.seed_group("Sales Team", Duration::from_secs(86_400), &["911234567890"]);
    let members = client(&s.uri())
        .add_members(
            &sales_team(),
            &["+911234567891".into(), "+911234567892".into()],
            true,
        )
        .await
        .unwrap();
    assert!(members.iter().all(|m| m.status == MemberStatus::Sent));
    assert_eq!(s.calls()[0].body.as_ref().unwrap()["create"], json!(false));
    assert_eq!(
        s.groups()[0].members,
        vec!["911234567890", "911234567891", "911234567892"]
    );
    assert_eq!(s.violations(), vec![]);
}

/// The lookup re-sends the batch with `create: false`: found when a group of that name exists
/// (and it now holds the batch), not found on the documented 404, and never a second group.
#[tokio::test]
async fn find_group_probes_with_create_false() {
    let probe = vec!["+911234567891".to_string(), "+911234567892".to_string()];

    let s = EazyBeStandIn::start(TOKEN).await;
    s.seed_group("Sales Team", Duration::from_secs(60), &[]);
    match client(&s.uri())
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
    assert_eq!(s.groups()[0].members.len(), 2);

    let s = EazyBeStandIn::start(TOKEN).await;
    assert_eq!(
        client(&s.uri())
            .find_group("Sales Team", &probe, Some(1_748_772_000_000))
            .await
            .unwrap(),
        Lookup::NotFound
    );
    assert!(s.groups().is_empty(), "a probe never creates");
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn check_validates_the_token_with_last_active() {
    let s = EazyBeStandIn::start(TOKEN).await;
    let check = client(&s.uri()).check().await.unwrap();
    assert!(check.verified);
    assert!(check.summary.contains("cloud"), "{}", check.summary);
    assert_eq!(s.count("last-active"), 1);
    assert_eq!(s.violations(), vec![]);

    let err = client_with(&s.uri(), "not-the-token", fast_http())
        .check()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Credentials);
}

#[tokio::test]
async fn oversized_batch_is_refused_before_anything_is_sent() {
    let s = EazyBeStandIn::start(TOKEN).await;
    let eazybe = client(&s.uri());
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
    assert_eq!(s.calls().len(), 0);
}

#[tokio::test]
async fn no_link_no_members_list() {
    // Nothing listens here: neither call may reach the network.
    let eazybe = client(&refused_base());
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
/// acted on, so it is "sent", unlike a refused connection. A raw socket on purpose: an HTTP
/// stand-in always answers something, and this is about a connection cut mid-exchange.
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
