import { describe, expect, it } from "vitest";
import { isWhatsAppInvite } from "./links";

describe("isWhatsAppInvite", () => {
  it("accepts the invite links providers return", () => {
    expect(isWhatsAppInvite("https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd")).toBe(true);
    expect(isWhatsAppInvite(" https://chat.whatsapp.com/KS9M0t8Ixd2Kx5oB3sGqgw/ ")).toBe(true);
    expect(isWhatsAppInvite("https://chat.whatsapp.com/invite/KS9M0t8Ixd2")).toBe(true);
  });

  it("refuses every other address, however close it looks", () => {
    for (const link of [
      "",
      "chat.whatsapp.com/C1adgkdEGki7554BWDdMkd",
      "http://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd",
      "https://chat.whatsapp.com.evil.example/C1adgkdEGki7554BWDdMkd",
      "https://evil.example/chat.whatsapp.com/C1adgkdEGki7554BWDdMkd",
      "https://chat.whatsapp.com@evil.example/C1adgkdEGki7554BWDdMkd",
      "https://user:pw@chat.whatsapp.com/C1adgkdEGki7554BWDdMkd",
      "https://chat.whatsapp.com:8443/C1adgkdEGki7554BWDdMkd",
      "https://chat.whatsapp.com/",
      "https://chat.whatsapp.com/../../etc/passwd",
      "javascript:alert(1)",
      "file:///etc/passwd",
    ]) {
      expect(isWhatsAppInvite(link), link).toBe(false);
    }
  });
});
