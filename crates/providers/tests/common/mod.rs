//! Helpers shared by the provider test files: fast timeouts, a port nobody listens on, and the
//! checks every error message must pass.
#![allow(dead_code)]

use groupdrop_providers::{HttpSettings, ProviderError};
use std::time::Duration;
use wiremock::ResponseTemplate;

/// Quick enough for tests, long enough for a loaded 2-core machine.
pub fn fast_http() -> HttpSettings {
    HttpSettings {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        connect_retries: 1,
        retry_pause: Duration::from_millis(10),
    }
}

/// A total timeout far below the delay the "slow" mocks use.
pub fn impatient_http() -> HttpSettings {
    HttpSettings {
        total_timeout: Duration::from_millis(300),
        ..fast_http()
    }
}

/// How long a "slow" mock waits before answering.
pub const SLOW: Duration = Duration::from_secs(3);

/// A loopback address with nothing listening: connecting is refused at once.
pub fn refused_base() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A proxy-style HTML error page.
pub fn html_page(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>",
        "text/html; charset=utf-8",
    )
}

/// Truncated JSON, as a broken proxy or a crash mid-write produces.
pub fn broken_json() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        r#"{"success": true, "group": {"uuid": "WAG"#,
        "application/json",
    )
}

/// What every message shown to a person must satisfy: no markup, no raw data, no URL, none of
/// the given secrets, and not empty.
pub fn assert_human(err: &ProviderError, secrets: &[&str]) {
    let text = err.to_string();
    let debug = format!("{err:?}");
    assert!(!text.trim().is_empty());
    for bad in [
        "<",
        ">",
        "{",
        "}",
        "http://",
        "https://api",
        "127.0.0.1",
        "/token/",
    ] {
        assert!(!text.contains(bad), "message contains {bad:?}: {text}");
    }
    for secret in secrets {
        assert!(!text.contains(secret), "message leaks a secret: {text}");
        assert!(!debug.contains(secret), "debug leaks a secret: {debug}");
    }
}
