//! What kind of file this is, from its bytes first and its name second: real exports are often
//! misnamed (a "contacts.xls" that is really tab-separated text, a ".csv" that is a workbook).

/// The container, as far as the bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Xlsx,
    Ods,
    /// An OLE2 compound file: Excel 97-2003.
    Xls,
    /// An OLE2 file holding an encrypted Office Open XML package: a password-protected .xlsx.
    EncryptedOoxml,
    /// Anything that is not one of the above and not a known binary format: try it as text.
    Text,
}

/// A recognised kind of file that is not a contact list, named for the user ("a PDF document").
pub(crate) struct NotAContactList(pub &'static str);

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Classifies the bytes. ZIP members and OLE2 stream names are stored uncompressed, so a byte
/// search finds them without unpacking anything.
pub(crate) fn container(bytes: &[u8]) -> Result<Container, NotAContactList> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        if contains(bytes, b"xl/workbook") || contains(bytes, b"xl/worksheets") {
            return Ok(Container::Xlsx);
        }
        if contains(bytes, b"application/vnd.oasis.opendocument.spreadsheet") {
            return Ok(Container::Ods);
        }
        if contains(bytes, b"word/document") || contains(bytes, b"opendocument.text") {
            return Err(NotAContactList("a word-processor document"));
        }
        if contains(bytes, b"ppt/") || contains(bytes, b"opendocument.presentation") {
            return Err(NotAContactList("a presentation"));
        }
        if contains(bytes, b"content.xml") {
            // An OpenDocument file whose mimetype entry is missing or compressed: let calamine try.
            return Ok(Container::Ods);
        }
        return Err(NotAContactList("a ZIP archive"));
    }
    if bytes.starts_with(OLE2_MAGIC) {
        if contains(bytes, &utf16le("EncryptedPackage"))
            || contains(bytes, &utf16le("EncryptionInfo"))
        {
            return Ok(Container::EncryptedOoxml);
        }
        if contains(bytes, &utf16le("WordDocument")) {
            return Err(NotAContactList("a Word document"));
        }
        if contains(bytes, &utf16le("PowerPoint Document")) {
            return Err(NotAContactList("a PowerPoint presentation"));
        }
        return Ok(Container::Xls);
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "an image"),
        (b"\xFF\xD8\xFF", "an image"),
        (b"GIF8", "an image"),
        (b"RIFF", "a media file"),
        (b"\x1F\x8B", "a compressed archive"),
        (b"Rar!", "a compressed archive"),
        (b"7z\xBC\xAF", "a compressed archive"),
        (b"\x7FELF", "a program"),
        (b"MZ", "a program"),
        (b"SQLite format 3", "a database"),
        (b"{\\rtf", "a word-processor document"),
    ];
    for (magic, what) in SIGNATURES {
        if bytes.starts_with(magic) {
            return Err(NotAContactList(what));
        }
    }
    Ok(Container::Text)
}

/// What a file name's extension promises, used for wording and for text-vs-CSV labelling only.
pub(crate) fn extension(file_name: &str) -> String {
    std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// Extensions of formats that are never contact lists, named for the message. Only consulted
/// when the bytes are not a recognised container and do not decode as text.
pub(crate) fn known_unsupported(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "pdf" => "a PDF document",
        "doc" | "docx" | "odt" | "rtf" | "pages" => "a word-processor document",
        "numbers" => "an Apple Numbers spreadsheet",
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "heic" => "an image",
        "zip" | "rar" | "7z" | "gz" => "a compressed archive",
        "exe" | "dmg" | "msi" | "apk" => "a program",
        "mdb" | "accdb" | "db" | "sqlite" => "a database",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_are_told_apart_by_content() {
        assert_eq!(
            container(b"PK\x03\x04....xl/workbook.xml").ok(),
            Some(Container::Xlsx)
        );
        let mut enc = OLE2_MAGIC.to_vec();
        enc.extend(utf16le("EncryptionInfo"));
        assert_eq!(container(&enc).ok(), Some(Container::EncryptedOoxml));
        assert_eq!(container(OLE2_MAGIC).ok(), Some(Container::Xls));
        assert_eq!(
            container(b"%PDF-1.7").err().map(|e| e.0),
            Some("a PDF document")
        );
        assert_eq!(container(b"Name,Phone\n").ok(), Some(Container::Text));
    }
}
