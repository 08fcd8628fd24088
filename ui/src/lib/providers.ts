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
