// @ts-check
// The country is found, not asked (issue 15): on an English (US) system a Brazilian file shows
// the importer's suggestion with its evidence; accepting re-reads the file with Brazil and
// remembers Brazil, so Settings shows it and the next start uses it. (The counts themselves are
// the importer's: crates/contacts/tests/country.rs proves that accepting equals starting in
// Brazil; tests/e2e/country.test.mjs does the same in the real window across a restart.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { FILES, calls, startApp } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

const BRAZILIAN = { files: { ...FILES, "contatos.csv": { usable: 25, duplicates: 2, rejected: 3, suggest: "BR" } }, openPath: "/home/ana/contatos.csv" };

test("a Brazilian file on an English system: the suggestion, its evidence, and accepting it is remembered", async () => {
  const { page, errors, close } = await app.open({ ...BRAZILIAN, systemCountry: "US", systemLanguage: "en-US" });
  await page.getByTestId("choose-file").click();
  await page.getByTestId("screen-preview").waitFor();
  assert.equal((await calls(page, "import_file"))[0].args.choices.country, "US", "the locale is the first guess");

  const box = page.getByTestId("country-suggestion");
  assert.equal(await box.getAttribute("data-country"), "BR");
  const text = await box.innerText();
  assert.match(text, /These look like numbers from Brazil\. Use Brazil\?/);
  assert.match(text, /25 of the 27 numbers written without a country code look like mobile numbers from Brazil; United States: 1\./);
  assert.match(text, /3 numbers already written with \+55 are from Brazil\./);
  assert.match(await page.getByTestId("country-suggestion-keep").innerText(), /Keep United States/);

  await page.getByTestId("country-suggestion-accept").click();
  await box.waitFor({ state: "detached" });
  const reads = await calls(page, "import_file");
  assert.equal(reads.at(-1)?.args.choices.country, "BR", "re-read with Brazil");
  assert.equal(await page.getByTestId("country").inputValue(), "BR");
  const saved = await calls(page, "save_settings");
  assert.equal(saved.at(-1)?.args.settings.country, "BR", "Brazil remembered for this machine");
  assert.match(await page.getByTestId("toast").innerText(), /GroupDrop will use Brazil for the next files too/);

  // Settings shows the remembered country, not "Automatic (United States)".
  await page.getByTestId("nav-settings").click();
  assert.equal(await page.getByTestId("settings-country").inputValue(), "BR");
  const remembered = await page.evaluate(() => /** @type {any} */ (window).__backend.state.settings);
  assert.deepEqual(errors, []);
  await close();

  // "Restart": a fresh window with what was saved. The next file opens in Brazil, no suggestion.
  const again = await app.open({ ...BRAZILIAN, systemCountry: "US", settings: remembered });
  await again.page.getByTestId("choose-file").click();
  await again.page.getByTestId("screen-preview").waitFor();
  assert.equal((await calls(again.page, "import_file"))[0].args.choices.country, "BR");
  assert.equal(await again.page.getByTestId("country-suggestion").count(), 0);
  await again.page.getByTestId("nav-settings").click();
  assert.equal(await again.page.getByTestId("settings-country").inputValue(), "BR");
  await again.close();
});

test("picking a country in the Preview's list is remembered too; “Keep” hides the suggestion and saves nothing", async () => {
  const { page, close } = await app.open({ ...BRAZILIAN, systemCountry: "US" });
  await page.getByTestId("choose-file").click();
  await page.getByTestId("country-suggestion").waitFor();
  await page.getByTestId("country-suggestion-keep").click();
  await page.getByTestId("country-suggestion").waitFor({ state: "detached" });
  assert.equal((await calls(page, "save_settings")).length, 0);

  await page.getByTestId("country").selectOption("IN");
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.state.settings.country === "IN");
  assert.equal((await calls(page, "import_file")).at(-1)?.args.choices.country, "IN");
  await close();
});

