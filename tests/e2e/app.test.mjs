// @ts-check
// End-to-end in a real window (Xvfb + tauri-driver + WebKitWebDriver), run by scripts/e2e inside
// a private D-Bus session with an unlocked gnome-keyring:
// 1. started with a contact file: the preview's counts; a practice group; its result;
// 2. the same against the rule-enforcing Z-API stand-in (crates/standins, GROUPDROP_ZAPI_BASE_URL)
//    on an instance with no account security token active: an account saved through the UI with
//    that field left empty (secrets into the keyring), Test connection, Create, and the invite
//    link the stand-in made shown on the result;
// 3. keyring: after a restart the account still shows as saved, `secret-tool` finds the secret,
//    and the secret is in no file of the data dir and not in the DOM.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP, click, filesContaining, launch, text, toCreateWithRealAccount, waitFor } from "./driver.mjs";
import { startStandin } from "./standin.mjs";

const tmp = mkdtempSync(join(tmpdir(), "groupdrop-e2e-"));
const dataDir = join(tmp, "data");
mkdirSync(dataDir);

/** 30 Brazilian mobiles, 2 repeats of earlier rows, 3 rows nobody can use; `;`-separated, as Excel-BR saves. */
const CSV = join(tmp, "Contatos da escola.csv");
{
  const lines = ["Nome;Celular;E-mail"];
  for (let i = 0; i < 30; i++) lines.push(`Aluno ${i + 1};(11) 98765-${String(4300 + i)};a${i}@escola.br`);
  lines.push("Repetido 1;(11) 98765-4300;");
  lines.push("Repetido 2;+55 11 98765-4301;");
  lines.push("Curto;12345;");
  lines.push("Sem número;;x@y.z");
  lines.push("Letras;11 9876 ABC;");
  writeFileSync(CSV, lines.join("\r\n") + "\r\n");
}

// The region comes from the locale (sys-locale reads LANG); en_BR: English UI, Brazil as default country.
const BASE_ENV = {
  GROUPDROP_DATA_DIR: dataDir,
  GROUPDROP_PACING_MS: "0",
  GROUPDROP_PRACTICE_DELAY_MS: "20",
  LANG: "en_BR.UTF-8",
  LC_ALL: "",
  LC_MESSAGES: "",
};

const ZAPI = {
  instanceId: "3C0FFEE0E2E",
  instanceToken: "E2E-INSTANCE-TOKEN-8731",
  ownPhone: "5511999990000",
  // Two of the file's numbers only accept invitations (privacy settings).
  privacy: ["5511987654300", "5511987654301"],
};

