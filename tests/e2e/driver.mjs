// @ts-check
// Real-window helpers: start tauri-driver (which starts WebKitWebDriver, which starts the built
// app) with a chosen environment, open a WebDriver session, and tear it all down by PID.
// Never call WebDriver's screenshot command: it hangs with WebKitWebDriver under Xvfb.

import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { remote } from "webdriverio";

export const ROOT = resolve(import.meta.dirname, "../..");
export const APP = process.env.GROUPDROP_APP ?? join(ROOT, "target/debug/groupdrop");
const DRIVER = process.env.TAURI_DRIVER ?? join(ROOT, ".tools/bin/tauri-driver");
const NATIVE = process.env.WEBKIT_WEBDRIVER ?? "/usr/bin/WebKitWebDriver";

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return /** @type {Promise<number>} */ (
    new Promise((res, rej) => {
      const s = createServer();
      s.once("error", rej);
      s.listen(0, "127.0.0.1", () => {
        const a = s.address();
        const port = typeof a === "object" && a ? a.port : 0;
        s.close(() => res(port));
      });
    })
  );
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until something accepts HTTP on `port` (tauri-driver's /status). @param {number} port */
async function waitForDriver(port, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(1000) });
      if (r.ok || r.status < 500) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`tauri-driver did not start on port ${port} within ${timeoutMs} ms`);
}

/** PIDs of running copies of the app under test (matched by its full path). */
function appPids() {
  const out = spawnSync("pgrep", ["-f", `^${APP}( |$)`], { encoding: "utf8" });
  return (out.stdout ?? "").split("\n").filter(Boolean).map(Number);
}

/**
 * Waits until no copy of the app is left, then kills what is: a copy still closing from the
 * previous test would take the next launch for a second instance (single-instance plugin) and the
 * new window would never open.
 */
async function noAppLeft(timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (appPids().length > 0 && Date.now() < end) await sleep(200);
  for (const pid of appPids()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  while (appPids().length > 0 && Date.now() < end + 5_000) await sleep(100);
}

/**
 * Starts the app in a real window and returns a WebDriver session on it.
 * @param {{ args?: string[], env?: Record<string, string> }} opts
 */
export async function launch({ args = [], env = {} } = {}) {
  for (const [what, path] of [
    ["the app (cargo build --features custom-protocol)", APP],
    ["tauri-driver (scripts/setup installs it)", DRIVER],
    ["WebKitWebDriver (apt install webkit2gtk-driver)", NATIVE],
  ]) {
    if (!existsSync(path)) throw new Error(`${what} is missing: ${path}`);
  }
  await noAppLeft();
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn(DRIVER, ["--port", String(port), "--native-port", String(nativePort), "--native-driver", NATIVE], {
    env: {
      ...process.env,
      WEBKIT_DISABLE_DMABUF_RENDERER: "1",
      WEBKIT_DISABLE_COMPOSITING_MODE: "1",
      LIBGL_ALWAYS_SOFTWARE: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  /** @type {string[]} */
  const log = [];
  driver.stdout?.on("data", (d) => log.push(String(d)));
  driver.stderr?.on("data", (d) => log.push(String(d)));
  try {
    await waitForDriver(port);
    const browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryTimeout: 60_000,
      connectionRetryCount: 1,
      capabilities: /** @type {any} */ ({
        browserName: "wry",
        "tauri:options": { application: APP, args },
        "wdio:enforceWebDriverClassic": true,
      }),
    });
    async function stop() {
      try {
        await Promise.race([browser.deleteSession(), sleep(10_000)]);
      } catch {
        // the app may already be gone
      }
      if (driver.exitCode === null) driver.kill("SIGTERM");
      await Promise.race([new Promise((r) => driver.once("exit", r)), sleep(5_000)]);
      if (driver.exitCode === null) driver.kill("SIGKILL");
      await noAppLeft();
    }
    return { browser, stop, log };
  } catch (e) {
    driver.kill("SIGKILL");
    throw new Error(`could not open the app: ${e}\n--- tauri-driver output ---\n${log.join("")}`);
  }
}

/**
 * The text of `[data-testid=id]` once it exists.
 * @param {WebdriverIO.Browser} browser @param {string} id @param {number} [timeout]
 */
export async function text(browser, id, timeout = 20_000) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForExist({ timeout });
  return el.getText();
}

/**
 * Clicks `[data-testid=id]` once it is clickable.
 * @param {WebdriverIO.Browser} browser @param {string} id @param {number} [timeout]
 */
export async function click(browser, id, timeout = 20_000) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForClickable({ timeout });
  await el.click();
}

/** @param {WebdriverIO.Browser} browser @param {string} id @param {number} [timeout] */
export async function waitFor(browser, id, timeout = 20_000) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForExist({ timeout });
  return el;
}

/**
 * From any screen, with a file open: back to its preview, on to Create, and the first saved
 * (non-practice) account chosen.
 * @param {WebdriverIO.Browser} browser
 */
export async function toCreateWithRealAccount(browser) {
  await click(browser, "nav-start");
  await click(browser, "back-to-preview");
  await click(browser, "continue");
  await waitFor(browser, "screen-create");
  const radio = await browser.$('input[name="account"]:not([value="0"])');
  await radio.waitForClickable({ timeout: 10_000 });
  await radio.click();
}

/** Every file under `dir` (recursively), for "the secret is in no file" checks. @param {string} dir */
export function filesUnder(dir) {
  /** @type {string[]} */
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

/** Files under `dir` whose bytes contain `needle`. @param {string} dir @param {string} needle */
export function filesContaining(dir, needle) {
  const bytes = Buffer.from(needle, "utf8");
  return filesUnder(dir).filter((f) => readFileSync(f).includes(bytes));
}
