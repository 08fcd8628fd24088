// @ts-check
// `npm run test:ui`: bundles Tauri's mock helpers for the browser, then runs the flow tests
// (node:test) one file at a time against the built ui/dist in Debian's Chromium.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
process.chdir(ROOT);

if (!existsSync("ui/dist/index.html")) {
  console.error("ui/dist is missing: run `npm run build` first.");
  process.exit(1);
}

const bundle = spawnSync(
  "npx",
  ["esbuild", "--bundle", "tests/ui/mocks-entry.js", "--format=iife", "--log-level=warning", "--outfile=tests/.mocks.iife.js"],
  { stdio: "inherit", timeout: 60_000 },
);
if (bundle.status !== 0) process.exit(bundle.status ?? 1);

const files = readdirSync("tests/ui")
  .filter((f) => f.endsWith(".test.mjs"))
  .sort()
  .map((f) => join("tests/ui", f));
const run = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-timeout=240000", ...files], {
  stdio: "inherit",
  timeout: 900_000,
});
process.exit(run.status ?? 1);
