// Every value a Rust enum can send has a message. The Record<Union, true> literals make
// svelte-check fail when Rust adds a variant (bindings.ts changes) and this list does not.
import { describe, expect, it } from "vitest";
import type { Format, JobStatus, NumberKind, ProviderKind, Stage, UiErrorKind } from "../bindings";
import { en, type MessageKey } from "./en";

const errorKinds: Record<UiErrorKind, true> = {
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

const has = (key: string) => Object.prototype.hasOwnProperty.call(en, key as MessageKey);

describe("the catalogue covers every value Rust can send", () => {
  it.each([
    ["error", errorKinds],
    ["status", statuses],
    ["stage", stages],
    ["kind", kinds],
    ["format", formats],
    ["provider", providers],
  ] as const)("%s.*", (prefix, values) => {
    for (const v of Object.keys(values)) expect(has(`${prefix}.${v}`), `${prefix}.${v}`).toBe(true);
  });
});
