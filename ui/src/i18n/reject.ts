// Import-side rejection reasons in the UI language. Rust sends each rejected row with its English
// reason, a stable RejectCode and the country the reason is about (RejectedRow in bindings.ts); the
// catalogue words the code, with the country named by Intl.DisplayNames. A code this UI does not
// know yet (a newer core) shows Rust's English text. Provider-side reasons are free text from the
// provider and are shown as they come.

import type { RejectCode } from "../bindings";
import { countryName } from "../lib/format";
import { catalogues } from "./catalogues";
import { en, type MessageKey } from "./en";
import { translate, type Params } from "./translate";

/** What the UI needs of a rejected row (RejectedRow has all of it). */
export interface ImportRejection {
  /** Rust's English text: shown when the code is unknown. */
  reason: string;
  code?: RejectCode | (string & {}) | null;
  reason_country?: string | null;
  /** The text as written in the file. */
  input?: string | null;
}

type Wording = readonly [MessageKey, Params];
type Worder = (r: ImportRejection, locale: string) => Wording;

/** The character Rust names in `the character "x" does not belong in a phone number`. */
const BAD_CHARACTER = /^the character "(.+)" does not belong/u;
/** The "+999" of `+999… does not start with a country code`. */
const COUNTRY_PREFIX = /^(\+\d+)…/u;

/** A reason about a country: "{country}" when Rust names one, the generic wording otherwise. */
const aboutCountry =
  (key: MessageKey, generic: MessageKey): Worder =>
  (r, locale) =>
    r.reason_country ? [key, { country: countryName(r.reason_country, locale) }] : [generic, {}];

/** A reason with a detail read from Rust's text: the generic wording when it can't be read. */
const withDetail =
  (key: MessageKey, generic: MessageKey, param: string, pattern: RegExp): Worder =>
  (r) => {
    const detail = pattern.exec(r.reason)?.[1];
    return detail ? [key, { [param]: detail }] : [generic, {}];
  };

// Record<RejectCode, …>: svelte-check fails here when Rust adds a code and this list does not.
const WORDINGS: Record<RejectCode, Worder> = {
  no_number: () => ["reject.no_number", {}],
  letters: () => ["reject.letters", {}],
  bad_characters: withDetail("reject.bad_characters", "reject.bad_characters.generic", "character", BAD_CHARACTER),
  too_short: aboutCountry("reject.too_short", "reject.too_short.generic"),
  too_long: aboutCountry("reject.too_long", "reject.too_long.generic"),
  invalid_number: aboutCountry("reject.invalid_number", "reject.invalid_number.generic"),
  invalid_country_code: withDetail(
    "reject.invalid_country_code",
    "reject.invalid_country_code.generic",
    "prefix",
    COUNTRY_PREFIX,
  ),
  needs_country: () => ["reject.needs_country", {}],
  excel_rounded: (r) => {
    const input = r.input?.trim();
    return input ? ["reject.excel_rounded", { input }] : ["reject.excel_rounded.generic", {}];
  },
};

function isKnown(code: string): code is RejectCode {
  return Object.prototype.hasOwnProperty.call(WORDINGS, code);
}

/** Why an import row can't be used, in `locale`; Rust's English text for a code it does not know. */
export function rejectReason(r: ImportRejection, locale: string): string {
  if (!r.code || !isKnown(r.code)) return r.reason;
  const [key, params] = WORDINGS[r.code](r, locale);
  return translate(catalogues, en, locale, key, params);
}
