//! The commands the webview may call, one module per screen area. Each parses its input, calls
//! the crates, and maps errors to [`crate::error::UiError`].

pub mod accounts;
pub mod history;
pub mod import;
pub mod jobs;
pub mod names;
pub mod settings;
