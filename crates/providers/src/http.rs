//! The HTTP layer every provider client shares: one reqwest client with explicit timeouts, the
//! send loop (which knows when a request has left the machine), and the classifier that turns a
//! status and a body into a typed success or a [`ProviderError`].
//!
//! Rules it enforces for every provider:
//! - a URL is never logged or put in an error (Z-API's token is part of its URLs);
//! - a raw body (JSON or HTML) never reaches a message: only a provider's short plain-text
//!   `message`, cleaned of anything that looks like a secret;
//! - "not sent" (connect failure) is told apart from "sent, answer unknown" (timeout or reset
//!   after the request left), because only the first is safe to repeat for a create;
//! - a create is sent exactly once; other calls are retried only after a connect failure.

use crate::config::{expose, BaseUrl, HttpSettings};
use crate::error::ProviderError;
use crate::model::ProviderKind;
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use std::error::Error as _;
use std::time::{Duration, Instant, SystemTime};

/// The largest reply read, 8 MiB: a page of 100 groups is a few tens of KiB; anything near this
/// is a misdirected download or a broken proxy, not an answer, and must not fill memory. A reply
/// whose `Content-Length` says more is refused unread; one without a length (chunked, or ended
/// by closing the connection) is read chunk by chunk and dropped the moment it passes the limit.
/// Either way: [`ProviderError::ReplyTooLarge`], kind [`crate::ErrorKind::Malformed`].
pub const MAX_REPLY_BYTES: usize = 8 * 1024 * 1024;

/// Whether a call may be repeated after a connect failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Attempts {
    /// A create: sent once, whatever happens. The engine decides what to do next.
    Once,
    /// A read or an idempotent add: retried when the connection could not even be opened.
    RetryConnect,
}

fn unix_ms(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_millis() as i64,
        Err(e) => -(e.duration().as_millis() as i64),
    }
}

/// Replaces every configured secret in a text with `[hidden]`: a provider echoing our token in
/// an error message must not put it on screen or in the history.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Vec<SecretString>,
}

impl Redactor {
    pub(crate) fn new(secrets: Vec<SecretString>) -> Redactor {
        Redactor { secrets }
    }

    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.secrets {
            let s = expose(secret);
            // A 1-3 character "secret" would blank ordinary words; real tokens are long.
            if s.len() >= 4 {
                out = out.replace(s, "[hidden]");
            }
        }
        out
    }
}

/// A provider's message, made fit to show a person: plain text only, one line, at most 160
/// characters, secrets hidden. `None` for anything that looks like markup or data.
pub(crate) fn clean_message(raw: &str, redactor: &Redactor) -> Option<String> {
    let text: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    let looks_like_markup = text.contains('<') && text.contains('>');
    let looks_like_data = text.starts_with('{') || text.starts_with('[');
    if looks_like_markup || looks_like_data {
        return None;
    }
    let text = redactor.scrub(&text);
    const MAX: usize = 160;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX - 1).collect();
        Some(format!("{}…", cut.trim_end()))
    } else {
        Some(text)
    }
}

/// `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in the past
/// means "now". Anything else is ignored. Capped at a day so a broken header cannot park a job
/// for years.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    const CAP: Duration = Duration::from_secs(24 * 3600);
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs).min(CAP));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO).min(CAP))
}

/// An answer that arrived: status, the headers we use, and the body bytes.
pub(crate) struct Reply {
    pub status: u16,
    content_type: Option<String>,
    retry_after: Option<Duration>,
    /// The provider's clock (`Date` header) minus ours when the answer arrived, in ms.
    clock_offset_ms: Option<i64>,
    body: Vec<u8>,
    provider: ProviderKind,
    redactor: Redactor,
}

impl Reply {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// How far the provider's clock (its `Date` header) is ahead of ours, in ms (negative:
    /// behind); `None` without a usable header. Whole seconds only, like the header.
    pub(crate) fn clock_offset_ms(&self) -> Option<i64> {
        self.clock_offset_ms
    }

