// @ts-check
// Pacing in the real window, against the rule-enforcing 2Chat stand-in (crates/standins): a list
// too big for one group, split into three, created with the creation spacing from Settings
// (30 minutes, every wait scaled by GROUPDROP_PACING_SCALE=0.01 so the test takes seconds), the
// countdown shown between the parts, the progress following every part, and the account's own
// number (its 2Chat sending number, which is in the file) left out and never sent.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { click, launch, text, toCreateWithRealAccount, waitFor } from "./driver.mjs";
import { startStandin } from "./standin.mjs";

const tmp = mkdtempSync(join(tmpdir(), "groupdrop-pacing-"));
const dataDir = join(tmp, "data");
mkdirSync(dataDir);

const KEY = "E2E-2CHAT-KEY-40417";
const FROM = "+5511999990000";
/** Settings → Pace: 30 minutes between creations (the default is 5), scaled by 0.01: 18 s, longer than a part takes, so the window must wait and count down. */
const SETTINGS_SPACING_MS = 1_800_000;
const SCALE = 0.01;
const SPACING_MS = SETTINGS_SPACING_MS * SCALE;
const PEOPLE = 2_050;

/** 2,050 Brazilian mobiles and, in the middle, the office's own WhatsApp number (its 2Chat sender). */
const CSV = join(tmp, "Todos os pais.csv");
{
  const lines = ["Nome;Celular"];
  for (let i = 0; i < PEOPLE; i++) {
    lines.push(`Pai ${i + 1};(21) 9${String(70000000 + i).replace(/(\d{4})(\d{4})/, "$1-$2")}`);
    if (i === 700) lines.push("Secretaria;(11) 99999-0000");
  }
  writeFileSync(CSV, lines.join("\r\n") + "\r\n");
}

// What a user set in Settings → Pace.
writeFileSync(
  join(dataDir, "settings.json"),
  JSON.stringify({ pacing: { creationSpacingMs: SETTINGS_SPACING_MS, addJitterMinMs: 3000, addJitterMaxMs: 10000, dailyCreationLimit: 10 } }),
);

