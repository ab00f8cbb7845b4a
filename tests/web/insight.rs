//! Run insight against the real LangGraph demo server: the meters of a run, and its recording —
//! downloaded from the page, replayed by the same pipeline `stream-replay` uses — holding no key.

use super::*;
use agent_console_core::{exchange, pipeline, replay_output};

fn meter(root: &HtmlElement, name: &str) -> String {
    text(root, &format!(".ac-meter[data-meter='{name}']"))
}

#[wasm_bindgen_test]
async fn a_runs_meters_count_its_tokens_and_its_recording_replays_to_the_same_text() {
    ensure_stylesheet();
    let root = fresh_root();
    mount_app(
        root.clone(),
        AppConfig {
            server: Some(LANGGRAPH.to_owned()),
            dialect: Some(Dialect::LangGraph),
            auth: Auth::ApiKeyHeader("sk-recorded-never".into()),
            headers: vec![("x-session-token".into(), "tok-never-either".into())],
            sync_url: false,
            ..AppConfig::default()
        },
    );
    let said = unique("meter me");
    run_to_success(&root, &said).await;
    let reply = ai_text(&root);
    assert!(reply.contains(&said), "{reply}");
    // The demo streams its reply word by word: one token per word.
    let words = reply.split(' ').count();
    wait_for("the meters of the ended run", 5_000, || {
        find(&root, ".ac-meter[data-meter='tokens']")
            .and_then(|e| e.get_attribute("data-value"))
            .as_deref()
            == Some(words.to_string().as_str())
    })
    .await;
    let ttft = meter(&root, "ttft");
    assert!(
        ttft.contains(" ms") || ttft.contains(" s"),
        "a time to first token: {ttft}"
    );
    assert!(meter(&root, "rate").contains("tok/s"));
    assert!(
        !meter(&root, "rate").contains('—'),
        "more than one token: a rate"
    );
    assert!(find(&root, ".ac-sparkline rect").is_some());
    assert!(meter(&root, "events").starts_with(|c: char| c.is_ascii_digit()));
    assert_eq!(meter(&root, "reconnects"), "0 reconnects");

    // The recording, as the Events tab offers it.
    click(&root, ".ac-tab[data-tab='events']");
    wait_for("the recording", 5_000, || {
        find(&root, ".ac-recording-download").is_some()
    })
    .await;
    click(&root, ".ac-recording-download");
    let href = find(&root, ".ac-recording-download")
        .and_then(|a| a.get_attribute("href"))
        .unwrap_or_default();
    assert!(href.starts_with("blob:"), "{href}");
    let name = find(&root, ".ac-recording-download")
        .and_then(|a| a.get_attribute("download"))
        .unwrap_or_default();
    assert!(
        name.starts_with("agent-console-langgraph-") && name.ends_with(".http"),
        "{name}"
    );
    let resp: web_sys::Response = JsFuture::from(web_sys::window().unwrap().fetch_with_str(&href))
        .await
        .unwrap()
        .unchecked_into();
    let recorded = JsFuture::from(resp.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!recorded.contains("sk-recorded-never") && !recorded.contains("tok-never-either"));
    assert!(
        recorded.starts_with("POST /threads/"),
        "{}",
        &recorded[..80.min(recorded.len())]
    );
    assert!(recorded.contains(&said), "the request that started the run");
    // What `stream-replay --state` prints for it: the same final text as the page showed.
    let ex = exchange::parse(recorded.as_bytes());
    assert_eq!(ex.status, Some(200));
    let (_, view) = pipeline::replay(Dialect::LangGraph, &ex.body);
    let state = replay_output::state_json(&view);
    let last = state["messages"]
        .as_array()
        .and_then(|m| m.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["text"], json!(reply), "{state}");
}
