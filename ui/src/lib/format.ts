// Formatting helpers shared by the screens. Pure functions of their inputs (and the locale), so
// Vitest covers them without a DOM.

const dateCache = new Map<string, Intl.DateTimeFormat>();

/** "25 Nov 2026, 14:05" in the user's locale (from Unix ms or an ISO string); "" when not a date. */
export function formatDateTime(when: number | string | null, locale: string): string {
  if (when === null) return "";
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return "";
  let f = dateCache.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    dateCache.set(locale, f);
  }
  return f.format(d);
}

const regionCache = new Map<string, Intl.DisplayNames | null>();

/** "BR" → "Brazil" (or "Brasil" in pt-BR); the code itself when the runtime has no name. */
export function countryName(code: string, locale: string): string {
  let names = regionCache.get(locale);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([locale], { type: "region" });
    } catch {
      names = null;
    }
    regionCache.set(locale, names);
  }
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}

const languageCache = new Map<string, Intl.DisplayNames | null>();

/** "pt-BR" → "Portuguese (Brazil)" in the UI locale; the tag when unknown. */
export function languageName(tag: string, locale: string): string {
  let names = languageCache.get(locale);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([locale], { type: "language" });
    } catch {
      names = null;
    }
    languageCache.set(locale, names);
  }
  try {
    return names?.of(tag.replace("_", "-").split(".")[0]) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * A phone in E.164 made easier to read: "+5511987654321" → "+55 11987654321" is not reliable
 * without metadata, so only the country code is split off when it is unambiguous from `country`
 * calling code; otherwise the E.164 is shown as is (still exact, still copyable).
 */
export function displayPhone(e164: string, callingCode?: number | null): string {
  if (callingCode && e164.startsWith(`+${callingCode}`)) {
    return `+${callingCode} ${e164.slice(String(callingCode).length + 1)}`;
  }
  return e164;
}

/**
 * A spreadsheet row number, written as the spreadsheet's own row header writes it ("12345", no
 * grouping, in every language) so the user can find it in Excel or LibreOffice. Counts, unlike
 * row numbers, are grouped for the locale (`count()` in i18n).
 */
export function rowNumber(row: number): string {
  return String(row);
}

/** The last path component of a path in either separator style. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * Counts a group name's characters the way groupdrop-core's plan does (Unicode code points), so
 * the counter and Rust never disagree: a name the counter accepts is never refused by `plan_job`.
 * How WhatsApp counts its 100 is not documented (unconfirmed); code points are the stricter
 * reading for accented and Indic names and emoji, so a name that passes here is not refused by
 * the provider after the run has started.
 */
export function charCount(s: string): number {
  return Array.from(s).length;
}

/** A file name safe on every OS for a save dialog's suggestion. */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.slice(0, 120) || "group";
}
