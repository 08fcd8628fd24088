// @ts-check
// 200% zoom: the default window (1120×760) at 200% is a 560×380 CSS-pixel viewport drawn at device
// scale 2. On every main screen no control may be cut off: nothing sticks out to the right of the
// window (the page never scrolls sideways), and every button, field and link lies inside its
// scroll container's width. GROUPDROP_SCREENSHOTS=1 also writes docs/screenshots/zoom200-*.png.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { startApp } from "./harness.mjs";

const SHOTS = process.env.GROUPDROP_SCREENSHOTS === "1" ? resolve(import.meta.dirname, "../../docs/screenshots") : null;

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

/** @typedef {import("playwright-core").Page} Page */
/** @type {Array<{ name: string, scenario?: Record<string, unknown>, go: (p: Page) => Promise<void> }>} */
const SCREENS = [
  { name: "start", go: async (p) => void (await p.getByTestId("tour").waitFor()) },
  { name: "preview", scenario: { startupFile: "/data/contacts.csv" }, go: async (p) => void (await p.getByTestId("screen-preview").waitFor()) },
  {
    name: "create",
    scenario: { startupFile: "/data/contacts.csv" },
    go: async (p) => {
      await p.getByTestId("continue").click();
      await p.getByTestId("group-name").fill("Parents 5B");
      await p.getByTestId("summary-headline").waitFor();
    },
  },
  {
    name: "result",
    scenario: { startupFile: "/data/contacts.csv" },
    go: async (p) => {
      await p.getByTestId("continue").click();
      await p.getByTestId("account-0").check();
      await p.getByTestId("group-name").fill("Parents 5B");
      await p.getByTestId("summary-headline").waitFor();
      await p.getByTestId("create").click();
      await p.getByTestId("screen-result").waitFor();
    },
  },
  { name: "accounts", go: async (p) => void (await p.getByTestId("nav-accounts").click()) },
  { name: "settings", go: async (p) => void (await p.getByTestId("nav-settings").click()) },
];

for (const screen of SCREENS) {
  test(`200% zoom: ${screen.name} has no clipped control`, async () => {
    // What 200% browser zoom does: half the CSS pixels, each drawn twice as large.
    const { page, close } = await app.open(screen.scenario ?? {}, { viewport: { width: 560, height: 380 }, deviceScaleFactor: 2 });
    await screen.go(page);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(200);
    const problems = await page.evaluate(() => {
      const out = [];
      if (innerWidth !== 560) out.push(`the viewport is ${innerWidth} CSS px wide, not 560`);
      const doc = document.documentElement;
      if (doc.scrollWidth > innerWidth + 1) out.push(`the page scrolls sideways (${doc.scrollWidth} > ${innerWidth})`);
      for (const el of document.querySelectorAll("button, input, select, textarea, a[href]")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue; // not shown
        // The nearest ancestor that clips (overflow other than visible) bounds what can be seen.
        let box = { left: 0, right: innerWidth };
        for (let a = el.parentElement; a; a = a.parentElement) {
          const s = getComputedStyle(a);
          if (s.overflowX !== "visible") {
            const ar = a.getBoundingClientRect();
            box = { left: ar.left, right: ar.left + a.clientWidth };
            break;
          }
        }
        if (r.left < box.left - 1 || r.right > box.right + 1) {
          out.push(`${el.getAttribute("data-testid") ?? el.tagName} “${(el.textContent ?? "").trim().slice(0, 30)}” is cut off (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(box.left)}–${Math.round(box.right)})`);
        }
      }
      return out;
    });
    if (SHOTS) {
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: `${SHOTS}/zoom200-${screen.name}.png`, scale: "device" });
    }
    await close();
    assert.deepEqual(problems, []);
  });
}
