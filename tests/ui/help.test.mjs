// @ts-check
// Issue 16's help: the first-run tour (three steps, skip, reopen from Settings), the one-line
// update notice, and Settings → Help and updates (update-check switch, Copy diagnostics, Open log
// folder).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { calls, startApp } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

test("the tour shows three steps on first run, can be skipped, and comes back from Settings", async () => {
  const { page, errors, close } = await app.open();
  const tour = page.getByTestId("tour");
  await tour.waitFor();
  assert.equal(await page.getByTestId("tour-step").innerText(), "Step 1 of 3");
  assert.match(await tour.innerText(), /Drop your contact list/);
  await page.getByTestId("tour-next").click();
  assert.match(await tour.innerText(), /Add an account, or practise first[\s\S]*Practice account/);
  await page.getByTestId("tour-back").click();
  assert.equal(await page.getByTestId("tour-step").innerText(), "Step 1 of 3");
  await page.getByTestId("tour-next").click();
  await page.getByTestId("tour-next").click();
  assert.match(await tour.innerText(), /Name the group and create it/);
  assert.equal(await page.getByTestId("tour-next").count(), 0, "last step: no Next");
  await page.getByTestId("tour-done").click();
  await tour.waitFor({ state: "detached" });
  assert.equal((await calls(page, "save_settings")).slice(-1)[0].args.settings.tourSeen, true);

  await page.getByTestId("nav-settings").click();
  await page.getByTestId("show-tour").click();
  await page.getByTestId("screen-start").waitFor();
  await tour.waitFor();
  assert.equal((await calls(page, "save_settings")).slice(-1)[0].args.settings.tourSeen, false);
  await page.getByTestId("tour-skip").click();
  await tour.waitFor({ state: "detached" });
  assert.deepEqual(errors, []);
  await close();
});

test("a seen tour stays away", async () => {
  const { page, close } = await app.open({ settings: { tourSeen: true } });
  await page.getByTestId("screen-start").waitFor();
  await page.getByTestId("dropzone").waitFor();
  assert.equal(await page.getByTestId("tour").count(), 0);
  await close();
});

test("a newer version is announced in one line and installs on request; none, no line", async () => {
  const { page, errors, close } = await app.open({
    update: { version: "0.2.0", currentVersion: "0.1.0", notes: "Faster previews" },
  });
  const banner = page.getByTestId("update-banner");
  await banner.waitFor();
  assert.equal((await banner.innerText()).split("\n")[0].trim(), "GroupDrop 0.2.0 is available.");
  assert.equal(await banner.getAttribute("title"), "Faster previews");
  await page.getByTestId("update-install").click();
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.installed === true);
  assert.deepEqual(errors, []);
  await close();

  const none = await app.open();
  await none.page.getByTestId("screen-start").waitFor();
  assert.equal((await calls(none.page, "check_update")).length, 1, "checked once at start");
  assert.equal(await none.page.getByTestId("update-banner").count(), 0);
  await none.close();
});

test("Settings: the update check can be turned off; diagnostics are copied; the log folder opens", async () => {
  const { page, errors, close } = await app.open();
  await page.getByTestId("nav-settings").click();
  const box = page.getByTestId("check-updates");
  assert.equal(await box.isChecked(), true, "checks are on by default");
  await box.uncheck();
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.calls.some((/** @type {any} */ c) => c.cmd === "save_settings"));
  assert.equal((await calls(page, "save_settings")).slice(-1)[0].args.settings.skipUpdateCheck, true);

  await page.getByTestId("copy-diagnostics").click();
  await page.getByTestId("toast").waitFor();
  assert.match(await page.getByTestId("toast").innerText(), /Diagnostics copied/);
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(clip, /^GroupDrop 0\.1\.0\nOS: /);

  await page.getByTestId("open-logs").click();
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.openedLogs === true);
  assert.deepEqual(errors, []);
  await close();
});
