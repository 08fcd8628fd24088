// @ts-check
// Accounts: add (secrets go to Rust, never come back), bad token, 2Chat number choice, rename,
// remove, and a missing keyring.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { calls, startApp } from "./harness.mjs";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => (app = await startApp()));
after(async () => app?.stop());

test("the practice account is always there and clearly labelled", async () => {
  const { page, close } = await app.open();
  await page.getByTestId("nav-accounts").click();
  const card = page.locator('[data-testid="account-card"][data-provider="practice"]');
  assert.match(await card.innerText(), /Practice[\s\S]*No real WhatsApp group is created/);
  assert.equal(await card.getByTestId("remove").count(), 0, "cannot be removed");
  await close();
});

test("adding a 2Chat account: the key goes to Rust once and is never shown; a refused key says how to fix it", async () => {
  const { page, errors, close } = await app.open();
  await page.getByTestId("nav-accounts").click();
  await page.getByTestId("account-provider").selectOption("2chat");
  await page.getByTestId("account-label-input").fill("Office 2Chat");
  await page.getByTestId("secret-apiKey").fill("WRONG-KEY");
  assert.equal(await page.getByTestId("secret-apiKey").getAttribute("type"), "password");
  await page.getByTestId("account-save").click();
  const card = page.locator('[data-testid="account-card"][data-label="Office 2Chat"]');
  await card.waitFor();
  assert.match(await card.getByTestId("account-saved").innerText(), /Key saved safely on this computer/);
  const [saved] = await calls(page, "save_account");
  assert.deepEqual(saved.args.account, { label: "Office 2Chat", secrets: { provider: "2chat", apiKey: "WRONG-KEY" } });
  // The form is cleared and the key is nowhere in the page.
  assert.equal(await page.getByTestId("secret-apiKey").inputValue(), "");
  const html = await page.content();
  assert.ok(!html.includes("WRONG-KEY"), "the secret is not in the DOM");

  await card.getByTestId("test-connection").click();
  const banner = card.getByTestId("error");
  await banner.waitFor();
  assert.equal(await banner.getAttribute("data-kind"), "credentials");
  assert.match(await banner.innerText(), /The key was refused/);
  assert.match(await banner.innerText(), /Copy the API key again from 2Chat → API, then press Test connection\./);
  assert.deepEqual(errors, []);
  await close();
});

test("missing fields are named before anything is sent", async () => {
  const { page, close } = await app.open();
  await page.getByTestId("nav-accounts").click();
  await page.getByTestId("account-provider").selectOption("zapi");
  await page.getByTestId("account-label-input").fill("Z");
  await page.getByTestId("secret-instanceId").fill("3C01");
  await page.getByTestId("account-save").click();
  const form = page.getByTestId("account-form");
  assert.match(await form.getByTestId("error-message").innerText(), /Fill in Token of the instance\./);
  assert.equal((await calls(page, "save_account")).length, 0);
  await close();
});

test("Test connection lists 2Chat's numbers; picking one saves it as the from-number", async () => {
  const account = { id: 3, provider: "2chat", label: "Office 2Chat", saved: true, fromNumber: null, practice: false };
  const { page, close } = await app.open({ accounts: [account] });
  await page.getByTestId("nav-accounts").click();
  const card = page.locator('[data-testid="account-card"][data-label="Office 2Chat"]');
  await card.getByTestId("test-connection").click();
  await card.getByTestId("test-result").waitFor();
  assert.match(await card.getByTestId("test-result").innerText(), /Connection works[\s\S]*2 WhatsApp numbers/);
  const options = await card.getByTestId("from-number").locator("option").allTextContents();
  assert.ok(options.some((o) => o.includes("+595981048477 — Front desk")));
  assert.ok(options.some((o) => o.includes("(not connected)")));
  await card.getByTestId("from-number").selectOption("+595981048477");
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.calls.some((/** @type {any} */ c) => c.cmd === "update_account"));
  const [upd] = await calls(page, "update_account");
  assert.deepEqual(upd.args, { id: 3, changes: { label: null, fromNumber: "+595981048477", secrets: null } });
  await close();
});

test("rename and remove (with a confirmation)", async () => {
  const account = { id: 5, provider: "zapi", label: "Old name", saved: true, fromNumber: null, practice: false };
  const { page, close } = await app.open({ accounts: [account] });
  await page.getByTestId("nav-accounts").click();
  let card = page.locator('[data-testid="account-card"][data-provider="zapi"]');
  await card.getByTestId("rename").click();
  await card.getByTestId("rename-input").fill("Front desk");
  await card.getByTestId("rename-save").click();
  await page.locator('[data-testid="account-card"][data-label="Front desk"]').waitFor();
  card = page.locator('[data-testid="account-card"][data-label="Front desk"]');
  await card.getByTestId("remove").click();
  assert.match(await page.getByTestId("confirm").innerText(), /Remove the account “Front desk”\? Its key is deleted from this computer/);
  await page.getByTestId("confirm-ok").click();
  await page.locator('[data-testid="account-card"][data-provider="zapi"]').waitFor({ state: "detached" });
  assert.deepEqual((await calls(page, "remove_account")).map((c) => c.args.id), [5]);
  await close();
});

test("no keyring: a clear message how to get one, and saving is off (never a plain-file fallback)", async () => {
  const message =
    "No system keyring is available to keep the account's secrets (no keyring service was found). Install and unlock a Secret Service such as GNOME Keyring (gnome-keyring) or KWallet, make sure a desktop session (D-Bus) is running, then try again.";
  const { page, close } = await app.open({ keyring: { available: false, message } });
  await page.getByTestId("nav-accounts").click();
  const banner = page.locator('[data-testid="error"][data-kind="keyringUnavailable"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /password store is not available/);
  assert.match(await banner.innerText(), /GNOME Keyring/);
  assert.equal(await page.getByTestId("account-save").isDisabled(), true);
  await close();
});

test("a key missing from the keyring can be entered again (Replace key), sent once, never shown", async () => {
  const account = { id: 6, provider: "eazybe", label: "Org", saved: false, fromNumber: null, practice: false };
  const { page, close } = await app.open({ accounts: [account] });
  await page.getByTestId("nav-accounts").click();
  const card = page.locator('[data-testid="account-card"][data-label="Org"]');
  assert.match(await card.innerText(), /Key missing — enter it again/);
  assert.equal(await card.getByTestId("test-connection").isDisabled(), true);
  await card.getByTestId("replace-key").click();
  await card.getByTestId("replace-save").click();
  assert.match(await card.getByTestId("error-message").innerText(), /Fill in Organisation token\./);
  await card.getByTestId("secret-orgToken").fill("EAZY-NEW-TOKEN-77");
  await card.getByTestId("replace-save").click();
  await card.getByTestId("replace-form").waitFor({ state: "detached" });
  const [upd] = await calls(page, "update_account");
  assert.deepEqual(upd.args, { id: 6, changes: { label: null, fromNumber: null, secrets: { provider: "eazybe", orgToken: "EAZY-NEW-TOKEN-77" } } });
  assert.ok(!(await page.content()).includes("EAZY-NEW-TOKEN-77"));
  await close();
});
