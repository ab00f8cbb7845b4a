//! The thread-centric streaming protocol against the real LangGraph server (`POST
//! /threads/{id}/stream/events` + `/commands`): a run started with `run.start`, an interrupt answered
//! with `input.respond`, and a dropped subscription reopened with `since` that ends with the exact text.

use super::*;

async fn thread_mode(root: &HtmlElement) {
    connected(root).await;
    tick_run_option(root, ".ac-thread-protocol");
}

#[wasm_bindgen_test]
async fn thread_protocol_an_interrupt_is_answered_with_input_respond() {
    let root = mount(LANGGRAPH, None);
    thread_mode(&root).await;
    type_into(
        &root,
        ".ac-composer-input",
        &unique("protocol please approve"),
    );
    click(&root, ".ac-send");
    wait_for("the interrupt from input.requested", 20_000, || {
        find(&root, ".ac-interrupt-option").is_some() && run_status(&root) == "interrupted"
    })
    .await;
    assert_eq!(text(&root, ".ac-interrupt-question"), "Publish the echo?");
    click(&root, ".ac-interrupt-option");
    wait_for("the resumed run to complete", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(ai_text(&root), "Reviewer said yes. Archived.");
    assert!(
        find(&root, ".ac-interrupt").is_none(),
        "the card is gone once answered"
    );
    // The events were the protocol's: lifecycle and its seq-numbered envelopes.
    click(&root, ".ac-tab[data-tab='events']");
    wait_for("the events list", 5_000, || {
        !all_text(&root, ".ac-event-name").is_empty()
    })
    .await;
    let names = all_text(&root, ".ac-event-name");
    assert!(names.iter().any(|n| n == "lifecycle"), "{names:?}");
    assert!(!page_markup().contains("no_such_interrupt"));
}

#[wasm_bindgen_test]
async fn thread_protocol_a_dropped_subscription_resumes_with_since_and_the_exact_text() {
    let root = mount(LANGGRAPH, None);
    thread_mode(&root).await;
    type_into(&root, ".ac-composer-input", &unique("tell me a long story"));
    click(&root, ".ac-send");
    wait_for("the long story to be under way", 20_000, || {
        ai_text(&root).contains(" w5 ")
    })
    .await;
    reconnect_then_the_exact_long_reply(&root).await;
    assert_eq!(
        all_text(&root, ".ac-message[data-role='ai'] .ac-text").len(),
        1
    );
    assert_eq!(
        all_text(&root, ".ac-message[data-role='human'] .ac-text").len(),
        1
    );
}

#[wasm_bindgen_test]
async fn thread_protocol_answers_an_interrupt_of_a_thread_it_did_not_see_run() {
    // The thread's run happened elsewhere: this page knows none of its seqs and catches up first.
    let t = api(requests::create_thread(json!({}))).await;
    let id = t["thread_id"].as_str().unwrap().to_owned();
    api(HttpRequest::new(Method::Post, format!("/threads/{id}/runs/wait"), "run").json(json!({
        "assistant_id": "lighthouse", "input": {"messages": [{"role": "human", "content": "elsewhere please approve"}]}
    })))
    .await;
    let root = mount(LANGGRAPH, Some(id));
    thread_mode(&root).await;
    wait_for("the stored interrupt", 20_000, || {
        find(&root, ".ac-interrupt-option").is_some()
    })
    .await;
    click(&root, ".ac-interrupt-option");
    wait_for("the resumed run to complete", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(ai_text(&root), "Reviewer said yes. Archived.");
}
