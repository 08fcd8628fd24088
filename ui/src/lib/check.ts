// "Check numbers on WhatsApp" in Preview (issue 12): the answers Rust gave, sorted for the tabs,
// and Rust's fixed English reasons worded in the user's language.

import type { CheckReport, CheckedNumber, ProviderKind } from "../bindings";
import type { Translate } from "./summary";

/** Digits of a number, to compare spellings. */
const digits = (p: string) => p.replace(/\D/g, "");

/** The number as WhatsApp registered it, when that differs from the file's (Brazil's ninth digit). */
export function registeredAs(n: Pick<CheckedNumber, "phone" | "whatsappId">): string | null {
  if (!n.whatsappId) return null;
  const id = digits(n.whatsappId);
  if (!id || id === digits(n.phone)) return null;
  return `+${id}`;
}

/** The check's answers by number, and those not on WhatsApp (their own tab). */
export function splitCheck(report: CheckReport | null) {
  const byPhone = new Map<string, CheckedNumber>();
  const notOn: CheckedNumber[] = [];
  for (const n of report?.numbers ?? []) {
    byPhone.set(n.phone, n);
    if (n.status === "notOnWhatsapp") notOn.push(n);
  }
  return { byPhone, notOn };
}

/** Why a number's answer is not known, in the user's language where Rust's sentence is a fixed one. */
export function unknownReason(t: Translate, provider: ProviderKind, reason: string | null): string {
  const r = (reason ?? "").trim();
  if (!r || r === "the provider did not answer for this number") return t("check.reason.noAnswer", { provider: t(`provider.${provider}`) });
  if (r === "not checked yet") return t("check.reason.notYet");
  return r;
}
