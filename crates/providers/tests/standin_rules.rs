//! The clients against the rule-enforcing stand-ins (`groupdrop-standins`): servers that refuse
//! what each provider refuses, answer with the documented examples, and read undocumented shapes
//! the way `UNCONFIRMED` says. Each test here pins one of the places where a real account would
//! have lost money, been banned or locked out, or seen wrong results.

mod common;

use common::*;
use groupdrop_providers::*;
use groupdrop_standins::{Fault, TwoChatStandIn, ZapiStandIn};
use secrecy::SecretString;
use serde_json::json;
use std::time::{Duration, SystemTime};

const INSTANCE: &str = "3C4F1E2D9A8B7C6D5E4F3A2B1C0D9E8F";
const TOKEN: &str = "F1E2D3C4B5A697887766554433221100";
const CLIENT: &str = "Fa9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4S";
/// The number connected to the Z-API instance.
const ZAPI_OWN: &str = "5544911111111";
const KEY: &str = "2chat-key-0123456789abcdef";
const FROM: &str = "+595981048477";

fn zapi_config(base: &str, client: Option<&str>) -> ZapiConfig {
    ZapiConfig::new(
        SecretString::from(INSTANCE),
        SecretString::from(TOKEN),
        SecretString::from(client.unwrap_or("")),
    )
    .with_base_url(base)
    .unwrap()
    .with_http(fast_http())
}

/// Gives up on an answer after 1.5 s: a stalled create is "sent, answer lost" quickly, while a
/// loaded machine still answers every other call in time.
fn brief_http() -> HttpSettings {
    HttpSettings {
        total_timeout: Duration::from_millis(1500),
        ..fast_http()
    }
}

/// Longer than [`brief_http`] waits.
const STALL: Duration = Duration::from_secs(4);

