// The ready-to-paste invite message for the people who could not be added directly.

import type { Translate } from "./summary";

export function inviteMessage(t: Translate, groupName: string, link: string): string {
  return t("result.inviteMessage", { name: groupName, link });
}
