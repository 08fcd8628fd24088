// @ts-check
// Issue 12 in the window: "Set up the group" on Create (a step the provider cannot do is disabled
// with one sentence why, and what is asked goes to plan_job/start_job), "Check numbers on
// WhatsApp" in Preview (the cost first, then numbers not on WhatsApp in their own tab, and Create
// planned with `checked`), the setup steps on the Result, and ready invites for who was not added.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { calls, startApp } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

const ACCOUNTS = [
  { id: 5, provider: "2chat", label: "Front desk", saved: true, fromNumber: "+595981048477", practice: false },
  { id: 6, provider: "zapi", label: "School", saved: true, fromNumber: "+5511999990000", practice: false },
  { id: 8, provider: "eazybe", label: "Org", saved: true, fromNumber: null, practice: false },
];

/** @param {import("playwright-core").Page} page */
const lastPlan = async (page) => (await calls(page, "plan_job")).at(-1)?.args.request;

/** @param {import("playwright-core").Page} page @param {string} id */
const text = (page, id) => page.getByTestId(id).innerText();

test("a step the chosen provider cannot do is disabled with one sentence why, in the user's language", async () => {
  const { page, errors, close } = await app.open({ startupFile: "/data/contacts.csv", accounts: ACCOUNTS });
  await page.getByTestId("continue").click();
  await page.getByTestId("account-5").check();
  await page.getByTestId("group-name").fill("Parents 5B");
  await page.getByTestId("summary-headline").waitFor();
  await page.getByTestId("setup").locator("summary").click();
  // 2Chat: the description rides on the create; no admins, no settings.
  await page.getByTestId("why-admins").waitFor();
  assert.equal(await text(page, "why-admins"), "2Chat has no way to make admins.");
  assert.equal(await text(page, "why-settings"), "2Chat has no way to change who can send messages or edit the group.");
  assert.equal(await text(page, "at-create-description"), "2Chat sets it when it creates the group.");
  assert.equal(await page.getByTestId("setup-description").isEnabled(), true);
  assert.equal(await page.getByTestId("setup-admin-input").isDisabled(), true);
  assert.equal(await page.getByTestId("setup-admins-only-messages").isDisabled(), true);
  assert.equal(await page.getByTestId("setup-admins-only-settings").isDisabled(), true);
  await page.getByTestId("setup-description").fill("Avisos da turma");
  await page.waitForFunction(() =>
    /** @type {any} */ (window).__backend.calls.some((/** @type {any} */ c) => c.cmd === "plan_job" && c.args.request.setup?.description === "Avisos da turma"),
  );
  assert.deepEqual((await lastPlan(page)).setup, { description: "Avisos da turma" });

  // EazyBe: nothing at all; the typed description is kept on screen but not sent.
  await page.getByTestId("account-8").check();
  await page.getByTestId("why-description").waitFor();
  assert.equal(await text(page, "why-description"), "EazyBe has no way to set a group's description.");
  assert.equal(await page.getByTestId("setup-description").isDisabled(), true);
  await page.waitForFunction(() => {
    const plans = /** @type {any} */ (window).__backend.calls.filter((/** @type {any} */ c) => c.cmd === "plan_job");
    const last = plans.at(-1)?.args.request;
    return last?.accountId === 8 && last.setup === undefined;
  });

  // Z-API: every control is on, no sentence.
  await page.getByTestId("account-6").check();
  await page.getByTestId("why-description").waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("why-admins").count(), 0);
  assert.equal(await page.getByTestId("setup-admins-only-messages").isEnabled(), true);

  // In Portuguese the same sentence is Portuguese.
  const pt = await app.open({ startupFile: "/data/contacts.csv", accounts: ACCOUNTS, settings: { language: "pt-BR" } });
  await pt.page.getByTestId("continue").click();
  await pt.page.getByTestId("account-5").check();
  await pt.page.getByTestId("group-name").fill("Pais 5B");
  await pt.page.getByTestId("summary-headline").waitFor();
  await pt.page.getByTestId("setup").locator("summary").click();
  await pt.page.getByTestId("why-admins").waitFor();
  assert.equal(await text(pt.page, "why-admins"), "A 2Chat não tem como tornar alguém administrador.");
  await pt.close();
  assert.deepEqual(errors, []);
  await close();
});

