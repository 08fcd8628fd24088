// Small facts about numbers the screens need.

import type { NumberKind } from "../bindings";

/**
 * Kinds that are certainly not mobiles, so WhatsApp is unlikely: the Preview warns (it never
 * rejects: some businesses do run WhatsApp on a fixed line). Mirrors
 * `groupdrop_contacts::NumberKind::is_landline_like`.
 */
export function isLandline(kind: NumberKind): boolean {
  return kind !== "mobile" && kind !== "fixed_line_or_mobile" && kind !== "unknown";
}
