// @ts-check
// One file, many groups in the real window (issue 12): a school's list with a Class column,
// "Make one group per… Turma", three groups created with the practice account at the test pace,
// every group's link on the Result, and the run's groups in History.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { click, launch, text, waitFor } from "./driver.mjs";

const tmp = mkdtempSync(join(tmpdir(), "groupdrop-e2e-groups-"));
const dataDir = join(tmp, "data");
mkdirSync(dataDir);
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Three classes; the teacher on one row per class; one row with no class. */
const CSV = join(tmp, "Turmas 2026.csv");
{
  const lines = ["Nome;Celular;Turma"];
  for (let i = 0; i < 12; i++) lines.push(`Aluno ${i + 1};(11) 98765-${String(4400 + i)};5º ${"ABC"[i % 3]}`);
  for (const c of "ABC") lines.push(`Prof. Rao;(11) 98765-4499;5º ${c}`);
  lines.push("Sem turma;(11) 98765-4498;");
  writeFileSync(CSV, lines.join("\r\n") + "\r\n");
}

const ENV = {
  GROUPDROP_DATA_DIR: dataDir,
  GROUPDROP_PACING_MS: "0",
  GROUPDROP_PRACTICE_DELAY_MS: "20",
  LANG: "en_BR.UTF-8",
  LC_ALL: "",
  LC_MESSAGES: "",
};

test("a Class column becomes one group per class, each with its link, and the run is in History", { timeout: 180_000 }, async () => {
  const { browser, stop } = await launch({ args: [CSV], env: ENV });
  try {
    await waitFor(browser, "screen-preview", 30_000);
    const groupBy = await browser.$('[data-testid="group-by"]');
    await groupBy.selectByAttribute("value", "Turma");
    await waitFor(browser, "group-summary", 30_000);
    assert.match(await text(browser, "group-summary"), /3 groups, one per “Turma”/);
    const sizes = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="group-size"]')].map((e) => e.textContent?.replace(/\s+/g, " ").trim()),
    );
    assert.deepEqual(sizes, ["5º A 5 people", "5º B 5 people", "5º C 5 people"], "4 pupils + the teacher each");
    assert.match(await text(browser, "ungrouped"), /1 row has nothing in “Turma”/);

    await click(browser, "continue");
    await waitFor(browser, "screen-create");
    await click(browser, "account-0");
    const name = await browser.$('[data-testid="group-name"]');
    await name.setValue("{value} pais 2026");
    await waitFor(browser, "planned-groups", 30_000);
    await browser.waitUntil(
      async () => (await (await browser.$('[data-testid="group-name-0"]')).getValue()) === "5º A pais 2026",
      { timeout: 20_000, timeoutMsg: "the groups' names never followed the template" },
    );
    await click(browser, "create");

    await waitFor(browser, "screen-result", 90_000);
    await waitFor(browser, "run-parts", 30_000);
    const links = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="part-link"]')].map((e) => e.textContent ?? ""),
    );
    assert.equal(links.length, 3, `every group's link: ${links}`);
    for (const l of links) assert.match(l, /^https:\/\/chat\.whatsapp\.com\/PRACTICE\w+$/);
    assert.equal(new Set(links).size, 3, "three groups, three links");
    const parts = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="run-part"]')].map((e) => e.textContent ?? ""),
    );
    assert.match(parts[0], /5º A pais 2026/);
    assert.match(parts[2], /5º C pais 2026/);

    await click(browser, "nav-history");
    await waitFor(browser, "history-list");
    const rows = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="history-row"]')].map((e) => e.textContent ?? ""),
    );
    for (const c of "ABC") assert.ok(rows.some((r) => r.includes(`5º ${c} pais 2026`)), `5º ${c} in History: ${rows}`);
  } finally {
    await stop();
  }
});
