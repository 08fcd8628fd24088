//! Accounts screen: add, rename, test and remove provider accounts.
//!
//! Secrets travel one way: from the form into Rust, straight into the OS keyring through
//! groupdrop-core. No command returns them; the UI only learns `saved: true`.

use groupdrop_core::accounts::{self as core_accounts, KeyringStore};
use groupdrop_core::flow::Account;
use groupdrop_core::flow::{
    AccountCheck, AccountChoice, AccountSecrets as CoreSecrets, AccountSettings, AccountUsage,
    Accounts, ProviderKind,
};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::commands::with_session;
use crate::error::UiError;
use crate::state::AppState;

/// The built-in practice account's id in the UI. Real accounts come from SQLite and start at 1.
pub const PRACTICE_ACCOUNT_ID: u32 = 0;

/// Its name on the Accounts screen (the UI shows its own translated word for it).
pub const PRACTICE_ACCOUNT_LABEL: &str = "Practice";

/// The account the UI's id means.
pub fn choice(id: u32) -> AccountChoice {
    if id == PRACTICE_ACCOUNT_ID {
        AccountChoice::Practice
    } else {
        AccountChoice::Saved(i64::from(id))
    }
}

#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub id: u32,
    pub provider: ProviderKind,
    pub label: String,
    /// The secrets are in the keyring (never the secrets themselves).
    pub saved: bool,
    /// 2Chat: the connected number chosen to send from.
    pub from_number: Option<String>,
    /// The built-in practice account: no real WhatsApp group is created.
    pub practice: bool,
}

/// The secrets a provider needs, as typed in the form. Deserialize only: never sent back.
#[derive(Clone, Deserialize, specta::Type)]
#[serde(tag = "provider")]
pub enum AccountSecrets {
    #[serde(rename = "eazybe", rename_all = "camelCase")]
    EazyBe { org_token: String },
    #[serde(rename = "2chat", rename_all = "camelCase")]
    TwoChat { api_key: String },
    #[serde(rename = "zapi", rename_all = "camelCase")]
    Zapi {
        instance_id: String,
        instance_token: String,
        client_token: String,
    },
}

impl std::fmt::Debug for AccountSecrets {
    /// Never print a secret, even in a debug log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "AccountSecrets({}, <redacted>)",
            self.provider().as_str()
        )
    }
}

impl AccountSecrets {
    pub fn provider(&self) -> ProviderKind {
        match self {
            AccountSecrets::EazyBe { .. } => ProviderKind::EazyBe,
            AccountSecrets::TwoChat { .. } => ProviderKind::TwoChat,
            AccountSecrets::Zapi { .. } => ProviderKind::Zapi,
        }
    }

    /// Into groupdrop-core's named secrets; empty fields are refused with the field's name.
    fn into_core(self) -> Result<CoreSecrets, UiError> {
        fn need(value: String, what: &str) -> Result<String, UiError> {
            let v = value.trim().to_string();
            if v.is_empty() {
                return Err(UiError::invalid(format!("Fill in the {what}.")));
            }
            Ok(v)
        }
        Ok(match self {
            AccountSecrets::EazyBe { org_token } => CoreSecrets::new().with(
                core_accounts::TOKEN,
                need(org_token, "EazyBe organisation token")?,
            ),
            AccountSecrets::TwoChat { api_key } => {
                CoreSecrets::new().with(core_accounts::API_KEY, need(api_key, "2Chat API key")?)
            }
            AccountSecrets::Zapi {
                instance_id,
                instance_token,
                client_token,
            } => CoreSecrets::new()
                .with(
                    core_accounts::INSTANCE_ID,
                    need(instance_id, "Z-API instance ID")?,
                )
                .with(
                    core_accounts::INSTANCE_TOKEN,
                    need(instance_token, "Z-API instance token")?,
                )
                // Optional: Z-API asks for the account security token only once it has been
                // activated in its panel.
                .with_optional(core_accounts::CLIENT_TOKEN, client_token),
        })
    }
}

