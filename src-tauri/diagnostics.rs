//! Help when something goes wrong: the log (rotated, in the OS log folder), "Open log folder", and
//! "Copy diagnostics" — one block of text an office user can paste into a support e-mail with the
//! app, OS and WebView versions, the provider kinds in use and the last warnings and errors from
//! the log. Everything that leaves through it is masked first: tokens and keys, phone numbers,
//! e-mail addresses, invite links and group ids never appear in clear.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
use tauri_plugin_opener::OpenerExt;

use crate::commands::with_session;
use crate::error::UiError;
use crate::state::AppState;

/// Each log file grows to this size, then a new one starts; the newest few are kept.
pub const LOG_FILE_BYTES: u128 = 1024 * 1024;
pub const LOG_FILES_KEPT: usize = 5;
/// How many of the latest warning/error lines "Copy diagnostics" carries.
const LAST_PROBLEMS: usize = 20;

/// `GROUPDROP_LOG_FILE_BYTES`: a smaller rotation size, so the real-window test can watch the log
/// rotate after a few lines instead of a megabyte.
pub const LOG_FILE_BYTES_ENV: &str = "GROUPDROP_LOG_FILE_BYTES";

/// The rotation size: [`LOG_FILE_BYTES`], or [`LOG_FILE_BYTES_ENV`] when it holds a number.
pub fn log_file_bytes() -> u128 {
    std::env::var(LOG_FILE_BYTES_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u128>().ok())
        .filter(|b| *b > 0)
        .unwrap_or(LOG_FILE_BYTES)
}

/// The log plugin as GroupDrop uses it: stdout and a file in the OS log folder, rotated at
/// [`LOG_FILE_BYTES`], keeping [`LOG_FILES_KEPT`] files.
pub fn log_plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .level(log::LevelFilter::Info)
        .targets([
            Target::new(TargetKind::Stdout),
            // GroupDrop.log on every OS: on Linux the product name is the package's, "groupdrop"
            // (tauri.linux.conf.json), and support asks for the same file everywhere.
            Target::new(TargetKind::LogDir {
                file_name: Some("GroupDrop".into()),
            }),
        ])
        .max_file_size(log_file_bytes())
        .rotation_strategy(RotationStrategy::KeepSome(LOG_FILES_KEPT))
        .build()
}

/// Masks what must never leave the machine in a diagnostics text or a support e-mail.
pub fn mask(text: &str) -> String {
    static RULES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        [
            // Invite links: the code is the key to the group.
            (r"(?i)(chat\.whatsapp\.com/)(?:invite/)?[A-Za-z0-9_-]+", "${1}[link]"),
            // Secrets passed as key=value / "key": "value" / Bearer ...
            (
                r#"(?i)((?:token|api[_-]?key|client[_-]?token|secret|password|authorization)["']?\s*[:=]\s*["']?(?:bearer\s+)?)[^\s"',;]+"#,
                "${1}[secret]",
            ),
            (r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+", "${1}[secret]"),
            // E-mail addresses.
            (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", "[email]"),
            // Group ids (WhatsApp JIDs and 2Chat/EazyBe ids) before phone numbers eat their digits.
            (r"\b\d{6,}(?:-\d+)?@(?:g|s)\.us\b", "[group-id]"),
            (r"\b\d{10,}-group\b", "[group-id]"),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).expect("mask pattern"), to))
        .collect()
    });
    let mut out = text.to_string();
    for (re, to) in rules {
        out = re.replace_all(&out, *to).into_owned();
    }
    out = mask_opaque(&out);
    mask_phones(&out)
}

/// Any 20+ character run of letters, digits, `_` or `-` that mixes letters and digits: a token,
/// a key or an instance id.
fn mask_opaque(text: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"[A-Za-z0-9_-]{20,}").expect("opaque pattern"));
    re.replace_all(text, |c: &regex::Captures<'_>| {
        let s = &c[0];
        let digits = s.chars().any(|ch| ch.is_ascii_digit());
        let letters = s.chars().any(|ch| ch.is_ascii_alphabetic());
        if digits && letters {
            "[secret]".to_string()
        } else {
            s.to_string()
        }
    })
    .into_owned()
}

