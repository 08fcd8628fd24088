// @ts-check
// Drives the real app through every screen (WebDriver, like the e2e tests) and captures each one
// with ImageMagick's `import` from the X server, cropped to the window: WebDriver's own screenshot
// command hangs with WebKitWebDriver under Xvfb. Run by scripts/screenshots; writes
// docs/screenshots/*.png.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, click, launch, toCreateWithRealAccount, waitFor } from "./driver.mjs";
import { startStandin } from "./standin.mjs";

const OUT = process.env.SCREENSHOT_DIR ?? join(ROOT, "docs/screenshots");
mkdirSync(OUT, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), "groupdrop-shots-"));
const dataDir = join(tmp, "data");
mkdirSync(dataDir);

const CSV = join(tmp, "Class 5B parents.csv");
{
  const first = ["Ana", "Bruno", "Carla", "Diego", "Elisa", "Fábio", "Gabriela", "Heitor", "Isabela", "João", "Karina", "Lucas", "Marina", "Nicolas", "Olívia", "Pedro", "Quésia", "Rafael", "Sofia", "Tiago", "Úrsula", "Vitor", "Wesley", "Ximena", "Yara", "Zeca"];
  const last = ["Silva", "Souza", "Oliveira", "Santos", "Pereira", "Costa", "Rodrigues", "Almeida"];
  const lines = ["Nome;Celular;Telefone comercial;E-mail"];
  for (let i = 0; i < 46; i++) {
    const name = `${first[i % first.length]} ${last[i % last.length]}`;
    lines.push(`${name};(11) 9${String(8765 - i).padStart(4, "0")}-${String(4300 + i * 7).slice(-4)};;${name.split(" ")[0].toLowerCase()}@example.com`);
  }
  lines.push("Mariana Lima;(11) 3456-7890;;");
  lines.push("Repeated Ana;(11) 98765-4300;;");
  lines.push("Paulo Reis;12345;;");
  lines.push("Renata Dias;;;renata@example.com");
  lines.push("Sérgio Melo;11 9876 ABCD;;");
  writeFileSync(CSV, lines.join("\r\n") + "\r\n");
}
const BAD = join(tmp, "holiday photo.jpg");
writeFileSync(BAD, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9, ...new Array(200).fill(0)]));

const ZAPI = {
  instanceId: "3C0SHOTS",
  instanceToken: "SHOTS-INSTANCE-TOKEN",
  clientToken: "SHOTS-CLIENT-TOKEN",
  ownPhone: "5511999990000",
};
// The last three mobiles of the file only accept invitations (their privacy settings).
const PRIVACY = [43, 44, 45].map((i) => `5511${9}${String(8765 - i).padStart(4, "0")}${String(4300 + i * 7).slice(-4)}`);

const ENV = {
  GROUPDROP_DATA_DIR: dataDir,
  GROUPDROP_PACING_MS: "0",
  GROUPDROP_PRACTICE_DELAY_MS: "900",
  LANG: "en_BR.UTF-8",
  LC_ALL: "",
};

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Captures the GroupDrop window to docs/screenshots/<name>.png. @param {string} name */
async function shot(name) {
  await sleep(700); // let WebKit paint (transitions are 150-300 ms)
  const info = execFileSync("xwininfo", ["-name", "GroupDrop"], { encoding: "utf8", timeout: 10_000 });
  const num = (/** @type {string} */ label) => Number((info.match(new RegExp(`${label}:\\s+(-?\\d+)`)) ?? [])[1]);
  const [x, y, w, h] = [num("Absolute upper-left X"), num("Absolute upper-left Y"), num("Width"), num("Height")];
  const raw = join(tmp, `${name}.raw.png`);
  execFileSync("import", ["-window", "root", "-crop", `${w}x${h}+${x}+${y}`, "+repage", raw], { timeout: 20_000 });
  execFileSync("convert", [raw, "-strip", `PNG24:${join(OUT, `${name}.png`)}`], { timeout: 20_000 });
  console.log(`  ${name}.png (${w}x${h})`);
}

