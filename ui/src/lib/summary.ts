// The "what will happen" sentence of the Create screen, e.g. "25 numbers → 1 group: 1 create +
// 2 batches of 10", built from the plan Rust computed (the maths lives in groupdrop-core; this
// only words it).

import type { PlanSummary } from "../bindings";
import type { MessageKey } from "../i18n/en";
import type { Params } from "../i18n/translate";

export type Translate = (key: MessageKey, params?: Params) => string;

export interface SummaryLine {
  /** The group's name (numbered when split). */
  name: string;
  text: string;
}

/** The calls one group needs, worded: "1 create call" or "1 create + 3 batches of 10". */
export function callsText(t: Translate, addBatches: number, batchSize: number): string {
  if (addBatches <= 0) return t("create.summaryCallsOnly");
  return t("create.summaryCalls", { count: addBatches, size: batchSize });
}

export function summaryHeadline(t: Translate, plan: PlanSummary): string {
  return t("create.summaryHead", { count: plan.members }) + t("create.summaryGroups", { count: plan.groups.length });
}

export function summaryLines(t: Translate, plan: PlanSummary): SummaryLine[] {
  return plan.groups.map((g) => ({ name: g.name, text: callsText(t, g.addBatches, g.batchSize) }));
}

/** Extra sentences under the summary, in the order a reader needs them. */
export function summaryNotes(t: Translate, plan: PlanSummary): string[] {
  const notes: string[] = [];
  if (plan.practice) notes.push(t("create.summaryPractice"));
  if (plan.ownNumberSkipped) notes.push(t("create.summaryOwnNumber"));
  const calls = plan.groups.reduce((n, g) => n + 1 + g.addBatches, 0);
  if (!plan.practice && calls > 1) notes.push(t("create.summaryPacing"));
  return notes;
}

/** "about 40 seconds", "about 2 minutes": Rust's estimate (`estimatedSecs`), worded. */
export function durationText(t: Translate, secs: number): string {
  if (secs < 60) return t("flow.aboutSeconds", { count: Math.max(1, Math.round(secs)) });
  return t("flow.aboutMinutes", { count: Math.round(secs / 60) });
}

/**
 * The question before a run on a real account, e.g. "Create «Turma 5B» with 47 people through
 * 2Chat (office)? It becomes 1 group. Estimated time: about 2 minutes."
 */
export function confirmText(t: Translate, plan: PlanSummary, name: string): string {
  const parts = [
    t("flow.confirmBody", {
      count: plan.members,
      name,
      provider: t(`provider.${plan.provider}` as MessageKey),
      account: plan.account,
    }),
  ];
  if (plan.groups.length > 1) parts.push(t("flow.confirmParts", { count: plan.groups.length }));
  parts.push(`${t("flow.estimate", { duration: durationText(t, plan.estimatedSecs) })}.`);
  parts.push(t("flow.confirmReal"));
  return parts.join(" ");
}

/** A history row's counts, as they are: sent and not-yet-done shown only when there are some. */
export function countsText(
  t: Translate,
  r: { added: number; sent: number; invited: number; rejected: number; pending: number },
): string {
  const parts = [t("flow.countAdded", { count: r.added })];
  if (r.sent > 0) parts.push(t("flow.countSent", { count: r.sent }));
  parts.push(t("flow.countInvited", { count: r.invited }), t("flow.countRejected", { count: r.rejected }));
  if (r.pending > 0) parts.push(t("flow.countPending", { count: r.pending }));
  return parts.join(" · ");
}
