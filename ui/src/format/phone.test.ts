import { describe, expect, it } from "vitest";
import { displayPhone } from "./phone";

describe("displayPhone", () => {
  it("writes numbers of the default country the national way", () => {
    expect(displayPhone("+5511987654321", "BR")).toBe("(11) 98765-4321");
    expect(displayPhone("+919876543210", "IN")).toBe("098765 43210");
    expect(displayPhone("+12025550143", "us")).toBe("(202) 555-0143");
  });
  it("writes other countries' numbers internationally", () => {
    expect(displayPhone("+595981048477", "BR")).toBe("+595 981 048477");
    expect(displayPhone("+5511987654321", null)).toBe("+55 11 98765 4321");
  });
  it("leaves what it cannot parse alone", () => {
    expect(displayPhone("not a number", "BR")).toBe("not a number");
  });
});
