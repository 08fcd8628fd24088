// Errors as the UI handles them: always a `UiError` ({kind, message, params}) by the time a screen
// sees it. `kind` is Rust's one `ErrorKind` (groupdrop-core), generated into bindings.ts together
// with the list of its values (`ERROR_KINDS`), so this file keeps no list of its own. Rust's `message` is English for support: the UI words the error
// from `kind` and `params` (ErrorBanner) and shows `message` only under "Details". The framework
// itself (an ACL denial, a missing command) rejects with a bare string, which is logged and shown
// as the generic "something went wrong".

import { ERROR_KINDS, type ErrorKind, type UiError } from "../bindings";

export class AppError extends Error {
  readonly ui: UiError;
  constructor(ui: UiError) {
    super(ui.message);
    this.ui = ui;
  }
}

/** Marks an error the UI wrote itself: its `message` is already in the user's language. */
const TRANSLATED = "translated";

/** An error the UI detected itself (a missing field), already worded with `t()`. */
export function uiMade(kind: ErrorKind, message: string): UiError {
  return { kind, message, params: { [TRANSLATED]: "yes" } };
}

/** True when `message` was written by the UI in the user's language (not Rust's English). */
export function isTranslated(e: UiError): boolean {
  return e.params?.[TRANSLATED] === "yes";
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
  if (isUiError(e)) return { ...e, params: e.params ?? {} };
  console.error("unexpected error", e);
  return { kind: "internal", message: "", params: {} };
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
  throw new AppError(toUiError(res.error));
}
