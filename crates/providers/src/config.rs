//! Per-provider account configuration: credentials, base URL, timeouts.
//!
//! Credentials are `secrecy::SecretString` so that `Debug` prints `[REDACTED]` and nothing but the
//! request builder ever sees them. Base URLs are overridable (tests, users behind a proxy): the
//! override replaces scheme and host, the documented paths are appended unchanged.

use crate::error::ProviderError;
use crate::model::ProviderKind;
use secrecy::{ExposeSecret, SecretString};
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;

/// Where each provider lives unless overridden.
pub const EAZYBE_DEFAULT_BASE_URL: &str = "https://api.eazybe.com";
pub const TWOCHAT_DEFAULT_BASE_URL: &str = "https://api.p.2chat.io";
pub const ZAPI_DEFAULT_BASE_URL: &str = "https://api.z-api.io";

/// Environment variable names, shared with the CLI so help texts and errors agree.
pub mod env_names {
    pub const EAZYBE_TOKEN: &str = "GROUPDROP_EAZYBE_TOKEN";
    pub const TWOCHAT_API_KEY: &str = "GROUPDROP_2CHAT_API_KEY";
    pub const TWOCHAT_FROM_NUMBER: &str = "GROUPDROP_2CHAT_FROM_NUMBER";
    pub const ZAPI_INSTANCE_ID: &str = "GROUPDROP_ZAPI_INSTANCE_ID";
    pub const ZAPI_INSTANCE_TOKEN: &str = "GROUPDROP_ZAPI_INSTANCE_TOKEN";
    pub const ZAPI_CLIENT_TOKEN: &str = "GROUPDROP_ZAPI_CLIENT_TOKEN";
    pub const EAZYBE_BASE_URL: &str = "GROUPDROP_EAZYBE_BASE_URL";
    pub const TWOCHAT_BASE_URL: &str = "GROUPDROP_2CHAT_BASE_URL";
    pub const ZAPI_BASE_URL: &str = "GROUPDROP_ZAPI_BASE_URL";
    pub const PACING_MS: &str = "GROUPDROP_PACING_MS";
    pub const PRACTICE_DELAY_MS: &str = "GROUPDROP_PRACTICE_DELAY_MS";
}

/// Timeouts and the connect-retry policy of one HTTP client.
///
/// Both timeouts are explicit because reqwest's default is "wait forever", which would leave a
/// job hanging with no way to tell the user anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpSettings {
    /// How long to wait for the TCP/TLS connection.
    pub connect_timeout: Duration,
    /// How long the whole call (connect, send, answer) may take.
    pub total_timeout: Duration,
    /// Extra attempts after a connect failure (nothing was sent), for calls other than a create.
    pub connect_retries: u32,
    /// Pause before such a retry.
    pub retry_pause: Duration,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            connect_retries: 2,
            retry_pause: Duration::from_millis(500),
        }
    }
}

