import { describe, expect, it } from "vitest";
import { en, type MessageKey } from "./en";
import { ptBR } from "./pt-BR";
import { es } from "./es";
import { hi } from "./hi";
import { placeholdersOf } from "./check";
import { interpolate, matchLocale, parseInlinePlural, translate, type Catalogue, type Message, type PartialCatalogue } from "./translate";

const catalogues: Record<string, PartialCatalogue<MessageKey>> = { en, "pt-BR": ptBR, es, hi };
const tr = (locale: string, key: MessageKey, params = {}) => translate(catalogues, en, locale, key, params);

describe("translate", () => {
  it("uses the locale's message when it has one", () => {
    expect(tr("pt-BR", "nav.history")).toBe("Histórico");
    expect(tr("es", "nav.history")).toBe("Historial");
  });

  it("falls back to English for keys a partial catalogue lacks, never to the raw key", () => {
    // The shipped catalogues are complete (coverage.test.ts); the runtime fallback still covers
    // a catalogue that lacks a key, with the English plural rules and number format.
    const partial: PartialCatalogue<MessageKey> = { "nav.start": "Nuevo grupo" };
    const withPartial = { ...catalogues, "es-XX": partial };
    const trPartial = (key: MessageKey, params = {}) => translate(withPartial, en, "es-XX", key, params);
    expect(trPartial("nav.start")).toBe("Nuevo grupo");
    expect(trPartial("result.noLink", { provider: "EazyBe" })).toBe(
      "EazyBe gives no invite link. Share the group from WhatsApp on your phone.",
    );
    expect(trPartial("create.summaryHead", { count: 1500 })).toBe("1,500 numbers → ");
    expect(tr("xx-YY", "nav.start")).toBe("New group");
  });

  it("speaks every shipped language, including the plural forms", () => {
    expect(tr("hi", "result.noLink", { provider: "EazyBe" })).toBe(
      "EazyBe आमंत्रण लिंक नहीं देता। अपने फ़ोन के WhatsApp से ग्रुप शेयर करें।",
    );
    expect(tr("es", "result.noLink", { provider: "2Chat" })).toBe(
      "2Chat no da enlace de invitación. Comparte el grupo desde WhatsApp en tu teléfono.",
    );
    expect(tr("es", "create.summaryGroups", { count: 1 })).toBe("1 grupo");
    expect(tr("es", "create.summaryGroups", { count: 3 })).toBe("3 grupos");
    // Hindi: "one" is 0 and 1; Indian digit grouping (1,50,000).
    expect(tr("hi", "result.pending", { count: 1 })).toBe("1 नंबर अभी भेजा नहीं गया");
    expect(tr("hi", "result.pending", { count: 150000 })).toBe("1,50,000 नंबर अभी भेजे नहीं गए");
  });

  it("picks plural forms by the locale's rules and formats the count", () => {
    expect(tr("en", "preview.usable", { count: 1 })).toBe("usable number");
    expect(tr("en", "preview.usable", { count: 2 })).toBe("usable numbers");
    expect(tr("en", "create.summaryCalls", { count: 3, size: 10 })).toBe("created with the first 10, then 3 more rounds of 10");
    expect(tr("en", "create.summaryCalls", { count: 1, size: 10 })).toBe("created with the first 10, then 1 more round of 10");
    expect(tr("pt-BR", "create.summaryCalls", { count: 2, size: 20 })).toBe("criado com os primeiros 20, depois mais 2 rodadas de 20");
    // pt-BR formats thousands with a dot, en with a comma.
    expect(tr("pt-BR", "create.summaryHead", { count: 50000 })).toBe("50.000 números → ");
    expect(tr("en", "create.summaryHead", { count: 50000 })).toBe("50,000 numbers → ");
  });

  it("keeps unknown placeholders visible instead of printing undefined", () => {
    expect(interpolate("Hi {name}, {missing}", { name: "Ana" }, "en")).toBe("Hi Ana, {missing}");
    expect(interpolate("{n}", { n: null }, "en")).toBe("{n}");
  });
});

describe("matchLocale", () => {
  const supported = ["en", "pt-BR", "es", "hi"];
  it("matches exact tags, then the language, else English", () => {
    expect(matchLocale("pt-BR", supported)).toBe("pt-BR");
    expect(matchLocale("pt_BR.UTF-8", supported)).toBe("pt-BR");
    expect(matchLocale("pt-PT", supported)).toBe("pt-BR");
    expect(matchLocale("es-MX", supported)).toBe("es");
    expect(matchLocale("hi-IN", supported)).toBe("hi");
    expect(matchLocale("de-DE", supported)).toBe("en");
    expect(matchLocale(null, supported)).toBe("en");
  });
});

