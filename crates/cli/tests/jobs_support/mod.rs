//! The CLI tests' provider servers are the rule-enforcing stand-ins (`groupdrop-standins`): they
//! refuse what each provider refuses (providers.md, the seeds), answer with the documented
//! examples, and keep the groups they made, so a lookup after a lost answer or a kill finds what
//! the real service would. This module wraps the three behind one `Loopback` for the tests, plus
//! helpers to run the `groupdrop-cli` binary with a private data dir.

#![allow(dead_code)]

use groupdrop_standins::{Call, EazyBeStandIn, Fault, TwoChatStandIn, Violation, ZapiStandIn};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use groupdrop_standins::Group;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    TwoChat,
    Zapi,
    EazyBe,
}

/// One request as the stand-in saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    /// Path without credentials (Z-API's instance prefix cut), without the query.
    pub path: String,
    /// The JSON body, `Null` when there was none.
    pub body: Value,
    pub at: Instant,
    /// Whether a rule or a scripted fault stopped it.
    pub refused: bool,
}

fn seen(c: Call) -> Seen {
    Seen {
        method: c.method,
        path: c.path,
        body: c.body.unwrap_or(Value::Null),
        at: c.at,
        refused: c.refused,
    }
}

enum StandIn {
    TwoChat(TwoChatStandIn),
    Zapi(ZapiStandIn),
    EazyBe(EazyBeStandIn),
}

/// Calls the same stand-in method whichever provider it is.
macro_rules! each {
    ($self:expr, $s:ident => $e:expr) => {
        match &$self.standin {
            StandIn::TwoChat($s) => $e,
            StandIn::Zapi($s) => $e,
            StandIn::EazyBe($s) => $e,
        }
    };
}

pub struct Loopback {
    standin: StandIn,
    pub kind: Kind,
    /// Ids of groups a test put there (the user's older groups), not made through the API.
    seeded: Mutex<Vec<String>>,
}

pub const TWOCHAT_KEY: &str = "UAK-2chat-7f3a9c1e55d04b2b";
pub const TWOCHAT_FROM: &str = "+595981048477";
pub const ZAPI_ID: &str = "3C01ZINSTANCE7788";
pub const ZAPI_TOKEN: &str = "F1zapiTOKENa8d2e6b0c4";
/// The account security token, active on the stand-in: every call must carry it.
pub const ZAPI_CLIENT: &str = "Fzclient5e7a1b9d3c";
/// The Z-API instance's own number (digits), reported by `/device`.
pub const ZAPI_OWN: &str = "5511977770000";
pub const EAZYBE_TOKEN: &str = "ezb-org-token-91c4d7e2a0f6";

/// The endpoint names the stand-ins give creates and adds.
fn create_endpoint(kind: Kind) -> &'static str {
    match kind {
        Kind::TwoChat => "group/create",
        Kind::Zapi => "create-group",
        Kind::EazyBe => "cloud/group",
    }
}

fn add_endpoint(kind: Kind) -> &'static str {
    match kind {
        Kind::TwoChat | Kind::Zapi => "add-participant",
        // EazyBe appends through the same call as it creates (`create: false`).
        Kind::EazyBe => "cloud/group",
    }
}

/// The rules whose breach means "wrong or missing credentials".
const AUTH_RULES: &[&str] = &[
    "X-User-API-Key",
    "instance id and token",
    "Client-Token while the security token is active",
    "Authorization: Bearer <org token>",
];

impl Loopback {
    pub async fn start(kind: Kind) -> Loopback {
        let standin = match kind {
            Kind::TwoChat => {
                StandIn::TwoChat(TwoChatStandIn::start(TWOCHAT_KEY, TWOCHAT_FROM).await)
            }
            Kind::Zapi => StandIn::Zapi(
                ZapiStandIn::start(ZAPI_ID, ZAPI_TOKEN, Some(ZAPI_CLIENT), ZAPI_OWN).await,
            ),
            Kind::EazyBe => StandIn::EazyBe(EazyBeStandIn::start(EAZYBE_TOKEN).await),
        };
        Loopback {
            standin,
            kind,
            seeded: Mutex::new(Vec::new()),
        }
    }

    pub fn uri(&self) -> String {
        each!(self, s => s.uri())
    }