/// A validated provider base URL (`http(s)://host[:port][/prefix]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Parses and checks a base URL. `source` names where it came from (an env variable, a
    /// settings field) so the message can point there.
    pub fn parse(raw: &str, source: &str) -> Result<BaseUrl, ProviderError> {
        let raw = raw.trim();
        let url = Url::parse(raw).map_err(|_| {
            ProviderError::Config(format!(
                "{source} is not a web address (\"{raw}\"). Use something like https://api.example.com."
            ))
        })?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(ProviderError::Config(format!(
                "{source} must start with https:// or http:// (it is \"{raw}\")."
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(ProviderError::Config(format!(
                "{source} has no host name (it is \"{raw}\")."
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ProviderError::Config(format!(
                "{source} must not contain a user name or password; GroupDrop sends credentials in headers."
            )));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(ProviderError::Config(format!(
                "{source} must not contain \"?\" or \"#\" parts."
            )));
        }
        Ok(BaseUrl(url))
    }

    /// The documented default of a provider.
    pub fn default_for(kind: ProviderKind) -> BaseUrl {
        let raw = match kind {
            ProviderKind::EazyBe => EAZYBE_DEFAULT_BASE_URL,
            ProviderKind::TwoChat => TWOCHAT_DEFAULT_BASE_URL,
            ProviderKind::Zapi | ProviderKind::Practice => ZAPI_DEFAULT_BASE_URL,
        };
        BaseUrl(Url::parse(raw).expect("built-in base URL parses"))
    }

    /// The env override for a provider when set, else its default.
    pub fn from_env_or_default(kind: ProviderKind) -> Result<BaseUrl, ProviderError> {
        let var = match kind {
            ProviderKind::EazyBe => env_names::EAZYBE_BASE_URL,
            ProviderKind::TwoChat => env_names::TWOCHAT_BASE_URL,
            ProviderKind::Zapi => env_names::ZAPI_BASE_URL,
            ProviderKind::Practice => return Ok(BaseUrl::default_for(kind)),
        };
        match std::env::var(var) {
            Ok(raw) if !raw.trim().is_empty() => BaseUrl::parse(&raw, var),
            _ => Ok(BaseUrl::default_for(kind)),
        }
    }

    /// True for 127.0.0.1 / ::1 / localhost: such servers are never reached through a proxy.
    pub fn is_loopback(&self) -> bool {
        match self.0.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            None => false,
        }
    }

    /// Base + path segments. Segments are percent-encoded one by one, so a token containing `/`
    /// or `?` can never change which endpoint is called.
    pub(crate) fn join(&self, segments: &[&str]) -> Url {
        let mut url = self.0.clone();
        {
            let mut path = url
                .path_segments_mut()
                .expect("http(s) URLs always have a path");
            path.pop_if_empty();
            path.extend(segments);
        }
        url
    }

    /// Base + an already-encoded path (starting with `/`), for the rare path the documentation
    /// wants encoded in a specific way (2Chat's `%2B` in list-groups).
    pub(crate) fn join_encoded(&self, encoded_path: &str) -> Url {
        let mut url = self.0.clone();
        let prefix = url.path().trim_end_matches('/').to_string();
        url.set_path(&format!("{prefix}{encoded_path}"));
        url
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// EazyBe: the Organization Auth Token (workspace.eazybe.com → Organization).
#[derive(Clone, Debug)]
pub struct EazyBeConfig {
    pub token: SecretString,
    pub base_url: BaseUrl,
    pub http: HttpSettings,
}

impl EazyBeConfig {
    /// With the documented base URL; use [`Self::with_env_base_url`] or [`Self::with_base_url`]
    /// to point elsewhere.
    pub fn new(token: SecretString) -> EazyBeConfig {
        EazyBeConfig {
            token,
            base_url: BaseUrl::default_for(ProviderKind::EazyBe),
            http: HttpSettings::default(),
        }
    }

    /// Token and base URL from `GROUPDROP_EAZYBE_TOKEN` / `GROUPDROP_EAZYBE_BASE_URL`.
    pub fn from_env() -> Result<EazyBeConfig, ProviderError> {
        let token = env_secret(
            env_names::EAZYBE_TOKEN,
            "the EazyBe Organization Auth Token (workspace.eazybe.com → Organization)",
        )?;
        EazyBeConfig::new(token).with_env_base_url()
    }

    pub fn with_base_url(mut self, raw: &str) -> Result<Self, ProviderError> {
        self.base_url = BaseUrl::parse(raw, "the EazyBe address")?;
        Ok(self)
    }

    /// Applies `GROUPDROP_EAZYBE_BASE_URL` when it is set.
    pub fn with_env_base_url(mut self) -> Result<Self, ProviderError> {
        self.base_url = BaseUrl::from_env_or_default(ProviderKind::EazyBe)?;
        Ok(self)
    }

    pub fn with_http(mut self, http: HttpSettings) -> Self {
        self.http = http;
        self
    }
}

/// 2Chat: the API key, and the connected number to send from when the account has several.
#[derive(Clone, Debug)]
pub struct TwoChatConfig {
    pub api_key: SecretString,
    /// `+E164`. `None`: use the account's only connected WhatsApp number.
    pub from_number: Option<String>,
    pub base_url: BaseUrl,
    pub http: HttpSettings,
}

impl TwoChatConfig {
    pub fn new(api_key: SecretString) -> TwoChatConfig {
        TwoChatConfig {
            api_key,
            from_number: None,
            base_url: BaseUrl::default_for(ProviderKind::TwoChat),
            http: HttpSettings::default(),
        }
    }

    /// Key, optional number and base URL from `GROUPDROP_2CHAT_API_KEY`,
    /// `GROUPDROP_2CHAT_FROM_NUMBER` and `GROUPDROP_2CHAT_BASE_URL`.
    pub fn from_env() -> Result<TwoChatConfig, ProviderError> {
        let key = env_secret(
            env_names::TWOCHAT_API_KEY,
            "the 2Chat API key (app.2chat.io → Developers → API access)",
        )?;
        let mut config = TwoChatConfig::new(key).with_env_base_url()?;
        if let Ok(raw) = std::env::var(env_names::TWOCHAT_FROM_NUMBER) {
            if !raw.trim().is_empty() {
                config = config.with_from_number(&raw)?;
            }
        }
        Ok(config)
    }

    /// The connected number to send from, in international format (`+5511987654321`).
    pub fn with_from_number(mut self, raw: &str) -> Result<Self, ProviderError> {
        let phone = crate::phone_format::parse_e164(raw).ok_or_else(|| {
            ProviderError::Config(format!(
                "The 2Chat number to send from (\"{}\") is not an international phone number. Write it with + and the country code, like +5511987654321.",
                raw.trim()
            ))
        })?;
        self.from_number = Some(phone);
        Ok(self)
    }

    pub fn with_base_url(mut self, raw: &str) -> Result<Self, ProviderError> {
        self.base_url = BaseUrl::parse(raw, "the 2Chat address")?;
        Ok(self)
    }

    /// Applies `GROUPDROP_2CHAT_BASE_URL` when it is set.
    pub fn with_env_base_url(mut self) -> Result<Self, ProviderError> {
        self.base_url = BaseUrl::from_env_or_default(ProviderKind::TwoChat)?;
        Ok(self)
    }

    pub fn with_http(mut self, http: HttpSettings) -> Self {
        self.http = http;
        self
    }
}

/// Z-API: instance id and instance token (they are part of every URL) plus, once the account has
/// activated it, the account security token sent as the `Client-Token` header.
#[derive(Clone, Debug)]
pub struct ZapiConfig {
    pub instance_id: SecretString,
    pub instance_token: SecretString,
    /// Optional: Z-API requires it only after "Activate Token" was clicked in its panel
    /// (developer.z-api.io/en/security/client-token). An empty value means none.
    pub client_token: Option<SecretString>,
    /// The instance's own WhatsApp number (`+E164`) when already known, so that it is never put
    /// in a group's participant list (Z-API forbids it). `check()` learns it too.
    pub own_number: Option<String>,
    pub base_url: BaseUrl,
    pub http: HttpSettings,
}

impl ZapiConfig {
    pub fn new(
        instance_id: SecretString,
        instance_token: SecretString,
        client_token: SecretString,
    ) -> ZapiConfig {
        ZapiConfig {
            instance_id,
            instance_token,
            client_token: Some(client_token).filter(|t| !t.expose_secret().trim().is_empty()),
            own_number: None,
            base_url: BaseUrl::default_for(ProviderKind::Zapi),
            http: HttpSettings::default(),
        }
    }

    /// Credentials and base URL from `GROUPDROP_ZAPI_INSTANCE_ID`, `GROUPDROP_ZAPI_INSTANCE_TOKEN`,
    /// `GROUPDROP_ZAPI_CLIENT_TOKEN` and `GROUPDROP_ZAPI_BASE_URL`.
    pub fn from_env() -> Result<ZapiConfig, ProviderError> {
        let id = env_secret(
            env_names::ZAPI_INSTANCE_ID,
            "the Z-API instance ID (Z-API panel → Instances)",
        )?;
        let token = env_secret(
            env_names::ZAPI_INSTANCE_TOKEN,
            "the Z-API instance token (Z-API panel → Instances)",
        )?;
        // Optional: only accounts that activated their security token need it.
        let client = std::env::var(env_names::ZAPI_CLIENT_TOKEN)
            .map(|raw| SecretString::from(raw.trim().to_string()))
            .unwrap_or_else(|_| SecretString::from(String::new()));
        ZapiConfig::new(id, token, client).with_env_base_url()
    }

    /// Without an account security token (not activated in the Z-API panel).
    pub fn without_client_token(mut self) -> Self {
        self.client_token = None;
        self
    }

    pub fn with_own_number(mut self, raw: &str) -> Result<Self, ProviderError> {
        let phone = crate::phone_format::parse_e164(raw).ok_or_else(|| {
            ProviderError::Config(format!(
                "The Z-API connected number (\"{}\") is not an international phone number.",
                raw.trim()
            ))
        })?;
        self.own_number = Some(phone);
        Ok(self)
    }

    pub fn with_base_url(mut self, raw: &str) -> Result<Self, ProviderError> {
        self.base_url = BaseUrl::parse(raw, "the Z-API address")?;
        Ok(self)
    }

    /// Applies `GROUPDROP_ZAPI_BASE_URL` when it is set.
    pub fn with_env_base_url(mut self) -> Result<Self, ProviderError> {
        self.base_url = BaseUrl::from_env_or_default(ProviderKind::Zapi)?;
        Ok(self)
    }

    pub fn with_http(mut self, http: HttpSettings) -> Self {
        self.http = http;
        self
    }
}

/// The practice provider: where it keeps the groups it "created", and how slow it pretends to be.
#[derive(Clone, Debug)]
pub struct PracticeConfig {
    pub dir: PathBuf,
    /// Artificial delay per call, so the progress display looks like the real thing.
    pub delay: Duration,
}

impl PracticeConfig {
    /// Delay from `GROUPDROP_PRACTICE_DELAY_MS` when set, else 300 ms.
    pub fn new(dir: impl Into<PathBuf>) -> PracticeConfig {
        let delay = std::env::var(env_names::PRACTICE_DELAY_MS)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_millis(300));
        PracticeConfig {
            dir: dir.into(),
            delay,
        }
    }

    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// Any account's configuration; what the CLI and the app build from the keyring or the env.
#[derive(Clone, Debug)]
pub enum ProviderConfig {
    EazyBe(EazyBeConfig),
    TwoChat(TwoChatConfig),
    Zapi(ZapiConfig),
    Practice(PracticeConfig),
}

impl ProviderConfig {
    pub fn kind(&self) -> ProviderKind {
        match self {
            ProviderConfig::EazyBe(_) => ProviderKind::EazyBe,
            ProviderConfig::TwoChat(_) => ProviderKind::TwoChat,
            ProviderConfig::Zapi(_) => ProviderKind::Zapi,
            ProviderConfig::Practice(_) => ProviderKind::Practice,
        }
    }

    /// Everything from the environment (scripts, CI). The practice provider needs only a
    /// directory for its group file.
    pub fn from_env(kind: ProviderKind, practice_dir: &Path) -> Result<Self, ProviderError> {
        Ok(match kind {
            ProviderKind::EazyBe => ProviderConfig::EazyBe(EazyBeConfig::from_env()?),
            ProviderKind::TwoChat => ProviderConfig::TwoChat(TwoChatConfig::from_env()?),
            ProviderKind::Zapi => ProviderConfig::Zapi(ZapiConfig::from_env()?),
            ProviderKind::Practice => ProviderConfig::Practice(PracticeConfig::new(practice_dir)),
        })
    }
}

/// `GROUPDROP_PACING_SCALE` when set to a factor in (0, 1]: every wait shrunk in proportion
/// (tests; the same variable the engine reads). It can only shorten a wait, never remove it.
pub fn pacing_scale() -> Option<f64> {
    std::env::var("GROUPDROP_PACING_SCALE")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| *s > 0.0 && *s <= 1.0)
}

/// A documented wait as the environment shapes it: `GROUPDROP_PACING_MS` replaces it,
/// `GROUPDROP_PACING_SCALE` shrinks it.
pub fn paced(documented: Duration) -> Duration {
    match pacing_override() {
        Some(gap) => gap,
        None => match pacing_scale() {
            Some(scale) => documented.mul_f64(scale),
            None => documented,
        },
    }
}

/// `GROUPDROP_PACING_MS` when set to a whole number of milliseconds.
///
/// The engine paces calls with `limits().min_gap`; tests set this to 0 so a 25-number run does
/// not wait a minute.
pub fn pacing_override() -> Option<Duration> {
    let raw = std::env::var(env_names::PACING_MS).ok()?;
    match raw.trim().parse::<u64>() {
        Ok(ms) => Some(Duration::from_millis(ms)),
        Err(_) => {
            tracing::warn!(
                "{} is not a whole number of milliseconds; ignoring it",
                env_names::PACING_MS
            );
            None
        }
    }
}

/// A required secret from the environment, trimmed (copy-paste adds newlines).
fn env_secret(var: &str, what: &str) -> Result<SecretString, ProviderError> {
    match std::env::var(var) {
        Ok(raw) if !raw.trim().is_empty() => Ok(SecretString::from(raw.trim().to_string())),
        _ => Err(ProviderError::Config(format!(
            "{var} is not set. Put {what} in it, or save the account in GroupDrop."
        ))),
    }
}

/// Exposes a secret only to build a header or URL; kept here so grep finds every use.
pub(crate) fn expose(secret: &SecretString) -> &str {
    secret.expose_secret()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_documented_paths_and_encodes_segments() {
        let base = BaseUrl::parse("http://127.0.0.1:8080/", "x").unwrap();
        assert_eq!(
            base.join(&["instances", "a/b", "token", "t?x"]).as_str(),
            "http://127.0.0.1:8080/instances/a%2Fb/token/t%3Fx"
        );
        let prefixed = BaseUrl::parse("https://proxy.example/zapi", "x").unwrap();
        assert_eq!(
            prefixed.join(&["status"]).as_str(),
            "https://proxy.example/zapi/status"
        );
        assert_eq!(
            base.join_encoded("/open/whatsapp/groups/%2B5511").as_str(),
            "http://127.0.0.1:8080/open/whatsapp/groups/%2B5511"
        );
    }

    #[test]
    fn base_url_rejects_what_is_not_a_web_address() {
        for bad in [
            "api.eazybe.com",
            "ftp://x.y",
            "https://user:pw@x.y",
            "https://x.y/?a=1",
        ] {
            let err = BaseUrl::parse(bad, "GROUPDROP_EAZYBE_BASE_URL").unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Config, "{bad}");
            assert!(
                err.to_string().contains("GROUPDROP_EAZYBE_BASE_URL"),
                "{err}"
            );
        }
    }

    #[test]
    fn loopback_detection() {
        assert!(BaseUrl::parse("http://127.0.0.1:1", "x")
            .unwrap()
            .is_loopback());
        assert!(BaseUrl::parse("http://localhost:1", "x")
            .unwrap()
            .is_loopback());
        assert!(!BaseUrl::default_for(ProviderKind::TwoChat).is_loopback());
    }

    #[test]
    fn debug_output_hides_every_secret() {
        let config = ZapiConfig::new(
            SecretString::from("instance-id-SECRET1"),
            SecretString::from("instance-token-SECRET2"),
            SecretString::from("client-token-SECRET3"),
        );
        let two = TwoChatConfig::new(SecretString::from("api-key-SECRET4"));
        let eazy = EazyBeConfig::new(SecretString::from("org-token-SECRET5"));
        let shown = format!("{config:?} {two:?} {eazy:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }

    #[test]
    fn from_number_is_normalised_or_refused() {
        let key = || SecretString::from("k");
        let c = TwoChatConfig::new(key())
            .with_from_number(" +55 11 98765-4321 ")
            .unwrap();
        assert_eq!(c.from_number.as_deref(), Some("+5511987654321"));
        let err = TwoChatConfig::new(key())
            .with_from_number("call me")
            .unwrap_err();
        assert!(err.to_string().contains("+5511987654321"), "{err}");
    }
}
