//! No credential ever appears in an error (Display or Debug), a config's or client's Debug, or
//! anything logged through `tracing` — including Z-API's instance token, which is part of its
//! URLs. Every call below runs with a TRACE-level subscriber capturing all output.

mod common;

use common::*;
use groupdrop_providers::*;
use groupdrop_standins::{EazyBeStandIn, TwoChatStandIn, ZapiStandIn};
use secrecy::SecretString;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const EAZYBE_TOKEN: &str = "EZ-org-token-QW3rty9871";
const TWOCHAT_KEY: &str = "TC-api-key-ZX8cvbn4455";
const ZAPI_ID: &str = "ZI3C4F1E2D9A8B7C6D5E4F";
const ZAPI_TOKEN: &str = "ZT7766554433221100AABB";
const ZAPI_CLIENT: &str = "ZC-client-token-PL0okm";
const ALL: [&str; 5] = [EAZYBE_TOKEN, TWOCHAT_KEY, ZAPI_ID, ZAPI_TOKEN, ZAPI_CLIENT];

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture() -> Captured {
    static LOG: OnceLock<Captured> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Captured::default();
        let writer = log.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .init();
        log
    })
    .clone()
}

/// What a careless server echoes back: the credentials it received (headers and URL path
/// segments), as plain words.
fn echo(req: &Request) -> String {
    let mut words: Vec<String> = req
        .headers
        .iter()
        .filter(|(name, _)| {
            ["authorization", "x-user-api-key", "client-token"].contains(&name.as_str())
        })
        .filter_map(|(_, v)| v.to_str().ok())
        .map(|v| v.trim_start_matches("Bearer ").to_string())
        .collect();
    words.extend(
        req.url
            .path_segments()
            .into_iter()
            .flatten()
            .map(str::to_string),
    );
    words.join(" ")
}

type Answer = Box<dyn Fn(&Request) -> ResponseTemplate + Send + Sync>;

/// Every way a call can end, one server per answer. These servers are deliberately careless (they
/// echo the credentials they received, answer every path the same) and claim no provider's
/// contract: they test the client's scrubbing of whatever comes back, which the rule-enforcing
/// stand-ins — answering only documented or UNCONFIRMED shapes — never put to the test. The
/// stand-ins carry the successful flow below.
fn answers() -> Vec<Answer> {
    let fixed = |t: ResponseTemplate| -> Answer { Box::new(move |_: &Request| t.clone()) };
    vec![
        fixed(
            ResponseTemplate::new(401)
                .set_body_json(json!({"success": false, "message": "Invalid API key"})),
        ),
        fixed(
            ResponseTemplate::new(403)
                .set_body_json(json!({"status": false, "message": "Inactive cloud session"})),
        ),
        Box::new(|req: &Request| {
            ResponseTemplate::new(422)
                .set_body_json(json!({"message": format!("bad request from {}", echo(req))}))
        }),
        Box::new(|req: &Request| {
            ResponseTemplate::new(200)
                .set_body_json(json!({"error": format!("unknown caller {}", echo(req))}))
        }),
        fixed(ResponseTemplate::new(429).insert_header("Retry-After", "5")),
        fixed(ResponseTemplate::new(500)),
        fixed(html_page(502)),
        fixed(broken_json()),
        fixed(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": true}))
                .set_delay(SLOW),
        ),
    ]
}

fn clients(base: &str, dir: &std::path::Path) -> Vec<AnyProvider> {
    let http = HttpSettings {
        total_timeout: std::time::Duration::from_millis(150),
        ..impatient_http()
    };
    let mut all = remote_clients([base; 3], http);
    all.push(AnyProvider::Practice(Practice::new(
        PracticeConfig::new(dir).with_delay(std::time::Duration::ZERO),
    )));
    all
}

/// EazyBe, 2Chat and Z-API clients at these base addresses, in that order.
fn remote_clients(bases: [&str; 3], http: HttpSettings) -> Vec<AnyProvider> {
    vec![
        AnyProvider::EazyBe(
            EazyBe::new(
                EazyBeConfig::new(SecretString::from(EAZYBE_TOKEN))
                    .with_base_url(bases[0])
                    .unwrap()
                    .with_http(http.clone()),
            )
            .unwrap(),
        ),
        AnyProvider::TwoChat(
            TwoChat::new(
                TwoChatConfig::new(SecretString::from(TWOCHAT_KEY))
                    .with_from_number("+595981048477")
                    .unwrap()
                    .with_base_url(bases[1])
                    .unwrap()
                    .with_http(http.clone()),
            )
            .unwrap(),
        ),
        AnyProvider::Zapi(
            Zapi::new(
                ZapiConfig::new(
                    SecretString::from(ZAPI_ID),
                    SecretString::from(ZAPI_TOKEN),
                    SecretString::from(ZAPI_CLIENT),
                )
                .with_base_url(bases[2])
                .unwrap()
                .with_http(http),
            )
            .unwrap(),
        ),
    ]
}

