// @ts-check
// Shared by the UI flow tests: serves the built ui/dist on 127.0.0.1, starts Debian's Chromium
// once, and opens the app with a mock backend (tests/ui/mock-backend.js) tuned per test.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "../..");
// GROUPDROP_UI_DIST: another build of the UI (tests/ui/shots.mjs renders an older one for before/after).
const DIST = process.env.GROUPDROP_UI_DIST ?? join(ROOT, "ui/dist");
const MOCKS = join(ROOT, "tests/.mocks.iife.js");
const BACKEND = join(ROOT, "tests/ui/mock-backend.js");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };

/** A contact-file scenario every test can start from. */
export const FILES = {
  "contacts.csv": { usable: 25, duplicates: 2, rejected: 3 },
  "lista.xlsx": { usable: 12, duplicates: 0, rejected: 1 },
  "big.csv": { usable: 50_000, duplicates: 0, rejected: 0 },
  "huge.csv": { usable: 1100, duplicates: 0, rejected: 0 },
  "photo.jpg": {
    error: {
      kind: "badFile",
      message: '"photo.jpg" is not a contact list (it holds binary data). Export your contacts as CSV, Excel (.xlsx) or vCard (.vcf).',
    },
  },
};

export async function startApp() {
  if (!existsSync(join(DIST, "index.html"))) throw new Error("ui/dist is missing: run `npm run build` first");
  if (!existsSync(MOCKS)) throw new Error("tests/.mocks.iife.js is missing: run through `npm run test:ui`");
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(DIST, rel === "/" ? "index.html" : rel);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", () => r(null)));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    timeout: 30_000,
  });
  const backend = await readFile(BACKEND, "utf8");

  /**
   * Opens a fresh page (own context: clipboard, storage) with the mock backend.
   * @param {Record<string, unknown>} scenario
   * @param {{ viewport?: { width: number, height: number }, deviceScaleFactor?: number }} [options]
   */
  async function open(scenario = {}, options = {}) {
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1180, height: 820 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      locale: "en-US",
    });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: `http://127.0.0.1:${port}` });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    /** @type {string[]} */
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().includes("favicon")) errors.push(m.text());
    });
    await page.addInitScript({ path: MOCKS });
    await page.addInitScript({ content: backend });
    await page.addInitScript((s) => /** @type {any} */ (window).__installBackend(s), { files: FILES, ...scenario });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('.shell[data-ready="true"]');
    return { page, errors, close: () => context.close() };
  }

  async function stop() {
    await browser.close();
    await new Promise((r) => server.close(() => r(null)));
  }

  return { open, stop };
}

/**
 * Calls made to the mock backend, optionally only those of one command.
 * @param {import("playwright-core").Page} page
 * @param {string} [cmd]
 * @returns {Promise<Array<{cmd: string, args: any}>>}
 */
export async function calls(page, cmd) {
  const all = await page.evaluate(() => /** @type {any} */ (window).__backend.calls);
  return cmd ? all.filter((/** @type {{cmd: string}} */ c) => c.cmd === cmd) : all;
}

/**
 * Emits a Tauri event into the page, as Rust would.
 * @param {import("playwright-core").Page} page
 * @param {string} event
 * @param {unknown} payload
 */
export async function emit(page, event, payload) {
  await page.evaluate(([e, p]) => /** @type {any} */ (window).__emit(e, p), [event, payload]);
}