fn request(phones: &[&str]) -> CreateRequest {
    CreateRequest {
        name: "Turma 5B".into(),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        auto_invite: true,
        create_if_missing: true,
        description: None,
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn two_chat(base: &str) -> TwoChat {
    TwoChat::new(
        TwoChatConfig::new(SecretString::from(KEY))
            .with_base_url(base)
            .unwrap()
            .with_http(fast_http()),
    )
    .unwrap()
}

// --- Fix 4: the connected number is never sent to Z-API --------------------------------------

#[tokio::test]
async fn zapi_learns_the_connected_number_from_device_and_never_sends_it() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, Some(CLIENT), ZAPI_OWN).await;
    let zapi = Zapi::new(zapi_config(&s.uri(), Some(CLIENT))).unwrap();
    let answer = zapi
        .create_group(&request(&[
            "+5544999999999",
            "+5544911111111",
            "+5544888888888",
        ]))
        .await
        .unwrap();
    assert_eq!(s.violations(), vec![], "the stand-in refused something");
    assert_eq!(s.count("device"), 1);
    let own = answer
        .members
        .iter()
        .find(|m| m.phone == "+5544911111111")
        .unwrap();
    assert!(own.reason.as_deref().unwrap().contains("creator"));
    // Later calls do not ask again.
    zapi.add_members(
        &answer.group,
        &["+5544777777777".into(), "+5544911111111".into()],
        true,
    )
    .await
    .unwrap();
    assert_eq!(s.count("device"), 1);
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn zapi_refuses_to_send_phones_while_the_connected_number_is_unknown() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    s.break_device(true);
    let zapi = Zapi::new(zapi_config(&s.uri(), None)).unwrap();
    let err = zapi
        .create_group(&request(&["+5544999999999", "+5544911111111"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotConnected, "{err}");
    assert!(
        err.to_string().contains("type the connected number"),
        "{err}"
    );
    assert!(!err.may_have_reached(), "nothing was sent");
    assert_eq!(s.count("create-group"), 0);
    // `/device` is asked again next time, and once it answers the create goes through.
    s.break_device(false);
    zapi.create_group(&request(&["+5544999999999", "+5544911111111"]))
        .await
        .unwrap();
    assert_eq!(s.count("device"), 2);
    assert_eq!(s.count("create-group"), 1);
    assert_eq!(s.violations(), vec![]);
    // A number typed in the account form is enough without `/device`.
    s.break_device(true);
    let typed = Zapi::new(
        zapi_config(&s.uri(), None)
            .with_own_number("+55 44 91111-1111")
            .unwrap(),
    )
    .unwrap();
    typed
        .create_group(&request(&["+5544999999999", "+5544911111111"]))
        .await
        .unwrap();
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn zapi_check_reports_the_connected_number_from_device() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let check = Zapi::new(zapi_config(&s.uri(), None))
        .unwrap()
        .check()
        .await
        .unwrap();
    assert_eq!(check.own_number.as_deref(), Some("+5544911111111"));
    assert!(check.summary.contains("+5544911111111"));
}

// --- Fix 5: a Z-API account without a Client-Token works --------------------------------------

#[tokio::test]
async fn zapi_without_a_security_token_checks_creates_adds_links_and_reads() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let zapi = Zapi::new(zapi_config(&s.uri(), None)).unwrap();
    zapi.check().await.unwrap();
    let created = zapi
        .create_group(&request(&["+5544999999999"]))
        .await
        .unwrap();
    let added = zapi
        .add_members(&created.group, &["+5544888888888".into()], true)
        .await
        .unwrap();
    assert_eq!(added[0].status, MemberStatus::Sent);
    let members = zapi.members(&created.group).await.unwrap().unwrap();
    assert_eq!(
        reconcile(&added, &members, true)[0].status,
        MemberStatus::Added
    );
    let bare = GroupRef {
        invite_link: None,
        ..created.group.clone()
    };
    assert!(zapi.invite_link(&bare).await.unwrap().is_some());
    assert_eq!(s.violations(), vec![]);
    for call in s.calls() {
        assert!(!call.refused, "{call:?}");
    }
}

#[tokio::test]
async fn zapi_null_not_allowed_says_the_security_token_is_active_whatever_the_status() {
    for status in [400, 401, 200] {
        let s = ZapiStandIn::start(INSTANCE, TOKEN, Some(CLIENT), ZAPI_OWN).await;
        s.set_null_not_allowed_status(status);
        let err = Zapi::new(zapi_config(&s.uri(), None))
            .unwrap()
            .check()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Credentials, "{status}: {err}");
        let text = err.to_string();
        assert!(text.contains("security token is active"), "{text}");
        assert!(text.contains("Security"), "{text}");
        assert_human(&err, &[INSTANCE, TOKEN, CLIENT]);
    }
}

// --- Fix 7: the invite-link POST carries Content-Type; 415 and 404 are said plainly ---------------

#[tokio::test]
async fn zapi_invite_link_is_fetched_from_the_strict_server() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, Some(CLIENT), ZAPI_OWN).await;
    let zapi = Zapi::new(zapi_config(&s.uri(), Some(CLIENT))).unwrap();
    let created = zapi
        .create_group(&request(&["+5544999999999"]))
        .await
        .unwrap();
    let group = GroupRef {
        invite_link: None,
        ..created.group
    };
    let link = zapi.invite_link(&group).await.unwrap().unwrap();
    assert!(link.starts_with("https://chat.whatsapp.com/"), "{link}");
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn zapi_415_and_a_bare_404_are_explained_not_called_a_bug_or_bad_credentials() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let zapi = Zapi::new(zapi_config(&s.uri(), None)).unwrap();
    s.fault(
        "group-invitation-link",
        Fault::Refuse {
            status: 415,
            body: json!(null),
        },
    );
    let group = GroupRef {
        name: "x".into(),
        id: None,
        handle: "120363019502650977-group".into(),
        invite_link: None,
    };
    // The stand-in knows no such group; script the 415 on a group it knows instead.
    let created = zapi
        .create_group(&request(&["+5544999999999"]))
        .await
        .unwrap();
    let known = GroupRef {
        invite_link: None,
        ..created.group
    };
    let err = zapi.invite_link(&known).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("415") && text.contains("JSON"), "{text}");
    assert!(!text.contains("bug"), "{text}");
    assert_human(&err, &[INSTANCE, TOKEN]);
    drop(group);

    // A wrong instance: Z-API's answer is UNCONFIRMED; a bare 404 must not be read as a
    // credentials refusal only.
    let wrong = Zapi::new(
        ZapiConfig::new(
            SecretString::from("WRONG-INSTANCE-000"),
            SecretString::from(TOKEN),
            SecretString::from(""),
        )
        .with_base_url(&s.uri())
        .unwrap()
        .with_http(fast_http()),
    )
    .unwrap();
    let err = wrong.check().await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("instance"), "{text}");
}

