// @ts-check
// The layout audit and the walk through every screen and state that tests/ui/layout.test.mjs
// checks and tests/ui/shots.mjs photographs (scripts/screenshots --matrix).

import assert from "node:assert/strict";
import { FILES, emit } from "./harness.mjs";

export const LANGUAGES = ["en", "pt-BR", "es", "hi"];
export const SIZES = [
  { name: "1120x760", viewport: { width: 1120, height: 760 }, deviceScaleFactor: 1 },
  { name: "zoom200", viewport: { width: 560, height: 380 }, deviceScaleFactor: 2 },
];

/** Runs in the page: every layout problem visible now, one line each. */
export function auditPage() {
  /** @type {string[]} */
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const describe = (/** @type {Element} */ el) => {
    const id = el.getAttribute("data-testid");
    const cls = typeof el.className === "string" && el.className ? `.${el.className.split(/\s+/).filter((c) => !c.startsWith("svelte-")).join(".")}` : "";
    return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ""}${cls} “${(el.textContent ?? "").trim().slice(0, 60)}”`;
  };
  const visible = (/** @type {Element} */ el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== "hidden" && cs.display !== "none" && !el.closest("[aria-hidden='true'], .sr-only");
  };
  if (document.scrollingElement && document.scrollingElement.scrollWidth > vw + 1) {
    problems.push(`the page scrolls sideways (${document.scrollingElement.scrollWidth}px > ${vw}px)`);
  }
  for (const el of document.querySelectorAll("body *")) {
    if (!(el instanceof HTMLElement) || !visible(el)) continue;
    const cs = getComputedStyle(el);
    if (cs.display === "inline" || cs.display === "contents") continue;
    // A box that hides what sticks out of it (rounded tables, cards) must have nothing sticking out.
    if (["hidden", "clip"].includes(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`content cut at the side of ${describe(el)} (${el.scrollWidth} > ${el.clientWidth})`);
    }
    if (["INPUT", "SELECT", "TEXTAREA", "OPTION", "svg", "SCRIPT", "STYLE"].includes(el.tagName)) continue;
    // Whatever an element holds must fit in it unless it scrolls: a chip wider than its table cell
    // spills over the next column although no text of the cell itself overflows.
    const scrolls = ["auto", "scroll"].includes(cs.overflowX);
    if (!scrolls && !["hidden", "clip"].includes(cs.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      problems.push(`content sticks out of ${describe(el)} (${el.scrollWidth} > ${el.clientWidth})`);
    }
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "");
    if (!ownText) continue;
    const scrollsX = ["auto", "scroll"].includes(cs.overflowX);
    const scrollsY = ["auto", "scroll"].includes(cs.overflowY);
    if (!scrollsX && el.scrollWidth > el.clientWidth + 1) problems.push(`text overflows its width: ${describe(el)} (${el.scrollWidth} > ${el.clientWidth})`);
    if (!scrollsY && ["hidden", "clip"].includes(cs.overflowY) && el.scrollHeight > el.clientHeight + 1) {
      problems.push(`text is cut at the bottom: ${describe(el)}`);
    }
    if (cs.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth) problems.push(`text cut with “…”: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll("button, input, select, textarea, a[href], [role='tab'], summary")) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) problems.push(`control leaves the window: ${describe(el)} (${Math.round(r.left)}…${Math.round(r.right)} of ${vw})`);
  }
  for (const table of document.querySelectorAll(".vt")) {
    const head = table.querySelector(":scope > .head");
    if (!head) continue;
    const headers = [...head.children];
    headers.forEach((h, i) => {
      if ((h.textContent ?? "").trim() === "") problems.push(`column ${i + 1} of ${describe(table)} has no header`);
    });
    for (const row of table.querySelectorAll("[role='row'][data-index]")) {
      if (row.children.length > headers.length) problems.push(`a row of ${describe(table)} has ${row.children.length} cells for ${headers.length} headers`);
    }
  }
  return [...new Set(problems)];
}

