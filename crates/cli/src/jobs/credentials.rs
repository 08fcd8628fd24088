//! Which provider account a run uses: a saved account (metadata in the history, secrets in the
//! system keyring, shared with the app) or, for scripts, the GROUPDROP_* environment variables.

use crate::failure::{Exit, Failure};
use groupdrop_core::accounts::{Accounts, KeyringStore};
use groupdrop_core::history::{History, JobRecord};
use groupdrop_core::redact::Redactor;
use groupdrop_providers::config::env_names;
use groupdrop_providers::{ProviderConfig, ProviderKind};
use secrecy::SecretString;
use std::path::Path;

/// The account label history rows carry for runs configured from the environment.
pub const ENV_LABEL: &str = "environment";
/// ... and for the practice provider, which needs no account.
pub const PRACTICE_LABEL: &str = "practice";

pub struct Resolved {
    pub config: ProviderConfig,
    /// Never a secret: a saved account's name, or [`ENV_LABEL`] / [`PRACTICE_LABEL`].
    pub label: String,
    pub account_id: Option<i64>,
    /// The secrets in use, blanked out of everything the engine writes.
    pub redactor: Redactor,
}

pub fn for_create(
    history: &History,
    data_dir: &Path,
    provider: Option<ProviderKind>,
    account: Option<&str>,
) -> Result<Resolved, Failure> {
    if let Some(label) = account {
        let accounts = Accounts::new(history, &KeyringStore);
        let account = accounts.find(label)?.ok_or_else(|| {
            Failure::from(groupdrop_core::CoreError::AccountNotFound(
                label.trim().into(),
            ))
        })?;
        if let Some(kind) = provider.filter(|k| *k != account.provider) {
            return Err(Failure::new(Exit::BadInput, format!(
                "the account \"{}\" is a {} account, but --provider says {}. Drop --provider or choose another account.",
                account.label,
                account.provider.display_name(),
                kind.display_name()
            )));
        }
        let (config, redactor) = accounts.provider_config(&account, data_dir)?;
        return Ok(Resolved {
            config,
            label: account.label,
            account_id: Some(account.id),
            redactor,
        });
    }
    let kind = provider.ok_or_else(|| Failure::new(
        Exit::BadInput,
        "say which provider to use: --provider eazybe, 2chat, zapi or practice (or a saved account with --account NAME)",
    ))?;
    from_env(kind, data_dir)
}

/// The same credentials a run was started with: its saved account, or the environment.
pub fn for_job(history: &History, data_dir: &Path, job: &JobRecord) -> Result<Resolved, Failure> {
    let Some(id) = job.account_id else {
        return from_env(job.provider, data_dir);
    };
    let accounts = Accounts::new(history, &KeyringStore);
    let account = accounts.get(id)?.ok_or_else(|| {
        Failure::new(Exit::BadInput, format!(
            "run {} used the account \"{}\", which has been removed. Add the account again in the app, then resume.",
            job.id, job.account_label
        ))
    })?;
    let (config, redactor) = accounts.provider_config(&account, data_dir)?;
    Ok(Resolved {
        config,
        label: account.label,
        account_id: Some(id),
        redactor,
    })
}

fn from_env(kind: ProviderKind, data_dir: &Path) -> Result<Resolved, Failure> {
    let config = ProviderConfig::from_env(kind, data_dir)?;
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
    Ok(Resolved {
        config,
        label: if kind == ProviderKind::Practice {
            PRACTICE_LABEL.into()
        } else {
            ENV_LABEL.into()
        },
        account_id: None,
        redactor: Redactor::new(secrets),
    })
}
