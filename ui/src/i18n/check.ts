// What makes a translation complete, as data the unit tests assert on (coverage.test.ts), so a
// catalogue with a missing key, a lost or invented {placeholder}, or a plural form its language
// does not use fails `npm run test:unit`.

import { parseInlinePlural, type Message } from "./translate";

/** Names that stay in Latin script, exactly as in English, wherever English uses them. */
export const BRANDS = ["GroupDrop", "WhatsApp", "EazyBe", "2Chat", "Z-API", "CSV", "Excel", "vCard"] as const;

/** The `{name}`s of a text (an inline `{name, plural, …}` counts as `{name}`), sorted, without repeats. */
export function placeholdersOf(text: string): string[] {
  const inline = [...text.matchAll(/\{(\w+),\s*plural,/g)].map((m) => `{${m[1]}}`);
  return [...new Set([...(text.match(/\{\w+\}/g) ?? []), ...inline])].sort();
}

/** Problems of the inline plurals of one text: unparsable, or lacking a form `locale` needs. */
export function inlinePluralProblems(text: string, locale: string): string[] {
  const problems: string[] = [];
  const needed = [...neededCategories(locale).keys()];
  for (const m of text.matchAll(/\{(\w+),\s*plural,/g)) {
    const p = parseInlinePlural(text, m.index ?? 0);
    if (!p) {
      problems.push(`{${m[1]}, plural, …} cannot be read`);
      continue;
    }
    for (const c of needed) if (!(c in p.forms)) problems.push(`{${m[1]}, plural, …} has no "${c}" form`);
  }
  return problems;
}

function forms(m: Message): [string, string][] {
  return typeof m === "string" ? [["", m]] : Object.entries(m).filter((e): e is [string, string] => e[1] !== undefined);
}

/**
 * The plural categories a language needs a form for: those some whole number from 0 to 1000
 * selects (so pt/es "many", used only from a million on, may fall back to `other`), each with
 * the numbers that select it.
 */
export function neededCategories(locale: string): Map<string, number[]> {
  const rules = new Intl.PluralRules(locale);
  const out = new Map<string, number[]>();
  for (let n = 0; n <= 1000; n++) {
    const c = rules.select(n);
    out.set(c, [...(out.get(c) ?? []), n]);
  }
  return out;
}

/** Everything wrong with `translation` against `source` (English), one line each; [] when complete. */
export function catalogueProblems(
  source: Record<string, Message>,
  translation: Record<string, Message | undefined>,
  locale: string,
): string[] {
  const problems: string[] = [];
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  const needed = neededCategories(locale);
  for (const key of Object.keys(translation)) {
    if (!(key in source)) problems.push(`${key}: not an English key`);
  }
  for (const [key, want] of Object.entries(source)) {
    const got = translation[key];
    if (got === undefined) {
      problems.push(`${key}: missing`);
      continue;
    }
    if (typeof got !== typeof want) {
      problems.push(`${key}: ${typeof want === "string" ? "should be a plain string" : "should have plural forms"}`);
      continue;
    }
    for (const [, text] of forms(got)) {
      if (text.trim() === "") problems.push(`${key}: empty text`);
      for (const p of inlinePluralProblems(text, locale)) problems.push(`${key}: ${p}`);
    }
    for (const brand of BRANDS) {
      const inSource = forms(want).some(([, t]) => t.includes(brand));
      if (inSource && !forms(got).some(([, t]) => t.includes(brand))) problems.push(`${key}: lost "${brand}"`);
    }
    if (typeof want === "string" && typeof got === "string") {
      const w = placeholdersOf(want).join(" ");
      const g = placeholdersOf(got).join(" ");
      if (w !== g) problems.push(`${key}: placeholders ${g || "(none)"} instead of ${w || "(none)"}`);
      continue;
    }
    if (typeof want === "string" || typeof got === "string") continue;
    // Plural: every form carries the English placeholders other than {count}; {count} is optional
    // in a form only when that form is for exactly one number (English "1 group").
    const wantNamed = placeholdersOf(Object.values(want).join(" ")).filter((p) => p !== "{count}");
    const countShown = want.other.includes("{count}");
    const countAnywhere = Object.values(want).some((t) => t?.includes("{count}"));
    for (const [category, text] of forms(got)) {
      if (/^=\d+$/.test(category)) continue; // an exact form ("=0"), allowed in any language
      if (!categories.includes(category)) {
        problems.push(`${key}: "${category}" is not a plural form of ${locale}`);
        continue;
      }
      const named = placeholdersOf(text).filter((p) => p !== "{count}");
      if (named.join(" ") !== wantNamed.join(" ")) {
        problems.push(`${key}.${category}: placeholders ${named.join(" ") || "(none)"} instead of ${wantNamed.join(" ") || "(none)"}`);
      }
      if (!countAnywhere && text.includes("{count}")) {
        problems.push(`${key}.${category}: English never shows {count} here (the number is shown next to it)`);
      }
      const numbers = needed.get(category) ?? [];
      if (countShown && numbers.length > 1 && !text.includes("{count}")) {
        problems.push(`${key}.${category}: needs {count}, this form is also used for ${numbers.slice(0, 3).join(", ")}…`);
      }
    }
    for (const category of needed.keys()) {
      if (!(category in got)) problems.push(`${key}: no "${category}" form`);
    }
  }
  return problems;
}