/** @type {Awaited<ReturnType<typeof startStandin>>} */
let zapi;
before(async () => {
  // No --security-token: "Activate Token" was never clicked in this instance's Z-API panel.
  zapi = await startStandin("zapi", {
    instance: ZAPI.instanceId,
    token: ZAPI.instanceToken,
    connected: ZAPI.ownPhone,
    privacy: ZAPI.privacy,
  });
});
after(async () => {
  await zapi?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** @param {WebdriverIO.Browser} browser */
async function previewCounts(browser) {
  await waitFor(browser, "screen-preview", 30_000);
  const count = async (/** @type {string} */ id) => (await browser.$(`[data-testid="${id}"]`)).getAttribute("data-count");
  return { usable: await count("count-usable"), duplicates: await count("count-duplicates"), rejected: await count("count-rejected") };
}

/** @param {WebdriverIO.Browser} browser @param {string} value */
async function typeInto(browser, /** @type {string} */ id, value) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForExist({ timeout: 10_000 });
  await el.setValue(value);
}

test("started with a contact file: preview counts, then a practice group and its result", { timeout: 120_000 }, async () => {
  const { browser, stop } = await launch({ args: [CSV], env: BASE_ENV });
  try {
    assert.equal(await browser.getTitle(), "GroupDrop");
    assert.deepEqual(await previewCounts(browser), { usable: "30", duplicates: "2", rejected: "3" });
    assert.equal(await text(browser, "preview-file"), "Contatos da escola.csv");
    await click(browser, "tab-rejected");
    await waitFor(browser, "rejected-table");
    // textContent: WebDriver's getText skips rows scrolled out of the window's view.
    const rejected = await browser.execute(() => document.querySelector('[data-testid="rejected-table"]')?.textContent ?? "");
    assert.match(rejected, /12345/);
    assert.match(rejected, /short/i);

    await click(browser, "continue");
    await waitFor(browser, "screen-create");
    await click(browser, "account-0");
    await typeInto(browser, "group-name", "E2E practice group");
    assert.match(await text(browser, "summary-headline"), /^30 numbers → 1 group$/);
    await click(browser, "create");

    await waitFor(browser, "screen-result", 60_000);
    assert.equal(await text(browser, "result-name"), "E2E practice group");
    const counts = await text(browser, "result-counts");
    const m = counts.match(/(\d+) added · (\d+) invited · (\d+) rejected/);
    assert.ok(m, counts);
    const [added, invited, rejectedCount] = m.slice(1).map(Number);
    // Practice answers for every number; the 3 unusable rows are listed as rejected by the import.
    assert.equal(added + invited + rejectedCount, 30 + 3, counts);
    assert.ok(added > 0 && rejectedCount >= 3, counts);
    const status = await (await browser.$('[data-testid="status"]')).getAttribute("data-status");
    assert.ok(["done", "partial"].includes(status ?? ""), `status ${status}`);
  } finally {
    await stop();
  }
});

test("a second launch with a file hands it to the running window (single-instance) and exits", { timeout: 120_000 }, async () => {
  const { browser, stop } = await launch({ env: BASE_ENV });
  try {
    await waitFor(browser, "screen-start", 30_000);
    const second = spawn(APP, [CSV], {
      env: { ...process.env, ...BASE_ENV, WEBKIT_DISABLE_DMABUF_RENDERER: "1", WEBKIT_DISABLE_COMPOSITING_MODE: "1" },
      stdio: "ignore",
    });
    const code = await Promise.race([
      new Promise((r) => second.once("exit", (c) => r(c))),
      new Promise((r) => setTimeout(() => r("still running"), 20_000)),
    ]);
    if (code === "still running") second.kill("SIGKILL");
    assert.equal(code, 0, "the second instance hands over its file and exits");
    assert.deepEqual(await previewCounts(browser), { usable: "30", duplicates: "2", rejected: "3" });
    assert.equal(await text(browser, "preview-file"), "Contatos da escola.csv");
  } finally {
    await stop();
  }
});

test("Z-API with no account security token, against the rule-enforcing stand-in: save, test, create, see its invite link", { timeout: 150_000 }, async () => {
  const { browser, stop } = await launch({ args: [CSV], env: { ...BASE_ENV, GROUPDROP_ZAPI_BASE_URL: zapi.url } });
  try {
    assert.equal((await previewCounts(browser)).usable, "30");
    await click(browser, "nav-accounts");
    const provider = await waitFor(browser, "account-provider");
    await provider.selectByAttribute("value", "zapi");
    await typeInto(browser, "account-label-input", "Escola Z-API");
    await typeInto(browser, "secret-instanceId", ZAPI.instanceId);
    await typeInto(browser, "secret-instanceToken", ZAPI.instanceToken);
    // The account security token is left empty: this instance never activated one.
    await click(browser, "account-save");
    const card = await browser.$('[data-testid="account-card"][data-label="Escola Z-API"]');
    await card.waitForExist({ timeout: 20_000 });
    assert.match(await (await card.$('[data-testid="account-saved"]')).getText(), /saved/i);
    await (await card.$('[data-testid="test-connection"]')).click();
    const result = await card.$('[data-testid="test-result"]');
    await result.waitForExist({ timeout: 20_000 });
    assert.match(await result.getText(), /Connected\. Sending from \+5511999990000/);
    // Test connection saved the connected number with the account; the card shows it.
    await browser.waitUntil(async () => (await (await card.$('[data-testid="zapi-number"]')).getValue()) === "+5511999990000", {
      timeout: 10_000,
      timeoutMsg: "the connected number was not shown after Test connection",
    });

    await toCreateWithRealAccount(browser);
    await waitFor(browser, "auto-invite");
    await typeInto(browser, "group-name", "E2E Z-API group");
    await waitFor(browser, "summary-headline");
    await click(browser, "create");
    // A real account: the window asks first, naming the account and the time it takes.
    assert.match(await text(browser, "confirm"), /Create “[^”]+” now\?[\s\S]*people will be added through/);
    await click(browser, "confirm-ok");

    await waitFor(browser, "screen-result", 90_000);
    const report = await zapi.report();
    assert.deepEqual(report.violations, [], "the client broke none of Z-API's rules");
    assert.equal(report.groups.length, 1, "exactly one group");
    const group = report.groups[0];
    assert.equal(await text(browser, "invite-link"), `https://chat.whatsapp.com/${group.inviteCode}`);
    assert.equal(await text(browser, "group-id"), group.id);
    const qr = await (await browser.$('[data-testid="qr"]')).getAttribute("src");
    assert.ok(qr?.startsWith("data:image/svg+xml"), "QR code shown");

    // What the stand-in received: one create, the group name, digits only, own number left out.
    const creates = report.calls.filter((c) => c.endpoint === "create-group" && !c.refused);
    assert.equal(creates.length, 1, "exactly one create");
    assert.equal(creates[0].body.groupName, "E2E Z-API group");
    assert.equal(creates[0].body.autoInvite, true);
    const sent = report.calls
      .filter((c) => ["create-group", "add-participant"].includes(c.endpoint))
      .flatMap((c) => c.body.phones);
    for (const p of sent) assert.match(p, /^55\d{10,11}$/);
    assert.equal(new Set(sent).size, 30, "every usable number sent once");
    assert.ok(!sent.includes(ZAPI.ownPhone));
    // The 2 numbers that only accept invitations were invited (auto-invite on).
    const counts = await text(browser, "result-counts");
    assert.match(counts, /2 invited/);
  } finally {
    await stop();
  }
});

test("keyring: after a restart the account is still saved; the secret is in the keyring, in no file, not in the DOM", { timeout: 120_000 }, async () => {
  const { browser, stop } = await launch({ env: { ...BASE_ENV, GROUPDROP_ZAPI_BASE_URL: zapi.url } });
  try {
    await click(browser, "nav-accounts");
    const card = await browser.$('[data-testid="account-card"][data-label="Escola Z-API"]');
    await card.waitForExist({ timeout: 20_000 });
    assert.match(await (await card.$('[data-testid="account-saved"]')).getText(), /saved/i);
    const html = await browser.getPageSource();
    assert.ok(!html.includes(ZAPI.instanceToken), "secret in the DOM");
  } finally {
    await stop();
  }
  const found = execFileSync("secret-tool", ["search", "--all", "--unlock", "service", "dev.groupdrop.app"], {
    encoding: "utf8",
    timeout: 15_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  assert.match(found, /label = keyring:account:\d+@dev\.groupdrop\.app/);
  assert.ok(found.includes(ZAPI.instanceToken), "the keyring holds the Z-API secrets");
  for (const secret of [ZAPI.instanceToken]) {
    assert.deepEqual(filesContaining(dataDir, secret), [], "secret in a file of the data dir");
    // WebKit's own storage and the app's config (window state) live under the XDG dirs.
    for (const dir of [process.env.XDG_DATA_HOME, process.env.XDG_CONFIG_HOME, process.env.XDG_CACHE_HOME]) {
      if (!dir) continue;
      const hits = filesContaining(dir, secret).filter((f) => !f.includes("/keyrings/"));
      assert.deepEqual(hits, [], `secret in ${dir}`);
    }
  }
});

test("no Secret Service (no D-Bus session): the app still starts and Accounts says how to get a keyring", { timeout: 120_000 }, async () => {
  const { browser, stop } = await launch({
    env: { ...BASE_ENV, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(tmp, "no-bus")}`, GROUPDROP_DATA_DIR: join(tmp, "nobus-data") },
  });
  try {
    await click(browser, "nav-accounts");
    const banner = await browser.$('[data-testid="error"][data-kind="keyringUnavailable"]');
    await banner.waitForExist({ timeout: 20_000 });
    const message = await banner.getText();
    assert.match(message, /password store is not available/);
    assert.match(message, /GNOME Keyring/);
    const save = await browser.$('[data-testid="account-save"]');
    assert.equal(await save.isEnabled(), false, "no plain-file fallback: saving is off");
  } finally {
    await stop();
  }
});