// --- Fix 1 (client side): Z-API waits for its listing and looks in the group list and chats --------

#[tokio::test]
async fn zapi_has_a_listing_lag_and_finds_a_group_through_its_documented_lists() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let zapi = Zapi::new(zapi_config(&s.uri(), None).with_http(brief_http())).unwrap();
    assert!(zapi.limits().list_lag >= Duration::from_secs(60));
    let before = now_ms();
    s.fault("create-group", Fault::ActThenStall(STALL));
    let err = zapi
        .create_group(&request(&["+5544999999999"]))
        .await
        .unwrap_err();
    assert!(err.may_have_reached());
    let found = zapi
        .find_group(
            "Turma 5B",
            &["+5544999999999".into()],
            Some(before - 600_000),
        )
        .await
        .unwrap();
    let Lookup::Found { group, .. } = found else {
        panic!("not found: {found:?}")
    };
    assert_eq!(group.handle, s.groups()[0].handle);
    assert_eq!(s.violations(), vec![]);
}

// --- Fix 3: members matched the way WhatsApp reports them ---------------------------------------

#[tokio::test]
async fn two_chat_answer_under_the_registered_number_is_still_that_member() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    // WhatsApp knows this Brazilian mobile without its ninth digit, and its privacy settings
    // only allow invitations: the per-participant answer comes under the registered number.
    s.register_as("5511987654321", "551187654321");
    s.privacy("5511987654321");
    let answer = two_chat(&s.uri())
        .create_group(&request(&["+5511987654321", "+447700176576"]))
        .await
        .unwrap();
    let statuses: Vec<MemberStatus> = answer.members.iter().map(|m| m.status).collect();
    assert_eq!(statuses, vec![MemberStatus::Invited, MemberStatus::Added]);
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn zapi_members_hidden_behind_lid_are_unconfirmed_not_rejected() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    s.list_by_lid("5544777777777", "2111897971174599");
    s.register_as("5511987654321", "551187654321");
    let zapi = Zapi::new(zapi_config(&s.uri(), None)).unwrap();
    let created = zapi
        .create_group(&request(&["+5544999999999"]))
        .await
        .unwrap();
    let sent = zapi
        .add_members(
            &created.group,
            &["+5544777777777".into(), "+5511987654321".into()],
            false,
        )
        .await
        .unwrap();
    let present = zapi.members(&created.group).await.unwrap().unwrap();
    assert!(present.iter().any(|m| m.ends_with("@lid")), "{present:?}");
    let settled = reconcile(&sent, &present, false);
    assert_eq!(settled[0].status, MemberStatus::Sent, "{:?}", settled[0]);
    assert!(settled[0].reason.as_deref().unwrap().contains("hidden id"));
    assert_eq!(settled[1].status, MemberStatus::Added, "{:?}", settled[1]);
}

// --- Fix 6: 2Chat's zone-less times ---------------------------------------------------------------

