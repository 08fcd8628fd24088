// @ts-check
// One file, many groups (issue 12): "Make one group per…" in Preview, the groups with their
// sizes and editable names on Create, rows with no value listed, and the Result listing every
// group with its link and "Export links".
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { calls, startApp } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

test("a Class column becomes one group per class, named from a template, each with its link", async () => {
  const { page, errors, close } = await app.open({ startupFile: "/data/contacts.csv", savePath: "/home/ana/turmas - links.csv" });
  await page.getByTestId("screen-preview").waitFor();
  await page.getByTestId("group-by").selectOption("E-mail");
  await page.getByTestId("group-summary").waitFor();
  const reads = await calls(page, "import_file");
  assert.equal(reads.at(-1)?.args.choices.groupBy, "E-mail", "the file is read again with the column");
  assert.match(await page.getByTestId("group-summary").innerText(), /3 groups, one per “E-mail”/);
  assert.deepEqual(await page.getByTestId("group-size").allInnerTexts(), ["5A 8 people", "5B 8 people", "5C 8 people"]);
  assert.match(await page.getByTestId("ungrouped").innerText(), /3 rows have nothing in “E-mail”/);

  await page.getByTestId("continue").click();
  await page.getByTestId("screen-create").waitFor();
  assert.equal(await page.getByTestId("group-name").inputValue(), "{value}", "the template starts as the value itself");
  await page.getByTestId("group-name").fill("{value} parents 2026");
  await page.getByTestId("planned-groups").waitFor();
  assert.equal(await page.getByTestId("group-name-0").inputValue(), "5A parents 2026");
  assert.equal(await page.getByTestId("group-name-2").inputValue(), "5C parents 2026");
  assert.match(await page.getByTestId("name-template-help").innerText(), /\{value\} becomes each “E-mail” value/);
  await page.getByTestId("group-name-2").fill("Turma 5C (Prof. Rao)");
  await page.getByTestId("group-name-2").press("Tab");
  await page.waitForFunction(() =>
    /** @type {any} */ (window).__backend.calls.some(
      (/** @type {any} */ c) => c.cmd === "plan_job" && c.args.request.groupNames?.["5C"] === "Turma 5C (Prof. Rao)",
    ),
  );
  await page.waitForFunction(() => /** @type {HTMLInputElement|null} */ (document.querySelector('[data-testid="group-name-2"]'))?.value === "Turma 5C (Prof. Rao)");
  assert.match(await page.getByTestId("ungrouped").innerText(), /3 rows with nothing in “E-mail” join no group/);

  await page.getByTestId("create").click();
  await page.getByTestId("screen-result").waitFor();
  await page.getByTestId("run-parts").waitFor();
  assert.match(await page.getByTestId("run-parts").innerText(), /3 groups in this run/);
  const parts = await page.getByTestId("run-part").allInnerTexts();
  assert.equal(parts.length, 3);
  assert.match(parts[0], /5A parents 2026/);
  assert.match(parts[2], /Turma 5C \(Prof\. Rao\)/);
  assert.deepEqual(await page.getByTestId("part-link").allInnerTexts(), [
    "https://chat.whatsapp.com/PART7code",
    "https://chat.whatsapp.com/PART8code",
    "https://chat.whatsapp.com/PART9code",
  ]);
  // The row that joined no group, worded from its plan code.
  await page.getByTestId("tab-rejected").click();
  await page.getByText("nothing in the column the groups are made by, so it joins no group").waitFor();
  await page.getByTestId("export-links").click();
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.exportedLinks === "/home/ana/turmas - links.csv");
  assert.deepEqual((await calls(page, "export_links")).at(-1)?.args, { job: 7, path: "/home/ana/turmas - links.csv" });
  await page.getByText("Saved 3 groups to turmas - links.csv").waitFor();
  // Another group of the run opens in place, with its own result.
  await page.getByTestId("open-part").first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="result-name"]')?.textContent === "5B parents 2026");
  assert.deepEqual(errors, []);
  await close();
});

test("names that would collide are refused with the reason, and Create stays off", async () => {
  const { page, close } = await app.open({ startupFile: "/data/contacts.csv" });
  await page.getByTestId("group-by").selectOption("E-mail");
  await page.getByTestId("group-summary").waitFor();
  await page.getByTestId("continue").click();
  await page.getByTestId("group-name").fill("Parents");
  await page.getByText(/would both be called "Parents"/).waitFor();
  assert.equal(await page.getByTestId("create").isDisabled(), true);
  await close();
});
