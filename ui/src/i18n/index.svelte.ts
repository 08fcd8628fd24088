// The reactive side of i18n: the current locale lives in a rune, so every `t(...)` in a template
// re-renders when the language changes in Settings.

import { catalogues } from "./catalogues";
import { en, type MessageKey } from "./en";
import { rejectReason, type ImportRejection } from "./reject";
import { formatLocale, formatNumber, matchLocale, translate, type Params } from "./translate";

export type { MessageKey } from "./en";

/** The languages offered in Settings, each named in itself. */
export const LANGUAGES = [
  { tag: "en", name: "English" },
  { tag: "pt-BR", name: "Português (Brasil)" },
  { tag: "es", name: "Español" },
  { tag: "hi", name: "हिन्दी" },
] as const;

export const SUPPORTED = LANGUAGES.map((l) => l.tag);

const current = $state({ locale: "en", formats: "en" });

/** Sets the UI language from a preference (`null` = the system's) and the system's tag. */
export function setLanguage(preference: string | null | undefined, system: string | null | undefined) {
  current.locale = matchLocale(preference ?? system ?? navigator.language, SUPPORTED);
  current.formats = formatLocale(current.locale, system ?? navigator.language);
  document.documentElement.lang = current.locale;
}

/** The UI language (one of `SUPPORTED`): which words. */
export function locale(): string {
  return current.locale;
}

/** How numbers and dates are written: the UI language, refined by the system's region. */
export function formats(): string {
  return current.formats;
}

export function t(key: MessageKey, params: Params = {}): string {
  return translate(catalogues, en, current.locale, key, params, current.formats);
}

/** A count as the user writes it: "1,234" (en), "1.234" (pt-BR), "12,34,567" (hi). */
export function count(n: number): string {
  return formatNumber(current.formats, n);
}

/** Why an import row can't be used, in the current language (Rust's English for an unknown code). */
export function rejectionText(r: ImportRejection): string {
  return rejectReason(r, current.locale);
}
