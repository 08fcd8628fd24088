//! Which contact file the app was asked to open: `groupdrop contacts.csv`, the file manager's
//! "Open with", or a second launch forwarded by single-instance (which hands over its own argv and
//! working directory, so relative paths must be resolved against *that* directory, not ours).

use std::path::{Path, PathBuf};

/// The first argument after the program name that looks like a file, made absolute against `cwd`.
///
/// Options (`-…`) are skipped: WebKit/GTK and test drivers may add their own. Desktop launchers
/// that pass `%U` hand over `file://` URIs; those are decoded to paths.
pub fn file_from_args<I, S>(args: I, cwd: &Path) -> Option<PathBuf>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    args.into_iter()
        .skip(1)
        .map(|a| a.as_ref().trim().to_string())
        .find(|a| !a.is_empty() && !a.starts_with('-'))
        .map(|a| {
            let path = match a.strip_prefix("file://") {
                Some(rest) => PathBuf::from(percent_decode(rest)),
                None => PathBuf::from(a),
            };
            if path.is_absolute() {
                path
            } else {
                cwd.join(path)
            }
        })
}

/// `%20` → space etc., for `file://` URIs. Invalid escapes are kept as they are.
fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_argument_means_no_file() {
        assert_eq!(file_from_args(["groupdrop"], Path::new("/home/a")), None);
        assert_eq!(file_from_args(Vec::<String>::new(), Path::new("/")), None);
    }

    #[test]
    fn relative_paths_resolve_against_the_launch_directory() {
        assert_eq!(
            file_from_args(
                ["groupdrop", "lists/team.csv"],
                Path::new("/home/ana/Desktop")
            ),
            Some(PathBuf::from("/home/ana/Desktop/lists/team.csv"))
        );
    }

    #[test]
    fn absolute_paths_and_options() {
        assert_eq!(
            file_from_args(
                ["/usr/bin/groupdrop", "--some-flag", "/tmp/x y.xlsx"],
                Path::new("/")
            ),
            Some(PathBuf::from("/tmp/x y.xlsx"))
        );
    }

    #[test]
    fn file_uris_are_decoded() {
        assert_eq!(
            file_from_args(
                ["groupdrop", "file:///home/ana/Contatos%20da%20escola.csv"],
                Path::new("/")
            ),
            Some(PathBuf::from("/home/ana/Contatos da escola.csv"))
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%zzb"), "a%zzb");
        assert_eq!(percent_decode("%C3%A9"), "é");
        assert_eq!(percent_decode("é%"), "é%");
        assert_eq!(percent_decode("%é"), "%é");
    }
}
