import { describe, expect, it } from "vitest";
import capabilities from "../../../capabilities/default.json?raw";
import { SECRET_HELP, TOKEN_PAGES, allTokenPageUrls, missingField, toSecrets, tokenPageUrl, type SecretProvider } from "./providers";

describe("Z-API account form", () => {
  it("saves without a client token (optional until activated in the Z-API panel)", () => {
    const values = { instanceId: "3C4F", instanceToken: "F1E2", clientToken: "  " };
    expect(missingField("zapi", values)).toBeUndefined();
    expect(toSecrets("zapi", values)).toEqual({
      provider: "zapi",
      instanceId: "3C4F",
      instanceToken: "F1E2",
      clientToken: "",
    });
  });

  it("still names the instance fields when they are empty", () => {
    expect(missingField("zapi", { instanceId: "", instanceToken: "x" })?.key).toBe("instanceId");
    expect(missingField("2chat", {})?.key).toBe("apiKey");
  });
});

describe("where each provider shows the token", () => {
  const providers: SecretProvider[] = ["2chat", "eazybe", "zapi"];
  const host: Record<SecretProvider, RegExp> = {
    "2chat": /^https:\/\/app\.2chat\.io\//,
    eazybe: /^https:\/\/workspace\.eazybe\.com\//,
    zapi: /^https:\/\/developer\.z-api\.io\//,
  };

  it("every provider has a help line and at least one https link to its own site", () => {
    for (const p of providers) {
      expect(SECRET_HELP[p]).toBeTruthy();
      expect(TOKEN_PAGES[p].length).toBeGreaterThan(0);
      for (const page of TOKEN_PAGES[p]) {
        for (const locale of ["en", "pt-BR", "es", "hi"]) expect(tokenPageUrl(page, locale)).toMatch(host[p]);
      }
    }
  });

  it("Z-API's guide opens in Portuguese for pt-BR and in English otherwise", () => {
    const [guide] = TOKEN_PAGES.zapi;
    expect(tokenPageUrl(guide, "pt-BR")).toBe("https://developer.z-api.io/security/introduction");
    expect(tokenPageUrl(guide, "es")).toBe("https://developer.z-api.io/en/security/introduction");
    expect(tokenPageUrl(guide, "hi")).toBe("https://developer.z-api.io/en/security/introduction");
  });

  it("the opener plugin may open every one of them (capabilities/default.json), and nothing else was added", () => {
    type Perm = string | { identifier: string; allow?: { url: string }[] };
    const perms: Perm[] = JSON.parse(capabilities).permissions;
    const opener = perms.find((p): p is Exclude<Perm, string> => typeof p !== "string" && p.identifier === "opener:allow-open-url");
    const allowed = (opener?.allow ?? []).map((a) => a.url);
    for (const url of allTokenPageUrls()) expect(allowed).toContain(url);
    expect(allowed.sort()).toEqual(["https://chat.whatsapp.com/*", ...allTokenPageUrls()].sort());
  });
});
