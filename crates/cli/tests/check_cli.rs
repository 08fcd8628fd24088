//! `groupdrop-cli check` and `create --check` end to end against the rule-enforcing stand-ins:
//! Z-API's batch check marks a number not on WhatsApp and the run never sends it, Brazil's ninth
//! digit comes from Z-API's `outputPhone`, the history's cache makes a second check free, and a
//! 2Chat trial is checked at its documented pace up to its cap without one 429.

mod jobs_support;

use jobs_support::*;
use serde_json::{json, Value};
use std::time::Duration;

fn check_args<'a>(provider: &'a str, file: &'a str) -> Vec<&'a str> {
    vec![
        "check",
        "--provider",
        provider,
        "--contacts",
        file,
        "--country",
        "BR",
        "--json",
    ]
}

fn status_of<'a>(report: &'a Value, phone: &str) -> &'a Value {
    report["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["phone"] == json!(phone))
        .unwrap_or_else(|| panic!("{phone} not in {report}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zapi_check_marks_a_number_not_on_whatsapp_caches_it_and_the_run_never_sends_it() {
    let lb = Loopback::start(Kind::Zapi).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (file, phones) = contacts_csv(dir.path(), 5, &[]);
    let file = file.to_str().unwrap();
    let gone = phones[1].trim_start_matches('+').to_string();
    lb.not_on_whatsapp(&gone);
    // WhatsApp registered this Brazilian mobile without its ninth digit.
    let ninth = phones[2].trim_start_matches('+').to_string();
    let registered = format!("{}{}", &ninth[..4], &ninth[5..]);
    lb.register_as(&ninth, &registered);

    // 1. check --json: one batch call, per-number answers.
    let out = run(cli(&data, &lb.env(), &check_args("zapi", file)));
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("5 to ask in 1 call"),
        "the cost is said before: {}",
        stderr(&out)
    );
    let report = json_out(&out);
    assert_eq!(report["provider"], json!("zapi"));
    assert_eq!(report["numbers"].as_array().unwrap().len(), 5);
    assert_eq!(
        (
            &report["onWhatsapp"],
            &report["notOnWhatsapp"],
            &report["unknown"]
        ),
        (&json!(4), &json!(1), &json!(0))
    );
    assert_eq!(
        (&report["asked"], &report["cached"]),
        (&json!(5), &json!(0))
    );
    let n0 = status_of(&report, &phones[0]);
    assert_eq!(n0["status"], json!("onWhatsapp"));
    assert_eq!(n0["whatsappId"], json!(phones[0]));
    assert_eq!(n0["row"], json!(2));
    assert_eq!(n0["name"], json!("Person 0"));
    assert_eq!(n0["cached"], json!(false));
    assert_eq!(
        status_of(&report, &phones[1])["status"],
        json!("notOnWhatsapp")
    );
    assert_eq!(
        status_of(&report, &phones[2])["whatsappId"],
        json!(format!("+{registered}"))
    );
    assert_eq!(lb.count("phone-exists-batch"), 1);
    let body = &lb.calls("POST", "/phone-exists-batch")[0].body;
    assert_eq!(body["phones"].as_array().unwrap().len(), 5);
    assert!(
        body["phones"].as_array().unwrap().iter().all(|p| p
            .as_str()
            .unwrap()
            .chars()
            .all(|c| c.is_ascii_digit())),
        "digits only: {body}"
    );

    // 2. The same check again asks the provider nothing: every answer comes from the history.
    let out = run(cli(&data, &lb.env(), &check_args("zapi", file)));
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let again = json_out(&out);
    assert_eq!((&again["asked"], &again["cached"]), (&json!(0), &json!(5)));
    assert_eq!(
        status_of(&again, &phones[1])["status"],
        json!("notOnWhatsapp")
    );
    assert_eq!(status_of(&again, &phones[1])["cached"], json!(true));
    assert_eq!(lb.count("phone-exists-batch"), 1, "no second provider call");
    // For people: one line per number, the registered form and the answer's age.
    let mut text_args = check_args("zapi", file);
    text_args.pop();
    let out = run(cli(&data, &lb.env(), &text_args));
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "row 3: {}  not on WhatsApp [earlier check, just now]",
            phones[1]
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("on WhatsApp as +{registered}")),
        "{text}"
    );
    assert!(
        text.contains(
            "4 on WhatsApp, 1 not on WhatsApp, 0 unknown (5 from earlier checks, 0 asked)."
        ),
        "{text}"
    );
    assert_eq!(lb.count("phone-exists-batch"), 1);

    // 3. create --check: the number not on WhatsApp is never sent, it is a rejection with its
    //    code; the ninth digit goes as WhatsApp registered it; the check is answered from cache.
    let mut args = create_args("zapi", "Checked 2026", file);
    args.push("--check");
    let out = run(cli(&data, &lb.env(), &args));
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let o = json_out(&out);
    assert_eq!(
        lb.count("phone-exists-batch"),
        1,
        "create --check used the cache"
    );
    let sent: Vec<String> = lb
        .seen()
        .iter()
        .filter(|r| r.path.ends_with("/create-group") || r.path.ends_with("/add-participant"))
        .flat_map(|r| {
            r.body["phones"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|p| p.as_str().unwrap().to_string())
        })
        .collect();
    assert!(!sent.contains(&gone), "never sent: {sent:?}");
    assert!(sent.contains(&registered), "sent as registered: {sent:?}");
    assert!(
        !sent.contains(&ninth),
        "not the unregistered form: {sent:?}"
    );
    let rejected = o["rejected"].as_array().unwrap();
    let r = rejected
        .iter()
        .find(|r| r["phone"] == json!(phones[1]))
        .unwrap_or_else(|| panic!("not on WhatsApp listed as rejected: {o}"));
    assert_eq!(r["code"], json!("not_on_whatsapp"));
    assert_eq!(r["row"], json!(3));
    assert!(r["reason"].as_str().unwrap().contains("not on WhatsApp"));
    assert!(lb.violations().is_empty(), "{:?}", lb.violations());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twochat_trial_check_goes_at_the_documented_pace_and_stops_at_the_cap_without_a_429() {
    let lb = Loopback::start(Kind::TwoChat).await;
    let s = lb.two_chat();
    s.trial();
    // 80 of the trial's 100 checks are used: 20 left for 25 numbers.
    s.set_checks_used(80);
    // Every wait scaled by 0.01 (the trial's 6 s between checks → 60 ms; 10 a minute → 10 per
    // 600 ms). The stand-in's "minute" is 500 ms: a margin for arrival jitter, while a client
    // that did not pace would send 20 checks within a few milliseconds and meet 429s.
    s.set_rate_window(Duration::from_millis(500));
    let dir = tempfile::tempdir().unwrap();
    let (file, phones) = contacts_csv(dir.path(), 25, &[]);
    lb.not_on_whatsapp(phones[3].trim_start_matches('+'));
    let mut cmd = cli(
        &dir.path().join("data"),
        &lb.env(),
        &check_args("2chat", file.to_str().unwrap()),
    );
    cmd.env_remove("GROUPDROP_PACING_MS")
        .env("GROUPDROP_PACING_SCALE", "0.01");
    let out = run(cmd);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("20 checks left")
            && stderr(&out).contains("5 numbers will stay unknown"),
        "the cap is said before: {}",
        stderr(&out)
    );
    let report = json_out(&out);
    assert_eq!(report["asked"], json!(25));
    assert_eq!(
        (
            &report["onWhatsapp"],
            &report["notOnWhatsapp"],
            &report["unknown"]
        ),
        (&json!(19), &json!(1), &json!(5))
    );
    for p in &phones[20..] {
        let n = status_of(&report, p);
        assert_eq!(n["status"], json!("unknown"));
        assert!(
            n["reason"].as_str().unwrap().contains("100 number checks"),
            "{n}"
        );
    }
    assert_eq!(lb.count("check-number"), 20, "not one call past the cap");
    assert!(
        lb.violations().is_empty(),
        "no 429, no rule broken: {:?}",
        lb.violations()
    );
    let times = lb.times("check-number");
    let span = *times.last().unwrap() - times[0];
    assert!(
        span >= Duration::from_millis(19 * 50),
        "20 checks 60 ms apart take over a second, not {span:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eazybe_says_it_offers_no_check() {
    let lb = Loopback::start(Kind::EazyBe).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = contacts_csv(dir.path(), 3, &[]);
    let out = run(cli(
        &dir.path().join("data"),
        &lb.env(),
        &check_args("eazybe", file.to_str().unwrap()),
    ));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("EazyBe offers no way to check whether a number is on WhatsApp"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
    assert!(lb.seen().is_empty(), "nothing asked of EazyBe");
}