test("the suggestion is worded in every language, plurals included", async () => {
  const expected = {
    "pt-BR": [/Estes números parecem ser do país Brasil\. Usar Brasil\?/, /25 dos 27 números escritos sem código do país parecem celulares do país Brasil/],
    es: [/Estos números parecen de Brasil\. ¿Usar Brasil\?/, /3 números ya escritos con \+55 son de Brasil/],
    hi: [/ये नंबर ब्राज़ील के लगते हैं/, /\+55 के साथ लिखे 3 नंबर ब्राज़ील के हैं/],
  };
  for (const [language, patterns] of Object.entries(expected)) {
    const { page, close } = await app.open({ ...BRAZILIAN, systemCountry: "US", settings: { language, country: null, theme: "system" } });
    await page.getByTestId("choose-file").click();
    const text = await page.getByTestId("country-suggestion").innerText();
    for (const p of patterns) assert.match(text, p, language);
    await close();
  }
});

test("plain words and nothing lost: file details, headed columns, blank numbers, and a fresh Result keeps the Preview's repeats and warnings", async () => {
  const { page, errors, close } = await app.open({ openPath: "/home/ana/contacts.csv", stepMs: 40 });
  await page.getByTestId("choose-file").click();
  await page.getByTestId("screen-preview").waitFor();
  // Encoding and separator live in "File details", in words.
  assert.equal(await page.getByTestId("file-encoding").isVisible(), false);
  await page.getByTestId("file-details").locator("summary").click();
  assert.equal(await page.getByTestId("file-encoding").innerText(), "Unicode (UTF-8)");
  assert.match(await page.getByTestId("column").innerText(), /Celular \(found automatically\)/);
  await page.getByTestId("tab-duplicates").click();
  assert.match(await page.getByTestId("duplicates-table").locator(".head").innerText(), /SAME NUMBER AS/i);
  await page.getByTestId("tab-rejected").click();
  assert.match(await page.getByTestId("rejected-table").innerText(), /\(no number\)/);

  await page.getByTestId("continue").click();
  await page.getByTestId("account-0").click();
  await page.getByTestId("group-name").fill("Parents");
  await page.getByTestId("summary-headline").waitFor();
  await page.getByTestId("create").click();
  await page.getByTestId("screen-result").waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId("nav-start").getAttribute("aria-current"), "page", "a fresh result belongs to New group");
  assert.match(await page.getByTestId("outcome-added").innerText(), /Contact 5[\s\S]*Looks like a landline: may not have WhatsApp/);
  await page.getByTestId("tab-rejected").click();
  const rejected = page.getByTestId("outcome-rejected");
  assert.match(await rejected.locator(".head").innerText(), /ROW\s+NAME\s+NUMBER\s+REJECTED BY\s+REASON/i);
  assert.match(await rejected.innerText(), /\(no number\)/);
  await page.getByTestId("tab-duplicates").click();
  assert.match(await page.getByTestId("outcome-duplicates").innerText(), /Dup 0[\s\S]*Row 2/);
  // Opened again from History, it is History's.
  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-open").first().click();
  await page.getByTestId("screen-result").waitFor();
  assert.equal(await page.getByTestId("nav-history").getAttribute("aria-current"), "page");
  assert.deepEqual(errors, []);
  await close();
});

test("a vCard's phone column is described in words, not as TEL", async () => {
  const { page, close } = await app.open({
    files: { ...FILES, "iPhone.vcf": { usable: 3, duplicates: 0, rejected: 0 } },
    openPath: "/home/ana/iPhone.vcf",
  });
  await page.getByTestId("choose-file").click();
  await page.getByTestId("screen-preview").waitFor();
  assert.equal(await page.getByTestId("column-vcard").innerText(), "The phone numbers of each card");
  assert.equal(await page.getByTestId("column").count(), 0);
  assert.doesNotMatch(await page.getByTestId("screen-preview").innerText(), /\bTEL\b/);
  await close();
});