fn group() -> GroupRef {
    GroupRef {
        name: "G".into(),
        id: None,
        handle: "G-1".into(),
        invite_link: None,
    }
}

#[tokio::test]
async fn no_secret_in_errors_debug_output_or_logs() {
    let log = capture();
    let dir = tempfile::tempdir().unwrap();
    let mut shown = Vec::new();
    let mut bases: Vec<(String, Option<MockServer>)> = vec![(refused_base(), None)];
    for answer in answers() {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(answer).mount(&server).await;
        bases.push((server.uri(), Some(server)));
    }
    let req = CreateRequest {
        name: "G".into(),
        phones: vec!["+5511987654321".into()],
        auto_invite: true,
        create_if_missing: true,
        description: None,
    };
    for (base, _server) in &bases {
        for client in clients(base, dir.path()) {
            shown.push(format!("{client:?}"));
            let results = [
                client.check().await.map(|a| format!("{a:?}")),
                client.create_group(&req).await.map(|a| format!("{a:?}")),
                client
                    .add_members(&group(), &req.phones, true)
                    .await
                    .map(|a| format!("{a:?}")),
                client
                    .find_group("G", &req.phones, Some(1))
                    .await
                    .map(|a| format!("{a:?}")),
                client.invite_link(&group()).await.map(|a| format!("{a:?}")),
                client.members(&group()).await.map(|a| format!("{a:?}")),
            ];
            for result in results {
                match result {
                    Ok(debug) => shown.push(debug),
                    Err(err) => {
                        assert_human(&err, &ALL);
                        shown.push(err.to_string());
                        shown.push(format!("{err:?}"));
                    }
                }
            }
        }
    }

    let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("provider answered"),
        "the capture must see the calls"
    );
    assert!(logged.contains("provider call failed"));
    for secret in ALL {
        assert!(!logged.contains(secret), "log leaks {secret}");
        for text in &shown {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }
    assert!(!logged.contains("/token/"), "a Z-API URL was logged");
    assert!(
        !logged.contains("5511987654321"),
        "a full phone number was logged"
    );
    // The providers' own echo of the token was seen and hidden.
    assert!(shown.iter().any(|t| t.contains("[hidden]")));
}

/// The successful flow — check, create, add, lookup, link, members — against each provider's
/// stand-in (which insists on every credential), logged at TRACE: no credential in the log or in
/// anything the client returns.
#[tokio::test]
async fn no_secret_in_a_successful_run_against_the_stand_ins() {
    let log = capture();
    let eazybe = EazyBeStandIn::start(EAZYBE_TOKEN).await;
    let two_chat = TwoChatStandIn::start(TWOCHAT_KEY, "+595981048477").await;
    let zapi = ZapiStandIn::start(ZAPI_ID, ZAPI_TOKEN, Some(ZAPI_CLIENT), "5544911111111").await;
    let providers = remote_clients([&eazybe.uri(), &two_chat.uri(), &zapi.uri()], fast_http());
    let req = CreateRequest {
        name: "Secrets run".into(),
        phones: vec!["+5511987654321".into()],
        auto_invite: true,
        create_if_missing: true,
        description: None,
    };
    let mut shown = Vec::new();
    for client in providers {
        shown.push(format!("{:?}", client.check().await.unwrap()));
        let created = client.create_group(&req).await.unwrap();
        shown.push(format!("{created:?}"));
        let more = ["+5511987654322".to_string()];
        shown.push(format!(
            "{:?}",
            client
                .add_members(&created.group, &more, true)
                .await
                .unwrap()
        ));
        shown.push(format!(
            "{:?}",
            client
                .find_group("Secrets run", &more, Some(1))
                .await
                .unwrap()
        ));
        shown.push(format!(
            "{:?}",
            client.invite_link(&created.group).await.unwrap()
        ));
        shown.push(format!(
            "{:?}",
            client.members(&created.group).await.unwrap()
        ));
    }
    assert_eq!(eazybe.violations(), vec![]);
    assert_eq!(two_chat.violations(), vec![]);
    assert_eq!(zapi.violations(), vec![]);

    let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("provider answered"));
    for secret in ALL {
        assert!(!logged.contains(secret), "log leaks {secret}");
        for text in &shown {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }
    assert!(!logged.contains("/token/"), "a Z-API URL was logged");
}
