//! Configuration from the environment. One test in its own binary: it sets process-wide
//! variables, which must not race with other tests.

use groupdrop_providers::config::env_names::*;
use groupdrop_providers::*;
use std::time::Duration;

#[test]
fn environment_configures_credentials_base_urls_and_pacing() {
    let dir = tempfile::tempdir().unwrap();
    for var in [
        EAZYBE_TOKEN,
        TWOCHAT_API_KEY,
        TWOCHAT_FROM_NUMBER,
        ZAPI_INSTANCE_ID,
        ZAPI_INSTANCE_TOKEN,
        ZAPI_CLIENT_TOKEN,
        EAZYBE_BASE_URL,
        TWOCHAT_BASE_URL,
        ZAPI_BASE_URL,
        PACING_MS,
    ] {
        std::env::remove_var(var);
    }

    // Missing credentials name the variable and what goes in it.
    let err = ProviderConfig::from_env(ProviderKind::Zapi, dir.path()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains(ZAPI_INSTANCE_ID), "{err}");
    let err = EazyBeConfig::from_env().unwrap_err();
    assert!(err.to_string().contains("Organization Auth Token"), "{err}");

    // Z-API's account security token is optional until it is activated in the panel.
    std::env::set_var(ZAPI_INSTANCE_ID, "id");
    std::env::set_var(ZAPI_INSTANCE_TOKEN, "token");
    let z = ZapiConfig::from_env().unwrap();
    assert!(z.client_token.is_none());

    std::env::set_var(EAZYBE_TOKEN, " tok-from-env \n");
    std::env::set_var(TWOCHAT_API_KEY, "key-from-env");
    std::env::set_var(TWOCHAT_FROM_NUMBER, "+595 981 048477");
    std::env::set_var(ZAPI_INSTANCE_ID, "id");
    std::env::set_var(ZAPI_INSTANCE_TOKEN, "token");
    std::env::set_var(ZAPI_CLIENT_TOKEN, "client");

    // Defaults are the documented hosts.
    let eazy = EazyBeConfig::from_env().unwrap();
    assert_eq!(eazy.base_url.as_str(), "https://api.eazybe.com/");
    let two = TwoChatConfig::from_env().unwrap();
    assert_eq!(two.base_url.as_str(), "https://api.p.2chat.io/");
    assert_eq!(two.from_number.as_deref(), Some("+595981048477"));
    assert_eq!(
        ZapiConfig::from_env().unwrap().base_url.as_str(),
        "https://api.z-api.io/"
    );

    // Overrides replace scheme and host.
    std::env::set_var(EAZYBE_BASE_URL, "http://127.0.0.1:4010");
    std::env::set_var(TWOCHAT_BASE_URL, "http://127.0.0.1:4011/");
    std::env::set_var(ZAPI_BASE_URL, "http://localhost:4012");
    assert_eq!(
        EazyBeConfig::from_env().unwrap().base_url.as_str(),
        "http://127.0.0.1:4010/"
    );
    assert_eq!(
        TwoChatConfig::from_env().unwrap().base_url.as_str(),
        "http://127.0.0.1:4011/"
    );
    assert!(ZapiConfig::from_env().unwrap().base_url.is_loopback());
    std::env::set_var(ZAPI_BASE_URL, "not a url");
    let err = ZapiConfig::from_env().unwrap_err();
    assert!(err.to_string().contains(ZAPI_BASE_URL), "{err}");
    std::env::remove_var(ZAPI_BASE_URL);

    // A bad from-number is refused with an example of a good one.
    std::env::set_var(TWOCHAT_FROM_NUMBER, "my phone");
    assert!(TwoChatConfig::from_env()
        .unwrap_err()
        .to_string()
        .contains("+55"));
    std::env::remove_var(TWOCHAT_FROM_NUMBER);

    // Pacing: documented defaults, then GROUPDROP_PACING_MS for every provider.
    let eazybe = EazyBe::new(EazyBeConfig::from_env().unwrap()).unwrap();
    let twochat = TwoChat::new(TwoChatConfig::from_env().unwrap()).unwrap();
    let zapi = Zapi::new(ZapiConfig::from_env().unwrap()).unwrap();
    let practice = Practice::new(PracticeConfig::new(dir.path()));
    assert_eq!(twochat.limits().min_gap, Duration::from_secs(2));
    assert!(eazybe.limits().min_gap >= Duration::from_secs(1));
    assert!(zapi.limits().min_gap >= Duration::from_secs(1));
    std::env::set_var(PACING_MS, "0");
    assert_eq!(eazybe.limits().min_gap, Duration::ZERO);
    assert_eq!(twochat.limits().min_gap, Duration::ZERO);
    assert_eq!(zapi.limits().min_gap, Duration::ZERO);
    assert_eq!(practice.limits().min_gap, Duration::ZERO);
    std::env::set_var(PACING_MS, "250");
    assert_eq!(twochat.limits().min_gap, Duration::from_millis(250));
    std::env::set_var(PACING_MS, "fast");
    assert_eq!(
        twochat.limits().min_gap,
        Duration::from_secs(2),
        "garbage is ignored"
    );
    std::env::remove_var(PACING_MS);

    // Practice delay: 300 ms unless GROUPDROP_PRACTICE_DELAY_MS says otherwise.
    std::env::remove_var(PRACTICE_DELAY_MS);
    assert_eq!(
        PracticeConfig::new(dir.path()).delay,
        Duration::from_millis(300)
    );
    std::env::set_var(PRACTICE_DELAY_MS, "0");
    assert_eq!(PracticeConfig::new(dir.path()).delay, Duration::ZERO);
}