    /// Environment for the CLI to reach this server with the right credentials.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        match self.kind {
            Kind::TwoChat => vec![
                ("GROUPDROP_2CHAT_API_KEY", TWOCHAT_KEY.into()),
                ("GROUPDROP_2CHAT_FROM_NUMBER", TWOCHAT_FROM.into()),
                ("GROUPDROP_2CHAT_BASE_URL", self.uri()),
            ],
            Kind::Zapi => vec![
                ("GROUPDROP_ZAPI_INSTANCE_ID", ZAPI_ID.into()),
                ("GROUPDROP_ZAPI_INSTANCE_TOKEN", ZAPI_TOKEN.into()),
                ("GROUPDROP_ZAPI_CLIENT_TOKEN", ZAPI_CLIENT.into()),
                ("GROUPDROP_ZAPI_BASE_URL", self.uri()),
            ],
            Kind::EazyBe => vec![
                ("GROUPDROP_EAZYBE_TOKEN", EAZYBE_TOKEN.into()),
                ("GROUPDROP_EAZYBE_BASE_URL", self.uri()),
            ],
        }
    }

    pub fn provider_arg(&self) -> &'static str {
        match self.kind {
            Kind::TwoChat => "2chat",
            Kind::Zapi => "zapi",
            Kind::EazyBe => "eazybe",
        }
    }

    /// Every request, in order.
    pub fn seen(&self) -> Vec<Seen> {
        each!(self, s => s.calls()).into_iter().map(seen).collect()
    }

    /// Requests whose path ends with `suffix` (and method matches).
    pub fn calls(&self, method: &str, suffix: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|r| r.method == method && r.path.ends_with(suffix))
            .collect()
    }

    /// The create requests the server received, in order.
    pub fn create_requests(&self) -> Vec<Seen> {
        let create = create_endpoint(self.kind);
        let calls = each!(self, s => s.calls());
        calls
            .into_iter()
            .filter(|c| c.endpoint == create)
            .map(seen)
            .filter(|r| self.kind != Kind::EazyBe || r.body["create"] == json!(true))
            .collect()
    }

    pub fn creates(&self) -> usize {
        self.create_requests().len()
    }

    /// Every group the stand-in holds, seeded ones included, oldest first.
    pub fn groups(&self) -> Vec<Group> {
        each!(self, s => s.groups())
    }

    /// The user's own older group with `name` (created a year ago, one member), as a school
    /// that makes "Class 5B parents" every year has. Returns the handle later calls address it
    /// by (2Chat uuid, Z-API group id, EazyBe name).
    pub fn seed_old_group(&self, name: &str) -> String {
        let year = Duration::from_secs(365 * 86_400);
        let g = each!(self, s => s.seed_group(name, year, &["5511900000001"]));
        self.seeded.lock().unwrap().push(g.id.clone());
        g.handle
    }

    /// The groups created through the API (not seeded), oldest first.
    pub fn created_groups(&self) -> Vec<Group> {
        let seeded = self.seeded.lock().unwrap().clone();
        self.groups()
            .into_iter()
            .filter(|g| !seeded.contains(&g.id))
            .collect()
    }

    /// Every request the stand-in refused because it broke the provider's rules.
    pub fn violations(&self) -> Vec<Violation> {
        each!(self, s => s.violations())
    }

    /// Requests refused for wrong or missing credentials.
    pub fn unauthorised(&self) -> usize {
        self.violations()
            .iter()
            .filter(|v| AUTH_RULES.contains(&v.rule.as_str()))
            .count()
    }

    /// `digits` (no `+`) only accepts invitations (privacy settings).
    pub fn invite_only(&self, digits: &str) {
        each!(self, s => s.privacy(digits))
    }

    /// `digits` (no `+`) has no WhatsApp.
    pub fn not_on_whatsapp(&self, digits: &str) {
        each!(self, s => s.not_on_whatsapp(digits))
    }

    /// WhatsApp knows `sent` (digits) as `registered` (Brazil's ninth digit).
    pub fn register_as(&self, sent: &str, registered: &str) {
        each!(self, s => s.register_as(sent, registered))
    }

    /// Requests that reached `endpoint` (the stand-in's name for it, e.g. `phone-exists-batch`).
    pub fn count(&self, endpoint: &str) -> usize {
        each!(self, s => s.count(endpoint))
    }

    /// Arrival times at `endpoint`.
    pub fn times(&self, endpoint: &str) -> Vec<Instant> {
        each!(self, s => s.times(endpoint))
    }

    /// The 2Chat stand-in itself (trial, limits, checks used).
    pub fn two_chat(&self) -> &TwoChatStandIn {
        match &self.standin {
            StandIn::TwoChat(s) => s,
            _ => panic!("not a 2Chat stand-in"),
        }
    }

    /// The next add call is refused with `status` and `body`, nothing added. (EazyBe: its next
    /// group call, create or add, since both are one endpoint.)
    pub fn fail_next_add(&self, status: u16, body: Value) {
        let endpoint = add_endpoint(self.kind);
        each!(self, s => s.fault(endpoint, Fault::Refuse { status, body }))
    }

    /// Creates act at once and answer `delay` later.
    pub fn delay_creates(&self, delay: Duration) {
        let endpoint = create_endpoint(self.kind);
        each!(self, s => s.set_delay(endpoint, delay))
    }

    /// Adds act at once and answer `delay` later.
    pub fn delay_adds(&self, delay: Duration) {
        let endpoint = add_endpoint(self.kind);
        each!(self, s => s.set_delay(endpoint, delay))
    }
}