#[derive(Clone, Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    pub label: String,
    pub secrets: AccountSecrets,
}

/// Changes to an existing account; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountChanges {
    pub label: Option<String>,
    pub from_number: Option<String>,
    /// Replace the stored secrets (e.g. a new API key).
    pub secrets: Option<AccountSecrets>,
}

/// Whether secrets can be stored at all, and if not, how to get a keyring.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KeyringStatus {
    pub available: bool,
    pub message: Option<String>,
}

pub fn practice_view() -> AccountView {
    AccountView {
        id: PRACTICE_ACCOUNT_ID,
        provider: ProviderKind::Practice,
        label: PRACTICE_ACCOUNT_LABEL.to_string(),
        saved: true,
        from_number: None,
        practice: true,
    }
}

fn view(account: &Account, saved: bool) -> AccountView {
    AccountView {
        id: u32::try_from(account.id).unwrap_or(u32::MAX),
        provider: account.provider,
        label: account.label.clone(),
        saved,
        from_number: account.settings.from_number.clone(),
        practice: false,
    }
}

/// The saved account `id`, or a "not found" the UI can show.
fn account(accounts: &Accounts<'_>, id: u32) -> Result<Account, UiError> {
    accounts.get(i64::from(id))?.ok_or_else(|| {
        UiError::not_found("This account no longer exists. Open Accounts to see the current ones.")
    })
}

