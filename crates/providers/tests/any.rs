//! `AnyProvider` dispatches to the provider its config names.

use groupdrop_providers::*;
use secrecy::SecretString;
use std::time::Duration;

#[tokio::test]
async fn builds_each_kind_and_dispatches() {
    let dir = tempfile::tempdir().unwrap();
    let configs = [
        ProviderConfig::EazyBe(EazyBeConfig::new(SecretString::from("t"))),
        ProviderConfig::TwoChat(TwoChatConfig::new(SecretString::from("k"))),
        ProviderConfig::Zapi(ZapiConfig::new(
            SecretString::from("i"),
            SecretString::from("t"),
            SecretString::from("c"),
        )),
        ProviderConfig::Practice(PracticeConfig::new(dir.path()).with_delay(Duration::ZERO)),
    ];
    for config in configs {
        let kind = config.kind();
        let provider = AnyProvider::from_config(config).unwrap();
        assert_eq!(provider.kind(), kind);
        let limits = provider.limits();
        assert!(limits.create_max >= 1 && limits.add_max >= 1);
    }
    assert_eq!(
        AnyProvider::from_config(ProviderConfig::TwoChat(TwoChatConfig::new(
            SecretString::from("k")
        )))
        .unwrap()
        .limits()
        .create_max,
        10
    );

    let practice = AnyProvider::from_config(ProviderConfig::Practice(
        PracticeConfig::new(dir.path()).with_delay(Duration::ZERO),
    ))
    .unwrap();
    let answer = practice
        .create_group(&CreateRequest {
            name: "Any".into(),
            phones: vec!["+5511987654321".into()],
            auto_invite: true,
            create_if_missing: true,
            description: None,
        })
        .await
        .unwrap();
    assert!(matches!(
        practice.find_group("Any", &[], None).await.unwrap(),
        Lookup::Found { .. }
    ));
    assert_eq!(
        practice.invite_link(&answer.group).await.unwrap(),
        answer.group.invite_link
    );
}