/// `n` valid Brazilian mobiles as a CSV with a header; returns the file and the E.164 numbers.
pub fn contacts_csv(dir: &Path, n: usize, extra_rows: &[&str]) -> (PathBuf, Vec<String>) {
    let mut text = String::from("Name,Mobile\n");
    let mut phones = Vec::new();
    for i in 0..n {
        let national = format!("9{:04}{:04}", 8765 - (i / 10000), i % 10000);
        text.push_str(&format!(
            "Person {i},(11) {}-{}\n",
            &national[..5],
            &national[5..]
        ));
        phones.push(format!("+5511{national}"));
    }
    for row in extra_rows {
        text.push_str(row);
        text.push('\n');
    }
    let path = dir.join("contacts.csv");
    std::fs::write(&path, text).unwrap();
    (path, phones)
}

/// Every GROUPDROP_* variable the CLI reads, so a developer's shell cannot leak into a test.
const ALL_VARS: &[&str] = &[
    "GROUPDROP_DATA_DIR",
    "GROUPDROP_PACING_MS",
    "GROUPDROP_PACING_SCALE",
    "GROUPDROP_EAZYBE_TOKEN",
    "GROUPDROP_2CHAT_API_KEY",
    "GROUPDROP_2CHAT_FROM_NUMBER",
    "GROUPDROP_ZAPI_INSTANCE_ID",
    "GROUPDROP_ZAPI_INSTANCE_TOKEN",
    "GROUPDROP_ZAPI_CLIENT_TOKEN",
    "GROUPDROP_EAZYBE_BASE_URL",
    "GROUPDROP_2CHAT_BASE_URL",
    "GROUPDROP_ZAPI_BASE_URL",
    "GROUPDROP_PRACTICE_DELAY_MS",
    "GROUPDROP_PRACTICE_FAULT",
    "RUST_LOG",
];

/// `create` of `file` as group `name` on `provider` ("2chat", "zapi", "eazybe"), Brazil as the
/// default country, no question asked, JSON out.
pub fn create_args<'a>(provider: &'a str, name: &'a str, file: &'a str) -> Vec<&'a str> {
    vec![
        "create",
        "--provider",
        provider,
        "--name",
        name,
        "--contacts",
        file,
        "--country",
        "BR",
        "--yes",
        "--json",
    ]
}

/// `groupdrop-cli ARGS` with a private data dir, fast pacing and the given extra environment.
pub fn cli(data_dir: &Path, env: &[(&str, String)], args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_groupdrop-cli"));
    for var in ALL_VARS {
        cmd.env_remove(var);
    }
    cmd.env("GROUPDROP_DATA_DIR", data_dir)
        .env("GROUPDROP_PACING_MS", "5")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .args(args)
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

pub fn run(mut cmd: Command) -> Output {
    cmd.output().expect("run groupdrop-cli")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json_out(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e}):\n{}\nstderr:\n{}",
            stdout(o),
            stderr(o)
        )
    })
}

/// Every phone in the outcome's lists, each list's entries as (list, phone-or-input).
pub fn listed(outcome: &Value) -> Vec<(String, String)> {
    let mut out = vec![];
    for list in ["added", "invited", "sent", "pending", "rejected"] {
        for e in outcome[list].as_array().unwrap() {
            let id = e["phone"]
                .as_str()
                .or_else(|| e["input"].as_str())
                .unwrap()
                .to_string();
            out.push((list.to_string(), id));
        }
    }
    out
}

/// Asserts each of `phones` appears exactly once across the outcome's lists.
pub fn assert_each_once(outcome: &Value, phones: &[String]) {
    let listed = listed(outcome);
    for p in phones {
        let n = listed.iter().filter(|(_, x)| x == p).count();
        assert_eq!(n, 1, "{p} listed {n} times in {outcome}");
    }
}