#[tokio::test]
async fn two_chat_naive_local_times_do_not_hide_the_new_group() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.zone(-180); // São Paulo wall clock, no zone in the answer
    s.skew_clock(40); // and the account's clock runs 40 s ahead
    let before = now_ms();
    let client = TwoChat::new(
        TwoChatConfig::new(SecretString::from(KEY))
            .with_base_url(&s.uri())
            .unwrap()
            .with_http(brief_http()),
    )
    .unwrap();
    s.fault("group/create", Fault::ActThenStall(STALL));
    client
        .create_group(&request(&["+5511987654321", "+5511987654322"]))
        .await
        .unwrap_err();
    s.reveal();
    let found = client
        .find_group(
            "Turma 5B",
            &["+5511987654321".into(), "+5511987654322".into()],
            Some(before - 600_000),
        )
        .await
        .unwrap();
    assert!(matches!(found, Lookup::Found { .. }), "{found:?}");
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn two_chat_older_namesakes_are_not_adopted_by_time_or_by_members() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.zone(330); // India, ahead of UTC
                 // Last year's group, and one made two hours ago from another list.
    s.seed_group(
        "Turma 5B",
        Duration::from_secs(365 * 86_400),
        &["5511987654321"],
    );
    s.seed_group(
        "Turma 5B",
        Duration::from_secs(2 * 3600),
        &["4477000000001"],
    );
    let probe = ["+5511987654321".to_string(), "+5511987654322".to_string()];
    let client = two_chat(&s.uri());
    let found = client
        .find_group("Turma 5B", &probe, Some(now_ms() - 600_000))
        .await
        .unwrap();
    assert_eq!(found, Lookup::NotFound);
}

// --- The stand-ins refuse what the providers refuse -------------------------------------------------

#[tokio::test]
async fn two_chat_batches_never_exceed_ten_and_use_the_create_uuid() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let client = two_chat(&s.uri());
    let eleven: Vec<String> = (0..11).map(|i| format!("+55119876543{i:02}")).collect();
    let err = client
        .create_group(&CreateRequest {
            phones: eleven.clone(),
            ..request(&[])
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert_eq!(s.count("group/create"), 0, "refused before sending");
    let created = client
        .create_group(&CreateRequest {
            phones: eleven[..10].to_vec(),
            ..request(&[])
        })
        .await
        .unwrap();
    client
        .add_members(&created.group, &eleven[10..], false)
        .await
        .unwrap();
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn two_chat_trial_and_blocked_accounts_are_read_before_sending() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.trial();
    let check = two_chat(&s.uri()).check().await.unwrap();
    assert!(
        check.summary.contains("on trial: 30 requests a minute"),
        "{}",
        check.summary
    );

    let blocked = TwoChatStandIn::start(KEY, FROM).await;
    blocked.block();
    let err = two_chat(&blocked.uri())
        .create_group(&request(&["+5511987654321"]))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("blocked"), "{err}");
    assert_eq!(blocked.count("group/create"), 0);
}

#[tokio::test]
async fn two_chat_gap_never_drops_below_the_ban_safe_floor() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let client = two_chat(&s.uri());
    client.check().await.unwrap(); // 80 requests a minute → 750 ms
    assert!(
        client.account_gap() >= Duration::from_secs(2),
        "{:?}",
        client.account_gap()
    );
}

