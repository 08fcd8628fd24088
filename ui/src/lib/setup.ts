// "Set up after create" (issue 12): what the Create screen sends and shows, and how the Result
// words each step. Rust says per provider whether a step is a call, rides on the create or is not
// offered (with an English sentence); the UI words the sentence itself from the step and the
// provider, in the user's language.

import type { ProviderKind, SetupCapability, SetupRequest, SetupStep, SetupStepKind, SetupSupport } from "../bindings";
import type { MessageKey } from "../i18n/en";
import type { Translate } from "./summary";

export const SETUP_STEPS: SetupStepKind[] = ["description", "admins", "admins_only_messages", "admins_only_settings"];

export interface SetupForm {
  description: string;
  /** As typed or picked: E.164 from the file, or a number as the user typed it. */
  admins: string[];
  adminsOnlyMessages: boolean;
  adminsOnlySettings: boolean;
}

/** How `provider` supports `step`; unknown (no plan yet) counts as offered. */
export function supportOf(caps: SetupCapability[] | null | undefined, step: SetupStepKind): SetupSupport {
  return caps?.find((c) => c.step === step)?.support ?? { kind: "call" };
}

export function offered(caps: SetupCapability[] | null | undefined, step: SetupStepKind): boolean {
  return supportOf(caps, step).kind !== "not_offered";
}

/** The one sentence a disabled control shows: "2Chat has no way to make admins." */
export function notOfferedText(t: Translate, provider: ProviderKind, step: SetupStepKind): string {
  const name = t(`provider.${provider}`);
  const key: MessageKey =
    step === "description" ? "setup.why.description" : step === "admins" ? "setup.why.admins" : "setup.why.settings";
  return t(key, { provider: name });
}

/**
 * What is sent as `PlanRequest.setup`: only what was asked for and what this provider offers (a
 * step it cannot honour is shown disabled with the reason, never sent). `undefined`: nothing asked.
 */
export function setupRequest(form: SetupForm, caps: SetupCapability[] | null | undefined): SetupRequest | undefined {
  const out: SetupRequest = {};
  const description = form.description.trim();
  if (description && offered(caps, "description")) out.description = description;
  const admins = [...new Set(form.admins.map((a) => a.trim()).filter((a) => a !== ""))];
  if (admins.length > 0 && offered(caps, "admins")) out.admins = admins;
  if (form.adminsOnlyMessages && offered(caps, "admins_only_messages")) out.adminsOnlyMessages = true;
  if (form.adminsOnlySettings && offered(caps, "admins_only_settings")) out.adminsOnlySettings = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function stepLabel(t: Translate, step: SetupStepKind): string {
  return t(`setup.step.${step}`);
}

// Rust's fixed English reasons (groupdrop-core job.rs / history.rs), worded in the UI language.
const AT_CREATE = "set with the create";
const NOT_YET = "not done yet: it comes after the members are added";
const NO_GROUP = "not done: the group was not created";
const NOT_MEMBER = /^not in the group, so not made admin: (.+)$/su;
const NO_ADMIN_HERE = /^none of the admins is in this group: (.+)$/su;

/**
 * The reason under a step on the Result, in the user's language where Rust's sentence is one of
 * its fixed ones; a provider's own answer (a failed call) stays as it came. `null`: nothing to say.
 */
export function setupReasonText(t: Translate, provider: ProviderKind, s: SetupStep): { text: string; english: boolean } | null {
  const reason = (s.reason ?? "").trim();
  if (s.status === "not_offered") return { text: notOfferedText(t, provider, s.step), english: false };
  if (!reason) return null;
  if (reason === AT_CREATE) return { text: t("setup.reason.atCreate"), english: false };
  if (reason.startsWith(NOT_YET)) return { text: t("setup.reason.notYet"), english: false };
  if (reason === NO_GROUP) return { text: t("setup.reason.noGroup"), english: false };
  const member = NOT_MEMBER.exec(reason);
  if (member) return { text: t("setup.reason.notMember", { numbers: member[1] }), english: false };
  const none = NO_ADMIN_HERE.exec(reason);
  if (none) return { text: t("setup.reason.noAdminHere", { numbers: none[1] }), english: false };
  return { text: reason, english: true };
}
