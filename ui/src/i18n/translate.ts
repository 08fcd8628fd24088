// The message catalogue mechanism, kept free of Svelte so Vitest can test it directly.
//
// A message is a string with `{name}` placeholders, or plural forms keyed by Intl.PluralRules
// categories (`one`, `few`, `other`, ...), where `{count}` is the number formatted for the locale.
// An exact form (`"=0"`) wins over the category: Portuguese and Hindi put 0 in `one`, yet an office
// reads "0 repetidos", not "0 repetido". A string may also hold several counts, each with its own
// forms, in ICU's syntax: `{added, plural, one {# adicionado} other {# adicionados}}` (`#` is the
// number), so "1 convidado · 3 recusados" agree in one sentence.
// Every shipped locale is complete (`Translation`, enforced by svelte-check and coverage.test.ts);
// at runtime a missing key still falls back to English, never to the raw key.

export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule | `=${number}`, string>>;
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

/** The form of `forms` for `count`: an exact `=n` form first, then the locale's plural category. */
export function pluralForm(forms: Record<string, string | undefined>, count: number, locale: string): string {
  return forms[`=${count}`] ?? forms[pluralRules(locale).select(count)] ?? forms.other ?? "";
}

/** An inline `{name, plural, one {…} other {…}}` at `start` (the opening brace): its parts and end. */
export function parseInlinePlural(
  text: string,
  start: number,
): { name: string; forms: Record<string, string>; end: number } | null {
  const head = /^\{(\w+),\s*plural,/.exec(text.slice(start));
  if (!head) return null;
  const forms: Record<string, string> = {};
  let i = start + head[0].length;
  for (;;) {
    while (text[i] === " ") i++;
    if (text[i] === "}") return { name: head[1], forms, end: i + 1 };
    const key = /^(=\d+|[a-z]+)\s*\{/.exec(text.slice(i));
    if (!key) return null;
    i += key[0].length;
    let depth = 1;
    const from = i;
    while (i < text.length && depth > 0) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}") depth--;
      i++;
    }
    if (depth !== 0) return null;
    forms[key[1]] = text.slice(from, i - 1);
  }
}

/** Resolves every inline plural of `template` for `params` (`#` → the formatted number). */
function expandInlinePlurals(template: string, params: Params, locale: string): string {
  if (!template.includes(", plural,") && !template.includes(",plural,")) return template;
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) break;
    const p = parseInlinePlural(template, open);
    if (!p) {
      out += template.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    const v = params[p.name];
    const n = typeof v === "number" ? v : Number(v ?? 0);
    out += template.slice(i, open) + pluralForm(p.forms, n, locale).replaceAll("#", formatNumber(locale, n));
    i = p.end;
  }
  return out + template.slice(i);
}

/** Replaces `{name}` with params; numbers are formatted for the locale; unknown names stay visible. */
export function interpolate(template: string, params: Params, locale: string): string {
  return expandInlinePlurals(template, params, locale).replace(/\{(\w+)\}/g, (whole, name: string) => {
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
  return interpolate(pluralForm(msg, count, effectiveLocale), params, effectiveLocale);
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