    fn name(&self) -> &'static str {
        self.provider.display_name()
    }

    /// An HTML page (a proxy's error page, a captive portal, a web server's 404) instead of data.
    /// Decided by the body first: some backends label their JSON `text/html`, and that JSON is
    /// still the answer.
    pub(crate) fn looks_html(&self) -> bool {
        let first = self.body.iter().find(|b| !b.is_ascii_whitespace()).copied();
        match first {
            Some(b'<') => true,
            Some(b'{' | b'[') => false,
            _ => self
                .content_type
                .as_deref()
                .is_some_and(|ct| ct.to_ascii_lowercase().contains("html")),
        }
    }

    /// The body as JSON, if it is JSON.
    pub(crate) fn value(&self) -> Option<serde_json::Value> {
        if self.looks_html() {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as `T`, or a `Malformed` error that says what kind of thing arrived (never the
    /// thing itself).
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, ProviderError> {
        if self.looks_html() {
            return Err(self.malformed("a web page instead of data"));
        }
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.malformed("an empty reply"));
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            tracing::debug!(
                provider = self.name(),
                status = self.status,
                line = e.line(),
                column = e.column(),
                "reply did not parse"
            );
            self.malformed("a reply that is not in the documented format")
        })
    }

    pub(crate) fn malformed(&self, detail: &str) -> ProviderError {
        ProviderError::Malformed {
            provider: self.name(),
            detail: detail.to_string(),
        }
    }

    /// The provider's own explanation, read leniently: `message`, `error` (text),
    /// `error.message`, `msg`, `detail`; cleaned by [`clean_message`].
    pub(crate) fn message(&self) -> Option<String> {
        let value = self.value()?;
        message_in(&value).and_then(|m| clean_message(&m, &self.redactor))
    }

    /// A provider text field cleaned the same way as [`Self::message`].
    pub(crate) fn clean(&self, raw: &str) -> Option<String> {
        clean_message(raw, &self.redactor)
    }

    /// The classification every provider shares, for statuses its own module did not handle
    /// first. `credentials_hint` says where to find the right credentials.
    pub(crate) fn common_error(&self, credentials_hint: &str) -> ProviderError {
        let provider = self.name();
        let status = self.status;
        let html = self.looks_html();
        match status {
            401 => ProviderError::Credentials {
                provider,
                hint: credentials_hint.to_string(),
            },
            402 => ProviderError::Payment { provider },
            429 => ProviderError::RateLimited {
                provider,
                retry_after: self.retry_after,
            },
            _ if html && !(200..300).contains(&status) => {
                ProviderError::ProviderDown { provider, status }
            }
            409 | 410 | 486 => ProviderError::Busy {
                provider,
                detail: busy_detail(status).to_string(),
                retry_after: self.retry_after,
            },
            500..=599 => ProviderError::ProviderDown { provider, status },
            300..=399 => self.malformed(
                "a redirect to another address; check the provider address in the settings",
            ),
            _ => ProviderError::InvalidRequest {
                provider,
                status,
                detail: self
                    .message()
                    .unwrap_or_else(|| format!("it answered HTTP {status} without an explanation")),
            },
        }
    }
}

/// What 2Chat documents for the statuses that mean "your number is not ready yet" (other
/// providers do not use them, so one wording fits all).
fn busy_detail(status: u16) -> &'static str {
    match status {
        409 => "the WhatsApp number is starting up after a restart. GroupDrop waits a few seconds and tries again",
        410 => "the WhatsApp number is connecting or disconnecting. GroupDrop waits a few seconds and tries again",
        _ => "the WhatsApp number is still working on the previous request. GroupDrop waits a few seconds and tries again",
    }
}

/// The explanation inside an error body, wherever the provider put it.
pub(crate) fn message_in(value: &serde_json::Value) -> Option<String> {
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    text(value.get("message"))
        .or_else(|| text(value.get("error")))
        .or_else(|| text(value.get("error").and_then(|e| e.get("message"))))
        .or_else(|| text(value.get("msg")))
        .or_else(|| text(value.get("detail")))
        .or_else(|| text(value.get("data").and_then(|d| d.get("message"))))
}

