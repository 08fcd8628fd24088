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

test("each provider's form says where the token is, with a link that opens in the browser, not in the window", async () => {
  const cases = [
    { provider: "2chat", help: /Developers → API access/, links: [["Open 2Chat's API access page", "https://app.2chat.io/developers?tab=api-access"]] },
    { provider: "eazybe", help: /Organization page/, links: [["Open EazyBe Workspace", "https://workspace.eazybe.com/"]] },
    {
      provider: "zapi",
      help: /Z-API panel/,
      links: [
        ["Z-API help: where the ID and token are", "https://developer.z-api.io/en/security/introduction"],
        ["Z-API help: the account security token", "https://developer.z-api.io/en/security/client-token"],
      ],
    },
  ];
  const { page, errors, close } = await app.open();
  await page.getByTestId("nav-accounts").click();
  const form = page.getByTestId("account-form");
  const start = page.url();
  for (const c of cases) {
    await page.getByTestId("account-provider").selectOption(c.provider);
    assert.match(await form.getByTestId("token-help").innerText(), c.help);
    const links = form.getByTestId("token-link");
    assert.equal(await links.count(), c.links.length, c.provider);
    for (const [i, [name, url]] of c.links.entries()) {
      const link = links.nth(i);
      // The accessible name says it leaves the app; the address is there for hover.
      assert.equal(await link.getAttribute("title"), url);
      assert.equal(await link.textContent(), `${name} ↗ (opens in your web browser)`);
      assert.equal(await form.getByRole("link", { name: `${name} (opens in your web browser)` }).count(), 1);
      await link.click();
      await page.waitForFunction((u) => /** @type {any} */ (window).__backend.opened === u, url);
      assert.equal(page.url(), start, "the webview stays on GroupDrop");
    }
  }
  assert.deepEqual(errors, []);
  await close();
});

test("in Portuguese, Z-API's guide is the Portuguese page and the words are Portuguese", async () => {
  const { page, close } = await app.open({ settings: { language: "pt-BR" } });
  await page.getByTestId("nav-accounts").click();
  await page.getByTestId("account-provider").selectOption("zapi");
  const first = page.getByTestId("account-form").getByTestId("token-link").first();
  assert.equal(await first.getAttribute("data-url"), "https://developer.z-api.io/security/introduction");
  assert.match(await first.innerText(), /^Ajuda da Z-API: onde ficam o ID e o token/);
  await close();
});

test("Replace key shows the same links", async () => {
  const account = { id: 4, provider: "eazybe", label: "Escola", saved: true, fromNumber: null, practice: false };
  const { page, close } = await app.open({ accounts: [account] });
  await page.getByTestId("nav-accounts").click();
  const card = page.locator('[data-testid="account-card"][data-label="Escola"]');
  await card.getByTestId("replace-key").click();
  const link = card.getByTestId("replace-form").getByTestId("token-link");
  assert.equal(await link.getAttribute("data-url"), "https://workspace.eazybe.com/");
  await link.click();
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.opened === "https://workspace.eazybe.com/");
  await close();
});

test("a Z-API account's connected number can be typed (kept as +digits); a wrong one is refused in the user's language", async () => {
  const zapi = { id: 6, provider: "zapi", label: "Escola", saved: true, fromNumber: null, practice: false };
  const { page, close } = await app.open({ accounts: [zapi], settings: { language: "es" } });
  await page.getByTestId("nav-accounts").click();
  const card = page.locator('[data-testid="account-card"][data-provider="zapi"]');
  await card.waitFor();
  assert.match(await card.innerText(), /Número conectado a Z-API/);
  await card.getByTestId("zapi-number").fill("11 98765");
  await card.getByTestId("zapi-number").blur();
  await card.getByTestId("error").waitFor();
  assert.match(await card.getByTestId("error").innerText(), /“11 98765” no es un número de teléfono/);
  assert.equal((await calls(page, "update_account")).length, 0);
  await card.getByTestId("zapi-number").fill("+55 (11) 98765-4321");
  await card.getByTestId("zapi-number").blur();
  await page.waitForFunction(() => /** @type {any} */ (window).__backend.state.accounts.find((/** @type {any} */ a) => a.id === 6)?.fromNumber === "+5511987654321");
  assert.equal((await calls(page, "update_account"))[0].args.changes.fromNumber, "+55 (11) 98765-4321");
  await close();
});

test("in Portuguese a refused key reads in Portuguese; Rust's English sentence is only under “details for support”", async () => {
  const bad = { id: 8, provider: "2chat", label: "Bad key", saved: true, fromNumber: null, practice: false };
  const { page, errors, close } = await app.open({ accounts: [bad], settings: { language: "pt-BR" } });
  await page.getByTestId("nav-accounts").click();
  const card = page.locator('[data-testid="account-card"][data-label="Bad key"]');
  await card.getByTestId("test-connection").click();
  const banner = card.getByTestId("error");
  await banner.waitFor();
  assert.equal(await banner.getAttribute("data-kind"), "credentials");
  const message = await banner.getByTestId("error-message").innerText();
  assert.match(message, /O serviço recusou a chave desta conta\. Copie a chave de novo/);
  // The English sentence is folded away, labelled as such, and marked lang="en" for screen readers.
  const details = banner.getByTestId("error-details");
  assert.equal(await details.locator("summary").innerText(), "Detalhes para o suporte (em inglês)");
  assert.equal(await details.evaluate((d) => /** @type {HTMLDetailsElement} */ (d).open), false);
  assert.match(await details.locator("p").textContent() ?? "", /2Chat refused the credentials/);
  assert.equal(await details.locator("p").getAttribute("lang"), "en");
  // No English sentence outside the details.
  const outside = await banner.evaluate((b) => {
    const c = /** @type {HTMLElement} */ (b.cloneNode(true));
    c.querySelector("details")?.remove();
    return c.innerText;
  });
  assert.doesNotMatch(outside, /\b(the|refused|credentials|Copy)\b/);
  assert.deepEqual(errors, []);
  await close();
});
