// @ts-check
// History (newest first, search, open, resume) and Settings (country, language, theme).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { calls, startApp } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

const HISTORY = [
  { id: 9, provider: "zapi", accountLabel: "Front desk", groupName: "Choir 2026", status: "incomplete", startedAtMs: Date.UTC(2026, 10, 24, 15), added: 10, invited: 0, sent: 0, rejected: 0, pending: 5, resumable: true },
  { id: 8, provider: "2chat", accountLabel: "Office", groupName: "Parents 5B", status: "done", startedAtMs: Date.UTC(2026, 10, 23, 9), added: 25, invited: 0, sent: 0, rejected: 0, pending: 0, resumable: false },
  { id: 7, provider: "practice", accountLabel: "Practice", groupName: "Trial run", status: "partial", startedAtMs: Date.UTC(2026, 10, 22, 9), added: 20, invited: 2, sent: 0, rejected: 5, pending: 0, resumable: false },
];

test("History lists runs as Rust orders them (newest first), searches by group name, opens a result", async () => {
  const { page, close } = await app.open({ history: structuredClone(HISTORY) });
  await page.getByTestId("nav-history").click();
  const rows = page.getByTestId("history-row");
  await rows.first().waitFor();
  assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-job"))), ["9", "8", "7"]);
  assert.match(await rows.nth(0).innerText(), /Choir 2026[\s\S]*Not finished/);
  assert.equal(await rows.nth(0).getByTestId("history-resume").count(), 1, "unfinished: resumable");
  assert.equal(await rows.nth(1).getByTestId("history-resume").count(), 0);

  await page.getByTestId("history-search").fill("parents");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-row"]').length === 1);
  assert.equal((await calls(page, "list_history")).slice(-1)[0].args.search, "parents");
  await page.getByTestId("history-search").fill("zzz");
  await page.getByTestId("history-empty").waitFor();
  assert.match(await page.getByTestId("history-empty").innerText(), /No group matches “zzz”/);

  await page.getByTestId("history-search").fill("");
  await rows.nth(2).waitFor();
  await rows.nth(2).getByTestId("history-open").click();
  await page.getByTestId("screen-result").waitFor();
  assert.equal(await page.getByTestId("result-name").innerText(), "Trial run");
  await close();
});

test("Resume continues an unfinished run and shows its progress", async () => {
  const { page, close } = await app.open({ history: structuredClone(HISTORY), stepMs: 150 });
  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-resume").click();
  await page.getByTestId("progress").waitFor();
  assert.match(await page.getByTestId("progress").innerText(), /Creating “Choir 2026”/);
  assert.deepEqual((await calls(page, "resume_job")).map((c) => c.args.job), [9]);
  await page.getByTestId("screen-result").waitFor();
  await close();
});

test("an unfinished run's result offers Resume and says what is left", async () => {
  const { page, close } = await app.open({ history: structuredClone(HISTORY) });
  await page.getByTestId("recent-run").first().click();
  await page.getByTestId("resumable").waitFor();
  assert.match(await page.getByTestId("resumable").innerText(), /5 numbers not sent yet/);
  await close();
});

test("Settings: language switches the whole UI at once, every language complete", async () => {
  const { page, close } = await app.open();
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("settings-language").selectOption("pt-BR");
  await page.waitForFunction(() => document.querySelector('[data-testid="nav-history"]')?.textContent?.trim() === "Histórico");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "pt-BR");
  await page.getByTestId("settings-language").selectOption("hi");
  await page.waitForFunction(() => document.querySelector('[data-testid="nav-history"]')?.textContent?.trim() === "इतिहास");
  // Every key is translated now (the English fallback for a missing key is covered by
  // translate.test.ts): Hindi, not English and not a raw key.
  assert.equal((await page.getByTestId("theme-light").innerText()).trim(), "हल्का");
  assert.equal((await page.getByTestId("theme-dark").innerText()).trim(), "गहरा");
  const saved = (await calls(page, "save_settings")).map((c) => c.args.settings.language);
  assert.deepEqual(saved, ["pt-BR", "hi"]);
  await close();
});

test("Settings: theme and default country are saved; the preview then reads with that country", async () => {
  const { page, close } = await app.open({ openPath: "/data/contacts.csv" });
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("theme-dark").click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(17, 22, 20)");
  await page.getByTestId("theme-system").click();
  await page.waitForFunction(() => !document.documentElement.hasAttribute("data-theme"));
  await page.getByTestId("settings-country").selectOption("IN");
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.state.settings.country === "IN");
  await page.getByTestId("nav-start").click();
  await page.getByTestId("choose-file").click();
  await page.getByTestId("screen-preview").waitFor();
  assert.equal((await calls(page, "import_file"))[0].args.choices.country, "IN");
  await close();
});

test("a saved language is applied at start-up", async () => {
  const { page, close } = await app.open({ settings: { language: "es" } });
  assert.equal((await page.getByTestId("nav-accounts").innerText()).trim(), "Cuentas");
  await close();
});

test("Settings → Pace: the ban-safe waits are shown, changed and saved in ms; risky values are refused in the user's language", async () => {
  const { page, close } = await app.open({ settings: { language: "pt-BR" } });
  await page.getByTestId("nav-settings").click();
  const card = page.getByTestId("settings-pacing");
  await card.waitFor();
  assert.match(await card.innerText(), /Ritmo \(protege o seu número de WhatsApp\)/);
  assert.equal(await page.getByTestId("pacing-spacing").inputValue(), "5");
  assert.equal(await page.getByTestId("pacing-add-min").inputValue(), "3");
  assert.equal(await page.getByTestId("pacing-add-max").inputValue(), "10");
  assert.equal(await page.getByTestId("pacing-daily").inputValue(), "10");

  await page.getByTestId("pacing-spacing").fill("8");
  await page.getByTestId("pacing-spacing").blur();
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.state.settings.pacing.creationSpacingMs === 480000);
  await page.getByTestId("pacing-daily").fill("4");
  await page.getByTestId("pacing-daily").blur();
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.state.settings.pacing.dailyCreationLimit === 4);
  const last = (await calls(page, "save_settings")).slice(-1)[0].args.settings.pacing;
  assert.deepEqual(last, { creationSpacingMs: 480000, addJitterMinMs: 3000, addJitterMaxMs: 10000, dailyCreationLimit: 4 });

  // Under a minute between creations: refused here, in Portuguese, and nothing is sent to Rust.
  const before = (await calls(page, "save_settings")).length;
  await page.getByTestId("pacing-spacing").fill("0");
  await page.getByTestId("pacing-spacing").blur();
  const banner = card.getByTestId("error");
  await banner.waitFor();
  assert.match(await banner.innerText(), /Pelo menos 1 minuto/);
  assert.equal((await calls(page, "save_settings")).length, before);

  await page.getByTestId("pacing-reset").click();
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.state.settings.pacing.creationSpacingMs === 300000);
  assert.equal(await page.getByTestId("pacing-spacing").inputValue(), "5");
  await close();
});
