import { describe, expect, it } from "vitest";
import type { CheckReport, CheckedNumber } from "../bindings";
import { en, type MessageKey } from "../i18n/en";
import { translate, type Params } from "../i18n/translate";
import { registeredAs, splitCheck, unknownReason } from "./check";

const t = (key: MessageKey, params: Params = {}) => translate({ en }, en, "en", key, params);
const n = (phone: string, over: Partial<CheckedNumber> = {}): CheckedNumber => ({
  phone,
  row: 2,
  name: null,
  status: "onWhatsapp",
  whatsappId: null,
  reason: null,
  cached: false,
  checkedAtMs: 1,
  ...over,
});

describe("number check answers", () => {
  it("shows the ninth-digit identity only when WhatsApp registered another spelling", () => {
    expect(registeredAs(n("+5511987654321", { whatsappId: "551187654321" }))).toBe("+551187654321");
    expect(registeredAs(n("+5511987654321", { whatsappId: "+5511987654321" }))).toBeNull();
    expect(registeredAs(n("+5511987654321"))).toBeNull();
  });

  it("moves the numbers not on WhatsApp to their own list", () => {
    const report: CheckReport = {
      provider: "zapi",
      account: "School",
      numbers: [n("+1"), n("+2", { status: "notOnWhatsapp" }), n("+3", { status: "unknown", reason: "not checked yet" })],
      onWhatsapp: 1,
      notOnWhatsapp: 1,
      unknown: 1,
      cached: 0,
      asked: 3,
    };
    const { byPhone, notOn } = splitCheck(report);
    expect(notOn.map((x) => x.phone)).toEqual(["+2"]);
    expect(byPhone.get("+3")?.status).toBe("unknown");
    expect(splitCheck(null).notOn).toEqual([]);
  });

  it("words Rust's fixed reasons for an unknown answer, keeps a provider's own", () => {
    expect(unknownReason(t, "2chat", "the provider did not answer for this number")).toBe("2Chat did not answer for this number");
    expect(unknownReason(t, "2chat", "not checked yet")).toBe("not checked yet");
    expect(unknownReason(t, "2chat", "beyond the trial's 100 checks")).toBe("beyond the trial's 100 checks");
  });
});
