// The window's permissions and content policy, pinned: widening either (a new permission, a looser
// CSP source, another capability file, another URL the opener may open) fails here and has to be a
// deliberate, reviewed change to this file.
import { describe, expect, it } from "vitest";
import tauriConf from "../../../tauri.conf.json?raw";

const capabilityFiles = import.meta.glob("../../../capabilities/*", { query: "?raw", import: "default", eager: true });

describe("the window's security settings are pinned", () => {
  it("one capability file, for the main window, with exactly these permissions", () => {
    expect(Object.keys(capabilityFiles)).toEqual(["../../../capabilities/default.json"]);
    const cap = JSON.parse(capabilityFiles["../../../capabilities/default.json"] as string);
    expect(cap.windows).toEqual(["main"]);
    expect(cap.remote).toBeUndefined();
    const names = cap.permissions.map((p: string | { identifier: string }) => (typeof p === "string" ? p : p.identifier));
    expect(names).toEqual([
      "core:event:allow-listen",
      "core:event:allow-unlisten",
      "dialog:allow-open",
      "dialog:allow-save",
      "opener:allow-open-url",
      "allow-startup-file",
      "allow-import-file",
      "allow-countries",
      "allow-list-accounts",
      "allow-keyring-status",
      "allow-save-account",
      "allow-update-account",
      "allow-remove-account",
      "allow-test-account",
      "allow-account-usage",
      "allow-plan-job",
      "allow-check-cost",
      "allow-check-numbers",
      "allow-start-job",
      "allow-cancel-job",
      "allow-resume-job",
      "allow-running-job",
      "allow-confirm-close",
      "allow-list-history",
      "allow-show-job",
      "allow-export-rejected",
      "allow-export-links",
      "allow-invite-qr",
      "allow-get-settings",
      "allow-save-settings",
      "allow-check-update",
      "allow-install-update",
      "allow-diagnostics",
      "allow-open-log-folder",
    ]);
    // The opener may open https links only, each on a fixed host (the list itself is pinned in
    // providers.test.ts against the token pages).
    const opener = cap.permissions.find((p: string | { identifier: string }) => typeof p !== "string" && p.identifier === "opener:allow-open-url");
    for (const { url } of opener.allow as { url: string }[]) {
      expect(url).toMatch(/^https:\/\/(chat\.whatsapp\.com|app\.2chat\.io|workspace\.eazybe\.com|developer\.z-api\.io)\//);
    }
  });

  it("the content security policy stays this strict", () => {
    const security = JSON.parse(tauriConf).app.security;
    expect(security.csp).toEqual({
      "default-src": "'self'",
      "script-src": "'self'",
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' data:",
      "font-src": "'self'",
      "connect-src": "ipc: http://ipc.localhost",
      "object-src": "'none'",
      "base-uri": "'none'",
      "form-action": "'none'",
      "frame-src": "'none'",
    });
    expect(security.devCsp).toBeUndefined();
    expect(security.dangerousDisableAssetCspModification).toEqual(["style-src"]);
    expect(security.freezePrototype).toBe(true);
    expect(security.assetProtocol?.enable ?? false).toBe(false);
    expect(JSON.parse(tauriConf).app.withGlobalTauri ?? false).toBe(false);
  });
});
