import { describe, expect, it, vi } from "vitest";
import { ERROR_KINDS } from "../bindings";
import { AppError, isTranslated, toUiError, uiMade, unwrap } from "./errors";

describe("errors at the boundary", () => {
  it("unwraps ok results and throws typed errors", async () => {
    await expect(unwrap(Promise.resolve({ status: "ok" as const, data: 5 }))).resolves.toBe(5);
    const err = { kind: "badFile" as const, message: "\"a.csv\" is empty.", params: { file: "a.csv" } };
    await expect(unwrap(Promise.resolve({ status: "error" as const, error: err }))).rejects.toMatchObject({ ui: err });
  });

  it("never shows a framework string (ACL denial, missing command) to the user", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const raw = "command import_file not allowed by ACL";
    const e = toUiError(raw);
    expect(e).toEqual({ kind: "internal", message: "", params: {} });
    await expect(unwrap(Promise.reject(new Error("boom at bindings.ts:12")))).rejects.toBeInstanceOf(AppError);
    spy.mockRestore();
  });

  it("rejects objects whose kind is not one of ours", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(toUiError({ kind: "weird", message: "<html>502</html>" })).toEqual({ kind: "internal", message: "", params: {} });
    spy.mockRestore();
  });

  it("knows Rust's kinds from the generated list, and which messages the UI already translated", () => {
    expect(ERROR_KINDS).toContain("credentials");
    expect(ERROR_KINDS).toContain("jobRunning");
    expect(ERROR_KINDS.length).toBe(18);
    expect(isTranslated(uiMade("invalidInput", "Preencha o nome."))).toBe(true);
    expect(isTranslated(toUiError({ kind: "credentials", message: "2Chat refused", params: { provider: "2Chat" } }))).toBe(false);
  });
});
