import { describe, expect, it } from "vitest";
import type { SetupCapability } from "../bindings";
import { catalogues } from "../i18n/catalogues";
import { en, type MessageKey } from "../i18n/en";
import { translate, type Params } from "../i18n/translate";
import { notOfferedText, offered, setupReasonText, setupRequest, supportOf } from "./setup";

const t = (key: MessageKey, params: Params = {}) => translate({ en }, en, "en", key, params);
const pt = (key: MessageKey, params: Params = {}) => translate(catalogues, en, "pt-BR", key, params);

// As 2Chat's provider answers `setup_capabilities` (crates/providers/src/twochat.rs).
const twoChat: SetupCapability[] = [
  { step: "description", support: { kind: "at_create" } },
  { step: "admins", support: { kind: "not_offered", why: "not offered by 2Chat: 2Chat has no documented way to make a member admin" } },
  { step: "admins_only_messages", support: { kind: "not_offered", why: "not offered by 2Chat: …settings" } },
  { step: "admins_only_settings", support: { kind: "not_offered", why: "not offered by 2Chat: …settings" } },
];
const form = { description: "  Avisos da turma  ", admins: ["+5511980000001", " +5511980000001 ", "11 98000-0002"], adminsOnlyMessages: true, adminsOnlySettings: true };

describe("set up after create", () => {
  it("sends only what was asked for and what the provider offers", () => {
    expect(setupRequest(form, null)).toEqual({
      description: "Avisos da turma",
      admins: ["+5511980000001", "11 98000-0002"],
      adminsOnlyMessages: true,
      adminsOnlySettings: true,
    });
    expect(setupRequest(form, twoChat)).toEqual({ description: "Avisos da turma" });
    expect(setupRequest({ description: " ", admins: [], adminsOnlyMessages: false, adminsOnlySettings: false }, null)).toBeUndefined();
  });

  it("knows each step's support; a step missing from the plan counts as offered", () => {
    expect(supportOf(twoChat, "description")).toEqual({ kind: "at_create" });
    expect(offered(twoChat, "admins")).toBe(false);
    expect(offered([], "admins")).toBe(true);
  });

  it("words the disabled control's sentence from the step and the provider, in the user's language", () => {
    expect(notOfferedText(t, "2chat", "admins")).toBe("2Chat has no way to make admins.");
    expect(notOfferedText(t, "eazybe", "description")).toBe("EazyBe has no way to set a group's description.");
    expect(notOfferedText(pt, "2chat", "admins_only_settings")).toBe("A 2Chat não tem como mudar quem pode enviar mensagens ou editar o grupo.");
  });

  it("words Rust's fixed reasons on the Result, and keeps a provider's own answer as it came", () => {
    expect(setupReasonText(t, "2chat", { step: "admins", status: "not_offered", reason: "not offered by 2Chat: …" })).toEqual({
      text: "2Chat has no way to make admins.",
      english: false,
    });
    expect(setupReasonText(pt, "2chat", { step: "description", status: "done", reason: "set with the create" })?.text).toBe(
      "Definido na criação do grupo.",
    );
    expect(setupReasonText(t, "zapi", { step: "admins", status: "failed", reason: "not in the group, so not made admin: +5511912345678" })?.text).toBe(
      "Not in the group, so not made admin: +5511912345678",
    );
    expect(
      setupReasonText(t, "zapi", {
        step: "description",
        status: "skipped",
        reason: "not done yet: it comes after the members are added; run resume to finish",
      })?.text,
    ).toBe("Not done yet: it comes after everyone is added. Resume to finish.");
    expect(setupReasonText(t, "zapi", { step: "description", status: "failed", reason: "Z-API answered 500" })).toEqual({
      text: "Z-API answered 500",
      english: true,
    });
    expect(setupReasonText(t, "zapi", { step: "description", status: "done", reason: null })).toBeNull();
  });
});
