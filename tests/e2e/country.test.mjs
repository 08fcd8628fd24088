// @ts-check
// Issue 15 in the real window: a Brazilian Excel CSV opened on an English (US) system shows
// "These look like numbers from Brazil"; accepting gives exactly the counts of starting in
// Brazil; Brazil is remembered in settings.json, so after a restart the next file opens in
// Brazil, Settings shows it, and nothing is suggested any more.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { click, launch, waitFor } from "./driver.mjs";

const tmp = mkdtempSync(join(tmpdir(), "groupdrop-e2e-country-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** What a Brazilian office exports from Excel: `;`, CRLF, DDD in parentheses, a landline, +55, junk. */
const CSV = join(tmp, "Contatos.csv");
{
  const lines = ["Nome;Celular;E-mail"];
  for (let i = 0; i < 12; i++) lines.push(`Pessoa ${i + 1};(11) 98765-${String(4300 + i)};p${i}@escola.br`);
  lines.push("Fixo;(11) 3456-7890;");
  lines.push("Já com DDI;+55 21 99876-5432;");
  lines.push("Repetida;(11) 98765-4300;");
  lines.push("Curto;12345;");
  writeFileSync(CSV, lines.join("\r\n") + "\r\n");
}

/** @param {string} dataDir @param {string} lang */
function env(dataDir, lang) {
  return { GROUPDROP_DATA_DIR: dataDir, GROUPDROP_PACING_MS: "0", LANG: lang, LC_ALL: "", LC_MESSAGES: "" };
}

/** @param {WebdriverIO.Browser} browser */
async function counts(browser) {
  await waitFor(browser, "screen-preview", 30_000);
  const count = async (/** @type {string} */ id) => (await browser.$(`[data-testid="${id}"]`)).getAttribute("data-count");
  return { usable: await count("count-usable"), duplicates: await count("count-duplicates"), rejected: await count("count-rejected") };
}

test("a Brazilian file on an English system: suggestion, same counts as starting in Brazil, remembered across a restart", { timeout: 200_000 }, async () => {
  // Starting in Brazil (English UI, Brazilian locale): the reference counts, no suggestion.
  const brDir = join(tmp, "br");
  mkdirSync(brDir);
  let app = await launch({ args: [CSV], env: env(brDir, "en_BR.UTF-8") });
  let inBrazil;
  try {
    inBrazil = await counts(app.browser);
    assert.deepEqual(inBrazil, { usable: "14", duplicates: "1", rejected: "1" });
    assert.equal(await (await app.browser.$('[data-testid="country-suggestion"]')).isExisting(), false);
  } finally {
    await app.stop();
  }

  // An English (US) system: the suggestion, then accepting it.
  const usDir = join(tmp, "us");
  mkdirSync(usDir);
  app = await launch({ args: [CSV], env: env(usDir, "en_US.UTF-8") });
  try {
    const { browser } = app;
    const asUs = await counts(browser);
    assert.notDeepEqual(asUs, inBrazil, "read as US numbers, most are unusable");
    const box = await waitFor(browser, "country-suggestion", 20_000);
    assert.equal(await box.getAttribute("data-country"), "BR");
    assert.match(await box.getText(), /These look like numbers from Brazil/);
    await click(browser, "country-suggestion-accept");
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid="country-suggestion"]')).isExisting()), { timeout: 20_000 });
    assert.deepEqual(await counts(browser), inBrazil, "accepting = starting in Brazil");
    await browser.waitUntil(() => /"country":\s*"BR"/.test(readSettings(usDir)), { timeout: 10_000, timeoutMsg: "Brazil was not saved" });
  } finally {
    await app.stop();
  }

  // Restart on the same machine: Brazil is used straight away and shown in Settings.
  app = await launch({ args: [CSV], env: env(usDir, "en_US.UTF-8") });
  try {
    const { browser } = app;
    assert.deepEqual(await counts(browser), inBrazil);
    assert.equal(await (await browser.$('[data-testid="country-suggestion"]')).isExisting(), false);
    await click(browser, "nav-settings");
    const select = await waitFor(browser, "settings-country");
    assert.equal(await select.getValue(), "BR");
  } finally {
    await app.stop();
  }
});

/** @param {string} dir */
function readSettings(dir) {
  try {
    return readFileSync(join(dir, "settings.json"), "utf8");
  } catch {
    return "";
  }
}
