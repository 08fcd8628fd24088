// @ts-check
// The whole path by keyboard alone — Choose file → Continue → group name → Create → result — with
// no mouse call at all: every step is Tab/Shift+Tab, Enter, Space or typing. At every stop the
// focused control must show a visible focus indicator, and after each screen change focus must
// be on the new screen's heading (what a screen reader announces).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startApp } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

/** @typedef {import("playwright-core").Page} Page */

/** What has focus: its test id (or tag), whether it shows a ring, and whether it is a heading. @param {Page} page */
function focused(page) {
  return page.evaluate(() => {
    const el = /** @type {HTMLElement | null} */ (document.activeElement);
    if (!el || el === document.body) return { id: "body", visible: false, heading: false, text: "" };
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== "none";
    return {
      id: el.dataset.testid ?? el.tagName.toLowerCase(),
      visible: ring,
      heading: /^H[1-6]$/.test(el.tagName),
      text: (el.textContent ?? "").trim().slice(0, 60),
    };
  });
}

/**
 * Presses Tab until the control with `testid` has focus; every control passed on the way must show
 * its focus.
 * @param {Page} page @param {string} testid @param {string} [key] Shift+Tab to go backwards
 */
async function tabTo(page, testid, key = "Tab") {
  /** @type {string[]} */
  const path = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    path.push(f.id);
    assert.ok(f.visible, `focus on ${f.id} (“${f.text}”) is not visible`);
    if (f.id === testid) return path;
  }
  assert.fail(`Tab never reached ${testid}; went through ${path.join(" → ")}`);
}

/** @param {Page} page @param {string} screen */
async function expectHeadingFocus(page, screen) {
  await page.getByTestId(`screen-${screen}`).waitFor();
  await page.waitForFunction(() => /^H1$/.test(document.activeElement?.tagName ?? ""), null, { timeout: 3000 });
  const f = await focused(page);
  assert.ok(f.heading, `after moving to ${screen}, focus is on ${f.id}, not the heading`);
  return f.text;
}

test("the whole flow works with the keyboard only, focus visible, heading focused on each screen", async () => {
  const { page, errors, close } = await app.open({ openPath: "/home/ana/contacts.csv" });
  await page.getByTestId("screen-start").waitFor();

  await tabTo(page, "choose-file");
  await page.keyboard.press("Enter");
  assert.equal(await expectHeadingFocus(page, "preview"), "contacts.csv");

  // The contacts table's body is a Tab stop, and scrolls by keys.
  await tabTo(page, "contacts-table-body");
  const body = page.getByTestId("contacts-table-body");
  await page.keyboard.press("PageDown");
  await page.waitForFunction(() => (document.querySelector('[data-testid="contacts-table-body"]')?.scrollTop ?? 0) > 0);
  assert.ok((await body.evaluate((el) => el.scrollTop)) > 0);
  await tabTo(page, "continue", "Shift+Tab");
  await page.keyboard.press("Enter");
  await expectHeadingFocus(page, "create");

  await tabTo(page, "group-name");
  await page.keyboard.type("Parents 5B");
  await page.getByTestId("summary-headline").waitFor();
  await tabTo(page, "create");
  await page.keyboard.press("Enter");
  assert.equal(await expectHeadingFocus(page, "result"), "Parents 5B");
  assert.match(await page.getByTestId("result-counts").innerText(), /added/);

  // From the result, the sidebar is reachable backwards and Space opens History.
  await tabTo(page, "nav-history", "Shift+Tab");
  await page.keyboard.press("Space");
  await expectHeadingFocus(page, "history");
  assert.deepEqual(errors, []);
  await close();
});
