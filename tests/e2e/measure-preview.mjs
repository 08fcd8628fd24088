// @ts-check
// Used by scripts/e2e-measure: opens the app on a big contact file and reports how long after the
// page loaded the preview had its data and was on screen (performance marks), and the IPC size.
import { launch, waitFor } from "./driver.mjs";

const file = process.argv[2];
if (!file) throw new Error("usage: measure-preview.mjs FILE");
const { browser, stop } = await launch({ args: [file], env: { LANG: "en_BR.UTF-8", GROUPDROP_DATA_DIR: process.env.GROUPDROP_DATA_DIR ?? "" } });
try {
  await waitFor(browser, "count-usable", 120_000);
  const figures = await browser.execute(() => {
    const mark = performance.getEntriesByName("groupdrop:preview")[0];
    const rows = document.querySelectorAll('[data-testid="contacts-table"] [role="row"][data-index]').length;
    return { previewMs: mark ? Math.round(mark.startTime) : -1, renderedRows: rows, usable: document.querySelector('[data-testid="count-usable"]')?.getAttribute("data-count") };
  });
  console.log(`50,000-row file: preview data in the page ${figures.previewMs} ms after load; ${figures.usable} usable; ${figures.renderedRows} table rows in the DOM`);
} finally {
  await stop();
}
