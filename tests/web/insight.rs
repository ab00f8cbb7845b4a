//! Run insight against the real LangGraph demo server: the meters of a run, and its recording —
//! downloaded from the page, replayed by the same pipeline `stream-replay` uses — holding no key.

use super::*;
use agent_console_core::{exchange, pipeline, replay_output};

fn meter(root: &HtmlElement, name: &str) -> String {
    text(root, &format!(".ac-meter[data-meter='{name}']"))
}

#[wasm_bindgen_test]
async fn a_runs_meters_count_its_tokens_and_its_recording_replays_to_the_same_text() {
    let root = mount_config(AppConfig {
        server: Some(LANGGRAPH.to_owned()),
        dialect: Some(Dialect::LangGraph),
        auth: Auth::ApiKeyHeader("sk-recorded-never".into()),
        headers: vec![("x-session-token".into(), "tok-never-either".into())],
        sync_url: false,
        ..AppConfig::default()
    });
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
    // The demo reports usage on its reply (a streamed piece is a token out): on the message and the run.
    wait_for("the reply's usage", 5_000, || {
        find(&root, ".ac-message[data-role='ai'] .ac-usage")
            .and_then(|e| e.get_attribute("data-completion"))
            .as_deref()
            == Some(words.to_string().as_str())
    })
    .await;
    let usage = meter(&root, "usage");
    assert!(usage.contains(&format!(" · {words} out · ")), "{usage}");
    assert!(
        !usage.contains('—'),
        "in, out and total were reported: {usage}"
    );

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

    // The same recording opened in the page (the file picker) and played as fast as possible.
    open_recording(&root, &text_file(&recorded, &name));
    wait_for("the playback bar", 5_000, || {
        find(&root, ".ac-replay").is_some()
    })
    .await;
    assert!(
        find(&root, ".ac-composer").is_none(),
        "no composer while a recording plays"
    );
    assert_eq!(position(&root), 0);
    assert_eq!(ai_text(&root), "", "nothing applied yet");
    click(&root, ".ac-replay-speed[data-speed='max']");
    click(&root, ".ac-replay-play");
    let total = text(&root, ".ac-replay-position")
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    assert!(total > words, "every event of the run: {total}");
    wait_for("the recording played to its end", 10_000, || {
        position(&root) == total
    })
    .await;
    assert_eq!(ai_text(&root), reply, "the text the page showed live");
    assert_eq!(run_status(&root), "success");
    // Back to the start, then one event at a time.
    seek_to(&root, 0);
    wait_for("the start", 2_000, || {
        position(&root) == 0 && ai_text(&root).is_empty()
    })
    .await;
    for n in 1..=3 {
        click(&root, ".ac-replay-step");
        wait_for("one event more", 2_000, || position(&root) == n).await;
    }
    // From the Events tab: the thread as it was at the last event.
    click(&root, ".ac-tab[data-tab='events']");
    wait_for("the played events with their jumps", 5_000, || {
        root.query_selector_all(".ac-event-jump").unwrap().length() == 3
    })
    .await;
    let jumps = root.query_selector_all(".ac-event-jump").unwrap();
    let first: HtmlElement = jumps.item(0).unwrap().unchecked_into();
    first.click();
    wait_for("the view at the first event", 2_000, || {
        position(&root) == 1
    })
    .await;
    click(&root, ".ac-replay-close");
    wait_for("the thread again", 10_000, || {
        find(&root, ".ac-replay").is_none() && ai_text(&root) == reply
    })
    .await;

    // A file that is no recording, dropped on the thread: said where it was dropped.
    let junk = text_file("hello, this is not a stream", "notes.txt");
    drop_on_messages(&root, &junk);
    wait_for("the refusal", 5_000, || {
        find(&root, ".ac-replay-error").is_some()
    })
    .await;
    assert!(text(&root, ".ac-replay-error").starts_with("No events in this file"));
    assert!(find(&root, ".ac-replay").is_none());

    // A file over the limit: refused by its size, before it is read.
    let zeros = js_sys::Uint8Array::new_with_length(65 << 20);
    let big =
        web_sys::File::new_with_u8_array_sequence(&js_sys::Array::of1(&zeros), "big.http").unwrap();
    drop_on_messages(&root, &big);
    wait_for("the size refusal", 5_000, || {
        text(&root, ".ac-replay-error").starts_with("big.http is 65 MB")
    })
    .await;
    assert!(text(&root, ".ac-replay-error").contains("recordings over 64 MB are not opened"));
    assert!(find(&root, ".ac-replay").is_none());
}

fn position(root: &HtmlElement) -> usize {
    find(root, ".ac-replay-position")
        .and_then(|e| e.get_attribute("data-position"))
        .and_then(|p| p.parse().ok())
        .unwrap_or(usize::MAX)
}

fn seek_to(root: &HtmlElement, n: usize) {
    let input: web_sys::HtmlInputElement = find(root, ".ac-replay-scrub").unwrap().unchecked_into();
    input.set_value(&n.to_string());
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}
