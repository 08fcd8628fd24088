// @ts-check
// Start and Preview: choosing, dropping and forwarding files; counts; bad files; 50,000 rows.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { calls, emit, startApp } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

test("Choose file… opens the preview with the counts, landline warning and rejected rows", async () => {
  const { page, errors, close } = await app.open({ openPath: "/home/ana/contacts.csv" });
  await page.getByTestId("choose-file").click();
  await page.getByTestId("screen-preview").waitFor();
  assert.equal(await page.getByTestId("preview-file").textContent(), "contacts.csv");
  assert.equal(await page.getByTestId("count-usable").getAttribute("data-count"), "25");
  assert.equal(await page.getByTestId("count-duplicates").getAttribute("data-count"), "2");
  assert.equal(await page.getByTestId("count-rejected").getAttribute("data-count"), "3");
  assert.match(await page.getByTestId("landline-warning").innerText(), /1 number looks like a landline/);
  // Numbers tab: E.164 plus what the file said.
  const firstRow = page.getByTestId("contacts-table").locator('[data-index="0"]');
  // Read the national way for the file's country; the exact E.164 form on hover (issue 16).
  assert.match(await firstRow.innerText(), /\(11\) 98000-0000/);
  assert.equal(await firstRow.locator("[data-e164]").getAttribute("title"), "+5511980000000");
  // ...and on copy: selecting the number as shown and copying puts the exact E.164 on the clipboard.
  const copied = await firstRow.locator("[data-e164]").evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = /** @type {Selection} */ (window.getSelection());
    sel.removeAllRanges();
    sel.addRange(range);
    const ev = new ClipboardEvent("copy", { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
    el.dispatchEvent(ev);
    return { text: ev.clipboardData?.getData("text/plain"), replaced: ev.defaultPrevented, shown: sel.toString() };
  });
  assert.deepEqual(copied, { text: "+5511980000000", replaced: true, shown: "(11) 98000-0000" });
  // Rejected rows: row number, input and a reason a person understands.
  await page.getByTestId("count-rejected").click();
  const rejected = await page.getByTestId("rejected-table").innerText();
  // Worded by the UI from Rust's code, the country named by Intl ("BR" → Brazil).
  assert.match(rejected, /27[\s\S]*12345[\s\S]*too short for a number in Brazil/);
  assert.match(rejected, /no phone number in this row/);
  assert.match(rejected, /letters in the number/);
  // The OS dialog was asked for contact files.
  const [dialog] = await calls(page, "plugin:dialog|open");
  assert.deepEqual(dialog.args.options.filters[0].extensions, ["csv", "txt", "tsv", "xlsx", "xls", "ods", "vcf"]);
  assert.deepEqual(errors, []);
  await close();
});

test("rejected rows give their reason in the UI language, with the country named in it", async () => {
  const { page, errors, close } = await app.open({ openPath: "/home/ana/contacts.csv", settings: { language: "pt-BR" } });
  await page.getByTestId("choose-file").click();
  await page.getByTestId("screen-preview").waitFor();
  await page.getByTestId("count-rejected").click();
  const table = page.getByTestId("rejected-table");
  const rejected = await table.innerText();
  assert.match(rejected, /12345[\s\S]*curto demais para um número de telefone \(Brasil\)/);
  assert.match(rejected, /nenhum número de telefone nesta linha/);
  assert.match(rejected, /há letras no número/);
  assert.doesNotMatch(rejected, /too short|no phone number|letters in/);
  // The reason is shown whole, wrapping in its cell (no "…" with the text only in a tooltip).
  const reason = table.locator(".reason").first();
  assert.equal(await reason.innerText(), "curto demais para um número de telefone (Brasil)");
  assert.deepEqual(await reason.evaluate((el) => [getComputedStyle(el).whiteSpace, getComputedStyle(el).textOverflow]), ["normal", "clip"]);
  // Switching the language re-words the rows at once.
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("settings-language").selectOption("hi");
  await page.getByTestId("nav-start").click();
  await page.getByTestId("back-to-preview").click();
  await page.getByTestId("count-rejected").click();
  assert.match(await page.getByTestId("rejected-table").innerText(), /ब्राज़ील के नंबर के लिए बहुत छोटा है/);
  assert.deepEqual(errors, []);
  await close();
});

