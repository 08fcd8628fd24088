// Which links GroupDrop opens or draws as a QR code. An invite link comes from a provider's answer,
// so a provider that is wrong (or a proxy that rewrites answers) could hand us any address; the
// opener's allow-list (capabilities/default.json) refuses others too, but the screen should not offer
// an Open button or a QR code that leads somewhere else in the first place.

/** True only for `https://chat.whatsapp.com/<code>`: no other scheme, host, port or user part. */
export function isWhatsAppInvite(link: string): boolean {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return false;
  }
  return (
    url.protocol === "https:" &&
    url.hostname === "chat.whatsapp.com" &&
    url.port === "" &&
    url.username === "" &&
    url.password === "" &&
    /^\/(invite\/)?[A-Za-z0-9_-]+\/?$/.test(url.pathname)
  );
}