/// Phone numbers (7+ digits, with the usual separators): every digit but the last two becomes
/// `•`, so "+55 (11) 98765-4321" reads "+•• (••) •••••-••21" — enough to tell two apart in a
/// support thread, not enough to call anyone.
fn mask_phones(text: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    static DATE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\+?\(?\d[\d\s().-]{5,}\d").expect("phone pattern"));
    // Log timestamps (2026-12-03) are not phone numbers: set them aside, mask, put them back.
    let date = DATE.get_or_init(|| Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").expect("date pattern"));
    let mut dates: Vec<String> = Vec::new();
    let text = date.replace_all(text, |c: &regex::Captures<'_>| {
        dates.push(c[0].to_string());
        "\u{1}"
    });
    let masked = re.replace_all(&text, |c: &regex::Captures<'_>| {
        let s = &c[0];
        let total = s.chars().filter(char::is_ascii_digit).count();
        if total < 7 {
            return s.to_string();
        }
        let mut seen = 0;
        s.chars()
            .map(|ch| {
                if ch.is_ascii_digit() {
                    seen += 1;
                    if seen <= total - 2 {
                        return '•';
                    }
                }
                ch
            })
            .collect::<String>()
    });
    let mut dates = dates.into_iter();
    masked
        .split('\u{1}')
        .enumerate()
        .fold(String::new(), |mut out, (i, part)| {
            if i > 0 {
                out.push_str(&dates.next().unwrap_or_default());
            }
            out.push_str(part);
            out
        })
}

/// The OS name and version, as a support person asks for it.
pub fn os_description() -> String {
    let version = os_version().unwrap_or_else(|| "unknown version".into());
    format!(
        "{} {} ({})",
        std::env::consts::OS,
        version,
        std::env::consts::ARCH
    )
}

#[cfg(target_os = "linux")]
fn os_version() -> Option<String> {
    let text = std::fs::read_to_string("/etc/os-release").ok()?;
    os_release_pretty_name(&text)
}

/// `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"` → `Debian GNU/Linux 12 (bookworm)`.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn os_release_pretty_name(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim().trim_matches('"').to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(target_os = "macos")]
fn os_version() -> Option<String> {
    let out = std::process::Command::new("sw_vers")
        .arg("-productVersion")
        .output()
        .ok()?;
    Some(format!(
        "macOS {}",
        String::from_utf8_lossy(&out.stdout).trim()
    ))
}

#[cfg(windows)]
fn os_version() -> Option<String> {
    // `ver` prints "Microsoft Windows [Version 10.0.22631.4602]".
    let out = std::process::Command::new("cmd")
        .args(["/C", "ver"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!text.is_empty()).then_some(text)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn os_version() -> Option<String> {
    None
}

/// The last `n` warning and error lines of the newest log files in `dir`, oldest first.
pub fn last_problems(dir: &Path, n: usize) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "log"))
                .collect()
        })
        .unwrap_or_default();
    // Oldest first by modification time, so the lines come out in order.
    files.sort_by_key(|p| p.metadata().and_then(|m| m.modified()).ok());
    let mut lines: Vec<String> = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        lines.extend(
            text.lines()
                .filter(|l| l.contains("[WARN]") || l.contains("[ERROR]"))
                .map(str::to_string),
        );
    }
    let skip = lines.len().saturating_sub(n);
    lines.split_off(skip)
}

/// What "Copy diagnostics" puts on the clipboard, already masked.
pub struct Facts {
    pub app_version: String,
    pub os: String,
    pub webview: String,
    pub locale: Option<String>,
    pub providers: Vec<String>,
    pub problems: Vec<String>,
}

pub fn report(f: &Facts) -> String {
    let mut out = format!(
        "GroupDrop {}\nOS: {}\nWebView: {}\nLanguage: {}\nProviders in use: {}\n",
        f.app_version,
        f.os,
        f.webview,
        f.locale.as_deref().unwrap_or("unknown"),
        if f.providers.is_empty() {
            "none (practice only)".to_string()
        } else {
            f.providers.join(", ")
        },
    );
    if f.problems.is_empty() {
        out.push_str("Recent problems: none\n");
    } else {
        out.push_str("Recent problems:\n");
        for l in &f.problems {
            out.push_str("  ");
            out.push_str(l);
            out.push('\n');
        }
    }
    mask(&out)
}

/// The diagnostics text for support, masked (see [`mask`]).
#[tauri::command]
#[specta::specta]
pub async fn diagnostics<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<String, UiError> {
    let mut providers: Vec<String> = with_session(&state, |session| {
        Ok(session
            .accounts()
            .list()?
            .iter()
            .map(|a| a.provider.as_str().to_string())
            .collect())
    })
    .await
    .unwrap_or_default();
    providers.sort();
    providers.dedup();
    let problems = app
        .path()
        .app_log_dir()
        .map(|d| last_problems(&d, LAST_PROBLEMS))
        .unwrap_or_default();
    Ok(report(&Facts {
        app_version: app.package_info().version.to_string(),
        os: os_description(),
        webview: tauri::webview_version().unwrap_or_else(|_| "unknown".into()),
        locale: sys_locale::get_locale(),
        providers,
        problems,
    }))
}