#[tauri::command]
#[specta::specta]
pub async fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountView>, UiError> {
    with_session(&state, |session| {
        let accounts = session.accounts();
        let mut out = vec![practice_view()];
        for a in accounts.list()? {
            // A missing or locked keyring shows as "not saved" here; keyring_status explains.
            let saved = accounts.has_secrets(&a).unwrap_or(false);
            out.push(view(&a, saved));
        }
        Ok(out)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn keyring_status() -> Result<KeyringStatus, UiError> {
    let status = tauri::async_runtime::spawn_blocking(KeyringStore::status)
        .await
        .map_err(UiError::internal)?;
    Ok(match status {
        Ok(()) => KeyringStatus {
            available: true,
            message: None,
        },
        Err(e) => KeyringStatus {
            available: false,
            message: Some(e.to_string()),
        },
    })
}

#[tauri::command]
#[specta::specta]
pub async fn save_account(
    account: NewAccount,
    state: State<'_, AppState>,
) -> Result<AccountView, UiError> {
    let provider = account.secrets.provider();
    let secrets = account.secrets.into_core()?;
    let label = account.label;
    let saved = with_session(&state, move |session| {
        Ok(session
            .accounts()
            .add(provider, &label, &AccountSettings::default(), &secrets)?)
    })
    .await?;
    tracing::info!("account {} ({}) saved", saved.id, provider.as_str());
    Ok(view(&saved, true))
}

#[tauri::command]
#[specta::specta]
pub async fn update_account(
    id: u32,
    changes: AccountChanges,
    state: State<'_, AppState>,
) -> Result<AccountView, UiError> {
    with_session(&state, move |session| {
        let accounts = &session.accounts();
        let mut a = account(accounts, id)?;
        if let Some(label) = changes.label {
            a = accounts.rename(&a, &label)?;
        }
        if let Some(from) = changes.from_number {
            let mut from = from.trim().to_string();
            if a.provider == ProviderKind::Zapi && !from.is_empty() {
                from = connected_number(&from)?;
            }
            let settings = AccountSettings {
                from_number: (!from.is_empty()).then_some(from),
                ..a.settings.clone()
            };
            a = accounts.update_settings(&a, &settings)?;
        }
        if let Some(secrets) = changes.secrets {
            if secrets.provider() != a.provider {
                return Err(UiError::invalid(format!(
                    "These are not {} keys. Add a new account for the other service.",
                    a.provider.display_name()
                )));
            }
            accounts.set_secrets(&a, &secrets.into_core()?)?;
        }
        let saved = accounts.has_secrets(&a).unwrap_or(false);
        Ok(view(&a, saved))
    })
    .await
}

/// The number connected to a Z-API instance as the user typed it (`+55 (11) 98765-4321`), as
/// `+` and digits, or a message saying what to type.
fn connected_number(typed: &str) -> Result<String, UiError> {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let only_phone_chars = typed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if !only_phone_chars || !(8..=15).contains(&digits.len()) {
        return Err(UiError::invalid(format!(
            "\"{typed}\" is not a phone number. Type the WhatsApp number connected to Z-API with its country code, for example +55 11 98765-4321."
        )));
    }
    Ok(format!("+{digits}"))
}

/// How many groups an account created in the last 24 hours, against the daily limit in
/// Settings (flow's usage), so the Create screen can say "2 of 10 today".
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn account_usage(id: u32, state: State<'_, AppState>) -> Result<AccountUsage, UiError> {
    with_session(&state, move |s| Ok(s.usage(&choice(id), &s.pacing())?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_account(id: u32, state: State<'_, AppState>) -> Result<(), UiError> {
    if id == PRACTICE_ACCOUNT_ID {
        return Err(UiError::invalid(
            "The practice account is built in and cannot be removed.",
        ));
    }
    with_session(&state, move |session| {
        let accounts = &session.accounts();
        let a = account(accounts, id)?;
        accounts.remove(&a)?;
        Ok(())
    })
    .await
}

/// "Test connection": the provider's cheapest read call with the stored secrets (flow's check,
/// which also learns the account's own number for the next plan).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn test_account(id: u32, state: State<'_, AppState>) -> Result<AccountCheck, UiError> {
    let session = state.session()?;
    let conn = with_session(&state, move |s| Ok(s.connect(&choice(id))?)).await?;
    Ok(session.check(&conn).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_deserialize_from_the_form_shape_and_never_debug_print() {
        let s: AccountSecrets = serde_json::from_value(serde_json::json!({
            "provider": "zapi", "instanceId": "I-1", "instanceToken": "T-SECRET-2", "clientToken": "C-3"
        }))
        .unwrap();
        assert_eq!(s.provider(), ProviderKind::Zapi);
        assert!(!format!("{s:?}").contains("SECRET"));
        let core = s.into_core().unwrap();
        assert!(!format!("{core:?}").contains("SECRET"));
    }

    #[test]
    fn a_typed_zapi_connected_number_is_kept_as_plus_digits_or_refused_with_an_example() {
        assert_eq!(
            connected_number(" +55 (11) 98765-4321 ").unwrap(),
            "+5511987654321"
        );
        assert_eq!(connected_number("5511987654321").unwrap(), "+5511987654321");
        for junk in ["call me", "123", "+55 11 9876x4321", "1234567890123456"] {
            let e = connected_number(junk).unwrap_err();
            assert!(e.message.contains("is not a phone number"), "{junk}: {e:?}");
            assert!(e.message.contains("+55 11 98765-4321"));
        }
    }

    #[test]
    fn empty_secret_fields_are_refused_by_name() {
        let s: AccountSecrets =
            serde_json::from_value(serde_json::json!({"provider": "2chat", "apiKey": "  "}))
                .unwrap();
        let e = s.into_core().unwrap_err();
        assert_eq!(e.kind, crate::error::ErrorKind::InvalidInput);
        assert_eq!(e.message, "Fill in the 2Chat API key.");
    }

    #[test]
    fn the_practice_account_is_always_listed_first_and_saved() {
        let p = practice_view();
        assert_eq!(p.id, PRACTICE_ACCOUNT_ID);
        assert!(p.practice && p.saved);
        assert_eq!(p.label, "Practice");
        assert_eq!(p.provider, ProviderKind::Practice);
    }
}
