//! Hostile content and hostile files: a recording played is read-only — nothing it shows can act on
//! the live thread with the user's credentials.

use super::*;

/// A recorded LangGraph run that ends in an interrupt asking "Publish the echo?" (real traffic).
const RECORDED_INTERRUPT: &str =
    include_str!("../../crates/core/tests/fixtures/langgraph/stream_interrupt.http");

fn open_recording(root: &HtmlElement, body: &str, name: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(body));
    let file = web_sys::File::new_with_str_sequence(&parts, name).unwrap();
    let input: web_sys::HtmlInputElement = find(root, ".ac-open-recording-input")
        .expect("Open a recording")
        .unchecked_into();
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(&file).unwrap();
    input.set_files(dt.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

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
    open_recording(&root, RECORDED_INTERRUPT, "stream_interrupt.http");
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
