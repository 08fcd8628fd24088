// @ts-nocheck
// A stand-in for the Rust side, run inside the page (Playwright addInitScript) through Tauri's
// mockIPC: every command the UI calls through bindings.ts, the dialog/opener plugins, and the
// event system (so the tests can emit job progress, a second launch's file, drag-and-drop).
//
// The data mimics what the crates return (shapes from ui/src/bindings.ts). Everything the UI
// sends is logged in window.__backend.calls so tests can assert on it.

/** Installs the backend. `scenario` tunes it per test (see tests/ui/harness.mjs). */
window.__installBackend = function installBackend(scenario) {
  const { mockIPC, mockWindows } = window.TauriMocks;
  mockWindows("main");

  const calls = [];
  const state = {
    importId: 0,
    accounts: [
      { id: 0, provider: "practice", label: "Practice", saved: true, fromNumber: null, practice: true },
      ...(scenario.accounts ?? []),
    ],
    nextAccount: 10,
    settings: {
      country: null,
      language: null,
      theme: "system",
      pacing: { creationSpacingMs: 300000, addJitterMinMs: 3000, addJitterMaxMs: 10000, dailyCreationLimit: 10 },
      ...(scenario.settings ?? {}),
    },
    history: scenario.history ?? [],
    running: null,
    startupFile: scenario.startupFile ?? null,
  };
  window.__backend = { calls, state, secretsSeen: [] };

  const err = (kind, message) => Promise.reject({ kind, message });

  function contacts(n, start = 2) {
    const out = [];
    for (let i = 0; i < n; i++) {
      const phone = `+55119${String(80000000 + i).padStart(8, "0")}`;
      out.push({
        row: start + i,
        name: i % 7 === 3 ? null : `Contact ${i + 1}`,
        phone,
        input: `(11) 9${String(80000000 + i).padStart(8, "0").replace(/(\d{4})(\d{4})/, "$1-$2")}`,
        kind: i === 4 ? "fixed_line" : "mobile",
        country: "BR",
        assumed_international: false,
      });
    }
    return out;
  }

  function report(path, choices) {
    const file = path.split("/").pop();
    // A report the real importer wrote (groupdrop-cli import --json), by file and country.
    const real = scenario.reports?.[file]?.[choices.country ?? ""];
    if (real) {
      state.importId += 1;
      state.lastImport = { id: state.importId, count: real.contacts.length };
      return { importId: state.importId, path, report: real };
    }
    const sizes = scenario.files?.[file];
    if (!sizes) {
      return err("badFile", `"${file}" was not found: it may have been moved, renamed or deleted. Choose the file again.`);
    }
    if (sizes.error) return err(sizes.error.kind, sizes.error.message);
    const list = contacts(sizes.usable);
    const rejected = [];
    for (let i = 0; i < (sizes.rejected ?? 0); i++) {
      rejected.push({
        row: sizes.usable + 2 + i,
        name: `Bad ${i + 1}`,
        input: i === 0 ? "12345" : i === 1 ? "" : "11 9876 ABC",
        reason: i === 0 ? "too short for a Brazilian number" : i === 1 ? "no phone number in this row" : "letters in the number",
        code: i === 0 ? "too_short" : i === 1 ? "no_number" : "letters",
        reason_country: i === 0 ? "BR" : null,
      });
    }
    const duplicates = [];
    for (let i = 0; i < (sizes.duplicates ?? 0); i++) {
      duplicates.push({ row: sizes.usable + 20 + i, name: `Dup ${i}`, phone: list[i].phone, input: list[i].input, same_as_row: list[i].row });
    }
    // "Make one group per…": classes 5A/5B/5C in turn; the first row has none.
    const group = choices.groupBy
      ? {
          column: choices.groupBy,
          rows: list.slice(1).map((c, i) => ({ row: c.row, value: ["5A", "5B", "5C"][i % 3] })),
        }
      : null;
    state.importId += 1;
    state.lastImport = { id: state.importId, count: sizes.usable, group, list: [...list, ...duplicates] };
    return {
      importId: state.importId,
      path,
      report: {
        file,
        format: file.endsWith(".xlsx") ? "xlsx" : file.endsWith(".vcf") ? "vcard" : "csv",
        encoding: file.endsWith(".xlsx") ? null : "utf-8",
        delimiter: file.endsWith(".xlsx") || file.endsWith(".vcf") ? null : ";",
        phone_columns: file.endsWith(".vcf") ? ["TEL"] : [choices.column ?? "Celular"],
        name_columns: file.endsWith(".vcf") ? ["FN"] : ["Nome"],
        columns: file.endsWith(".vcf") ? ["TEL"] : ["Nome", "Celular", "Telefone", "E-mail"],
        sheet: file.endsWith(".xlsx") ? "Planilha1" : null,
        sheets: file.endsWith(".xlsx") ? ["Planilha1", "Planilha2"] : [],
        country: choices.country ?? "BR",
        contacts: list,
        duplicates,
        rejected,
        // A file of `suggest`'s numbers read with another country: the importer's evidence.
        country_suggestion:
          sizes.suggest && choices.country !== sizes.suggest
            ? { country: sizes.suggest, checked: sizes.usable + 2, valid_checked: sizes.usable, valid_default: 1, international: 3, country_column: 0 }
            : null,
        ...(group ? { group } : {}),
      },
    };
  }

  // "Set up after create" per provider, as crates/providers answers `setup_capabilities`.
  const notOffered = (provider, detail) => ({ kind: "not_offered", why: `not offered by ${provider}: ${detail}` });
  function setupCapabilities(provider) {
    const steps = ["description", "admins", "admins_only_messages", "admins_only_settings"];
    const support = (step) => {
      if (provider === "2chat") {
        if (step === "description") return { kind: "at_create" };
        if (step === "admins") return notOffered("2Chat", "2Chat has no documented way to make a member admin");
        return notOffered("2Chat", "2Chat has no documented way to change a group's settings");
      }
      if (provider === "eazybe") {
        if (step === "description") return notOffered("EazyBe", "EazyBe has no way to set a group's description");
        if (step === "admins") return notOffered("EazyBe", "EazyBe has no way to make a member admin");
        return notOffered("EazyBe", "EazyBe has no way to change a group's settings");
      }
      return { kind: "call" };
    };
    return steps.map((step) => ({ step, support: support(step) }));
  }

  // "Check numbers on WhatsApp": the answers kept per account (groupdrop-core flow::check), by
  // number. Contacts 4 and 11 are not on WhatsApp, 6 is registered without the ninth digit, 8
  // got no answer.
  state.checks = {};
  function checkOffer(provider) {
    if (provider === "eazybe") return { offered: false, whyNot: "EazyBe offers no way to check whether a number is on WhatsApp.", perCall: 0, gapMs: 0, remaining: null };
    if (provider === "2chat") return { offered: true, whyNot: null, perCall: 1, gapMs: 6000, remaining: scenario.checkRemaining ?? 100 };
    if (provider === "zapi") return { offered: true, whyNot: null, perCall: 50000, gapMs: 1000, remaining: null };
    return { offered: true, whyNot: null, perCall: 1000, gapMs: 0, remaining: null };
  }
  function usableOnce() {
    const seen = new Set();
    return (state.lastImport?.list ?? []).filter((c) => c.phone && !seen.has(c.phone) && seen.add(c.phone) && !c.same_as_row);
  }
  function checkCost(req) {
    const acct = state.accounts.find((a) => a.id === req.accountId);
    const offer = checkOffer(acct.provider);
    const numbers = usableOnce();
    const cost = { provider: acct.provider, account: acct.label, offered: offer.offered, whyNot: offer.whyNot, numbers: numbers.length, cached: 0, toAsk: 0, calls: 0, estimatedSecs: 0, remaining: null, beyondCap: 0 };
    if (!offer.offered) return cost;
    const kept = state.checks[acct.id] ?? {};
    const cached = numbers.filter((c) => kept[c.phone]).length;
    const toAsk = numbers.length - cached;
    const askable = offer.remaining === null ? toAsk : Math.min(toAsk, offer.remaining);
    const calls = Math.ceil(askable / offer.perCall);
    return { ...cost, cached, toAsk, calls, estimatedSecs: Math.round((offer.gapMs * Math.max(0, calls - 1)) / 1000), remaining: offer.remaining, beyondCap: toAsk - askable };
  }
  function checkNumbers(req) {
    const acct = state.accounts.find((a) => a.id === req.accountId);
    const offer = checkOffer(acct.provider);
    if (!offer.offered) return err("invalidInput", offer.whyNot);
    const kept = (state.checks[acct.id] ??= {});
    const out = { provider: acct.provider, account: acct.label, numbers: [], onWhatsapp: 0, notOnWhatsapp: 0, unknown: 0, cached: 0, asked: 0 };
    usableOnce().forEach((c, i) => {
      let answer = kept[c.phone];
      const cached = !!answer;
      if (cached) out.cached += 1;
      else {
        out.asked += 1;
        answer =
          i === 3 || i === 10
            ? { status: "notOnWhatsapp", whatsappId: null, reason: null }
            : i === 7
              ? { status: "unknown", whatsappId: null, reason: "the provider did not answer for this number" }
              : { status: "onWhatsapp", whatsappId: i === 5 ? c.phone.replace(/^\+55119/, "5511") : c.phone.slice(1), reason: null };
        if (answer.status !== "unknown") kept[c.phone] = answer;
      }
      if (answer.status === "onWhatsapp") out.onWhatsapp += 1;
      else if (answer.status === "notOnWhatsapp") out.notOnWhatsapp += 1;
      else out.unknown += 1;
      out.numbers.push({
        phone: c.phone,
        row: c.row,
        name: c.name,
        status: answer.status,
        whatsappId: answer.whatsappId,
        reason: answer.status === "unknown" ? answer.reason : null,
        cached,
        checkedAtMs: answer.status === "unknown" ? null : Date.UTC(2026, 10, 25, 9, 0),
      });
    });
    return out;
  }
  /** Numbers a plan with `checked` leaves out: the account's kept "not on WhatsApp" answers. */
  function leftOut(req) {
    if (!req.checked) return 0;
    const kept = state.checks[req.accountId] ?? {};
    return usableOnce().filter((c) => kept[c.phone]?.status === "notOnWhatsapp").length;
  }

  /** What a run reports of the setup asked for (crates/core job.rs `set_up`). */
  function setupResult(req, provider) {
    const setup = req?.setup;
    if (!setup) return [];
    const asked = [];
    if (setup.description?.trim()) asked.push("description");
    if (setup.admins?.length) asked.push("admins");
    if (setup.adminsOnlyMessages) asked.push("admins_only_messages");
    if (setup.adminsOnlySettings) asked.push("admins_only_settings");
    const caps = setupCapabilities(provider);
    const inFile = new Set((state.lastImport?.list ?? []).map((c) => c.phone));
    return asked.map((step) => {
      const support = caps.find((c) => c.step === step).support;
      if (support.kind === "not_offered") return { step, status: "not_offered", reason: support.why };
      if (support.kind === "at_create") return { step, status: "done", reason: "set with the create" };
      if (step === "admins") {
        const outside = setup.admins.filter((a) => !inFile.has(a));
        if (outside.length) return { step, status: "failed", reason: `not in the group, so not made admin: ${outside.join(", ")}` };
      }
      return { step, status: "done", reason: null };
    });
  }

  function plan(req) {
    const acct = state.accounts.find((a) => a.id === req.accountId);
    const size = acct?.provider === "2chat" ? 10 : 20;
    const count = state.lastImport?.count ?? 0;
    const g = state.lastImport?.group;
    if (g) {
      // As groupdrop-core plans "one group per…": groups in file order, names from the template
      // or typed, rows without a value listed.
      const byValue = new Map();
      for (const cell of g.rows) byValue.set(cell.value, (byValue.get(cell.value) ?? 0) + 1);
      const grouped = new Set(g.rows.map((c) => c.row));
      const groups = [...byValue].map(([value, members]) => ({
        name: req.groupNames?.[value] ?? req.name.replaceAll("{value}", value),
        value,
        members,
        firstBatch: Math.min(size, members),
        addBatches: Math.max(0, Math.ceil((members - size) / size)),
        batchSize: size,
      }));
      const names = groups.map((x) => x.name.toLowerCase());
      if (new Set(names).size < names.length) {
        return err("invalidInput", `The groups "5A" and "5B" would both be called "${groups[0].name}". Put {value} in the name, or give each group its own name.`);
      }
      state.lastPlan = groups;
      return {
        members: g.rows.length,
        groups,
        needsSplit: false,
        maxMembers: 1023,
        ownNumberSkipped: false,
        groupColumn: g.column,
        ungrouped: state.lastImport.list.filter((c) => !grouped.has(c.row)).map((c) => ({ row: c.row, name: c.name, phone: c.phone })),
        practice: acct?.practice ?? false,
        estimatedSecs: 10,
        setup: setupCapabilities(acct?.provider ?? "practice"),
      };
    }
    state.lastPlan = null;
    const setup = setupCapabilities(acct?.provider ?? "practice");
    if (count > 1023 && !req.split) {
      return { members: count, groups: [], needsSplit: true, maxMembers: 1023, ownNumberSkipped: false, groupColumn: null, ungrouped: [], practice: acct?.practice ?? false, estimatedSecs: 0, setup };
    }
    const members = count - leftOut(req);
    const parts = Math.ceil(members / 1023);
    const groups = [];
    for (let k = 0; k < parts; k++) {
      const size_k = Math.floor(members / parts) + (k < members % parts ? 1 : 0);
      groups.push({
        name: parts > 1 ? `${req.name} (${k + 1})` : req.name,
        value: null,
        members: size_k,
        firstBatch: Math.min(size, size_k),
        addBatches: Math.max(0, Math.ceil((size_k - size) / size)),
        batchSize: size,
      });
    }
    return { members, groups, needsSplit: false, maxMembers: 1023, ownNumberSkipped: false, groupColumn: null, ungrouped: [], practice: acct?.practice ?? false, estimatedSecs: 10, setup };
  }

  function emit(event, payload) {
    return window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event, payload });
  }
  window.__emit = emit;

  async function runJob(id, name, req) {
    state.running = id;
    const provider = state.accounts.find((a) => a.id === req?.accountId)?.provider ?? "practice";
    const setup = setupResult(req, provider);
    const total = state.lastImport?.count ?? 25;
    const steps = scenario.jobSteps ?? 3;
    for (let k = 1; k <= steps; k++) {
      await new Promise((r) => setTimeout(r, scenario.stepMs ?? 120));
      await emit("job-progress", {
        job: id,
        stage: k === 1 ? "creating" : "adding",
        batch: k,
        batches: steps,
        numbersDone: Math.round((total * k) / steps),
        numbersTotal: total,
        added: Math.round((total * k * 0.8) / steps),
        invited: Math.round((total * k * 0.1) / steps),
        rejected: Math.round((total * k) / steps) - Math.round((total * k * 0.8) / steps) - Math.round((total * k * 0.1) / steps),
        sent: 0,
        groupIndex: 1,
        groupCount: 1,
      });
    }
    if (scenario.holdJob) return; // the test ends it (close-while-running)
    state.running = null;
    // A many-group run: one history row per group, the run's id the first's.
    const planned = state.lastPlan;
    if (planned && planned.length > 1) {
      const ids = planned.map((_, k) => id + k);
      // A run numbered like an earlier one in the same page (the layout walk runs several) replaces it.
      state.history = state.history.filter((h) => !ids.includes(h.id));
      planned.forEach((p, k) => {
        state.history.unshift({
          id: id + k,
          provider: "practice",
          accountLabel: "Practice",
          groupName: p.name,
          status: "done",
          startedAtMs: Date.UTC(2026, 10, 25, 9, 30),
          added: p.members,
          invited: 0,
          sent: 0,
          rejected: 0,
          pending: 0,
          resumable: false,
          runIds: ids,
          setup,
        });
      });
      await emit("job-finished", { job: id, status: "done", error: null });
      return;
    }
    state.history = state.history.filter((h) => h.id !== id);
    state.history.unshift({
      id,
      provider: "practice",
      accountLabel: "Practice",
      groupName: name,
      status: "partial",
      startedAtMs: Date.UTC(2026, 10, 25, 9, 30),
      added: 20,
      invited: 2,
      sent: 0,
      rejected: 5,
      pending: 0,
      resumable: false,
      setup,
    });
    await emit("job-finished", { job: id, status: "partial", error: null });
  }

  function result(job) {
    const row = state.history.find((h) => h.id === job);
    if (!row) return err("notFound", `There is no run number ${job} in the history.`);
    const members = contacts(25);
    const link = scenario.noLink ? null : (scenario.inviteLink ?? "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd");
    return {
      id: job,
      provider: row.provider,
      accountLabel: row.accountLabel,
      status: row.status,
      startedAtMs: row.startedAtMs,
      group: {
        name: row.groupName,
        id: row.provider === "eazybe" ? null : "120363019502650977-group",
        inviteLink: link,
        note: row.provider === "eazybe" ? "EazyBe gives no invite link and no per-number result." : null,
      },
      added: members.slice(0, 20).map((m) => ({ phone: m.phone, row: m.row, name: m.name, reason: null })),
      invited: members.slice(20, 22).map((m) => ({
        phone: m.phone,
        row: m.row,
        name: m.name,
        reason: "their privacy settings only allow invitations; a private invite was sent",
      })),
      sent: [],
      rejected: [
        { stage: "provider", phone: members[22].phone, input: null, row: members[22].row, name: null, reason: "not on WhatsApp", code: null, reasonCountry: null },
        { stage: "provider", phone: members[23].phone, input: null, row: members[23].row, name: null, reason: "recently left the group; WhatsApp does not allow re-adding yet", code: null, reasonCountry: null },
        { stage: "import", phone: null, input: "12345", row: 27, name: null, reason: "too short for a Brazilian number", code: "too_short", reasonCountry: "BR" },
        { stage: "import", phone: null, input: "", row: 28, name: null, reason: "no phone number in this row", code: "no_number", reasonCountry: null },
        { stage: "import", phone: null, input: "11 9876 ABC", row: 29, name: null, reason: "letters in the number", code: "letters", reasonCountry: null },
      ],
      pending: row.resumable ? (scenario.resultPending ?? 5) : 0,
      resumable: row.resumable,
      setup: row.setup ?? [],
      // The first group of a "one group per…" run also lists the row that joined no group.
      ...(row.runIds && row.runIds[0] === job
        ? {
            rejected: [
              { stage: "import", phone: "+5511980000000", input: null, row: 2, name: "Contact 1", reason: 'no value in the "E-mail" column, so it belongs to no group', code: null, planCode: "no_group", reasonCountry: null },
            ],
          }
        : {}),
      parts: (row.runIds ?? []).map((pid) => {
        const h = state.history.find((x) => x.id === pid);
        return {
          id: pid,
          name: h.groupName,
          status: h.status,
          inviteLink: `https://chat.whatsapp.com/PART${pid}code`,
          added: h.added,
          invited: 0,
          sent: 0,
          rejected: 0,
          pending: 0,
        };
      }),
      // A big run (locale-numbers.test.mjs): that many added members.
      ...(scenario.resultAdded ? { added: contacts(scenario.resultAdded).map((m) => ({ phone: m.phone, row: m.row, name: m.name, reason: null })) } : {}),
    };
  }

  mockIPC(
    async (cmd, args) => {
      calls.push({ cmd, args: JSON.parse(JSON.stringify(args ?? {})) });
      switch (cmd) {
        case "startup_file": {
          const f = state.startupFile;
          state.startupFile = null;
          return f;
        }
        case "import_file":
          return report(args.path, args.choices);
        case "countries":
          return [
            { code: "BR", callingCode: 55 },
            { code: "IN", callingCode: 91 },
            { code: "US", callingCode: 1 },
            { code: "PT", callingCode: 351 },
          ];
        case "list_accounts":
          return state.accounts;
        case "keyring_status":
          return scenario.keyring ?? { available: true, message: null };
        case "save_account": {
          const s = args.account.secrets;
          window.__backend.secretsSeen.push(...Object.entries(s).filter(([k]) => k !== "provider").map(([, v]) => v));
          const a = { id: state.nextAccount++, provider: s.provider, label: args.account.label, saved: true, fromNumber: null, practice: false };
          state.accounts.push(a);
          return a;
        }
        case "update_account": {
          const a = state.accounts.find((x) => x.id === args.id);
          if (args.changes.label) a.label = args.changes.label;
          if (args.changes.fromNumber != null) {
            const typed = args.changes.fromNumber.trim();
            // As Rust keeps a typed Z-API number: "+" and digits.
            a.fromNumber = typed === "" ? null : a.provider === "zapi" ? "+" + typed.replace(/\D/g, "") : typed;
          }
          return a;
        }
        case "remove_account":
          state.accounts = state.accounts.filter((x) => x.id !== args.id);
          return null;
        case "test_account": {
          const a = state.accounts.find((x) => x.id === args.id);
          if (window.__backend.secretsSeen.includes("WRONG-KEY") || a.label === "Bad key") {
            return err(
              "credentials",
              "2Chat refused the credentials. Copy the API key again from 2Chat → API, then press Test connection.",
            );
          }
          return {
            summary: "Connected. 2 WhatsApp numbers on this account.",
            own_number: null,
            numbers: [
              { phone: "+595981048477", label: "Front desk", usable: true },
              { phone: "+595981000000", label: null, usable: false },
            ],
            verified: true,
          };
        }
        case "account_usage":
          return { createdLastDay: scenario.usage?.[args.id] ?? 0, dailyLimit: state.settings.pacing?.dailyCreationLimit ?? 10 };
        case "plan_job":
          return plan(args.request);
        case "check_cost":
          return checkCost(args.request);
        case "check_numbers":
          return checkNumbers(args.request);
        case "start_job": {
          const id = scenario.jobId ?? 7;
          state.lastStart = args.request;
          runJob(id, args.request.name, args.request);
          return id;
        }
        case "cancel_job":
          return null;
        case "resume_job": {
          runJob(args.job, state.history.find((h) => h.id === args.job)?.groupName ?? "");
          return args.job;
        }
        case "running_job":
          return state.running;
        case "confirm_close":
          window.__backend.closed = true;
          return null;
        case "list_history": {
          const q = (args.search ?? "").toLowerCase();
          return state.history.filter((h) => h.groupName.toLowerCase().includes(q));
        }
        case "show_job":
          return result(args.job);
        case "export_rejected":
          window.__backend.exported = args.path;
          return result(args.job).rejected.length;
        case "export_links":
          window.__backend.exportedLinks = args.path;
          return result(args.job).parts.length || 1;
        case "invite_qr":
          return '<?xml version="1.0" standalone="yes"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#fff"/><path fill="#111827" d="M0 0h5v5H0z"/></svg>';
        case "get_settings":
          return {
            settings: state.settings,
            systemCountry: scenario.systemCountry === undefined ? "BR" : scenario.systemCountry,
            systemLanguage: scenario.systemLanguage ?? "en-US",
          };
        case "save_settings":
          state.settings = args.settings;
          return null;
        // issue 16: updates and help
        case "check_update":
          return scenario.update ?? null;
        case "install_update":
          window.__backend.installed = true;
          return null;
        case "diagnostics":
          return "GroupDrop 0.1.0\nOS: linux test\nWebView: 2.50.6\nLanguage: en-US\nProviders in use: 2chat\nRecent problems: none\n";
        case "open_log_folder":
          window.__backend.openedLogs = true;
          return null;
        case "plugin:dialog|open":
          return scenario.openPath ?? null;
        case "plugin:dialog|save":
          return scenario.savePath ?? "/home/ana/rejected.csv";
        case "plugin:opener|open_url":
          window.__backend.opened = args.url;
          return null;
        default:
          throw new Error(`mock backend: unexpected command ${cmd}`);
      }
    },
    { shouldMockEvents: true },
  );
};
