import { describe, expect, it } from "vitest";
import { en, type MessageKey } from "./en";
import { ptBR } from "./pt-BR";
import { es } from "./es";
import { hi } from "./hi";
import { interpolate, matchLocale, translate, type Message, type PartialCatalogue } from "./translate";

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
    expect(tr("en", "create.summaryCalls", { count: 3, size: 10 })).toBe("1 create + 3 batches of 10");
    expect(tr("en", "create.summaryCalls", { count: 1, size: 10 })).toBe("1 create + 1 batch of 10");
    expect(tr("pt-BR", "create.summaryCalls", { count: 2, size: 20 })).toBe("1 criação + 2 lotes de 20");
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
  const text = typeof m === "string" ? m : Object.values(m).join(" ");
  return [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();
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