test("changing the default country or the phone column re-reads the file with that choice", async () => {
  const { page, close } = await app.open({ openPath: "/data/contacts.csv" });
  await page.getByTestId("choose-file").click();
  await page.getByTestId("screen-preview").waitFor();
  await page.getByTestId("country").selectOption("PT");
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.calls.filter((/** @type {any} */ c) => c.cmd === "import_file").length === 2);
  await page.getByTestId("column").selectOption("Telefone");
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.calls.filter((/** @type {any} */ c) => c.cmd === "import_file").length === 3);
  const imports = await calls(page, "import_file");
  assert.equal(imports[0].args.choices.country, "BR", "first read: the OS locale's country (get_settings.systemCountry)");
  assert.deepEqual(imports[1].args.choices, { country: "PT", column: null, sheet: null, groupBy: null });
  assert.deepEqual(imports[2].args.choices, { country: "PT", column: "Telefone", sheet: null, groupBy: null });
  assert.equal(imports[2].args.path, "/data/contacts.csv");
  await close();
});

test("a bad file says what is wrong and what to do, and stays on Start", async () => {
  const { page, errors, close } = await app.open({ openPath: "/home/ana/photo.jpg" });
  await page.getByTestId("choose-file").click();
  const banner = page.getByTestId("error");
  await banner.waitFor();
  assert.equal(await banner.getAttribute("data-kind"), "badFile");
  assert.match(await banner.innerText(), /This file could not be read/);
  assert.match(await banner.innerText(), /not a contact list .* Export your contacts as CSV/);
  assert.equal(await page.getByTestId("screen-start").count(), 1);
  assert.deepEqual(errors, []);
  await close();
});

test("a file the app was started with opens straight on its preview", async () => {
  const { page, close } = await app.open({ startupFile: "/home/ana/lista.xlsx" });
  await page.getByTestId("screen-preview").waitFor();
  assert.equal(await page.getByTestId("preview-file").textContent(), "lista.xlsx");
  // Workbooks offer the sheet picker.
  assert.deepEqual(await page.getByTestId("sheet").locator("option").allTextContents(), ["Planilha1", "Planilha2"]);
  await close();
});

test("a second launch's file (single-instance) replaces what is on screen", async () => {
  const { page, close } = await app.open({ startupFile: "/home/ana/lista.xlsx" });
  await page.getByTestId("screen-preview").waitFor();
  await emit(page, "file-opened", { path: "/home/ana/contacts.csv" });
  await page.waitForFunction(() => document.querySelector('[data-testid="preview-file"]')?.textContent === "contacts.csv");
  await close();
});

test("native drag-and-drop shows the hover state and opens the dropped file", async () => {
  const { page, close } = await app.open({});
  await emit(page, "tauri://drag-enter", { paths: ["/tmp/contacts.csv"], position: { x: 10, y: 10 } });
  await page.waitForSelector('[data-testid="dropzone"].over');
  assert.match(await page.getByTestId("dropzone").innerText(), /Release to open this file/);
  await emit(page, "tauri://drag-leave", null);
  await page.waitForSelector('[data-testid="dropzone"]:not(.over)');
  await emit(page, "tauri://drag-drop", { paths: ["/tmp/contacts.csv", "/tmp/other.csv"], position: { x: 10, y: 10 } });
  await page.getByTestId("screen-preview").waitFor();
  assert.match(await page.getByTestId("toast").innerText(), /one file at a time/);
  await close();
});

test("50,000 rows: only a window of rows is in the DOM, and scrolling reaches the last one", async () => {
  const { page, close } = await app.open({ openPath: "/data/big.csv" });
  await page.getByTestId("choose-file").click();
  await page.getByTestId("screen-preview").waitFor();
  const table = page.getByTestId("contacts-table");
  assert.equal(await table.getAttribute("data-rows"), "50000");
  const rendered = await table.locator('[role="row"][data-index]').count();
  assert.ok(rendered > 5 && rendered < 60, `rendered ${rendered} rows`);
  // Scroll to the end: the last contact (row 50001) is rendered, the first is not.
  // Scroll down in 20 steps, a frame each, as a fast wheel/drag would.
  await table.locator(".body").evaluate(async (el) => {
    for (let i = 1; i <= 20; i++) {
      el.scrollTop = (el.scrollHeight * i) / 20;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
  });
  await page.waitForSelector('[data-testid="contacts-table"] [data-index="49999"]');
  assert.match(await table.locator('[data-index="49999"]').innerText(), /50001/);
  assert.equal(await table.locator('[data-index="0"]').count(), 0);
  assert.ok((await table.locator('[role="row"][data-index]').count()) < 60);
  await close();
});