test("what is asked goes to plan_job and start_job; the Result says what became of each step and offers invites", async () => {
  const { page, errors, close } = await app.open({ startupFile: "/data/contacts.csv" });
  await page.getByTestId("continue").click();
  await page.getByTestId("account-0").check();
  await page.getByTestId("group-name").fill("Parents 5B");
  await page.getByTestId("summary-headline").waitFor();
  await page.getByTestId("setup").locator("summary").click();
  await page.getByTestId("setup-description").fill("News for class 5B");
  // Picked from the file (by number, as the list offers it) and typed.
  await page.getByTestId("setup-admin-input").fill("+5511980000002");
  await page.getByTestId("setup-admin-add").click();
  await page.getByTestId("setup-admin-input").fill("Zed");
  await page.getByTestId("setup-admin-input").press("Enter");
  assert.equal(await text(page, "setup-admin-error"), "“Zed” is not in the file. Pick a name from the list, or type a phone number.");
  await page.getByTestId("setup-admin-input").fill("Contact 1");
  await page.getByTestId("setup-admin-input").press("Enter");
  await page.getByTestId("setup-admin-input").fill("11 91234-5678");
  await page.getByTestId("setup-admin-add").click();
  assert.deepEqual(await page.getByTestId("setup-admins").locator("li > span").allInnerTexts(), [
    "Contact 3 · +5511980000002",
    "Contact 1 · +5511980000000",
    "11 91234-5678",
  ]);
  await page.getByTestId("setup-admins-only-messages").check();
  await page.getByTestId("setup-admins-only-settings").check();
  const want = {
    description: "News for class 5B",
    admins: ["+5511980000002", "+5511980000000", "11 91234-5678"],
    adminsOnlyMessages: true,
    adminsOnlySettings: true,
  };
  await page.waitForFunction(
    (w) => /** @type {any} */ (window).__backend.calls.some((/** @type {any} */ c) => c.cmd === "plan_job" && JSON.stringify(c.args.request.setup) === w),
    JSON.stringify(want),
  );
  await page.getByTestId("summary-headline").waitFor();
  await page.getByTestId("create").click();
  await page.getByTestId("screen-result").waitFor();
  assert.deepEqual((await calls(page, "start_job")).at(-1)?.args.request.setup, want);

  await page.getByTestId("setup-result").waitFor();
  const steps = await page.getByTestId("setup-step").allInnerTexts();
  assert.equal(steps.length, 4);
  assert.match(steps[0], /^Description\s+Done$/);
  assert.match(steps[1], /^Admins\s+Failed\s+Not in the group, so not made admin: 11 91234-5678$/);
  assert.match(steps[2], /^Only admins can send messages\s+Done$/);
  assert.match(steps[3], /^Only admins can edit group info\s+Done$/);

  // Who the provider invited, and a ready message for who it turned down (not "not on WhatsApp").
  assert.equal(await text(page, "invited-by"), "Practice sent a private invite to 2 people who could not be added directly (see “Invited”).");
  assert.equal(await text(page, "invite-people").then((s) => s.split("\n")[0]), "1 person could not be added: send them the link");
  const link = "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd";
  const message = `Hello! You are invited to join the WhatsApp group “Parents 5B”. Tap this link to join: ${link}`;
  const wa = `https://wa.me/5511980000023?text=${encodeURIComponent(message)}`;
  assert.equal(await page.getByTestId("invite-person").count(), 1);
  assert.match(await page.getByTestId("invite-person").innerText(), /\(11\) 98000-0023/);
  assert.equal(await page.getByTestId("invite-person").locator("[data-e164]").getAttribute("data-e164"), "+5511980000023");
  assert.equal(await page.getByTestId("invite-wa-link").getAttribute("title"), wa);
  await page.getByTestId("invite-copy-message").click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), message);
  await page.getByTestId("invite-copy-link").click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), wa);
  await page.getByText("Link copied. Paste it into your browser").waitFor();
  await page.getByTestId("invite-copy-all").click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `+5511980000023\n${wa}`);
  await page.getByText("Copied the link for 1 person").waitFor();
  // wa.me is not on the opener's allow-list: nothing is opened, the link is copied.
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).__backend.opened), undefined);
  assert.deepEqual(errors, []);
  await close();
});

test("a past run words each setup step in the user's language: not offered by 2Chat, set with the create", async () => {
  const { page, errors, close } = await app.open({
    settings: { language: "pt-BR" },
    history: [
      {
        id: 5, provider: "2chat", accountLabel: "Office", groupName: "Pais 5B", status: "partial", startedAtMs: 1, added: 20, invited: 2, sent: 0, rejected: 5, pending: 0, resumable: false,
        setup: [
          { step: "description", status: "done", reason: "set with the create" },
          { step: "admins", status: "not_offered", reason: "not offered by 2Chat: 2Chat has no documented way to make a member admin" },
          { step: "admins_only_messages", status: "skipped", reason: "not done: the group was not created" },
        ],
      },
    ],
  });
  await page.getByTestId("recent-run").click();
  await page.getByTestId("setup-result").waitFor();
  const steps = await page.getByTestId("setup-step").allInnerTexts();
  assert.match(steps[0], /^Descrição\s+Feito\s+Definido na criação do grupo\.$/);
  assert.match(steps[1], /^Administradores\s+Não disponível\s+A 2Chat não tem como tornar alguém administrador\.$/);
  assert.match(steps[2], /^Só administradores podem enviar mensagens\s+Não feito\s+Não feito: o grupo não foi criado\.$/);
  // The invite message is Portuguese too.
  await page.getByTestId("invite-copy-message").click();
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^Olá! Este é o seu convite para o grupo de WhatsApp “Pais 5B”/);
  assert.deepEqual(errors, []);
  await close();
});