const HISTORY = [
  {
    id: 3,
    provider: "zapi",
    accountLabel: "School office (Z-API)",
    groupName: "Class 5B parents 2026 — second term, Tuesday and Thursday afternoons",
    status: "incomplete",
    startedAtMs: Date.UTC(2026, 10, 24, 14, 5),
    added: 12,
    invited: 1,
    sent: 0,
    rejected: 0,
    pending: 9,
    resumable: true,
  },
  {
    id: 2,
    provider: "practice",
    accountLabel: "Practice",
    groupName: "Trial run",
    status: "done",
    startedAtMs: Date.UTC(2026, 10, 20, 9, 0),
    added: 1,
    invited: 0,
    sent: 0,
    rejected: 1,
    pending: 0,
    resumable: false,
  },
];

/**
 * Walks every screen and state in one language and size, auditing each; returns the problems.
 * @param {(scenario: Record<string, unknown>, options: object) => Promise<{ page: import("playwright-core").Page, errors: string[], close: () => Promise<void> }>} open
 * @param {string} language
 * @param {(typeof SIZES)[number]} size
 * @param {(page: import("playwright-core").Page, state: string) => Promise<void>} [onState]
 */
export async function walk(open, language, size, onState) {
  const { page, errors, close } = await open(
    {
      settings: { language, country: null },
      systemCountry: "US",
      systemLanguage: "en-US",
      history: structuredClone(HISTORY),
      accounts: [
        { id: 5, provider: "2chat", label: "Front desk (2Chat)", saved: true, fromNumber: null, practice: false },
        { id: 6, provider: "zapi", label: "School (Z-API)", saved: true, fromNumber: "+5511999990000", practice: false },
      ],
      usage: { 6: 3 },
      openPath: "/data/contacts.csv",
      stepMs: 350,
      files: { ...FILES, "contacts.csv": { usable: 25, duplicates: 2, rejected: 3, suggest: "BR" } },
    },
    { viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor },
  );
  /** @type {string[]} */
  const found = [];
  const state = async (/** @type {string} */ name) => {
    await page.waitForTimeout(60);
    for (const p of await page.evaluate(auditPage)) found.push(`${language} ${size.name} ${name}: ${p}`);
    if (onState) await onState(page, name);
  };
  const click = (/** @type {string} */ id) => page.getByTestId(id).first().click();

  await state("start");
  await emit(page, "tauri://drag-drop", { paths: ["/tmp/photo.jpg"], position: { x: 10, y: 10 } });
  await page.getByTestId("error").first().waitFor();
  await state("start-bad-file");

  await click("choose-file");
  await page.getByTestId("country-suggestion").waitFor();
  await state("preview-suggestion");
  await page.getByTestId("file-details").locator("summary").click();
  await click("tab-duplicates");
  await state("preview-duplicates");
  await click("tab-rejected");
  await state("preview-rejected");
  await click("country-suggestion-accept");
  await page.getByTestId("country-suggestion").waitFor({ state: "detached" });
  await click("tab-numbers");
  await state("preview-numbers");

  await click("continue");
  await page.getByTestId("screen-create").waitFor();
  await click("account-0");
  await page.getByTestId("group-name").fill("Class 5B parents 2026");
  await page.getByTestId("summary-headline").waitFor();
  await state("create");
  await click("account-6");
  await page.getByTestId("usage").waitFor();
  await state("create-real-account");
  await click("create");
  await page.getByTestId("confirm").waitFor();
  await state("create-confirm");
  await click("confirm-cancel");
  await page.getByTestId("confirm").waitFor({ state: "detached" });
  await click("account-0");
  await page.getByTestId("summary-headline").waitFor();
  await click("create");
  await page.getByTestId("progress-numbers").waitFor();
  await state("create-progress");
  await page.getByTestId("screen-result").waitFor({ timeout: 15_000 });
  await page.getByTestId("outcome-added").waitFor();
  await state("result-added");
  await click("tab-invited");
  await state("result-invited");
  await click("tab-rejected");
  await state("result-rejected");
  await click("tab-duplicates");
  await state("result-duplicates");

  await click("nav-history");
  await page.getByTestId("history-row").first().waitFor();
  await state("history");
  await click("nav-accounts");
  await page.getByTestId("account-card").first().waitFor();
  await state("accounts");
  // Each provider's form: where its token is, with the link to that page.
  await page.getByTestId("account-provider").selectOption("eazybe");
  await state("accounts-eazybe");
  await page.getByTestId("account-provider").selectOption("zapi");
  await click("account-save");
  await page.getByTestId("account-form").getByTestId("error").waitFor();
  await state("accounts-zapi-error");
  await page.locator('[data-testid="account-card"][data-provider="2chat"] [data-testid="test-connection"]').click();
  await page.getByTestId("test-result").waitFor();
  await state("accounts-tested");
  await click("nav-settings");
  await page.getByTestId("settings-language").waitFor();
  await state("settings");
  await click("nav-start");
  await state("start-with-file");

  // One file, many groups: the group column in Preview, the groups on Create, the run's groups
  // on the Result.
  await click("back-to-preview");
  await page.getByTestId("group-by").selectOption("E-mail");
  await page.getByTestId("group-summary").waitFor();
  await state("preview-groups");
  await click("continue");
  await page.getByTestId("screen-create").waitFor();
  await click("account-0");
  await page.getByTestId("group-name").fill("{value} · Class parents 2026");
  await page.getByTestId("planned-groups").waitFor();
  await page.getByTestId("ungrouped").locator("summary").click();
  await state("create-groups");
  await click("create");
  await page.getByTestId("run-parts").waitFor({ timeout: 15_000 });
  await state("result-groups");

  // Issue 12: "Check numbers on WhatsApp" in Preview (the cost, then the numbers not on WhatsApp
  // in their own tab), "Set up the group" on Create (all offered on Z-API, disabled with the
  // reason on 2Chat), and the Result's setup steps and ready invites.
  await click("nav-start");
  await click("back-to-preview");
  await page.getByTestId("group-by").selectOption("");
  await page.getByTestId("group-summary").waitFor({ state: "detached" });
  await click("check-open");
  await page.getByTestId("check-cost").waitFor();
  await state("preview-check-cost");
  await page.getByTestId("check-account").selectOption("6");
  await page.getByTestId("check-cost").getByText("Z-API", { exact: false }).waitFor();
  await click("check-run");
  await page.getByTestId("not-on-whatsapp-table").waitFor();
  await state("preview-checked");
  await click("tab-numbers");
  await page.getByTestId("check-status").first().waitFor();
  await state("preview-checked-numbers");
  await click("continue");
  await page.getByTestId("screen-create").waitFor();
  await page.getByTestId("group-name").fill("Class 5B parents 2026");
  await page.getByTestId("checked-note").waitFor();
  await page.getByTestId("setup").locator("summary").click();
  await page.getByTestId("setup-description").fill("News and reminders for the parents of class 5B");
  await page.getByTestId("setup-admin-input").fill("+5511980000002");
  await click("setup-admin-add");
  await page.getByTestId("setup-admins-only-messages").check();
  await page.getByTestId("summary-headline").waitFor();
  await state("create-setup");
  await click("account-5");
  await page.getByTestId("why-admins").waitFor();
  await page.getByTestId("summary-headline").waitFor();
  await state("create-setup-2chat");
  await click("account-0");
  await page.getByTestId("why-admins").waitFor({ state: "detached" });
  await page.getByTestId("setup-admin-input").fill("11 91234-5678");
  await click("setup-admin-add");
  await page.getByTestId("summary-headline").waitFor();
  await click("create");
  await page.getByTestId("setup-result").waitFor({ timeout: 15_000 });
  await state("result-setup");
  await page.getByTestId("invite-people").waitFor();
  await state("result-invites");

  assert.deepEqual(errors, [], "no console errors");
  await close();
  return found;
}

