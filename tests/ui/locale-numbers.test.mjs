// @ts-check
// Counts and dates as each language writes them, on every screen that prints one: Preview's count
// cards, Create's summary, the progress bar's lines and tally, History's rows and dates, and the
// Result's summary and tabs. Numbers big enough to be grouped (1,023 and 123,456) so the grouping
// shows: 1,023 / 1.023 / 1023 (Spanish leaves four digits together) / 1,023, and Hindi's lakh
// grouping 1,23,456. The system's region refines its own language (es-MX writes 1,023; en-IN
// writes 1,23,456 and day-first dates). Row numbers stay as the spreadsheet's header writes them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { FILES, emit, startApp } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

const FILE = { "mil.csv": { usable: 1023, duplicates: 1001, rejected: 1234 } };
const RUN = {
  id: 12,
  provider: "practice",
  accountLabel: "Practice",
  groupName: "Turma 2026",
  status: "done",
  startedAtMs: Date.UTC(2026, 10, 25, 12, 30),
  added: 123456,
  invited: 1001,
  sent: 0,
  rejected: 1023,
  pending: 0,
  resumable: false,
};

const CASES = [
  { language: "en", system: "en-US", n1023: "1,023", n1001: "1,001", n1234: "1,234", big: "123,456", date: /Nov 25, 2026/ },
  { language: "pt-BR", system: "en-US", n1023: "1.023", n1001: "1.001", n1234: "1.234", big: "123.456", date: /25 de nov\.? de 2026/ },
  { language: "es", system: "en-US", n1023: "1023", n1001: "1001", n1234: "1234", big: "123.456", date: /25 nov 2026/ },
  { language: "hi", system: "en-US", n1023: "1,023", n1001: "1,001", n1234: "1,234", big: "1,23,456", date: /25 .*2026/ },
  { language: "es", system: "es-MX", n1023: "1,023", n1001: "1,001", n1234: "1,234", big: "123,456", date: /25 nov 2026/ },
  { language: "en", system: "en-IN", n1023: "1,023", n1001: "1,001", n1234: "1,234", big: "1,23,456", date: /25 Nov 2026/ },
];

for (const c of CASES) {
  test(`${c.language} on a ${c.system} system: Preview, Create and progress`, async () => {
    const { page, errors, close } = await app.open({
      startupFile: "/data/mil.csv",
      files: { ...FILES, ...FILE },
      settings: { language: c.language },
      systemLanguage: c.system,
      holdJob: true,
      stepMs: 40,
    });
    const n = (/** @type {string} */ id) => page.getByTestId(id).locator(".n").innerText();
    assert.deepEqual([await n("count-usable"), await n("count-duplicates"), await n("count-rejected")], [c.n1023, c.n1001, c.n1234]);
    // The table's row column: the spreadsheet's row number as its header shows it.
    await page.getByTestId("count-rejected").click();
    const firstRow = page.getByTestId("rejected-table").locator('[role="row"]').nth(1);
    assert.match(await firstRow.innerText(), /^1025\b/);

    await page.getByTestId("continue").click();
    await page.getByTestId("screen-create").waitFor();
    assert.ok((await page.getByTestId("screen-create").locator(".sub").innerText()).includes(c.n1023));
    await page.getByTestId("group-name").fill("Turma 2026");
    await page.getByTestId("summary-headline").waitFor();
    assert.ok((await page.getByTestId("summary-headline").innerText()).includes(c.n1023), await page.getByTestId("summary-headline").innerText());

    await page.getByTestId("create").click();
    await page.getByTestId("progress").waitFor();
    // The mock's own three steps end at 1,023 of 1,023 (100%); only then send the big one.
    await page.waitForFunction(() => document.querySelector('[data-testid="progress-bar"]')?.getAttribute("aria-valuenow") === "100");
    assert.equal((await page.getByTestId("progress-numbers").innerText()).split(c.n1023).length, 3, "done and total both written for the locale");
    await emit(page, "job-progress", {
      job: 7,
      stage: "adding",
      batch: 2,
      batches: 3,
      numbersDone: 123456,
      numbersTotal: 234567,
      added: 123456,
      invited: 1001,
      rejected: 1234,
      sent: 0,
      groupIndex: 1,
      groupCount: 1,
    });
    await page.waitForFunction((want) => (document.querySelector('[data-testid="progress-numbers"]')?.textContent ?? "").includes(want), c.big);
    const tally = await page.getByTestId("progress").locator(".tally strong").allInnerTexts();
    assert.deepEqual(tally, [c.big, c.n1001, c.n1234]);
    assert.deepEqual(errors, []);
    await close();
  });

  test(`${c.language} on a ${c.system} system: History and Result`, async () => {
    const { page, errors, close } = await app.open({
      history: [structuredClone(RUN)],
      resultAdded: 123456,
      settings: { language: c.language },
      systemLanguage: c.system,
    });
    await page.getByTestId("nav-history").click();
    const row = page.getByTestId("history-row").first();
    await row.waitFor();
    const text = await row.innerText();
    for (const want of [c.big, c.n1001, c.n1023]) assert.ok(text.includes(want), `${want} in ${text}`);
    assert.match(text, c.date);

    await row.getByTestId("history-open").click();
    await page.getByTestId("screen-result").waitFor();
    const counts = await page.getByTestId("result-counts").innerText();
    assert.ok(counts.includes(c.big), counts);
    assert.ok((await page.getByRole("tab").first().innerText()).includes(c.big));
    assert.match(await page.getByTestId("screen-result").innerText(), c.date);
    assert.deepEqual(errors, []);
    await close();
  });
}
