//! The one error shape the webview sees is groupdrop-core's [`UiError`] (`{kind, message,
//! params}`), whose `kind` is core's [`ErrorKind`], exported to TypeScript through the bindings.
//! Re-exported here so the commands read `crate::error::UiError`.

pub use groupdrop_core::{ErrorKind, UiError};
