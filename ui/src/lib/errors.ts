// Errors as the UI handles them: always a `UiError` ({kind, message}) by the time a screen sees it.
// Commands return typed UiErrors; the framework itself (an ACL denial, a missing command) rejects
// with a bare string, which is logged and shown as the generic "something went wrong".

// `kind` is Rust's one `ErrorKind` (groupdrop-core), generated into bindings.ts together with the
// list of its values, so this file keeps no list of its own.
import { ERROR_KINDS, type UiError } from "../bindings";

export class AppError extends Error {
  readonly ui: UiError;
  constructor(ui: UiError) {
    super(ui.message);
    this.ui = ui;
  }
}

export function isUiError(e: unknown): e is UiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as UiError).message === "string" &&
    (ERROR_KINDS as readonly string[]).includes((e as UiError).kind)
  );
}

/** Anything thrown → a UiError fit for the screen. Unknown shapes never leak their text. */
export function toUiError(e: unknown): UiError {
  if (e instanceof AppError) return e.ui;
  if (isUiError(e)) return e;
  console.error("unexpected error", e);
  return { kind: "internal", message: "" };
}

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: UiError };

/** Awaits a generated command and returns its data, or throws an AppError. */
export async function unwrap<T>(call: Promise<CommandResult<T>>): Promise<T> {
  let res: CommandResult<T>;
  try {
    res = await call;
  } catch (e) {
    throw new AppError(toUiError(e));
  }
  if (res.status === "ok") return res.data;
  // Marked with a plain field, not a WeakSet: screens keep errors in $state, whose proxies are
  // other objects than the one marked here.
  const ui: UiError & { fromRust?: boolean } = { ...toUiError(res.error), fromRust: true };
  throw new AppError(ui);
}

/** Whether `e`'s message came from Rust (English) rather than from the UI's catalogues. */
export function isFromRust(e: UiError): boolean {
  return (e as UiError & { fromRust?: boolean }).fromRust === true;
}