test("Check numbers on WhatsApp: the cost first, per account; numbers not on WhatsApp move to their tab; Create plans with the check", async () => {
  const { page, errors, close } = await app.open({ startupFile: "/data/contacts.csv", accounts: ACCOUNTS, checkRemaining: 20 });
  await page.getByTestId("check-open").click();
  // The first real account (2Chat, trial): one call a number, 6 s apart, 20 checks left.
  await page.getByTestId("check-cost").waitFor();
  assert.equal(await page.getByTestId("check-account").inputValue(), "5");
  assert.deepEqual(await page.getByTestId("check-cost").locator("li").allInnerTexts(), [
    "25 numbers to ask 2Chat: 20 calls, about 2 minutes",
    "This account can make 20 more checks (trial).",
    "5 numbers are beyond that limit and stay “not known”.",
  ]);
  assert.deepEqual((await calls(page, "check_cost")).at(-1)?.args, { request: { importId: 1, accountId: 5 } });
  // EazyBe: no check, said in one sentence; nothing asked.
  const costCalls = (await calls(page, "check_cost")).length;
  await page.getByTestId("check-account").selectOption("8");
  assert.equal(await text(page, "check-not-offered"), "EazyBe has no way to check whether a number is on WhatsApp.");
  assert.equal(await page.getByTestId("check-run").isDisabled(), true);
  assert.equal((await calls(page, "check_cost")).length, costCalls);
  // Z-API: one batch call.
  await page.getByTestId("check-account").selectOption("6");
  await page.getByText("25 numbers to ask Z-API: 1 call, less than a minute").waitFor();
  assert.equal((await calls(page, "check_numbers")).length, 0, "nothing is checked before the user says so");
  await page.getByTestId("check-run").click();
  await page.getByTestId("not-on-whatsapp-table").waitFor();
  assert.deepEqual((await calls(page, "check_numbers")).at(-1)?.args, { request: { importId: 1, accountId: 6 } });
  assert.equal(await text(page, "check-done"), "On WhatsApp: 22 · Not on WhatsApp: 2 · Not known: 1");
  assert.equal(await text(page, "tab-not-on-whatsapp"), "Not on WhatsApp (2)");
  const notOn = await page.getByTestId("not-on-whatsapp-table").innerText();
  assert.match(notOn, /\b5\b[\s\S]*WhatsApp does not know this number, so it would not be added\./);
  assert.match(notOn, /\b12\b[\s\S]*\(11\) 98000-0010/);
  await page.getByTestId("tab-numbers").click();
  assert.equal(await text(page, "tab-numbers"), "Numbers (23)");
  const numbers = await page.getByTestId("contacts-table").innerText();
  assert.match(numbers, /On WhatsApp as \+551180000005/, "the ninth-digit spelling WhatsApp registered");
  assert.match(numbers, /Not known: Z-API did not answer for this number/);
  assert.doesNotMatch(numbers, /98000-0010/);

  // Create: the account the check was made with, and the plan leaves those numbers out.
  await page.getByTestId("continue").click();
  await page.getByTestId("group-name").fill("Parents 5B");
  await page.getByTestId("checked-note").waitFor();
  assert.equal(await page.getByTestId("account-6").isChecked(), true);
  assert.equal(await text(page, "checked-note"), "Checked with School: 2 numbers not on WhatsApp are left out.");
  assert.equal((await lastPlan(page)).checked, true);
  assert.match(await text(page, "summary-headline"), /^23 numbers → 1 group/);
  // Another account was not checked: no `checked`.
  await page.getByTestId("account-0").check();
  await page.waitForFunction(() => {
    const plans = /** @type {any} */ (window).__backend.calls.filter((/** @type {any} */ c) => c.cmd === "plan_job");
    return plans.at(-1)?.args.request.accountId === 0;
  });
  assert.equal((await lastPlan(page)).checked, undefined);
  assert.equal(await page.getByTestId("checked-note").count(), 0);

  // A second check is free: the answers are kept (the unknown one is asked again).
  await page.getByTestId("account-6").check();
  await page.getByTestId("checked-note").waitFor();
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByTestId("check-open").click();
  await page.getByTestId("check-account").selectOption("6");
  await page.getByText("24 already checked in the last 30 days (free)").waitFor();
  assert.match(await text(page, "check-cost"), /1 number to ask Z-API: 1 call/);
  assert.deepEqual(errors, []);
  await close();
});
