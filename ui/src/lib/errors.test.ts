import { describe, expect, it, vi } from "vitest";
import { AppError, toUiError, unwrap } from "./errors";

describe("errors at the boundary", () => {
  it("unwraps ok results and throws typed errors", async () => {
    await expect(unwrap(Promise.resolve({ status: "ok" as const, data: 5 }))).resolves.toBe(5);
    const err = { kind: "badFile" as const, message: "\"a.csv\" is empty." };
    await expect(unwrap(Promise.resolve({ status: "error" as const, error: err }))).rejects.toMatchObject({ ui: err });
  });

  it("never shows a framework string (ACL denial, missing command) to the user", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const raw = "command import_file not allowed by ACL";
    const e = toUiError(raw);
    expect(e).toEqual({ kind: "internal", message: "" });
    await expect(unwrap(Promise.reject(new Error("boom at bindings.ts:12")))).rejects.toBeInstanceOf(AppError);
    spy.mockRestore();
  });

  it("rejects objects whose kind is not one of ours", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(toUiError({ kind: "weird", message: "<html>502</html>" })).toEqual({ kind: "internal", message: "" });
    spy.mockRestore();
  });
});
