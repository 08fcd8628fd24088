import { describe, expect, it } from "vitest";
import type { RejectedMember } from "../bindings";
import { inviteAllText, inviteCandidates, notOnWhatsapp, waMeLink } from "./invite";

const rej = (over: Partial<RejectedMember>): RejectedMember => ({
  stage: "provider",
  phone: "+5511980000022",
  input: null,
  row: 24,
  name: "Ana",
  reason: "their privacy settings do not allow adding them",
  code: null,
  planCode: null,
  reasonCountry: null,
  ...over,
});

describe("invites for the people who could not be added", () => {
  it("builds WhatsApp's click-to-chat link: digits only, the message URL-encoded", () => {
    expect(waMeLink("+55 11 98000-0022", "Olá! “5B” & link: https://chat.whatsapp.com/X?y=1")).toBe(
      "https://wa.me/5511980000022?text=Ol%C3%A1!%20%E2%80%9C5B%E2%80%9D%20%26%20link%3A%20https%3A%2F%2Fchat.whatsapp.com%2FX%3Fy%3D1",
    );
  });

  it("invites those the provider turned down, not numbers without WhatsApp nor the file's bad rows", () => {
    const people = inviteCandidates({
      rejected: [
        rej({}),
        rej({ phone: "+5511980000023", name: null, reason: "not on WhatsApp" }),
        rej({ stage: "import", phone: "+5511980000024", reason: "not on WhatsApp (the provider's number check said so), so it was not sent" }),
        rej({ stage: "import", phone: null, input: "12345", reason: "too short" }),
        rej({}),
        rej({ phone: "+5511980000025", name: null, reason: "recently left the group" }),
      ],
    });
    expect(people).toEqual([
      { phone: "+5511980000022", name: "Ana", row: 24 },
      { phone: "+5511980000025", name: null, row: 24 },
    ]);
    expect(notOnWhatsapp(" Not on WhatsApp")).toBe(true);
  });

  it("copies everyone with their own link", () => {
    const text = inviteAllText(
      [
        { phone: "+5511980000022", name: "Ana", row: 24 },
        { phone: "+5511980000025", name: null, row: 25 },
      ],
      "Hi",
    );
    expect(text).toBe("Ana · +5511980000022\nhttps://wa.me/5511980000022?text=Hi\n\n+5511980000025\nhttps://wa.me/5511980000025?text=Hi");
  });
});