/** The placeholders of a message (all plural forms together), e.g. {count} {size}. */
function placeholders(m: Message): string[] {
  return placeholdersOf(typeof m === "string" ? m : Object.values(m).join(" "));
}

describe("catalogues", () => {
  for (const [tag, cat] of Object.entries({ "pt-BR": ptBR, es, hi })) {
    it(`${tag}: every translation keeps the English placeholders (a lost {link} would send an empty invite)`, () => {
      for (const [key, msg] of Object.entries(cat) as [MessageKey, Message][]) {
        const want = placeholders(en[key]).filter((p) => p !== "{count}" || typeof en[key] === "string");
        const got = placeholders(msg);
        for (const p of want) expect(got, `${tag} ${key}`).toContain(p);
      }
    });
    it(`${tag}: plural messages stay plural`, () => {
      for (const [key, msg] of Object.entries(cat) as [MessageKey, Message][]) {
        expect(typeof msg, `${tag} ${key}`).toBe(typeof en[key]);
      }
    });
  }

  it("English has no empty message", () => {
    for (const [key, msg] of Object.entries(en)) {
      const texts = typeof msg === "string" ? [msg] : Object.values(msg);
      for (const text of texts) expect(text.trim(), key).not.toBe("");
    }
  });
});

describe("counts read right in every language (issue 15: \"1 convidados\", \"0 repetido\")", () => {
  const c = catalogues as unknown as Record<string, Record<string, Message>>;
  const say = (locale: string, key: string, params: Record<string, number>) =>
    translate(c, c.en as Catalogue<string>, locale, key, params);

  it("agrees each count of a sentence with its own noun", () => {
    const counts = { added: 1, invited: 1, rejected: 0 };
    expect(say("pt-BR", "result.summary", counts)).toBe("1 adicionado · 1 convidado · 0 recusados");
    expect(say("pt-BR", "history.counts", { added: 2, invited: 1, rejected: 1 })).toBe("2 adicionados · 1 convidado · 1 recusado");
    expect(say("es", "result.summary", { added: 1, invited: 3, rejected: 0 })).toBe("1 agregado · 3 invitados · 0 rechazados");
    expect(say("hi", "result.summary", { added: 1, invited: 0, rejected: 2 })).toBe("1 जोड़ा गया · 0 आमंत्रित · 2 अस्वीकार");
    expect(say("en", "result.summary", { added: 1, invited: 1, rejected: 1_000 })).toBe("1 added · 1 invited · 1,000 rejected");
  });

  it("says zero in the plural in Portuguese, although CLDR files 0 under `one`", () => {
    expect(new Intl.PluralRules("pt-BR").select(0)).toBe("one");
    expect(say("pt-BR", "preview.duplicates", { count: 0 })).toBe("repetidos");
    expect(say("pt-BR", "preview.duplicates", { count: 1 })).toBe("repetido");
    expect(say("pt-BR", "create.tallyInvited", { count: 1 })).toBe("convidado");
    expect(say("pt-BR", "create.tallyInvited", { count: 0 })).toBe("convidados");
  });

  it("every Portuguese plural has its zero form, inline ones too", () => {
    const missing: string[] = [];
    for (const [key, m] of Object.entries(c["pt-BR"])) {
      if (typeof m !== "string" && !("=0" in m)) missing.push(key);
      for (const text of typeof m === "string" ? [m] : Object.values(m)) {
        for (const match of (text ?? "").matchAll(/\{(\w+),\s*plural,/g)) {
          const p = parseInlinePlural(text ?? "", match.index ?? 0);
          if (!p || !("=0" in p.forms)) missing.push(`${key} {${match[1]}}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("reads ICU-style inline plurals, exact forms first", () => {
    const msg = "{n, plural, =0 {none} one {# file} other {# files}} left";
    expect(interpolate(msg, { n: 0 }, "en")).toBe("none left");
    expect(interpolate(msg, { n: 1 }, "en")).toBe("1 file left");
    expect(interpolate(msg, { n: 1234 }, "en")).toBe("1,234 files left");
    expect(interpolate("{x} {y}", { x: "a" }, "en")).toBe("a {y}");
  });
});
