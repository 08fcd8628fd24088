// The message catalogue mechanism, kept free of Svelte so Vitest can test it directly.
//
// A message is a string with `{name}` placeholders, or plural forms keyed by Intl.PluralRules
// categories (`one`, `few`, `other`, ...), where `{count}` is the number formatted for the locale.
// Every shipped locale is complete (`Translation`, enforced by svelte-check and coverage.test.ts);
// at runtime a missing key still falls back to English, never to the raw key.

export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
export type Message = string | PluralForms;
export type Catalogue<K extends string> = Record<K, Message>;
export type PartialCatalogue<K extends string> = Partial<Record<K, Message>>;
/**
 * A complete translation of a source catalogue: every key, no other key, a string where the source
 * has a string and plural forms where it has plural forms. (Placeholders and the plural categories
 * each language needs are checked by `catalogueProblems`, which the unit tests run.)
 */
export type Translation<C extends Record<string, Message>> = {
  [K in keyof C]: C[K] extends string ? string : PluralForms;
};
export type Params = Record<string, string | number | null | undefined>;

const pluralCache = new Map<string, Intl.PluralRules>();
const numberCache = new Map<string, Intl.NumberFormat>();

function pluralRules(locale: string): Intl.PluralRules {
  let r = pluralCache.get(locale);
  if (!r) {
    r = new Intl.PluralRules(locale);
    pluralCache.set(locale, r);
  }
  return r;
}

export function formatNumber(locale: string, n: number): string {
  let f = numberCache.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale);
    numberCache.set(locale, f);
  }
  return f.format(n);
}

/** Replaces `{name}` with params; numbers are formatted for the locale; unknown names stay visible. */
export function interpolate(template: string, params: Params, locale: string): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return whole;
    return typeof v === "number" ? formatNumber(locale, v) : v;
  });
}

export function translate<K extends string>(
  catalogues: Record<string, PartialCatalogue<K>>,
  fallback: Catalogue<K>,
  locale: string,
  key: K,
  params: Params = {},
): string {
  const own = catalogues[locale]?.[key];
  const msg = own ?? fallback[key];
  const effectiveLocale = own !== undefined ? locale : "en";
  if (msg === undefined) return key;
  if (typeof msg === "string") return interpolate(msg, params, effectiveLocale);
  const count = typeof params.count === "number" ? params.count : 0;
  const category = pluralRules(effectiveLocale).select(count);
  const form = msg[category] ?? msg.other;
  return interpolate(form, params, effectiveLocale);
}

/**
 * Picks the supported locale for a requested tag: exact (`pt-BR`), then same language
 * (`pt-PT` → `pt-BR`, `es-MX` → `es`), else English.
 */
export function matchLocale(requested: string | null | undefined, supported: readonly string[]): string {
  if (!requested) return "en";
  const norm = requested.replace("_", "-").split(".")[0];
  const exact = supported.find((s) => s.toLowerCase() === norm.toLowerCase());
  if (exact) return exact;
  const lang = norm.split("-")[0].toLowerCase();
  return supported.find((s) => s.split("-")[0].toLowerCase() === lang) ?? "en";
}
