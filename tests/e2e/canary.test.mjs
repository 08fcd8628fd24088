// @ts-check
// A canary credential through the real app: Z-API account whose instance id, instance token and
// security token are distinctive strings, saved, tested, used for a group, shown in the history,
// copied into diagnostics, and then tested again with the provider gone (Z-API carries its token in
// the URL path, and a network error names the URL). Afterwards none of the three strings may be in
// the window's DOM, in any reply the window got from Rust, in the app's output, its log files or
// any file of its data folder (the SQLite history and its -wal included). Only the keyring has them.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { click, filesUnder, launch, toCreateWithRealAccount, waitFor } from "./driver.mjs";
import { startStandin } from "./standin.mjs";

const tmp = mkdtempSync(join(tmpdir(), "groupdrop-canary-"));
const xdg = join(tmp, "xdg");
mkdirSync(xdg);
const CSV = join(tmp, "contatos.csv");
{
  const lines = ["Nome;Celular"];
  for (let i = 0; i < 8; i++) lines.push(`Pessoa ${i + 1};(11) 98111-${String(2200 + i)}`);
  writeFileSync(CSV, lines.join("\r\n") + "\r\n");
}

const CANARY = {
  instanceId: "3CANARYINSTANCE9d41",
  instanceToken: "CANARYTOKENc7b2e9f14a",
  clientToken: "CANARYCLIENTf03d6e8b",
};
const SECRETS = Object.values(CANARY);

/** @type {Awaited<ReturnType<typeof startStandin>>} */
let zapi;
before(async () => {
  zapi = await startStandin("zapi", {
    instance: CANARY.instanceId,
    token: CANARY.instanceToken,
    "security-token": CANARY.clientToken,
    connected: "5511977770000",
  });
});
after(async () => {
  await zapi?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** @param {string} what @param {string} text */
function assertNoCanary(what, text) {
  for (const s of SECRETS) assert.ok(!text.includes(s), `the canary ${s} is in ${what}`);
}

/**
 * Records everything Rust hands the window: command replies, errors and events all arrive through
 * Tauri's callback table (`__TAURI_INTERNALS__.callbacks`, a Map; `invoke` itself cannot be
 * wrapped, Tauri defines it read-only). @param {WebdriverIO.Browser} browser
 */
async function recordReplies(browser) {
  await browser.execute(() => {
    const w = /** @type {any} */ (window);
    if (w.__canaryReplies) return;
    w.__canaryReplies = [];
    const callbacks = w.__TAURI_INTERNALS__.callbacks;
    callbacks.set = function (/** @type {number} */ id, /** @type {(data: unknown) => unknown} */ fn) {
      return Map.prototype.set.call(this, id, (/** @type {unknown} */ data) => {
        try {
          w.__canaryReplies.push(JSON.stringify(data) ?? "undefined");
        } catch {
          w.__canaryReplies.push(String(data));
        }
        return fn(data);
      });
    };
  });
}

/** @param {WebdriverIO.Browser} browser @param {string} id @param {string} value */
async function typeInto(browser, id, value) {
  const el = await waitFor(browser, id);
  await el.setValue(value);
}

test("a canary credential never leaves the keyring: DOM, IPC replies, output, logs, history files", { timeout: 200_000 }, async () => {
  const dataDir = join(tmp, "data");
  const { browser, stop, log } = await launch({
    args: [CSV],
    env: {
      GROUPDROP_DATA_DIR: dataDir,
      GROUPDROP_PACING_MS: "0",
      GROUPDROP_ZAPI_BASE_URL: zapi.url,
      XDG_DATA_HOME: xdg,
      RUST_LOG: "trace",
      LANG: "en_BR.UTF-8",
      LC_ALL: "",
    },
  });
  /** @type {string[]} */
  const doms = [];
  try {
    await waitFor(browser, "screen-preview", 30_000);
    await recordReplies(browser);
    await click(browser, "nav-accounts");
    const provider = await waitFor(browser, "account-provider");
    await provider.selectByAttribute("value", "zapi");
    await typeInto(browser, "account-label-input", "Canary Z-API");
    await typeInto(browser, "secret-instanceId", CANARY.instanceId);
    await typeInto(browser, "secret-instanceToken", CANARY.instanceToken);
    await typeInto(browser, "secret-clientToken", CANARY.clientToken);
    await click(browser, "account-save");
    const card = await browser.$('[data-testid="account-card"][data-label="Canary Z-API"]');
    await card.waitForExist({ timeout: 20_000 });
    await (await card.$('[data-testid="test-connection"]')).click();
    const result = await card.$('[data-testid="test-result"]');
    await result.waitForExist({ timeout: 20_000 });
    assert.match(await result.getText(), /Connected/);
    doms.push(await browser.getPageSource());

    // A group with it, through the confirmation.
    await toCreateWithRealAccount(browser);
    await typeInto(browser, "group-name", "Canary group");
    await waitFor(browser, "summary-headline");
    await click(browser, "create");
    await click(browser, "confirm-ok");
    await waitFor(browser, "screen-result", 90_000);
    const report = await zapi.report();
    assert.equal(report.groups.length, 1, "the canary account really created a group");
    assert.deepEqual(report.violations, []);
    doms.push(await browser.getPageSource());

    // The history and its run, and "Copy diagnostics" (its text comes back as an IPC reply).
    await click(browser, "nav-history");
    await click(browser, "history-open");
    await waitFor(browser, "screen-result");
    doms.push(await browser.getPageSource());
    await click(browser, "nav-settings");
    await click(browser, "copy-diagnostics");
    await browser.waitUntil(
      async () => /** @type {string[]} */ (await browser.execute(() => /** @type {any} */ (window).__canaryReplies)).some((r) => r.includes("Providers in use")),
      { timeout: 20_000, timeoutMsg: "Copy diagnostics never asked Rust" },
    );

    // The provider is gone: Test connection fails on the network, with the token-bearing URL.
    await zapi.stop();
    await click(browser, "nav-accounts");
    const card2 = await browser.$('[data-testid="account-card"][data-label="Canary Z-API"]');
    await card2.waitForExist({ timeout: 20_000 });
    await (await card2.$('[data-testid="test-connection"]')).click();
    const banner = await card2.$('[data-testid="error"]');
    await banner.waitForExist({ timeout: 30_000, timeoutMsg: "the failed test never showed" });
    assert.equal(await banner.getAttribute("data-kind"), "network", await banner.getText());
    doms.push(await browser.getPageSource());

    const replies = /** @type {string[]} */ (await browser.execute(() => /** @type {any} */ (window).__canaryReplies));
    assert.ok(replies.length >= 10, `replies recorded: ${replies.length}`);
    assertNoCanary("an IPC reply", replies.join("\n"));
  } finally {
    await stop();
  }
  doms.forEach((d, i) => assertNoCanary(`the DOM (${i})`, d));
  assertNoCanary("the app's output", log.join(""));
  const files = [...filesUnder(dataDir), ...filesUnder(xdg)];
  assert.ok(files.some((f) => f.endsWith("history.sqlite3")), files.join("\n"));
  assert.ok(files.some((f) => f.endsWith(".log")), files.join("\n"));
  const logText = files.filter((f) => f.endsWith(".log")).map((f) => readFileSync(f, "utf8")).join("");
  assert.ok(logText.length > 500, `the logs were written (${logText.length} bytes)`);
  for (const f of files) assertNoCanary(f, readFileSync(f).toString("latin1"));
});
