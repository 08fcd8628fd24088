import { describe, expect, it } from "vitest";
import { missingField, toSecrets } from "./providers";

describe("Z-API account form", () => {
  it("saves without a client token (optional until activated in the Z-API panel)", () => {
    const values = { instanceId: "3C4F", instanceToken: "F1E2", clientToken: "  " };
    expect(missingField("zapi", values)).toBeUndefined();
    expect(toSecrets("zapi", values)).toEqual({
      provider: "zapi",
      instanceId: "3C4F",
      instanceToken: "F1E2",
      clientToken: "",
    });
  });

  it("still names the instance fields when they are empty", () => {
    expect(missingField("zapi", { instanceId: "", instanceToken: "x" })?.key).toBe("instanceId");
    expect(missingField("2chat", {})?.key).toBe("apiKey");
  });
});