/** @param {WebdriverIO.Browser} browser @param {string} id @param {string} value */
async function type(browser, id, value) {
  const el = await waitFor(browser, id);
  await el.setValue(value);
}

const zapi = await startStandin("zapi", {
  instance: ZAPI.instanceId,
  token: ZAPI.instanceToken,
  "security-token": ZAPI.clientToken,
  connected: ZAPI.ownPhone,
  privacy: PRIVACY,
});
try {
  // 1. Started with a file: Preview. Then Create, progress, Result.
  let app = await launch({ args: [CSV], env: { ...ENV, GROUPDROP_ZAPI_BASE_URL: zapi.url } });
  try {
    const { browser } = app;
    await waitFor(browser, "screen-preview", 30_000);
    await shot("02-preview");
    await click(browser, "tab-rejected");
    await shot("03-preview-rejected");

    // Accounts with a saved, tested Z-API account.
    await click(browser, "nav-accounts");
    const provider = await waitFor(browser, "account-provider");
    await provider.selectByAttribute("value", "zapi");
    await type(browser, "account-label-input", "School office (Z-API)");
    await type(browser, "secret-instanceId", ZAPI.instanceId);
    await type(browser, "secret-instanceToken", ZAPI.instanceToken);
    await type(browser, "secret-clientToken", ZAPI.clientToken);
    await click(browser, "account-save");
    const card = await browser.$('[data-testid="account-card"][data-provider="zapi"]');
    await card.waitForExist({ timeout: 20_000 });
    await (await card.$('[data-testid="test-connection"]')).click();
    await (await card.$('[data-testid="test-result"]')).waitForExist({ timeout: 20_000 });
    await (await browser.$('[data-testid="account-provider"]')).selectByAttribute("value", "2chat");
    await shot("04-accounts");

    // Create with the Z-API account.
    await toCreateWithRealAccount(browser);
    await type(browser, "group-name", "Class 5B parents 2026");
    await waitFor(browser, "summary-headline");
    await shot("05-create");
    await click(browser, "create");
    await waitFor(browser, "confirm");
    await shot("05b-create-confirm");
    await click(browser, "confirm-ok");
    await waitFor(browser, "screen-result", 90_000);
    await waitFor(browser, "qr");
    await shot("07-result");
    await click(browser, "tab-rejected");
    await shot("08-result-rejected");
  } finally {
    await app.stop();
  }

  // 2. A practice run slow enough to catch the progress bar, then History, Settings, Start, dark.
  app = await launch({ args: [CSV], env: { ...ENV, GROUPDROP_PRACTICE_DELAY_MS: "2500" } });
  try {
    const { browser } = app;
    await waitFor(browser, "screen-preview", 30_000);
    await click(browser, "continue");
    await click(browser, "account-0");
    await type(browser, "group-name", "Trial run");
    await waitFor(browser, "summary-headline");
    await click(browser, "create");
    await (await browser.$('[data-testid="progress-numbers"]')).waitForExist({ timeout: 20_000 });
    await shot("06-progress");
    await waitFor(browser, "screen-result", 90_000);

    await click(browser, "nav-history");
    await waitFor(browser, "history-row");
    await shot("09-history");
    await click(browser, "nav-settings");
    await waitFor(browser, "settings-language");
    await shot("10-settings");
    await click(browser, "nav-start");
    await waitFor(browser, "recent-run");
    await shot("01-start");
    await click(browser, "nav-settings");
    await click(browser, "theme-dark");
    await click(browser, "nav-history");
    await (await browser.$('[data-testid="history-row"]')).waitForExist({ timeout: 10_000 });
    await (await browser.$$('[data-testid="history-open"]'))[1].click();
    await waitFor(browser, "qr");
    await shot("11-result-dark");
    await click(browser, "nav-settings");
    await click(browser, "theme-system");
  } finally {
    await app.stop();
  }

  // 3. A file that is not a contact list.
  app = await launch({ args: [BAD], env: ENV });
  try {
    await waitFor(app.browser, "error", 30_000);
    await shot("12-bad-file");
  } finally {
    await app.stop();
  }
} finally {
  await zapi.stop();
  rmSync(tmp, { recursive: true, force: true });
}