/// A raw POST to a stand-in, past any client's own care: the answer's status.
async fn raw_post(
    base: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: serde_json::Value,
) -> u16 {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://").to_string();
    let body = body.to_string();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    // Blocking is fine: the stand-in serves from its own thread.
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn zapi_stand_in_enforces_the_group_setup_contract() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let zapi = Zapi::new(zapi_config(&s.uri(), None)).unwrap();
    let made = zapi
        .create_group(&request(&["+5511987654321"]))
        .await
        .unwrap();
    let gid = made.group.handle.clone();
    let path = |ep: &str| format!("/instances/{INSTANCE}/token/{TOKEN}/{ep}");

    // Settings: the group id in `groupId` instead of `phone` is refused.
    let status = raw_post(
        &s.uri(),
        &path("update-group-settings"),
        &[],
        json!({"groupId": gid, "adminOnlyMessage": true, "adminOnlySettings": false,
               "requireAdminApproval": false, "adminOnlyAddMember": false}),
    )
    .await;
    assert_eq!(status, 400);
    // Settings: one of the four booleans missing is refused.
    let status = raw_post(
        &s.uri(),
        &path("update-group-settings"),
        &[],
        json!({"phone": gid, "adminOnlyMessage": true, "adminOnlySettings": false,
               "requireAdminApproval": false}),
    )
    .await;
    assert_eq!(status, 400);
    // add-admin: a number that is not in the group is refused, and so is an unknown group.
    let status = raw_post(
        &s.uri(),
        &path("add-admin"),
        &[],
        json!({"groupId": gid, "phones": ["5511912345678"]}),
    )
    .await;
    assert_eq!(status, 400);
    let status = raw_post(
        &s.uri(),
        &path("add-admin"),
        &[],
        json!({"groupId": "120363000000000000-group", "phones": ["5511987654321"]}),
    )
    .await;
    assert_eq!(status, 404);
    let rules: Vec<String> = s.violations().into_iter().map(|v| v.rule).collect();
    assert_eq!(rules.len(), 4, "{rules:?}");
    assert!(rules[0].contains("phone, not groupId"), "{rules:?}");
    assert!(rules[1].contains("all four booleans"), "{rules:?}");
    assert!(rules[2].contains("members of the group"), "{rules:?}");
    assert!(rules[3].contains("known group"), "{rules:?}");
    assert!(!s.groups()[0].admin_only_message);

    // The client itself breaks none of them.
    zapi.set_description(&made.group, "Parents").await.unwrap();
    zapi.promote_admins(&made.group, &["+5511987654321".into()])
        .await
        .unwrap();
    zapi.set_admins_only(
        &made.group,
        AdminsOnly {
            messages: true,
            settings: true,
        },
    )
    .await
    .unwrap();
    assert_eq!(s.violations().len(), 4, "no new broken rule");
    let g = &s.groups()[0];
    assert_eq!(g.description.as_deref(), Some("Parents"));
    assert_eq!(g.admins, vec!["5511987654321".to_string()]);
    assert!(g.admin_only_message && g.admin_only_settings);
}

#[tokio::test]
async fn two_chat_stand_in_records_a_promote_call_as_a_broken_rule() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let status = raw_post(
        &s.uri(),
        "/open/whatsapp/group/WAG1/promote-participant",
        &[("X-User-API-Key", KEY)],
        json!({"from_number": FROM, "participants": ["+5511987650000"]}),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(s.violations()[0].rule, "2Chat has no promote endpoint");
}

#[tokio::test]
async fn two_chat_client_offers_the_description_at_create_only() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let two = TwoChat::new(
        TwoChatConfig::new(SecretString::from(KEY))
            .with_base_url(&s.uri())
            .unwrap()
            .with_http(fast_http()),
    )
    .unwrap();
    assert_eq!(
        two.setup_support(SetupStepKind::Description),
        SetupSupport::AtCreate
    );
    for step in [
        SetupStepKind::Admins,
        SetupStepKind::AdminsOnlyMessages,
        SetupStepKind::AdminsOnlySettings,
    ] {
        let SetupSupport::NotOffered { why } = two.setup_support(step) else {
            panic!("{step:?} offered by 2Chat");
        };
        assert!(why.starts_with("not offered by 2Chat"), "{why}");
    }
}

/// The description call's path is not confirmed by Z-API's documentation: a bare "not found"
/// says so instead of claiming the group is gone.
#[tokio::test]
async fn zapi_description_not_found_names_the_unconfirmed_path() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let zapi = Zapi::new(zapi_config(&s.uri(), None)).unwrap();
    let made = zapi
        .create_group(&request(&["+5511987654321"]))
        .await
        .unwrap();
    s.fault(
        "update-group-description",
        Fault::Reply(wiremock::ResponseTemplate::new(404)),
    );
    let err = zapi
        .set_description(&made.group, "Parents")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("does not confirm"), "{err}");
    assert_eq!(s.groups()[0].description, None);
}

