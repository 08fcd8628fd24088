//! Which provider account a run uses, with its credentials resolved (keyring or environment),
//! and its connection check (which yields the account's own number).

use super::Session;
use crate::error::{CoreError, Result};
use crate::history::JobRecord;
use crate::pacing::PacingSettings;
use crate::redact::Redactor;
use groupdrop_providers::config::env_names;
use groupdrop_providers::{
    AccountCheck, AnyProvider, PracticeConfig, Provider, ProviderConfig, ProviderKind,
};
use secrecy::SecretString;
use std::time::{Duration, Instant};

/// The account label history rows carry for runs configured from the environment (CLI scripts).
/// The practice provider's runs carry its stable id, `practice`.
pub const ENVIRONMENT_LABEL: &str = "environment";

/// How long a connection check is reused by [`Session::plan`]: long enough that re-planning while
/// the user types costs no provider call, short enough that a number connected meanwhile is seen.
const CHECK_MAX_AGE: Duration = Duration::from_secs(120);

/// The account to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountChoice {
    /// The built-in practice provider: nothing real is created.
    Practice,
    /// A saved account by id (the app).
    Saved(i64),
    /// A saved account by label (`groupdrop-cli --account NAME`).
    Named(String),
    /// `GROUPDROP_*` environment variables (`groupdrop-cli --provider KIND`).
    Environment(ProviderKind),
}

/// Whether a run started from the environment may be resumed from the environment: the CLI yes,
/// the app no (its users have no such variables; the message tells them to use the CLI).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResumeFrom {
    SavedOrEnvironment,
    SavedOnly,
}

/// A client for the chosen account, with what history rows say about it and the secrets the
/// engine blanks out of everything it writes. Never holds a secret in a printable field.
pub struct Connection {
    provider: AnyProvider,
    pub kind: ProviderKind,
    pub account_id: Option<i64>,
    /// Never a secret: a saved account's label, [`ENVIRONMENT_LABEL`] or `practice`.
    pub label: String,
    /// The account's own WhatsApp number as saved with it (2Chat's sending number, Z-API's
    /// connected number), left out of the plan when the check does not report one.
    pub own_number: Option<String>,
    redactor: Redactor,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Connection({}, {:?})", self.kind.as_str(), self.label)
    }
}

impl Connection {
    pub(crate) fn provider(&self) -> &AnyProvider {
        &self.provider
    }

    /// Which "set up after create" steps this account's provider offers, each not offered with
    /// the one sentence why (the Create screen's disabled controls, the CLI's preview).
    pub fn setup_capabilities(&self) -> Vec<groupdrop_providers::SetupCapability> {
        use groupdrop_providers::Provider;
        self.provider.setup_capabilities()
    }

    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// What the check cache is keyed by: one entry per account.
    fn key(&self) -> String {
        format!(
            "{}:{:?}:{}",
            self.kind.as_str(),
            self.account_id,
            self.label
        )
    }

    pub fn is_practice(&self) -> bool {
        self.kind == ProviderKind::Practice
    }
}

impl Session {
    /// Resolves `choice` to a ready client. Blocking (the keyring answers over D-Bus): the app
    /// calls it off its async runtime.
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub fn connect(&self, choice: &AccountChoice) -> Result<Connection> {
        match choice {
            AccountChoice::Practice => Ok(self.practice()),
            AccountChoice::Saved(id) => {
                let account = self.accounts().get(*id)?.ok_or_else(|| {
                    CoreError::NotFound(
                        "This account no longer exists. Open Accounts to see the current ones."
                            .into(),
                    )
                })?;
                self.saved(account)
            }
            AccountChoice::Named(label) => {
                let account = self
                    .accounts()
                    .find(label)?
                    .ok_or_else(|| CoreError::AccountNotFound(label.trim().into()))?;
                self.saved(account)
            }
            AccountChoice::Environment(ProviderKind::Practice) => Ok(self.practice()),
            AccountChoice::Environment(kind) => self.environment(*kind),
        }
    }

    /// The same credentials a run was started with: its saved account, or the environment.
    #[tracing::instrument(skip(self, job), fields(job = job.id), err(level = "info"))]
    pub fn connect_for_job(&self, job: &JobRecord, from: ResumeFrom) -> Result<Connection> {
        if job.provider == ProviderKind::Practice {
            return Ok(self.practice());
        }
        let Some(id) = job.account_id else {
            return match from {
                ResumeFrom::SavedOrEnvironment => self.environment(job.provider),
                ResumeFrom::SavedOnly => Err(CoreError::NotFound(
                    "This run was made without a saved account (from the command line). Resume it with groupdrop-cli resume.".into(),
                )),
            };
        };
        match self.accounts().get(id)? {
            Some(account) => self.saved(account),
            None => Err(CoreError::NotFound(format!(
                "Run {} used the account \"{}\", which has been removed. Add the account again, then resume.",
                job.id, job.account_label
            ))),
        }
    }

