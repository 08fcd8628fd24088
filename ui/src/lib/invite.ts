// The ready-to-paste invite message for the people who could not be added directly, and the
// wa.me link that opens a chat with that person with the message typed in.

import type { JobResult } from "../bindings";
import type { Translate } from "./summary";

export function inviteMessage(t: Translate, groupName: string, link: string): string {
  return t("result.inviteMessage", { name: groupName, link });
}

/** `https://wa.me/<digits>?text=<message>`: WhatsApp's click-to-chat link (digits only, no +). */
export function waMeLink(phone: string, message: string): string {
  return `https://wa.me/${phone.replace(/\D/g, "")}?text=${encodeURIComponent(message)}`;
}

/** Rust's reason for a number the provider or the number check found not on WhatsApp. */
export function notOnWhatsapp(reason: string): boolean {
  return /^not on whatsapp/i.test(reason.trim());
}

export interface InviteCandidate {
  phone: string;
  name: string | null;
  row: number | null;
}

/**
 * Who should get the invite message: numbers the provider turned down (privacy settings, just
 * left, ...), not those that are not on WhatsApp at all, and not the file's bad rows.
 */
export function inviteCandidates(result: Pick<JobResult, "rejected">): InviteCandidate[] {
  const seen = new Set<string>();
  const out: InviteCandidate[] = [];
  for (const r of result.rejected) {
    if (r.stage !== "provider" || !r.phone || notOnWhatsapp(r.reason) || seen.has(r.phone)) continue;
    seen.add(r.phone);
    out.push({ phone: r.phone, name: r.name, row: r.row });
  }
  return out;
}

/** "Copy all": each person with their wa.me link, one per paragraph. */
export function inviteAllText(people: InviteCandidate[], message: string): string {
  return people.map((p) => `${p.name ? `${p.name} · ` : ""}${p.phone}\n${waMeLink(p.phone, message)}`).join("\n\n");
}