// --- Number checks ----------------------------------------------------------------------------

#[tokio::test]
async fn zapi_batch_check_reads_not_on_whatsapp_and_the_registered_ninth_digit() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, Some(CLIENT), ZAPI_OWN).await;
    s.not_on_whatsapp("5511900000002");
    // WhatsApp knows this Brazilian mobile without its ninth digit.
    s.register_as("5511987654321", "551187654321");
    let zapi = Zapi::new(zapi_config(&s.uri(), Some(CLIENT))).unwrap();
    let asked = ["+5511900000001", "+5511900000002", "+5511987654321"].map(String::from);
    let got = zapi.check_numbers(&asked).await.unwrap();

    assert_eq!(got.len(), 3);
    assert_eq!(got[0].status, CheckStatus::OnWhatsapp);
    assert_eq!(got[1].status, CheckStatus::NotOnWhatsapp);
    assert_eq!(got[2].status, CheckStatus::OnWhatsapp);
    assert_eq!(got[2].whatsapp_id.as_deref(), Some("+551187654321"));
    // One call for all three, digits only, with the Client-Token: no rule broken.
    assert_eq!(s.count("phone-exists-batch"), 1);
    let body = s.calls().last().unwrap().body.clone().unwrap();
    assert_eq!(
        body,
        json!({"phones": ["5511900000001", "5511900000002", "5511987654321"]})
    );
    assert!(s.violations().is_empty(), "{:?}", s.violations());
}

#[tokio::test]
async fn zapi_standin_refuses_a_check_with_formatted_phones_or_over_50000() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/instances/{INSTANCE}/token/{TOKEN}/phone-exists-batch",
            s.uri()
        ))
        .json(&json!({"phones": ["+55 11 90000-0001"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    assert_eq!(s.violations().len(), 1);

    // One past the page's 50,000 a call.
    let phones: Vec<String> = (0..50_001u64).map(|i| format!("55119{:08}", i)).collect();
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/instances/{INSTANCE}/token/{TOKEN}/phone-exists-batch",
            s.uri()
        ))
        .json(&json!({ "phones": phones }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    assert_eq!(
        s.violations().last().unwrap().rule,
        "1 to 50,000 phones per call"
    );
}

#[tokio::test]
async fn twochat_check_on_a_trial_stops_at_the_cap_and_never_meets_a_429() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.trial();
    s.set_checks_used(97);
    s.not_on_whatsapp("5511900000002");
    // The documented minute, shrunk with the client's pacing (6 s → 60 ms).
    std::env::remove_var("GROUPDROP_PACING_MS");
    std::env::set_var("GROUPDROP_PACING_SCALE", "0.01");
    s.set_rate_window(Duration::from_millis(600));
    let client = two_chat(&s.uri());
    client.check().await.unwrap();
    assert_eq!(client.number_check().remaining, Some(3));
    assert_eq!(client.number_check().gap_ms, 60);

    let asked: Vec<String> = (1..=5).map(|i| format!("+551190000000{i}")).collect();
    let got = client.check_numbers(&asked).await.unwrap();
    std::env::remove_var("GROUPDROP_PACING_SCALE");

    let statuses: Vec<CheckStatus> = got.iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        [
            CheckStatus::OnWhatsapp,
            CheckStatus::NotOnWhatsapp,
            CheckStatus::OnWhatsapp,
            CheckStatus::Unknown,
            CheckStatus::Unknown
        ]
    );
    assert!(got[3]
        .reason
        .as_deref()
        .unwrap()
        .contains("100 number checks"));
    assert_eq!(s.count("check-number"), 3);
    assert!(s.violations().is_empty(), "{:?}", s.violations());
    let times = s.times("check-number");
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_millis(55), "{pair:?}");
    }
}