    fn practice(&self) -> Connection {
        Connection {
            provider: AnyProvider::from_config(ProviderConfig::Practice(PracticeConfig::new(
                &self.data_dir,
            )))
            .expect("the practice provider has no HTTP client to fail"),
            kind: ProviderKind::Practice,
            account_id: None,
            label: ProviderKind::Practice.as_str().to_string(),
            own_number: None,
            redactor: Redactor::default(),
        }
    }

    fn saved(&self, account: crate::accounts::Account) -> Result<Connection> {
        let (config, redactor) = self.accounts().provider_config(&account, &self.data_dir)?;
        Ok(Connection {
            provider: AnyProvider::from_config(config)?,
            kind: account.provider,
            account_id: Some(account.id),
            own_number: account.settings.from_number.clone(),
            label: account.label,
            redactor,
        })
    }

    fn environment(&self, kind: ProviderKind) -> Result<Connection> {
        let config = ProviderConfig::from_env(kind, &self.data_dir)?;
        let secrets = [
            env_names::EAZYBE_TOKEN,
            env_names::TWOCHAT_API_KEY,
            env_names::ZAPI_INSTANCE_ID,
            env_names::ZAPI_INSTANCE_TOKEN,
            env_names::ZAPI_CLIENT_TOKEN,
        ]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|v| SecretString::from(v.trim().to_string()));
        Ok(Connection {
            provider: AnyProvider::from_config(config)?,
            kind,
            account_id: None,
            label: ENVIRONMENT_LABEL.into(),
            // The check reports it (as the CLI has always learned it).
            own_number: None,
            redactor: Redactor::new(secrets),
        })
    }

    /// "Test connection": the provider's cheapest read call. Always fresh; the answer (which
    /// carries the account's own number) is remembered for [`Session::plan`].
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub async fn check(&self, conn: &Connection) -> Result<AccountCheck> {
        let check = conn.provider.check().await?;
        // Z-API: the connected number is saved with the account, so a later run never sends it
        // even when Z-API's device information does not answer.
        if let Some(id) = conn.account_id {
            let accounts = self.accounts();
            if let Some(account) = accounts.get(id)? {
                accounts.remember_connected_number(&account, &check)?;
            }
        }
        self.checks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(conn.key(), (Instant::now(), check.clone()));
        Ok(check)
    }

    /// The last check of `conn` if recent enough, else a fresh one.
    pub(crate) async fn recent_check(&self, conn: &Connection) -> Result<AccountCheck> {
        let cached = self
            .checks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&conn.key())
            .filter(|(at, _)| at.elapsed() < CHECK_MAX_AGE)
            .map(|(_, c)| c.clone());
        match cached {
            Some(c) => Ok(c),
            None => self.check(conn).await,
        }
    }
}

/// How many groups an account created in the last 24 hours, against the daily limit, so the
/// Create screen can say "2 of 10 today" before the run stops on it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountUsage {
    pub created_last_day: u32,
    pub daily_limit: u32,
}

impl Session {
    /// Group creations from `choice`'s account in the last 24 hours (what the daily limit of
    /// `pacing` counts). Blocking (SQLite and, for a saved account, its metadata only).
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub fn usage(&self, choice: &AccountChoice, pacing: &PacingSettings) -> Result<AccountUsage> {
        let (kind, label) = match choice {
            AccountChoice::Practice | AccountChoice::Environment(ProviderKind::Practice) => (
                ProviderKind::Practice,
                ProviderKind::Practice.as_str().to_string(),
            ),
            AccountChoice::Saved(id) => {
                let a = self.accounts().get(*id)?.ok_or_else(|| {
                    CoreError::NotFound(
                        "This account no longer exists. Open Accounts to see the current ones."
                            .into(),
                    )
                })?;
                (a.provider, a.label)
            }
            AccountChoice::Named(label) => {
                let a = self
                    .accounts()
                    .find(label)?
                    .ok_or_else(|| CoreError::AccountNotFound(label.trim().into()))?;
                (a.provider, a.label)
            }
            AccountChoice::Environment(kind) => (*kind, ENVIRONMENT_LABEL.to_string()),
        };
        let created = crate::job::creations_last_day(&self.history, kind, &label)?;
        Ok(AccountUsage {
            created_last_day: u32::try_from(created.len()).unwrap_or(u32::MAX),
            daily_limit: pacing.daily_creation_limit,
        })
    }
}
