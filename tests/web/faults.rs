//! What hostile or misconfigured servers do, against the devserver's fault routes: a profile's
//! credential and headers never follow a redirect to another origin.

use super::*;
use agent_console_core::http::ApiError;

const DEVSERVER: &str = match option_env!("AC_YANDEX_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:2160",
};

/// How many requests reached the landing route, and how many of them carried a credential or header.
async fn landed() -> (u64, u64) {
    let p = ServerProfile::new(DEVSERVER, Dialect::LangGraph);
    let r = agent_console::platform::transport::send(
        &p,
        &HttpRequest::new(Method::Get, "/faults/landed/seen", "counting"),
    )
    .await
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    (
        v["hits"].as_u64().unwrap(),
        v["with_credentials"].as_u64().unwrap(),
    )
}

#[wasm_bindgen_test]
async fn a_credential_never_follows_a_redirect_to_another_origin() {
    // The other origin: the same server under another host name.
    let other = DEVSERVER.replace("127.0.0.1", "localhost");
    let plain = ServerProfile::new(DEVSERVER, Dialect::LangGraph);
    agent_console::platform::transport::send(
        &plain,
        &HttpRequest::new(Method::Delete, "/faults/landed/seen", "resetting"),
    )
    .await
    .unwrap();
    let redirect = HttpRequest::new(Method::Get, "/faults/redirect", "following a redirect")
        .query("to", format!("{other}/faults/landed"));

    // Without a credential the redirect is followed — so the landing route does see what arrives.
    let r = agent_console::platform::transport::send(&plain, &redirect)
        .await
        .expect("followed");
    assert!(r.body.contains("landed"), "{}", r.body);
    assert_eq!(landed().await, (1, 0));

    // With an API key, or with the profile's extra headers: refused, said plainly, and nothing
    // reaches the other origin.
    let mut keyed = plain.clone();
    keyed.auth = Auth::ApiKeyHeader("sk-never-elsewhere".into());
    let mut headed = plain.clone();
    headed.extra_headers = vec![("X-Tenant".into(), "blue".into())];
    for profile in [&keyed, &headed] {
        let e = agent_console::platform::transport::send(profile, &redirect)
            .await
            .err()
            .expect("a redirect is refused");
        assert!(matches!(e, ApiError::Redirected { .. }), "{e:?}");
    }
    assert_eq!(landed().await, (1, 0), "no request with a secret landed");

    // In the app: a server whose every route redirects; connecting with a key says why it stops.
    let root = {
        ensure_stylesheet();
        let root = fresh_root();
        mount_app(
            root.clone(),
            AppConfig {
                server: Some(format!("{DEVSERVER}/faults/redirecting")),
                dialect: Some(Dialect::LangGraph),
                auth: Auth::ApiKeyHeader("sk-never-elsewhere".into()),
                sync_url: false,
                ..AppConfig::default()
            },
        );
        root
    };
    wait_for("the refused redirect named", 10_000, || {
        text(&root, ".ac-connection").contains("answered with a redirect")
    })
    .await;
    assert!(text(&root, ".ac-connection").contains("API key"));
    assert_eq!(landed().await, (1, 0));
    assert!(!page_markup().contains("sk-never-elsewhere"));
}
