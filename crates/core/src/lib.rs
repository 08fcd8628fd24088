//! Plans, jobs and history: from an imported contact list to a journaled, resumable group
//! creation. Tauri-free, so the CLI and the app share every rule here. The shells call only
//! [`flow`], the use-case layer on top of the rest.
//!
//! `plan` checks and batches; `job` runs a plan through a provider one journaled call at a time;
//! `history` is the SQLite file that makes that safe to kill; `accounts` keeps provider accounts
//! (secrets in the OS keyring); `export` writes rejected numbers as formula-safe CSV.

pub mod accounts;
pub mod cancel;
pub mod error;
pub mod export;
pub mod flow;
pub mod history;
pub mod job;
pub mod outcome;
pub mod pacing;
pub mod paths;
pub mod plan;
pub mod redact;

pub use cancel::CancelToken;
pub use error::{CoreError, ErrorKind, MessageParams, Result, UiError};
pub use history::History;
pub use job::{Engine, EngineConfig, Progress};
pub use outcome::{JobStatus, Outcome};
pub use plan::{Plan, PlanInput, PlanOptions};