/// One provider's HTTP client.
pub(crate) struct Http {
    client: reqwest::Client,
    provider: ProviderKind,
    settings: HttpSettings,
    redactor: Redactor,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("provider", &self.provider)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Http {
    /// rustls, explicit timeouts, no redirects (a redirected POST could carry our headers
    /// somewhere unexpected), no proxy for loopback servers (tests, local stand-ins).
    pub(crate) fn new(
        provider: ProviderKind,
        base: &BaseUrl,
        settings: &HttpSettings,
        secrets: Vec<SecretString>,
    ) -> Result<Http, ProviderError> {
        let mut builder = reqwest::Client::builder()
            .tls_backend_rustls()
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.total_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("GroupDrop/", env!("CARGO_PKG_VERSION")));
        if base.is_loopback() {
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(|e| {
            tracing::error!(provider = provider.display_name(), error = %e.without_url(), "HTTP client setup failed");
            ProviderError::Config(format!(
                "GroupDrop could not set up its connection to {} (TLS setup failed).",
                provider.display_name()
            ))
        })?;
        Ok(Http {
            client,
            provider,
            settings: settings.clone(),
            redactor: Redactor::new(secrets),
        })
    }

    /// Sends the request `build` makes (called again for a retry) and collects the answer.
    /// `call` names the endpoint for the log (never the URL).
    pub(crate) async fn send(
        &self,
        call: &'static str,
        attempts: Attempts,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<Reply, ProviderError> {
        let provider = self.provider.display_name();
        let extra = match attempts {
            Attempts::Once => 0,
            Attempts::RetryConnect => self.settings.connect_retries,
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            match self.exchange(&build).await {
                Ok(reply) => {
                    tracing::debug!(
                        provider,
                        call,
                        status = reply.status,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "provider answered"
                    );
                    return Ok(reply);
                }
                Err(err) => {
                    let not_sent = !err.may_have_reached();
                    tracing::warn!(provider, call, attempt, error = %err, "provider call failed");
                    if not_sent && attempt <= extra && err.retry_safe() {
                        tokio::time::sleep(self.settings.retry_pause).await;
                        continue;
                    }
                    return Err(err);
                }
            }
        }
    }

    async fn exchange(
        &self,
        build: &impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<Reply, ProviderError> {
        let response = build(&self.client)
            .send()
            .await
            .map_err(|e| self.transport_error(e))?;
        let status = response.status().as_u16();
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| parse_retry_after(&v, SystemTime::now()));
        let clock_offset_ms = header(reqwest::header::DATE)
            .and_then(|v| httpdate::parse_http_date(&v).ok())
            .map(|theirs| unix_ms(theirs) - unix_ms(SystemTime::now()));
        // The request was certainly received once a status line came back: any failure while
        // reading the body is "sent".
        let too_large = || ProviderError::ReplyTooLarge {
            provider: self.provider.display_name(),
            limit_mb: (MAX_REPLY_BYTES / (1024 * 1024)) as u64,
        };
        if response
            .content_length()
            .is_some_and(|n| n > MAX_REPLY_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut response = response;
        let mut body = Vec::new();
        loop {
            let chunk = response.chunk().await.map_err(|e| {
                let e = e.without_url();
                if e.is_timeout() {
                    ProviderError::Timeout {
                        provider: self.provider.display_name(),
                        sent: true,
                    }
                } else {
                    ProviderError::Network {
                        provider: self.provider.display_name(),
                        sent: true,
                        detail: "the connection broke while the answer was arriving".into(),
                    }
                }
            })?;
            let Some(chunk) = chunk else { break };
            if body.len() + chunk.len() > MAX_REPLY_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status,
            content_type,
            retry_after,
            clock_offset_ms,
            body,
            provider: self.provider,
            redactor: self.redactor.clone(),
        })
    }

    /// reqwest's error → ours. `is_connect()` means the connection was never opened, so nothing
    /// was sent; every other failure happened after the request may have left.
    fn transport_error(&self, e: reqwest::Error) -> ProviderError {
        let provider = self.provider.display_name();
        let e = e.without_url();
        if e.is_builder() {
            return ProviderError::Config(format!(
                "GroupDrop could not build a request for {provider}; check the provider address in the settings."
            ));
        }
        if e.is_connect() {
            if e.is_timeout() {
                return ProviderError::Timeout {
                    provider,
                    sent: false,
                };
            }
            return ProviderError::Network {
                provider,
                sent: false,
                detail: connect_failure_detail(&e).into(),
            };
        }
        if e.is_timeout() {
            return ProviderError::Timeout {
                provider,
                sent: true,
            };
        }
        ProviderError::Network {
            provider,
            sent: true,
            detail: "the connection broke before the answer arrived".into(),
        }
    }
}

/// Why a connection could not be opened, in words, from the error's source chain (whose texts
/// are only inspected, never shown).
fn connect_failure_detail(e: &reqwest::Error) -> &'static str {
    let mut source = e.source();
    let mut tls = false;
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return "the connection was refused",
                std::io::ErrorKind::NotFound => return "the server name could not be found",
                _ => {}
            }
        }
        let text = err.to_string().to_ascii_lowercase();
        if text.contains("dns") || text.contains("failed to lookup") {
            return "the server name could not be found";
        }
        if text.contains("certificate") || text.contains("tls") || text.contains("handshake") {
            tls = true;
        }
        source = err.source();
    }
    if tls {
        "a secure (TLS) connection could not be set up"
    } else {
        "the connection could not be opened"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BaseUrl, HttpSettings};

    fn reply(status: u16, ct: Option<&str>, body: &str) -> Reply {
        Reply {
            status,
            content_type: ct.map(str::to_string),
            retry_after: None,
            clock_offset_ms: None,
            body: body.as_bytes().to_vec(),
            provider: ProviderKind::TwoChat,
            redactor: Redactor::new(vec![SecretString::from("tok-123456")]),
        }
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(90))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(90));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(
            parse_retry_after("99999999", now),
            Some(Duration::from_secs(24 * 3600))
        );
    }

    #[test]
    fn messages_are_read_leniently() {
        for body in [
            r#"{"success":false,"message":"Number is not E.164"}"#,
            r#"{"error":"Number is not E.164"}"#,
            r#"{"success":false,"error":{"code":"X","message":"Number is not E.164"}}"#,
        ] {
            assert_eq!(
                reply(422, Some("application/json"), body)
                    .message()
                    .as_deref(),
                Some("Number is not E.164"),
                "{body}"
            );
        }
    }

    #[test]
    fn markup_data_and_secrets_never_become_messages() {
        let r = reply(400, None, r#"{"message":"<b>bad</b>"}"#);
        assert_eq!(r.message(), None);
        let r = reply(400, None, r#"{"message":"{\"a\":1}"}"#);
        assert_eq!(r.message(), None);
        let r = reply(400, None, r#"{"message":"token tok-123456 is wrong"}"#);
        assert_eq!(r.message().as_deref(), Some("token [hidden] is wrong"));
        let long = format!(r#"{{"message":"{}"}}"#, "a ".repeat(400));
        assert!(reply(400, None, &long).message().unwrap().chars().count() <= 160);
    }

    #[test]
    fn html_is_detected_by_header_or_content() {
        assert!(reply(502, Some("text/html; charset=utf-8"), "oops").looks_html());
        assert!(reply(200, None, "  <!DOCTYPE html><html>").looks_html());
        assert!(!reply(200, Some("application/json"), "{}").looks_html());
        // JSON mislabelled as HTML is still JSON.
        assert!(!reply(200, Some("text/html"), r#"{"phone":"1-group"}"#).looks_html());
    }

    #[test]
    fn common_classification() {
        use crate::ErrorKind::*;
        let cases = [
            (401, "{}", Credentials),
            (402, "{}", Payment),
            (409, "{}", Busy),
            (410, "{}", Busy),
            (486, "{}", Busy),
            (429, "{}", RateLimited),
            (422, r#"{"message":"bad number"}"#, InvalidRequest),
            (400, "{}", InvalidRequest),
            (500, "{}", ProviderDown),
            (503, "<html>down</html>", ProviderDown),
            (404, "<html>nginx</html>", ProviderDown),
            (301, "", Malformed),
        ];
        for (status, body, kind) in cases {
            let err = reply(status, None, body).common_error("check the key");
            assert_eq!(err.kind(), kind, "{status}");
            let text = err.to_string();
            assert!(
                !text.contains('{') && !text.contains('<'),
                "{status}: {text}"
            );
        }
    }

    fn http_to(base: &str) -> Http {
        let base = BaseUrl::parse(base, "test").unwrap();
        let settings = HttpSettings {
            total_timeout: Duration::from_secs(30),
            ..HttpSettings::default()
        };
        Http::new(ProviderKind::EazyBe, &base, &settings, Vec::new()).unwrap()
    }

    async fn get(http: &Http, url: String) -> Result<Reply, ProviderError> {
        http.send("test", Attempts::Once, |c| c.get(&url)).await
    }

    fn assert_too_large(err: ProviderError) {
        assert!(
            matches!(err, ProviderError::ReplyTooLarge { .. }),
            "{err:?}"
        );
        assert_eq!(err.kind(), crate::ErrorKind::Malformed);
        assert!(err.may_have_reached(), "a create may have happened");
        assert!(!err.retry_safe());
        assert_eq!(
            err.to_string(),
            "EazyBe sent an answer larger than 8 MB, far more than any answer it documents, so \
             GroupDrop stopped reading it. Check the provider address in the settings; if it is \
             right, try again later."
        );
    }

    /// A reply with a `Content-Length` over the limit is refused from its headers; one of
    /// exactly the limit is read.
    #[tokio::test]
    async fn a_reply_declared_over_the_limit_is_refused() {
        use wiremock::matchers::path;
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let server = MockServer::start().await;
        let padded = |n: usize| {
            let mut body = br#"{"status":true}"#.to_vec();
            body.resize(n, b' ');
            body
        };
        Mock::given(path("/over"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(padded(MAX_REPLY_BYTES + 1), "application/json"),
            )
            .mount(&server)
            .await;
        Mock::given(path("/exact"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(padded(MAX_REPLY_BYTES), "application/json"),
            )
            .mount(&server)
            .await;
        let http = http_to(&server.uri());
        let err = get(&http, format!("{}/over", server.uri()))
            .await
            .err()
            .unwrap();
        assert_too_large(err);
        let reply = get(&http, format!("{}/exact", server.uri())).await.unwrap();
        assert_eq!(reply.body.len(), MAX_REPLY_BYTES);
        assert_eq!(
            reply.json::<serde_json::Value>().unwrap(),
            serde_json::json!({"status": true})
        );
    }

    /// Accepts one connection on a raw test server and reads the request's head (the tests
    /// answer every request the same way), returning the stream to answer on.
    fn accept_request(listener: &std::net::TcpListener) -> std::net::TcpStream {
        use std::io::{BufRead, BufReader};
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        stream
    }

    /// A `Content-Length` of 1 GiB followed by nothing: refused from the header alone, at once
    /// (reading the body would wait for bytes that never come until the total timeout).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_declared_length_is_refused_before_the_body_is_read() {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let server = std::thread::spawn(move || {
            let mut out = accept_request(&listener);
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{",
            )
            .unwrap();
            // Hold the connection open until the test is over.
            let _ = done_rx.recv_timeout(Duration::from_secs(60));
        });
        let started = Instant::now();
        let err = get(&http_to(&base), format!("{base}/declared"))
            .await
            .err()
            .unwrap();
        assert_too_large(err);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "refused after {:?}: the body was waited for",
            started.elapsed()
        );
        done_tx.send(()).unwrap();
        tokio::task::spawn_blocking(move || server.join().unwrap())
            .await
            .unwrap();
    }

    /// A reply without a length (chunked) that never ends: reading stops just past the limit
    /// and the connection is dropped, so the server cannot push its 256 MiB.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_reply_without_a_length_is_cut_at_the_limit() {
        use std::io::Write;
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::Arc;
        const OFFERED: u64 = 256 * 1024 * 1024;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let written = Arc::new(AtomicU64::new(0));
        let counter = written.clone();
        let server = std::thread::spawn(move || {
            let mut out = accept_request(&listener);
            // A client that neither reads nor hangs up fails the test instead of hanging it.
            out.set_write_timeout(Some(Duration::from_secs(60)))
                .unwrap();
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            )
            .unwrap();
            let chunk = vec![b' '; 64 * 1024];
            let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
            while counter.load(Ordering::Relaxed) < OFFERED {
                if out.write_all(&framed).is_err() {
                    return;
                }
                counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            }
            let _ = out.write_all(b"0\r\n\r\n");
        });
        let http = http_to(&base);
        let err = get(&http, format!("{base}/endless")).await.err().unwrap();
        assert_too_large(err);
        drop(http);
        // The connection closes on the runtime's workers; wait for the server off them.
        tokio::task::spawn_blocking(move || server.join().unwrap())
            .await
            .unwrap();
        let sent = written.load(Ordering::Relaxed);
        // What the client read (8 MiB) plus what the two sockets' buffers held when it hung up.
        assert!(
            sent < OFFERED / 4,
            "the server pushed {sent} bytes: the reply was not cut off"
        );
    }

    #[test]
    fn malformed_json_says_what_arrived_not_what_it_was() {
        let err = reply(200, None, r#"{"group": tru"#)
            .json::<serde_json::Value>()
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Malformed);
        assert!(!err.to_string().contains("tru"), "{err}");
        let err = reply(200, Some("text/html"), "<html>login</html>")
            .json::<serde_json::Value>()
            .unwrap_err();
        assert!(err.to_string().contains("web page"), "{err}");
    }
}
