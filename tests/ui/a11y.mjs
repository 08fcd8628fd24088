// @ts-check
// Accessibility: axe-core (WCAG 2.x A/AA rules) on every screen and state the app has, in the light
// and the dark palette: no serious or critical violation may appear. A failure prints each violation
// with the elements it hit, so the fix is in the message. One test file per palette
// (a11y-light.test.mjs, a11y-dark.test.mjs) so each stays well inside the per-file time limit.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { emit, startApp } from "./harness.mjs";

const AXE = await readFile(resolve(import.meta.dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

const TWOCHAT = { id: 3, provider: "2chat", label: "Office 2Chat", saved: true, fromNumber: "+595981048477", practice: false };
const HISTORY = [
  { id: 9, provider: "zapi", accountLabel: "Front desk", groupName: "Choir 2026", status: "incomplete", startedAtMs: Date.UTC(2026, 10, 24, 15), added: 10, invited: 0, sent: 0, rejected: 0, pending: 5, resumable: true },
  { id: 7, provider: "practice", accountLabel: "Practice", groupName: "Trial run", status: "partial", startedAtMs: Date.UTC(2026, 10, 22, 9), added: 20, invited: 2, sent: 0, rejected: 5, pending: 0, resumable: false },
];

/** @typedef {import("playwright-core").Page} Page */
/** @typedef {{ name: string, scenario?: Record<string, unknown>, go: (page: Page) => Promise<void> }} State */

/** @param {Page} page */
async function toCreate(page) {
  await page.getByTestId("continue").click();
  await page.getByTestId("screen-create").waitFor();
}
/** @param {Page} page */
async function runToResult(page) {
  await toCreate(page);
  await page.getByTestId("account-0").check();
  await page.getByTestId("group-name").fill("Parents 5B");
  await page.getByTestId("summary-headline").waitFor();
  await page.getByTestId("create").click();
  await page.getByTestId("screen-result").waitFor();
}

/** Every screen and state a user can reach. @type {State[]} */
const STATES = [
  { name: "start, first run (tour)", go: async (p) => void (await p.getByTestId("tour").waitFor()) },
  { name: "start with recent runs", scenario: { history: HISTORY }, go: async (p) => void (await p.getByTestId("recent-run").first().waitFor()) },
  {
    name: "start, unreadable file",
    scenario: { openPath: "/home/ana/photo.jpg" },
    go: async (p) => {
      await p.getByTestId("choose-file").click();
      await p.getByTestId("error").waitFor();
    },
  },
  { name: "preview: numbers", scenario: { startupFile: "/data/contacts.csv" }, go: async (p) => void (await p.getByTestId("screen-preview").waitFor()) },
  {
    name: "preview: rejected rows",
    scenario: { startupFile: "/data/contacts.csv" },
    go: async (p) => {
      await p.getByTestId("tab-rejected").click();
    },
  },
  {
    name: "preview: duplicates",
    scenario: { startupFile: "/data/contacts.csv" },
    go: async (p) => {
      await p.getByTestId("tab-duplicates").click();
    },
  },
  { name: "accounts", scenario: { accounts: [TWOCHAT] }, go: async (p) => void (await p.getByTestId("nav-accounts").click()) },
  {
    name: "accounts: adding a Z-API account",
    go: async (p) => {
      await p.getByTestId("nav-accounts").click();
      await p.getByTestId("account-provider").selectOption("zapi");
    },
  },
  {
    name: "accounts: no keyring",
    scenario: { keyring: { available: false, message: "No Secret Service is running." } },
    go: async (p) => void (await p.getByTestId("nav-accounts").click()),
  },
  { name: "create: empty name", scenario: { startupFile: "/data/contacts.csv", accounts: [TWOCHAT] }, go: toCreate },
  {
    name: "create: ready, with plan",
    scenario: { startupFile: "/data/contacts.csv", accounts: [TWOCHAT] },
    go: async (p) => {
      await toCreate(p);
      await p.getByTestId("group-name").fill("Parents 5B 2026");
      await p.getByTestId("summary-headline").waitFor();
    },
  },
  {
    name: "create: running, progress",
    scenario: { startupFile: "/data/contacts.csv", holdJob: true, stepMs: 30 },
    go: async (p) => {
      await toCreate(p);
      await p.getByTestId("group-name").fill("Parents");
      await p.getByTestId("summary-headline").waitFor();
      await p.getByTestId("create").click();
      await p.getByTestId("progress").waitFor();
    },
  },
  {
    name: "create: close while running (dialog)",
    scenario: { startupFile: "/data/contacts.csv", holdJob: true, stepMs: 30 },
    go: async (p) => {
      await toCreate(p);
      await p.getByTestId("group-name").fill("Parents");
      await p.getByTestId("summary-headline").waitFor();
      await p.getByTestId("create").click();
      await p.getByTestId("progress").waitFor();
      await emit(p, "close-requested", { job: 7 });
      await p.getByTestId("confirm").waitFor();
    },
  },
  { name: "result: added", scenario: { startupFile: "/data/contacts.csv" }, go: runToResult },
  {
    name: "result: rejected",
    scenario: { startupFile: "/data/contacts.csv" },
    go: async (p) => {
      await runToResult(p);
      await p.getByTestId("tab-rejected").click();
    },
  },
  { name: "result: provider gives no link", scenario: { startupFile: "/data/contacts.csv", noLink: true }, go: runToResult },
  { name: "history", scenario: { history: HISTORY }, go: async (p) => {
      await p.getByTestId("nav-history").click();
      await p.getByTestId("history-row").first().waitFor();
    } },
  { name: "history: empty", go: async (p) => {
      await p.getByTestId("nav-history").click();
      await p.getByTestId("history-empty").waitFor();
    } },
  { name: "settings", scenario: { settings: { tourSeen: true } }, go: async (p) => void (await p.getByTestId("nav-settings").click()) },
  {
    name: "start, tour on its last step",
    go: async (p) => {
      await p.getByTestId("tour-next").click();
      await p.getByTestId("tour-next").click();
      await p.getByTestId("tour-done").waitFor();
    },
  },
  // Issue 12: the number check, "Set up the group" with controls 2Chat cannot honour, and the
  // Result's setup steps and invites.
  {
    name: "preview: numbers checked on WhatsApp",
    scenario: { startupFile: "/data/contacts.csv" },
    go: async (p) => {
      await p.getByTestId("check-open").click();
      await p.getByTestId("check-cost").waitFor();
      await p.getByTestId("check-run").click();
      await p.getByTestId("not-on-whatsapp-table").waitFor();
    },
  },
  {
    name: "create: set up, disabled where 2Chat cannot",
    scenario: { startupFile: "/data/contacts.csv", accounts: [TWOCHAT] },
    go: async (p) => {
      await toCreate(p);
      await p.getByTestId("account-3").check();
      await p.getByTestId("group-name").fill("Parents 5B 2026");
      await p.getByTestId("summary-headline").waitFor();
      await p.getByTestId("setup").locator("summary").click();
      await p.getByTestId("why-admins").waitFor();
    },
  },
  {
    name: "result: setup steps and invites",
    scenario: { startupFile: "/data/contacts.csv" },
    go: async (p) => {
      await toCreate(p);
      await p.getByTestId("account-0").check();
      await p.getByTestId("group-name").fill("Parents 5B");
      await p.getByTestId("setup").locator("summary").click();
      await p.getByTestId("setup-description").fill("News");
      await p.getByTestId("setup-admin-input").fill("11 91234-5678");
      await p.getByTestId("setup-admin-add").click();
      await p.getByTestId("summary-headline").waitFor();
      await p.getByTestId("create").click();
      await p.getByTestId("setup-result").waitFor();
      await p.getByTestId("invite-people").waitFor();
    },
  },
  {
    name: "start, a new version is available",
    scenario: { settings: { tourSeen: true }, update: { version: "0.2.0", currentVersion: "0.1.0", notes: null } },
    go: async (p) => void (await p.getByTestId("update-banner").waitFor()),
  },
];

/**
 * Runs axe on the page as it is now; returns the serious and critical violations, printable.
 * @param {Page} page
 */
async function seriousViolations(page) {
  // evaluate, not a <script> tag: the page's CSP would refuse an inline script.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  // Let transitions (≤ 150 ms here) finish: axe measures contrast on what is painted.
  await page.waitForTimeout(200);
  const result = await page.evaluate(() =>
    /** @type {any} */ (window).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    }),
  );
  return /** @type {any[]} */ (result.violations)
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 6).map((/** @type {any} */ n) => `${n.target.join(" ")} — ${n.failureSummary.split("\n").slice(1, 2).join(" ").trim()}`),
      count: v.nodes.length,
    }));
}

/**
 * Registers one test per state for `theme`.
 * @param {"light" | "dark"} theme
 */
export function axeEveryState(theme) {
  for (const state of STATES) {
    test(`axe (${theme}): ${state.name} has no serious or critical violation`, async () => {
      const { page, close } = await app.open(state.scenario ?? {});
      await page.emulateMedia({ colorScheme: theme });
      await state.go(page);
      const found = await seriousViolations(page);
      await close();
      assert.deepEqual(found, [], `axe (${theme}, ${state.name}):\n${JSON.stringify(found, null, 2)}`);
    });
  }
}