/// Opens the folder with GroupDrop's log files in the file manager.
#[tauri::command]
#[specta::specta]
pub fn open_log_folder<R: Runtime>(app: AppHandle<R>) -> Result<(), UiError> {
    let dir = app.path().app_log_dir().map_err(UiError::internal)?;
    std::fs::create_dir_all(&dir).map_err(UiError::internal)?;
    app.opener()
        .open_path(dir.to_string_lossy(), None::<&str>)
        .map_err(UiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_numbers_links_ids_tokens_and_emails() {
        let raw = "job 7 stopped: +55 (11) 98765-4321 rejected; link https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd \
                   group 120363019502650977@g.us and 120363019502650978-group; client-token: F2a9c1e0b7d84f5a9e3c2b1a0d9e8f7c6; \
                   Authorization: Bearer sk_live_abcDEF123; instance 3C5E1A2B4D6F8A0B9C7E5D3F1A2B4C6D; mail ana.souza@escola.com.br; 5511987654321";
        let m = mask(raw);
        for secret in [
            "98765-4321",
            "C1adgkdEGki7554BWDdMkd",
            "120363019502650977",
            "120363019502650978",
            "F2a9c1e0b7d84f5a9e3c2b1a0d9e8f7c6",
            "sk_live_abcDEF123",
            "3C5E1A2B4D6F8A0B9C7E5D3F1A2B4C6D",
            "ana.souza",
            "5511987654321",
        ] {
            assert!(!m.contains(secret), "{secret} leaked: {m}");
        }
        assert!(m.contains("+•• (••) •••••-••21"), "{m}");
        assert!(m.contains("chat.whatsapp.com/[link]"), "{m}");
        assert!(m.contains("[group-id]"), "{m}");
        assert!(m.contains("•••••••••••21"), "{m}");
        // What support needs stays readable.
        assert!(m.starts_with("job 7 stopped:"), "{m}");
    }

    #[test]
    fn versions_and_plain_words_are_not_masked() {
        let m = mask("GroupDrop 0.1.0\nWebView: 2.50.6\nOS: linux Debian GNU/Linux 12 (bookworm) (x86_64)\n[2026-12-03][12:00:01][groupdrop_app][WARN] import: unreadable file");
        assert!(m.contains("GroupDrop 0.1.0"), "{m}");
        assert!(m.contains("2.50.6"), "{m}");
        assert!(m.contains("Debian GNU/Linux 12"), "{m}");
        assert!(
            m.contains("[2026-12-03][12:00:01][groupdrop_app][WARN] import: unreadable file"),
            "{m}"
        );
    }

    #[test]
    fn report_lists_facts_and_masks_the_log_lines() {
        let text = report(&Facts {
            app_version: "0.1.0".into(),
            os: "linux Debian GNU/Linux 12 (bookworm) (x86_64)".into(),
            webview: "2.50.6".into(),
            locale: Some("pt-BR".into()),
            providers: vec!["2chat".into(), "zapi".into()],
            problems: vec![
                "[ERROR] 2chat refused +55 11 98765-4321 with api_key=UAK1234567890abcdef".into(),
            ],
        });
        assert!(text.contains("GroupDrop 0.1.0\nOS: linux Debian"), "{text}");
        assert!(text.contains("Providers in use: 2chat, zapi"), "{text}");
        assert!(text.contains("Language: pt-BR"), "{text}");
        assert!(!text.contains("98765"), "{text}");
        assert!(!text.contains("UAK1234567890abcdef"), "{text}");
    }

    #[test]
    fn last_problems_reads_rotated_files_in_order_and_keeps_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("GroupDrop_2026-12-01_10-00-00.log");
        let new = dir.path().join("GroupDrop.log");
        std::fs::write(&old, "[INFO] start\n[WARN] old one\n").unwrap();
        // Make the rotated file older than the current one.
        let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(past)
            .unwrap();
        std::fs::write(&new, "[ERROR] a\n[INFO] b\n[WARN] c\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "[ERROR] not a log\n").unwrap();
        assert_eq!(
            last_problems(dir.path(), 10),
            ["[WARN] old one", "[ERROR] a", "[WARN] c"]
        );
        assert_eq!(last_problems(dir.path(), 2), ["[ERROR] a", "[WARN] c"]);
        assert!(last_problems(&dir.path().join("missing"), 5).is_empty());
    }

    #[test]
    fn os_release_names_the_distribution() {
        assert_eq!(
            os_release_pretty_name(
                "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
            )
            .as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
        assert_eq!(os_release_pretty_name("NAME=x\n"), None);
        assert!(os_description().contains(std::env::consts::ARCH));
    }
}
