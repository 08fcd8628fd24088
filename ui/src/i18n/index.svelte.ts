// The reactive side of i18n: the current locale lives in a rune, so every `t(...)` in a template
// re-renders when the language changes in Settings.

import { catalogues } from "./catalogues";
import { en, type MessageKey } from "./en";
import { rejectReason, type ImportRejection } from "./reject";
import { matchLocale, translate, type Params } from "./translate";

export type { MessageKey } from "./en";

/** The languages offered in Settings, each named in itself. */
export const LANGUAGES = [
  { tag: "en", name: "English" },
  { tag: "pt-BR", name: "Português (Brasil)" },
  { tag: "es", name: "Español" },
  { tag: "hi", name: "हिन्दी" },
] as const;

export const SUPPORTED = LANGUAGES.map((l) => l.tag);

const current = $state({ locale: "en" });

/** Sets the UI language from a preference (`null` = the system's) and the system's tag. */
export function setLanguage(preference: string | null | undefined, system: string | null | undefined) {
  current.locale = matchLocale(preference ?? system ?? navigator.language, SUPPORTED);
  document.documentElement.lang = current.locale;
}

export function locale(): string {
  return current.locale;
}

export function t(key: MessageKey, params: Params = {}): string {
  return translate(catalogues, en, current.locale, key, params);
}

/** Why an import row can't be used, in the current language (Rust's English for an unknown code). */
export function rejectionText(r: ImportRejection): string {
  return rejectReason(r, current.locale);
}
