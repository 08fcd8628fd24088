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

/** "less than a minute", "about 12 minutes", "about 3 hours", from Rust's estimate. */
export function durationText(t: Translate, secs: number): string {
  if (secs < 60) return t("duration.underMinute");
  const minutes = Math.round(secs / 60);
  if (minutes < 120) return t("duration.minutes", { count: minutes });
  return t("duration.hours", { count: Math.round(minutes / 60) });
}

/** Extra sentences under the summary, in the order a reader needs them. */
export function summaryNotes(t: Translate, plan: PlanSummary): string[] {
  const notes: string[] = [];
  if (plan.practice) notes.push(t("create.summaryPractice"));
  if (plan.ownNumberSkipped) notes.push(t("create.summaryOwnNumber"));
  const calls = plan.groups.reduce((n, g) => n + 1 + g.addBatches, 0);
  if (!plan.practice && calls > 1) notes.push(t("create.summaryPacing", { duration: durationText(t, plan.estimatedSecs) }));
  return notes;
}
