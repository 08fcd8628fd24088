//! Invite link → QR code as SVG, so people in the room can scan the link from the screen.
//!
//! Rendered in Rust (the `qrcode` crate) rather than by a JS library: the webview stays free of
//! third-party code, and the SVG is pure markup (one `<rect>` and one `<path>`), which the UI shows
//! as an `<img>` data URL, never as injected HTML.

use crate::error::UiError;

/// Only WhatsApp invite links get a QR code: the UI never needs another, and refusing anything else
/// keeps the command from being a general-purpose encoder.
pub const INVITE_PREFIX: &str = "https://chat.whatsapp.com/";

/// The QR code of `link` as a standalone SVG document (dark modules on white, with the quiet zone
/// scanners need).
pub fn invite_svg(link: &str) -> Result<String, UiError> {
    let link = link.trim();
    let code = link.strip_prefix(INVITE_PREFIX).unwrap_or("");
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(UiError::invalid(format!(
            "\"{link}\" is not a WhatsApp invite link (they start with {INVITE_PREFIX})."
        )));
    }
    let qr = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M)
        .map_err(UiError::internal)?;
    Ok(qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .dark_color(qrcode::render::svg::Color("#111827"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_an_svg_document_for_an_invite_link() {
        let svg = invite_svg("https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd").unwrap();
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("<path fill=\"#111827\""));
        assert!(!svg.contains("<script"));
        // Different links give different codes.
        let other = invite_svg("https://chat.whatsapp.com/Zzzzzzzzzzzzzzzzzzzzzz").unwrap();
        assert_ne!(svg, other);
    }

    #[test]
    fn refuses_anything_but_an_invite_link() {
        for bad in [
            "",
            "https://chat.whatsapp.com/",
            "https://evil.example/C1adgkdEGki7554BWDdMkd",
            "javascript:alert(1)",
            "https://chat.whatsapp.com/abc\"><script>",
        ] {
            let e = invite_svg(bad).unwrap_err();
            assert_eq!(e.kind, crate::error::ErrorKind::InvalidInput, "{bad}");
            assert!(e.message.contains("not a WhatsApp invite link"));
        }
    }
}
