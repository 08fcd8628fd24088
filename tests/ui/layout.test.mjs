// @ts-check
// A layout check that English cannot fool: every screen and state, in en, pt-BR, es and hi, at the
// window's default size (1120×760) and at 200% zoom (the same window seen through a 560×380 CSS
// viewport at device scale 2). It fails when
// - any element with its own text overflows its box (scrollWidth/scrollHeight beyond the box on an
//   element that is not meant to scroll), which is what "…" truncation and cut-off labels are;
// - a control (button, field, tab, link) sticks out of the window, or the page scrolls sideways;
// - a table column has no header (or a row has more cells than the header has columns).
// `scripts/screenshots --matrix` renders the same states for people to look at.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startApp } from "./harness.mjs";
import { LANGUAGES, SIZES, walk } from "./layout.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.stop();
});

for (const language of LANGUAGES) {
  test(`layout: every screen in ${language}, at 1120×760 and at 200% zoom, has no overflow, no control outside the window, no headerless column`, { timeout: 120_000 }, async () => {
    /** @type {string[]} */
    const problems = [];
    for (const size of SIZES) problems.push(...(await walk(app.open, language, size)));
    assert.deepEqual(problems, []);
  });
}