/** @type {Awaited<ReturnType<typeof startStandin>>} */
let twochat;
before(async () => {
  // 6,000 requests a minute, told through /info as the real one does: a 10 ms gap between calls.
  twochat = await startStandin("2chat", { key: KEY, from: FROM, rpm: "6000" });
});
after(async () => {
  await twochat?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** @param {WebdriverIO.Browser} browser @param {string} id @param {string} value */
async function typeInto(browser, id, value) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForExist({ timeout: 10_000 });
  await el.setValue(value);
}

test("a split run of three parts on 2Chat: groups created the Settings' spacing apart, the countdown and every part's progress shown, the own number never sent", { timeout: 200_000 }, async () => {
  // No GROUPDROP_PACING_MS: the pacing comes from settings.json and the provider's /info, scaled.
  const { browser, stop } = await launch({
    args: [CSV],
    env: {
      GROUPDROP_DATA_DIR: dataDir,
      GROUPDROP_2CHAT_BASE_URL: twochat.url,
      GROUPDROP_PACING_SCALE: String(SCALE),
      LANG: "en_BR.UTF-8",
      LC_ALL: "",
      LC_MESSAGES: "",
    },
  });
  try {
    await waitFor(browser, "screen-preview", 30_000);
    const usable = await (await browser.$('[data-testid="count-usable"]')).getAttribute("data-count");
    assert.equal(usable, String(PEOPLE + 1));

    // The account, saved and tested through the window; its sending number picked.
    await click(browser, "nav-accounts");
    const provider = await waitFor(browser, "account-provider");
    await provider.selectByAttribute("value", "2chat");
    await typeInto(browser, "account-label-input", "Escritório 2Chat");
    await typeInto(browser, "secret-apiKey", KEY);
    await click(browser, "account-save");
    const card = await browser.$('[data-testid="account-card"][data-label="Escritório 2Chat"]');
    await card.waitForExist({ timeout: 20_000 });
    await (await card.$('[data-testid="test-connection"]')).click();
    const from = await card.$('[data-testid="from-number"]');
    await from.waitForExist({ timeout: 20_000 });
    await from.selectByAttribute("value", FROM);
    await browser.waitUntil(async () => /\+5511999990000/.test(await (await card.$(".sub")).getText()), { timeout: 10_000 });

    await toCreateWithRealAccount(browser);
    await typeInto(browser, "group-name", "Pais 2026");
    await click(browser, "split");
    const headline = await waitFor(browser, "summary-headline");
    await browser.waitUntil(async () => (await headline.getText()) === "2,050 numbers → 3 groups", {
      timeout: 10_000,
      timeoutMsg: `summary: ${await headline.getText()}`,
    });
    assert.match(await text(browser, "summary"), /Your own number is in the list; it is left out/);
    assert.match(await text(browser, "spacing-note"), /The groups are created 30 minutes apart/);
    await click(browser, "create");
    // A real account: the window asks first, naming the account and the time it takes.
    assert.match(await text(browser, "confirm"), /Create “[^”]+” now\?[\s\S]*people will be added through/);
    await click(browser, "confirm-ok");

    // Follow the window while it runs: the stage line and "Group k of 3".
    const seenStages = new Set();
    const seenGroups = new Set();
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      const state = await browser.execute(() => ({
        stage: document.querySelector('[data-testid="progress-stage"]')?.textContent ?? "",
        lines: document.querySelector('[data-testid="progress"]')?.textContent ?? "",
        done: !!document.querySelector('[data-testid="screen-result"]'),
      }));
      if (state.stage) seenStages.add(state.stage.trim());
      for (const m of state.lines.matchAll(/Group (\d) of 3/g)) seenGroups.add(m[1]);
      if (state.done) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    const report = await twochat.report();
    const tally = report.calls.reduce((m, c) => ((m[c.endpoint] = (m[c.endpoint] ?? 0) + 1), m), /** @type {Record<string, number>} */ ({}));
    assert.ok(seenGroups.size > 0 || tally["group/create"], `nothing ran: ${JSON.stringify(tally)}`);
    await waitFor(browser, "screen-result", 5_000).catch((e) => {
      throw new Error(`${e}; stand-in calls ${JSON.stringify(tally)}; stages ${[...seenStages].join(" | ")}`);
    });
    // What the stand-in saw: three creates, at least the spacing apart, no rule broken.
    assert.deepEqual(report.violations, [], "the client broke none of 2Chat's rules");
    const creates = report.calls.filter((c) => c.endpoint === "group/create" && !c.refused);
    assert.equal(creates.length, 3, "one create per part, none twice");
    assert.deepEqual(
      report.groups.map((g) => g.name),
      ["Pais 2026 (1)", "Pais 2026 (2)", "Pais 2026 (3)"],
    );
    for (let k = 1; k < creates.length; k++) {
      const gap = creates[k].atMs - creates[k - 1].atMs;
      assert.ok(gap >= SPACING_MS - 50, `creates ${k} and ${k + 1} were ${gap} ms apart (spacing ${SPACING_MS} ms)`);
    }
    const countdowns = [...seenStages].filter((s) => /^Waiting 0:\d\d before creating the next group/.test(s));
    assert.ok(countdowns.length >= 3, `the countdown was shown and ticked: ${[...seenStages].join(" | ")}`);
    assert.deepEqual([...seenGroups].sort(), ["1", "2", "3"], "progress followed every part");

    for (const c of countdowns) {
      const [, m, sec] = /Waiting (\d+):(\d\d)/.exec(c) ?? [];
      assert.ok(Number(m) * 60 + Number(sec) <= SPACING_MS / 1000 + 1, `never more than the spacing: ${c}`);
    }
    const everyone = report.groups.flatMap((g) => g.members);
    assert.equal(new Set(everyone).size, PEOPLE, "every number in exactly one group");
    // Sent as a member: the create's `group.participants` and each add's `participants` (the
    // create names the sending number as `from_number`, as 2Chat requires).
    const members = report.calls.flatMap((c) => c.body?.group?.participants ?? c.body?.participants ?? []);
    assert.equal(members.length, PEOPLE, "every member sent once");
    assert.ok(!members.includes(FROM), "the account's own number was never sent as a member");
  } finally {
    await stop();
  }
});
