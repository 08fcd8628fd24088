import { describe, expect, it } from "vitest";
import { baseName, charCount, countryName, displayPhone, formatDateTime, rowNumber, safeFileName } from "./format";
import { isLandline } from "./numbers";

describe("charCount", () => {
  it("counts as Rust's plan does (code points), so the counter never accepts what plan_job refuses", () => {
    expect(charCount("Pais 5ºB")).toBe(8);
    // "👨‍👩‍👧" is 5 code points (3 people joined by 2 zero-width joiners), as `str::chars` counts it.
    expect(charCount("👨‍👩‍👧 Família")).toBe(13);
    expect(charCount("e\u0301")).toBe(2);
    // Hindi: "नमस्ते" is 6 code points (Rust: "नमस्ते".chars().count() == 6).
    expect(charCount("नमस्ते")).toBe(6);
    expect(charCount("")).toBe(0);
  });
});

describe("file names", () => {
  it("takes the last path component on every OS", () => {
    expect(baseName("/home/ana/Contatos.csv")).toBe("Contatos.csv");
    expect(baseName("C:\\Users\\Ana\\lista.xlsx")).toBe("lista.xlsx");
  });
  it("makes a save-dialog suggestion safe", () => {
    expect(safeFileName('Pais: 5/B "2026"?')).toBe("Pais 5 B 2026");
    expect(safeFileName("   ")).toBe("group");
    expect(safeFileName("x".repeat(300)).length).toBe(120);
  });
});

describe("dates, countries, phones", () => {
  it("formats Unix ms in the locale and tolerates nulls", () => {
    const ms = Date.UTC(2026, 10, 25, 12, 0);
    expect(formatDateTime(ms, "en-GB")).toMatch(/2026/);
    expect(formatDateTime(null, "en")).toBe("");
    expect(formatDateTime("not a date", "en")).toBe("");
  });
  it("names countries in the UI language, falling back to the code", () => {
    expect(countryName("BR", "en")).toBe("Brazil");
    expect(countryName("BR", "pt-BR")).toBe("Brasil");
    expect(countryName("ZZZ", "en")).toBe("ZZZ");
  });
  it("splits off the calling code only when it matches", () => {
    expect(displayPhone("+5511987654321", 55)).toBe("+55 11987654321");
    expect(displayPhone("+5511987654321", 91)).toBe("+5511987654321");
  });
  it("warns about landline-like kinds only", () => {
    expect(isLandline("fixed_line")).toBe(true);
    expect(isLandline("toll_free")).toBe(true);
    expect(isLandline("mobile")).toBe(false);
    expect(isLandline("fixed_line_or_mobile")).toBe(false);
    expect(isLandline("unknown")).toBe(false);
  });
});

describe("row numbers", () => {
  it("are written like the spreadsheet's row header, never grouped", () => {
    expect(rowNumber(12345)).toBe("12345");
  });
  it("dates follow the format locale's order", () => {
    const ms = Date.UTC(2026, 10, 25, 12, 0);
    expect(formatDateTime(ms, "pt-BR")).toMatch(/^25 de nov\.? de 2026/);
    expect(formatDateTime(ms, "en-US")).toMatch(/^Nov 25, 2026/);
    expect(formatDateTime(ms, "en-IN")).toMatch(/^25 Nov 2026/);
    expect(formatDateTime(ms, "hi")).toMatch(/2026/);
  });
});
