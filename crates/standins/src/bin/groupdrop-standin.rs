//! One rule-enforcing stand-in as a process, for tests that drive the real window (tauri-driver
//! cannot host an in-process server): the same `groupdrop_standins` types the Rust tests use, so
//! the window is held to the providers' documented rules too.
//!
//! ```text
//! groupdrop-standin 2chat  --key KEY --from +E164 [--rpm N]
//! groupdrop-standin zapi   --instance ID --token TOKEN [--security-token S] --connected DIGITS
//! groupdrop-standin eazybe --token TOKEN
//!   common: [--privacy DIGITS]... [--not-on-whatsapp DIGITS]... [--lag-ms N]
//! ```
//!
//! Prints `{"url":"http://127.0.0.1:PORT"}` on its first line, then answers on stdin: a line
//! `report` prints one JSON line with every call (endpoint, body, refused, ms since start), every
//! group and every rule violation; end of input stops the server.

use groupdrop_standins::{Call, EazyBeStandIn, Group, TwoChatStandIn, Violation, ZapiStandIn};
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

enum Server {
    TwoChat(TwoChatStandIn),
    Zapi(ZapiStandIn),
    EazyBe(EazyBeStandIn),
}

macro_rules! each {
    ($server:expr, $s:ident => $body:expr) => {
        match $server {
            Server::TwoChat($s) => $body,
            Server::Zapi($s) => $body,
            Server::EazyBe($s) => $body,
        }
    };
}

struct Args {
    provider: String,
    flags: Vec<(String, String)>,
}

impl Args {
    fn parse() -> Result<Args, String> {
        let mut it = std::env::args().skip(1);
        let provider = it.next().ok_or("which provider: 2chat, zapi or eazybe")?;
        let mut flags = Vec::new();
        while let Some(flag) = it.next() {
            let name = flag
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected {flag}"))?;
            let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
            flags.push((name.to_string(), value));
        }
        Ok(Args { provider, flags })
    }
    fn one(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    fn need(&self, name: &str) -> Result<&str, String> {
        self.one(name)
            .ok_or_else(|| format!("--{name} is required"))
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.flags
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

async fn start(args: &Args) -> Result<Server, String> {
    let server = match args.provider.as_str() {
        "2chat" => {
            let s = TwoChatStandIn::start(args.need("key")?, args.need("from")?).await;
            if let Some(rpm) = args.one("rpm") {
                s.limit_rate(rpm.parse().map_err(|_| "--rpm: a number")?);
            }
            Server::TwoChat(s)
        }
        "zapi" => Server::Zapi(
            ZapiStandIn::start(
                args.need("instance")?,
                args.need("token")?,
                args.one("security-token"),
                args.need("connected")?,
            )
            .await,
        ),
        "eazybe" => Server::EazyBe(EazyBeStandIn::start(args.need("token")?).await),
        other => return Err(format!("unknown provider {other}")),
    };
    each!(&server, s => {
        for d in args.all("privacy") {
            s.privacy(d);
        }
        for d in args.all("not-on-whatsapp") {
            s.not_on_whatsapp(d);
        }
        if let Some(ms) = args.one("lag-ms") {
            s.set_list_lag(Duration::from_millis(ms.parse().map_err(|_| "--lag-ms: a number")?));
        }
    });
    Ok(server)
}

fn report(server: &Server, started: Instant) -> Value {
    let (calls, groups, violations): (Vec<Call>, Vec<Group>, Vec<Violation>) =
        each!(server, s => (s.calls(), s.groups(), s.violations()));
    json!({
        "calls": calls.iter().map(|c| json!({
            "method": c.method,
            "endpoint": c.endpoint,
            "body": c.body,
            "refused": c.refused,
            "atMs": c.at.saturating_duration_since(started).as_millis() as u64,
        })).collect::<Vec<_>>(),
        "groups": groups.iter().map(|g| json!({
            "id": g.id, "handle": g.handle, "name": g.name, "members": g.members,
            "inviteCode": g.invite_code,
        })).collect::<Vec<_>>(),
        "violations": violations.iter().map(|v| json!({
            "endpoint": v.endpoint, "rule": v.rule,
        })).collect::<Vec<_>>(),
    })
}

#[tokio::main]
async fn main() {
    let started = Instant::now();
    let args = match Args::parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("groupdrop-standin: {e}");
            std::process::exit(2);
        }
    };
    let server = match start(&args).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("groupdrop-standin: {e}");
            std::process::exit(2);
        }
    };
    let url = each!(&server, s => s.uri());
    println!("{}", json!({ "url": url }));
    std::io::stdout().flush().ok();
    // stdin is read on a plain thread; the server keeps answering on the runtime meanwhile.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    while let Some(line) = rx.recv().await {
        if line.trim() == "report" {
            println!("{}", report(&server, started));
            std::io::stdout().flush().ok();
        }
    }
}
