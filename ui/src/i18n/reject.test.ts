import { describe, expect, it } from "vitest";
import type { RejectCode, RejectedRow } from "../bindings";
import { catalogues } from "./catalogues";
import { rejectReason } from "./reject";

/** A rejected row as Rust sends it (crates/contacts: phone.rs, cells.rs, import.rs). */
const row = (code: RejectCode, reason: string, reason_country: string | null = null, input = ""): RejectedRow => ({
  row: 7,
  name: null,
  input,
  reason,
  code,
  reason_country,
});

// One of each, with Rust's exact English wording.
const ROWS: RejectedRow[] = [
  row("no_number", "no phone number in this row"),
  row("letters", "letters in the number", null, "11 9876 ABC"),
  row("bad_characters", 'the character "*" does not belong in a phone number', null, "11*9876"),
  row("too_short", "too short for a Brazilian number", "BR", "12345"),
  row("too_short", "too short for a phone number", null, "12"),
  row("too_long", "too long for an Indian number", "IN", "98765432101234"),
  row("too_long", "too long to be a phone number", null, "1".repeat(40)),
  row("invalid_number", "not a Mexican number: check the area code and the digits", "MX", "5512345"),
  row("invalid_country_code", "+999… does not start with a country code", null, "+999 1234 5678"),
  row("needs_country", "no country code (+…) and no default country: choose the country of your contacts", null, "98765 4321"),
  row(
    "excel_rounded",
    "Excel shortened this number to 9.19877E+11 and its last digits are lost: format the column as Text in Excel, type the number again and export again",
    null,
    "9.19877E+11",
  ),
];

describe("rejectReason", () => {
  it("words each code in English much as Rust does, the country named by Intl", () => {
    expect(ROWS.map((r) => rejectReason(r, "en"))).toEqual([
      "no phone number in this row",
      "letters in the number",
      'the character "*" does not belong in a phone number',
      "too short for a number in Brazil",
      "too short to be a phone number",
      "too long for a number in India",
      "too long to be a phone number",
      "not a valid number in Mexico: check the area code and the digits",
      "+999… does not start with a country code",
      "no country code (+…) and no default country: choose the country of your contacts",
      "Excel shortened this number to 9.19877E+11 and its last digits are lost: format the column as Text in Excel, type the number again and export again",
    ]);
  });

  it("translates the reason and the country name", () => {
    const br = ROWS[3];
    expect(rejectReason(br, "pt-BR")).toBe("curto demais para um número de telefone (Brasil)");
    expect(rejectReason(br, "es")).toBe("demasiado corto para un número de Brasil");
    expect(rejectReason(br, "hi")).toBe("ब्राज़ील के नंबर के लिए बहुत छोटा है");
    expect(rejectReason(ROWS[7], "es")).toBe("no es un número válido de México: revisa el código de área y los dígitos");
    expect(rejectReason(ROWS[5], "hi")).toBe("भारत के नंबर के लिए बहुत लंबा है");
    expect(rejectReason(ROWS[0], "pt-BR")).toBe("nenhum número de telefone nesta linha");
  });

  it("carries the detail Rust put in its text: the bad character, the wrong prefix, the Excel cell", () => {
    expect(rejectReason(ROWS[2], "pt-BR")).toBe("o caractere “*” não pode estar em um número de telefone");
    expect(rejectReason(row("bad_characters", 'the character """ does not belong in a phone number'), "es")).toBe(
      "el carácter “\"” no puede ir en un número de teléfono",
    );
    expect(rejectReason(ROWS[8], "hi")).toBe("+999… किसी देश कोड से शुरू नहीं होता");
    expect(rejectReason(ROWS[10], "es")).toContain("Excel acortó este número a 9.19877E+11 ");
  });

  it("uses the generic wording when the detail can't be read from Rust's text", () => {
    expect(rejectReason(row("bad_characters", "some newer wording"), "pt-BR")).toBe(
      "há um caractere que não pode estar em um número de telefone",
    );
    expect(rejectReason(row("invalid_country_code", "some newer wording"), "es")).toBe(
      "lo que sigue al + o al 00 no es un código de país",
    );
    expect(rejectReason(row("excel_rounded", "Excel shortened this number"), "en")).toMatch(/^Excel shortened this number and/);
  });

  it("falls back to Rust's English text for a code this UI does not know (a newer core)", () => {
    const future = { reason: "the number is on a blocklist", code: "blocked", reason_country: "BR", input: "123" };
    expect(rejectReason(future, "pt-BR")).toBe("the number is on a blocklist");
    expect(rejectReason({ reason: "no phone number in this row" }, "hi")).toBe("no phone number in this row");
  });

  it("leaves no placeholder unfilled in any language", () => {
    for (const tag of Object.keys(catalogues)) {
      for (const r of ROWS) expect(rejectReason(r, tag), `${tag} ${r.code}`).not.toMatch(/\{\w+\}/);
    }
  });
});
