//! Hostile content, files and links: a recording played is read-only — nothing it shows can act on
//! the live thread with the user's credentials; a server a link names gets nothing until the user
//! says they trust it.

use super::*;

/// A recorded LangGraph run that ends in an interrupt asking "Publish the echo?" (real traffic).
const RECORDED_INTERRUPT: &str =
    include_str!("../../crates/core/tests/fixtures/langgraph/stream_interrupt.http");

fn press_escape() {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn a_recordings_interrupt_is_shown_read_only_and_never_answers_the_live_thread() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    // The live thread waits for an answer of its own.
    type_into(&root, ".ac-composer-input", &unique("please approve"));
    click(&root, ".ac-send");
    wait_for("the live interrupt", 20_000, || {
        find(&root, ".ac-interrupt-option").is_some() && run_status(&root) == "interrupted"
    })
    .await;
    let live = open_thread_id(&root);
    let runs_before = api(requests::list_runs(&live, 20, 0)).await;

    // A recording whose run asks the same question is opened from the Events tab and played.
    click(&root, ".ac-tab[data-tab='events']");
    wait_for("Open a recording", 5_000, || {
        find(&root, ".ac-open-recording-input").is_some()
    })
    .await;
    open_recording(
        &root,
        &text_file(RECORDED_INTERRUPT, "stream_interrupt.http"),
    );
    wait_for("the playback bar", 5_000, || {
        find(&root, ".ac-replay").is_some()
    })
    .await;
    click(&root, ".ac-replay-speed[data-speed='max']");
    click(&root, ".ac-replay-play");
    wait_for("the recording's interrupt card", 10_000, || {
        find(&root, ".ac-interrupt-option").is_some()
    })
    .await;
    let card = find(&root, ".ac-interrupt").unwrap();
    assert!(
        card.has_attribute("disabled"),
        "the card is read-only while a recording plays"
    );
    assert!(text(&root, ".ac-interrupt-recorded").contains("part of the recording"));
    // A click on its option, and Esc (stop a run), reach nothing.
    click(&root, ".ac-interrupt-option");
    press_escape();
    let runs_after = api(requests::list_runs(&live, 20, 0)).await;
    assert_eq!(
        runs_after.as_array().map(Vec::len),
        runs_before.as_array().map(Vec::len),
        "no run was started on the live thread: {runs_after}"
    );
    let state = api(requests::thread_state(&live)).await;
    assert!(
        state["next"].as_array().is_some_and(|n| !n.is_empty()),
        "the live thread still waits for its answer: {state}"
    );
    // Closed: the live thread, its own question answerable again.
    click(&root, ".ac-replay-close");
    wait_for("the live thread again", 10_000, || {
        find(&root, ".ac-replay").is_none() && find(&root, ".ac-interrupt-option").is_some()
    })
    .await;
    assert!(!find(&root, ".ac-interrupt")
        .unwrap()
        .has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn a_server_a_link_names_gets_nothing_until_the_user_trusts_it() {
    // A stranger's server: the devserver's landing routes count what reaches them.
    super::faults::reset_landed().await;
    let stranger = format!("{DEVSERVER}/faults/landed");
    let root = mount_config(AppConfig {
        server: Some(stranger.clone()),
        dialect: Some(Dialect::LangGraph),
        server_from_link: true,
        // On this machine it would be trusted; the test stands it for a server elsewhere.
        trust_loopback_links: false,
        sync_url: false,
        ..AppConfig::default()
    });
    wait_for("the link's question", 5_000, || {
        find(&root, ".ac-link-server").is_some()
    })
    .await;
    assert_eq!(text(&root, ".ac-link-server-url"), stranger);
    assert_eq!(
        text(&root, ".ac-connection"),
        "Not connected",
        "no connect on its own"
    );
    // A key typed and Connect pressed: refused in place, nothing sent.
    set_input(&root, ".ac-api-key", "sk-typed-for-a-stranger");
    click(&root, ".ac-connect-button");
    wait_for("the refusal", 5_000, || {
        text(&root, ".ac-profile-error").contains("came from a link")
    })
    .await;
    assert_eq!(
        super::faults::landed().await,
        (0, 0),
        "nothing reached the stranger"
    );
    // Trusted: now it is connected to, with the key.
    click(&root, ".ac-link-trust");
    wait_for("the stranger to be reached", 10_000, || {
        find(&root, ".ac-link-server").is_none()
    })
    .await;
    let mut seen = (0, 0);
    for _ in 0..50 {
        seen = super::faults::landed().await;
        if seen.1 > 0 {
            break;
        }
        sleep(100).await;
    }
    assert!(
        seen.0 > 0 && seen.1 > 0,
        "after trusting, the key goes: {seen:?}"
    );
}

#[wasm_bindgen_test]
async fn a_build_for_some_servers_refuses_the_others_by_name() {
    let root = mount_config(AppConfig {
        server: Some(LANGGRAPH.to_owned()),
        dialect: Some(Dialect::LangGraph),
        allowed_servers: vec!["https://agents.example.com".to_owned()],
        sync_url: false,
        ..AppConfig::default()
    });
    wait_for("the refusal", 5_000, || {
        text(&root, ".ac-connection").contains("connects only to https://agents.example.com")
    })
    .await;
    assert!(text(&root, ".ac-connection").contains(LANGGRAPH));
}

#[wasm_bindgen_test]
async fn a_run_stream_answered_with_no_event_stream_is_said_and_the_run_read_from_the_server() {
    for (kind, said) in [
        ("html", "bytes of text/html that held no event"),
        (
            "json=object",
            "bytes of application/json that held no event",
        ),
        ("empty", "ended without sending anything"),
    ] {
        let typed = unique("not a stream");
        let root = mount_config(AppConfig {
            server: Some(PROXY.to_owned()),
            dialect: Some(Dialect::LangGraph),
            headers: vec![(
                "x-ac-fault".into(),
                format!("{kind}; on=POST /threads/*/runs/stream; times=1; key={typed}"),
            )],
            sync_url: false,
            ..AppConfig::default()
        });
        connected(&root).await;
        type_into(&root, ".ac-composer-input", &typed);
        click(&root, ".ac-send");
        wait_for("the run to settle", 20_000, || {
            !streaming(&root) && !run_status(&root).is_empty()
        })
        .await;
        let notice = text(&root, ".ac-notice");
        assert!(notice.contains(said), "{kind}: {notice:?}");
        // The server did run it: the reply comes from its state.
        assert_eq!(run_status(&root), "success", "{kind}");
        assert!(
            all_text(&root, ".ac-message[data-role='ai'] .ac-text")
                .last()
                .is_some_and(|t| t.contains(&typed)),
            "{kind}: the reply read from the server's state"
        );
    }
}

#[wasm_bindgen_test]
async fn a_server_that_lists_no_assistants_says_nothing_can_be_sent() {
    let root = mount_config(AppConfig {
        server: Some(PROXY.to_owned()),
        dialect: Some(Dialect::LangGraph),
        headers: vec![(
            "x-ac-fault".into(),
            "json=none; on=POST /assistants/search".into(),
        )],
        sync_url: false,
        ..AppConfig::default()
    });
    connected(&root).await;
    wait_for("the word that there is no assistant", 5_000, || {
        text(&root, ".ac-no-assistant").contains("lists no assistants")
    })
    .await;
    type_into(&root, ".ac-composer-input", "hello?");
    click(&root, ".ac-send");
    wait_for("the refusal where the message was sent", 5_000, || {
        text(&root, ".ac-thread-error").contains("lists no assistants")
    })
    .await;
    assert_eq!(composer_text(&root), "hello?", "the typed text is kept");
}
