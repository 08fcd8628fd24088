//! Accounts screen: add, rename, test and remove provider accounts.
//!
//! Secrets travel one way: from the form into Rust, straight into the OS keyring through
//! groupdrop-core. No command returns them; the UI only learns `saved: true`.

use groupdrop_providers::{AccountCheck, ProviderKind};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

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
        let provider = match self {
            AccountSecrets::EazyBe { .. } => "eazybe",
            AccountSecrets::TwoChat { .. } => "2chat",
            AccountSecrets::Zapi { .. } => "zapi",
        };
        write!(f, "AccountSecrets({provider}, <redacted>)")
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

#[tauri::command]
#[specta::specta]
pub async fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountView>, UiError> {
    let _ = &state;
    Err(UiError::internal("list_accounts: not wired yet"))
}

#[tauri::command]
#[specta::specta]
pub async fn keyring_status(state: State<'_, AppState>) -> Result<KeyringStatus, UiError> {
    let _ = &state;
    Err(UiError::internal("keyring_status: not wired yet"))
}

#[tauri::command]
#[specta::specta]
pub async fn save_account(
    account: NewAccount,
    state: State<'_, AppState>,
) -> Result<AccountView, UiError> {
    let _ = (&state, account);
    Err(UiError::internal("save_account: not wired yet"))
}

#[tauri::command]
#[specta::specta]
pub async fn update_account(
    id: u32,
    changes: AccountChanges,
    state: State<'_, AppState>,
) -> Result<AccountView, UiError> {
    let _ = (&state, id, changes);
    Err(UiError::internal("update_account: not wired yet"))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_account(id: u32, state: State<'_, AppState>) -> Result<(), UiError> {
    let _ = (&state, id);
    Err(UiError::internal("remove_account: not wired yet"))
}

/// "Test connection": the provider's cheapest read call with the stored secrets.
#[tauri::command]
#[specta::specta]
pub async fn test_account(id: u32, state: State<'_, AppState>) -> Result<AccountCheck, UiError> {
    let _ = (&state, id);
    Err(UiError::internal("test_account: not wired yet"))
}
