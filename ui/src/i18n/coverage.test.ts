// Every value a Rust enum can send has a message, and every shipped language has every message.
// The Record<Union, true> literals make svelte-check fail when Rust adds a variant (bindings.ts
// changes) and this list does not.
import { describe, expect, it } from "vitest";
import type { Format, JobStatus, NumberKind, ProviderKind, RejectCode, Stage, ErrorKind } from "../bindings";
import { catalogues } from "./catalogues";
import { catalogueProblems } from "./check";
import { en, type MessageKey } from "./en";
import { LANGUAGES } from "./index.svelte";

const errorKinds: Record<ErrorKind, true> = {
  badFile: true,
  invalidInput: true,
  notFound: true,
  keyringUnavailable: true,
  credentials: true,
  payment: true,
  rateLimited: true,
  busy: true,
  notConnected: true,
  groupNotFound: true,
  rejected: true,
  providerDown: true,
  timeout: true,
  network: true,
  jobRunning: true,
  secretMissing: true,
  storage: true,
  internal: true,
};
const statuses: Record<JobStatus, true> = {
  planned: true,
  running: true,
  unknown: true,
  incomplete: true,
  done: true,
  partial: true,
  failed: true,
};
const stages: Record<Stage, true> = {
  creating: true,
  looking_up: true,
  adding: true,
  fetching_link: true,
  confirming: true,
  setting_up: true,
  waiting: true,
  finished: true,
};
const kinds: Record<NumberKind, true> = {
  mobile: true,
  fixed_line: true,
  fixed_line_or_mobile: true,
  toll_free: true,
  premium_rate: true,
  shared_cost: true,
  voip: true,
  personal_number: true,
  pager: true,
  uan: true,
  voicemail: true,
  unknown: true,
};
const formats: Record<Format, true> = { csv: true, xlsx: true, xls: true, ods: true, vcard: true, text: true };
const providers: Record<ProviderKind, true> = { eazybe: true, "2chat": true, zapi: true, practice: true };
const rejectCodes: Record<RejectCode, true> = {
  no_number: true,
  letters: true,
  bad_characters: true,
  too_short: true,
  too_long: true,
  invalid_number: true,
  invalid_country_code: true,
  needs_country: true,
  excel_rounded: true,
};

const has = (key: string) => Object.prototype.hasOwnProperty.call(en, key as MessageKey);

describe("the catalogue covers every value Rust can send", () => {
  it.each([
    ["error", errorKinds],
    ["status", statuses],
    ["stage", stages],
    ["kind", kinds],
    ["format", formats],
    ["provider", providers],
    ["reject", rejectCodes],
  ] as const)("%s.*", (prefix, values) => {
    for (const v of Object.keys(values)) expect(has(`${prefix}.${v}`), `${prefix}.${v}`).toBe(true);
  });
});

describe("every language offered in Settings is complete", () => {
  it("each offered language has a catalogue, and each catalogue is offered", () => {
    expect(Object.keys(catalogues).sort()).toEqual(LANGUAGES.map((l) => l.tag).sort());
  });

  it.each(Object.entries(catalogues))("%s: every key, the same placeholders, its own plural forms", (tag, cat) => {
    expect(catalogueProblems(en, cat, tag)).toEqual([]);
  });
});

describe("catalogueProblems catches what would break a language", () => {
  const source = {
    "a.plain": "Saved {count} rows to {file}",
    "a.label": { one: "usable number", other: "usable numbers" },
    "a.plural": { one: "1 group", other: "{count} groups" },
    "a.brand": "Open WhatsApp",
  };
  const good = {
    "a.plain": "{count} linhas salvas em {file}",
    "a.label": { one: "número válido", other: "números válidos" },
    "a.plural": { one: "{count} grupo", other: "{count} grupos" },
    "a.brand": "Abra o WhatsApp",
  };

  it("accepts a complete translation", () => {
    expect(catalogueProblems(source, good, "pt-BR")).toEqual([]);
  });

  it("a missing key, an unknown key", () => {
    const { "a.brand": _gone, ...rest } = good;
    expect(catalogueProblems(source, { ...rest, "a.typo": "x" }, "pt-BR")).toEqual([
      "a.typo: not an English key",
      "a.brand: missing",
    ]);
  });

  it("a lost placeholder, an invented one", () => {
    expect(catalogueProblems(source, { ...good, "a.plain": "{count} linhas salvas" }, "pt-BR")).toEqual([
      "a.plain: placeholders {count} instead of {count} {file}",
    ]);
    expect(catalogueProblems(source, { ...good, "a.plain": "{count} linhas salvas em {arquivo}" }, "pt-BR")).toEqual([
      "a.plain: placeholders {arquivo} {count} instead of {count} {file}",
    ]);
    expect(catalogueProblems(source, { ...good, "a.label": { one: "{count} número", other: "números" } }, "pt-BR")).toEqual([
      "a.label.one: English never shows {count} here (the number is shown next to it)",
    ]);
  });

  it("plural shape and the forms the language uses", () => {
    expect(catalogueProblems(source, { ...good, "a.plural": "grupos" }, "pt-BR")).toEqual(["a.plural: should have plural forms"]);
    expect(catalogueProblems(source, { ...good, "a.plural": { other: "{count} grupos" } }, "pt-BR")).toEqual([
      'a.plural: no "one" form',
    ]);
    expect(catalogueProblems(source, { ...good, "a.plural": { one: "{count} grupo", few: "{count} grupos", other: "{count} grupos" } }, "pt-BR")).toEqual([
      'a.plural: "few" is not a plural form of pt-BR',
    ]);
    // Portuguese and Hindi use "one" for 0 as well, so "1 grupo" would read "1" for nothing.
    expect(catalogueProblems(source, { ...good, "a.plural": { one: "1 grupo", other: "{count} grupos" } }, "pt-BR")).toEqual([
      "a.plural.one: needs {count}, this form is also used for 0, 1…",
    ]);
  });

  it("brand names stay as they are", () => {
    expect(catalogueProblems(source, { ...good, "a.brand": "Abra o Zap" }, "pt-BR")).toEqual(['a.brand: lost "WhatsApp"']);
  });
});
