// What each provider's account form asks for. Shared by "Add account" and "Replace key".

import type { AccountSecrets } from "../bindings";
import type { MessageKey } from "../i18n/en";

export type SecretProvider = "eazybe" | "2chat" | "zapi";

export const SECRET_FIELDS: Record<
  SecretProvider,
  { key: string; label: MessageKey; optional?: boolean }[]
> = {
  eazybe: [{ key: "orgToken", label: "accounts.eazybe.orgToken" }],
  "2chat": [{ key: "apiKey", label: "accounts.2chat.apiKey" }],
  zapi: [
    { key: "instanceId", label: "accounts.zapi.instanceId" },
    { key: "instanceToken", label: "accounts.zapi.instanceToken" },
    // Z-API asks for the account security token only once "Activate Token" was clicked in its
    // panel: an account without one must still be savable.
    { key: "clientToken", label: "accounts.zapi.clientToken", optional: true },
  ],
};

export const SECRET_HELP: Record<SecretProvider, MessageKey> = {
  eazybe: "accounts.eazybe.help",
  "2chat": "accounts.2chat.help",
  zapi: "accounts.zapi.help",
};

/**
 * The provider's own page that shows the token, opened in the user's browser (opener plugin; the
 * webview never navigates away). Each URL must also be allowed in capabilities/default.json.
 * Sources: 2Chat's quick start ("developers section", app.2chat.io/developers?tab=api-access);
 * EazyBe's API pages ("go to workspace.eazybe.com … an admin opens the Organization page");
 * Z-API's "ID and Token" and "Account security token" pages, in Portuguese for pt-BR (Z-API is
 * Brazilian and its panel speaks Portuguese) and in English otherwise.
 */
export type TokenPage = { label: MessageKey; url: string | ({ en: string } & Partial<Record<string, string>>) };

export const TOKEN_PAGES: Record<SecretProvider, TokenPage[]> = {
  "2chat": [{ label: "accounts.link.2chat", url: "https://app.2chat.io/developers?tab=api-access" }],
  eazybe: [{ label: "accounts.link.eazybe", url: "https://workspace.eazybe.com/" }],
  zapi: [
    {
      label: "accounts.link.zapi",
      url: { en: "https://developer.z-api.io/en/security/introduction", "pt-BR": "https://developer.z-api.io/security/introduction" },
    },
    {
      label: "accounts.link.zapiClientToken",
      url: { en: "https://developer.z-api.io/en/security/client-token", "pt-BR": "https://developer.z-api.io/security/client-token" },
    },
  ],
};

/** The page's address for the UI language (English when the provider has no page in it). */
export function tokenPageUrl(page: TokenPage, locale: string): string {
  return typeof page.url === "string" ? page.url : (page.url[locale] ?? page.url.en);
}

/** Every address a token page can have: the opener's allow-list must hold each of them. */
export function allTokenPageUrls(): string[] {
  return Object.values(TOKEN_PAGES)
    .flat()
    .flatMap((p) => (typeof p.url === "string" ? [p.url] : Object.values(p.url).filter((u): u is string => !!u)));
}

/** The first field left empty, to name it in the message. */
export function missingField(provider: SecretProvider, values: Record<string, string>) {
  return SECRET_FIELDS[provider].find((f) => !f.optional && !(values[f.key] ?? "").trim());
}

/** The form's values as the tagged union Rust expects. */
export function toSecrets(provider: SecretProvider, values: Record<string, string>): AccountSecrets {
  const v = (k: string) => (values[k] ?? "").trim();
  switch (provider) {
    case "eazybe":
      return { provider: "eazybe", orgToken: v("orgToken") };
    case "2chat":
      return { provider: "2chat", apiKey: v("apiKey") };
    case "zapi":
      return { provider: "zapi", instanceId: v("instanceId"), instanceToken: v("instanceToken"), clientToken: v("clientToken") };
  }
}
