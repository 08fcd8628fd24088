// @ts-check
// Screenshots for people to look at (scripts/screenshots --matrix): every screen and state of the
// layout check (tests/ui/layout.mjs) in en, pt-BR, es and hi, at 1120×760 and at 200% zoom, in
// Chromium with the mock backend. Writes <out>/<language>/<size>/<nn>-<state>.png.
//
// With `--preview-of DIR`: DIR holds reports the real importer wrote for one file
// (`<country>.json`, from `groupdrop-cli import --json`) and `file.txt` (the file's name); writes
// <out>/preview-<country>.png for each, as an English (US) system shows them.

import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { startApp } from "./harness.mjs";
import { LANGUAGES, SIZES, walk } from "./layout.mjs";

const args = process.argv.slice(2);
const out = resolve(args[args.indexOf("--out") + 1] ?? "docs/screenshots/matrix");
const app = await startApp();
try {
  const previewDir = args.includes("--preview-of") ? args[args.indexOf("--preview-of") + 1] : null;
  if (previewDir) {
    const file = readFileSync(join(previewDir, "file.txt"), "utf8").trim();
    /** @type {Record<string, unknown>} */
    const byCountry = {};
    for (const f of readdirSync(previewDir).filter((f) => f.endsWith(".json"))) {
      byCountry[f.replace(/\.json$/, "")] = JSON.parse(readFileSync(join(previewDir, f), "utf8"));
    }
    mkdirSync(out, { recursive: true });
    for (const country of Object.keys(byCountry)) {
      const { page, close } = await app.open(
        { reports: { [file]: byCountry }, openPath: `/home/office/${file}`, systemCountry: country, systemLanguage: "en-US" },
        { viewport: { width: 1120, height: 760 } },
      );
      await page.getByTestId("choose-file").click();
      await page.getByTestId("screen-preview").waitFor();
      await page.getByTestId("tab-rejected").click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `preview-${country}.png`) });
      console.log(`  preview-${country}.png`);
      await close();
    }
  } else {
    for (const language of LANGUAGES) {
      for (const size of SIZES) {
        const dir = join(out, language, size.name);
        mkdirSync(dir, { recursive: true });
        let n = 0;
        await walk(app.open, language, size, async (page, state) => {
          n += 1;
          // Tables are the point of most states: bring the active one into view; the groups' states
          // are about their own card.
          /** @type {Record<string, string>} */
          const cards = {
            "preview-groups": "group-summary",
            "create-groups": "planned-groups",
            "result-groups": "run-parts",
            "preview-check-cost": "check",
            "create-setup": "setup",
            "create-setup-2chat": "setup",
            "result-setup": "setup-result",
            "result-invites": "invite-people",
          };
          const table = page.locator(".vt").last();
          if (cards[state]) await page.getByTestId(cards[state]).evaluate((el) => el.scrollIntoView({ block: "center" }));
          else if ((await table.count()) > 0) await table.evaluate((el) => el.scrollIntoView({ block: "end" }));
          await page.screenshot({ path: join(dir, `${String(n).padStart(2, "0")}-${state}.png`) });
        });
        console.log(`  ${language} ${size.name}: ${n} screens`);
      }
    }
  }
} finally {
  await app.stop();
}
