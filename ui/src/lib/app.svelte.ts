// App-wide state shared by the screens (which screen, the file being previewed, the job in flight)
// and the actions that move between screens. Screen-local state stays in the screens.

import type {
  CheckReport,
  Country,
  ImportChoices,
  JobFinished,
  JobProgress,
  Preview,
  SettingsView,
  UiError,
} from "../bindings";
import { api } from "./api";
import { toUiError } from "./errors";
import { baseName } from "./format";
import { setLanguage } from "../i18n/index.svelte";

export type Screen = "start" | "preview" | "create" | "result" | "history" | "accounts" | "settings";

export const app = $state({
  screen: "start" as Screen,
  /** The file on the Preview/Create screens. */
  preview: null as Preview | null,
  /** File name being read right now (Start shows a spinner). */
  importing: null as string | null,
  importError: null as UiError | null,
  /** Which job the Result screen shows. */
  resultJob: null as number | null,
  /** The job running now and its last progress event. */
  runningJob: null as number | null,
  runningName: "",
  progress: null as JobProgress | null,
  cancelling: false,
  lastFinished: null as JobFinished | null,
  /** The window's close button was pressed mid-run: ask. */
  closeAsked: false,
  dragOver: false,
  toast: null as { text: string; tone: "ok" | "bad" | "info" } | null,
  settings: null as SettingsView | null,
  /**
   * "Check numbers on WhatsApp" in Preview: the answers for this import and account. Create
   * plans with `checked: true` for that account, so numbers not on WhatsApp are never sent.
   */
  check: null as { importId: number; accountId: number; report: CheckReport } | null,
  countries: [] as Country[],
});

let toastTimer: ReturnType<typeof setTimeout> | undefined;

export function showToast(text: string, tone: "ok" | "bad" | "info" = "ok") {
  app.toast = { text, tone };
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (app.toast = null), 3000);
}

/** A confirmation belongs to the screen it was shown on: leaving the screen dismisses it. */
function leave() {
  clearTimeout(toastTimer);
  app.toast = null;
}

export function go(screen: Screen) {
  if (screen !== app.screen) leave();
  app.screen = screen;
}

export function openResult(job: number) {
  if (app.screen !== "result") leave();
  app.resultJob = job;
  app.screen = "result";
}

/**
 * Reads a contact file and shows its preview. A file that cannot be read shows the error on
 * Start; re-reading the previewed file with other choices (column, country, sheet) keeps the
 * current preview and shows the error above it instead.
 */
export async function openFile(
  path: string,
  choices: ImportChoices = { country: null, column: null, sheet: null, groupBy: null },
) {
  const rereading = app.screen === "preview" && app.preview?.path === path;
  app.importing = baseName(path);
  app.importError = null;
  if (!rereading) app.screen = "start";
  try {
    const country = choices.country ?? defaultCountry();
    app.preview = await api.importFile(path, { ...choices, country });
    app.screen = "preview";
    // For scripts/e2e-measure: when the preview had its data (ms since the page loaded).
    performance.mark("groupdrop:preview");
  } catch (e) {
    app.importError = toUiError(e);
    if (!rereading) {
      app.preview = null;
      app.screen = "start";
    }
  } finally {
    app.importing = null;
  }
}

export function applyTheme(theme: "system" | "light" | "dark") {
  const root = document.documentElement;
  if (theme === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", theme);
}

export async function loadSettings() {
  const view = await api.getSettings();
  app.settings = view;
  setLanguage(view.settings.language, view.systemLanguage);
  applyTheme(view.settings.theme ?? "system");
}

/** The country national numbers are read with when nothing else was chosen. */
export function defaultCountry(): string | null {
  return app.settings?.settings.country ?? app.settings?.systemCountry ?? null;
}
