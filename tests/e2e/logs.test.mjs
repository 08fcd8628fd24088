// @ts-check
// The log rotates in the real app: with the rotation size shrunk (GROUPDROP_LOG_FILE_BYTES), a
// start, an import and a practice run fill several files in the OS log folder, none much larger
// than the limit, and no more than the current file plus the 5 kept (diagnostics.rs).

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { click, launch, waitFor } from "./driver.mjs";

const tmp = mkdtempSync(join(tmpdir(), "groupdrop-logs-"));
const xdg = join(tmp, "xdg");
mkdirSync(xdg);
after(() => rmSync(tmp, { recursive: true, force: true }));

const LIMIT = 300;
const CSV = join(tmp, "contatos.csv");
{
  const lines = ["Nome;Celular"];
  for (let i = 0; i < 12; i++) lines.push(`Pessoa ${i + 1};(11) 98765-${String(4300 + i)}`);
  writeFileSync(CSV, lines.join("\r\n") + "\r\n");
}

test("the log rotates at its size limit and keeps a bounded number of files", { timeout: 120_000 }, async () => {
  const { browser, stop } = await launch({
    args: [CSV],
    env: {
      GROUPDROP_DATA_DIR: join(tmp, "data"),
      GROUPDROP_PACING_MS: "0",
      GROUPDROP_PRACTICE_DELAY_MS: "20",
      GROUPDROP_LOG_FILE_BYTES: String(LIMIT),
      // The OS log folder (Tauri's app_log_dir: $XDG_DATA_HOME/<identifier>/logs), private to this test.
      XDG_DATA_HOME: xdg,
      LANG: "en_BR.UTF-8",
      LC_ALL: "",
    },
  });
  try {
    for (const name of ["First log run", "Second log run"]) {
      await waitFor(browser, "screen-preview", 30_000);
      await click(browser, "continue");
      await click(browser, "account-0");
      const input = await waitFor(browser, "group-name");
      await input.setValue(name);
      await waitFor(browser, "summary-headline");
      await click(browser, "create");
      await waitFor(browser, "screen-result", 60_000);
      await click(browser, "nav-start");
      await click(browser, "back-to-preview");
    }
  } finally {
    await stop();
  }
  const dir = join(xdg, "dev.groupdrop.app", "logs");
  assert.ok(existsSync(dir), `no log folder at ${dir}`);
  const files = readdirSync(dir).filter((f) => f.endsWith(".log"));
  assert.ok(files.includes("GroupDrop.log"), files.join(", "));
  const rotated = files.filter((f) => f !== "GroupDrop.log");
  assert.ok(rotated.length >= 1, `the log never rotated: ${files.join(", ")}`);
  assert.ok(files.length <= 1 + 5, `more than the current file and 5 kept: ${files.join(", ")}`);
  // Readable by the user only (umask 077 at start): the folder, every log file, the history.
  const mode = (/** @type {string} */ p) => statSync(p).mode & 0o777;
  assert.equal(mode(dir).toString(8), "700", "log folder");
  for (const f of files) assert.equal(mode(join(dir, f)).toString(8), "600", f);
  assert.equal(mode(join(tmp, "data")).toString(8), "700", "data folder");
  for (const f of readdirSync(join(tmp, "data"))) {
    const p = join(tmp, "data", f);
    if (statSync(p).isFile()) assert.equal(mode(p).toString(8), "600", f);
  }
  for (const f of rotated) {
    const size = statSync(join(dir, f)).size;
    // A file is closed once it passes the limit: at most one line over it.
    assert.ok(size <= LIMIT + 1_000, `${f} is ${size} bytes (limit ${LIMIT})`);
  }
});
