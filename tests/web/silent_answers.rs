//! The rest of the bad-answer catalogue: answers that once passed in silence (issue 43, item 7), each
//! against the real LangGraph server through the fault proxy. Each must end in a readable message
//! where it happened, and a run is settled only against the server's own state — never left
//! "running" without a word, never called a success it was not.

use super::*;
use agent_console::config::Timeouts;

/// Mounts the app on the proxy, every request carrying `fault`, opening `thread` if given, and
/// waits for the connection.
async fn through_proxy(fault: &str, thread: Option<String>) -> HtmlElement {
    let timeouts = Timeouts {
        request_ms: 3_000,
        ..Timeouts::default()
    };
    super::faults::with_fault_on(PROXY, Dialect::LangGraph, fault, timeouts, thread).await
}

/// Sends the long story through `fault` on a new thread.
async fn long_story_through(fault: &str) -> HtmlElement {
    let root = through_proxy(fault, None).await;
    type_into(&root, ".ac-composer-input", &unique("tell me a long story"));
    click(&root, ".ac-send");
    root
}

/// A thread with one finished run (the server's own API, no fault).
async fn finished_thread(text: &str) -> String {
    let t = api(HttpRequest::new(Method::Post, "/threads", "t").json(json!({}))).await;
    let id = t["thread_id"].as_str().expect("a thread id").to_owned();
    api(
        HttpRequest::new(Method::Post, format!("/threads/{id}/runs/wait"), "run").json(json!({
            "assistant_id": "lighthouse",
            "input": {"messages": [{"role": "user", "content": text}]}
        })),
    )
    .await;
    id
}

/// A thread busy with the long story (a background run, ~5 s), and that run's id.
async fn busy_thread() -> (String, String) {
    let t = api(HttpRequest::new(Method::Post, "/threads", "t").json(json!({}))).await;
    let id = t["thread_id"].as_str().expect("a thread id").to_owned();
    let run = api(
        HttpRequest::new(Method::Post, format!("/threads/{id}/runs"), "run").json(json!({
            "assistant_id": "lighthouse",
            "input": {"messages": [{"role": "user", "content": unique("tell me a long story")}]}
        })),
    )
    .await;
    let run_id = run["run_id"].as_str().expect("a run id").to_owned();
    (id, run_id)
}

/// Waits for `f`, or fails saying what the pane says and the run's status.
async fn until(root: &HtmlElement, what: &str, timeout_ms: i32, f: impl Fn() -> bool) {
    let mut waited = 0;
    while !f() {
        assert!(
            waited < timeout_ms,
            "timed out after {timeout_ms} ms waiting for {what}; status {:?}, streaming {}, said: {}",
            run_status(root),
            streaming(root),
            said(root)
        );
        sleep(50).await;
        waited += 50;
    }
}

/// What the thread pane says: its error, its notice and its warnings, in that order.
fn said(root: &HtmlElement) -> String {
    [".ac-thread-error", ".ac-notice", ".ac-warnings"]
        .iter()
        .map(|s| text(root, s))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[wasm_bindgen_test]
async fn a_state_whose_messages_are_a_string_says_so_where_the_messages_would_be() {
    let thread = finished_thread(&unique("messages as a string")).await;
    let root = through_proxy(
        "json=messages-string; on=GET /threads/*/state",
        Some(thread),
    )
    .await;
    wait_for("the warning", 10_000, || {
        find(&root, ".ac-warnings").is_some()
    })
    .await;
    let w = text(&root, ".ac-warnings");
    assert!(w.contains("1 part(s) could not be read"), "{w}");
    assert!(
        w.contains("the state's messages are a string, not a list of messages"),
        "{w}"
    );
    assert!(find(&root, ".ac-message").is_none(), "no message made up");
}

#[wasm_bindgen_test]
async fn values_nested_past_the_reader_say_so_in_the_state_tab() {
    let thread = finished_thread(&unique("values nested deeply")).await;
    let root = through_proxy("json=deep-values; on=GET /threads/*/state", Some(thread)).await;
    wait_for("the State tab", 10_000, || {
        find(&root, ".ac-tab[data-tab='state']").is_some()
    })
    .await;
    click(&root, ".ac-tab[data-tab='state']");
    wait_for("the values' alert", 10_000, || {
        find(&root, ".ac-values-error[role='alert']").is_some()
    })
    .await;
    let said = text(&root, ".ac-values-error");
    assert!(
        said.contains("could not be read") && said.contains("recursion limit"),
        "{said}"
    );
}

#[wasm_bindgen_test]
async fn a_busy_thread_whose_run_cannot_be_joined_says_so_and_settles_from_the_state() {
    let (thread, run) = busy_thread().await;
    let root = through_proxy(
        "status=404; on=GET /threads/*/runs/*/stream",
        Some(thread.clone()),
    )
    .await;
    until(
        &root,
        "a word that the run could not be joined",
        15_000,
        || said(&root).contains("404"),
    )
    .await;
    assert_eq!(
        find(&root, ".ac-run-status").and_then(|e| e.get_attribute("data-run-id")),
        Some(run),
        "the run named"
    );
    assert!(streaming(&root), "followed, not dropped: {}", said(&root));
    // The run ends on the server; the view settles from the server's state, with the whole reply.
    until(&root, "the run settled", 30_000, || {
        !streaming(&root) && run_status(&root) == "success"
    })
    .await;
    wait_for("the whole reply", 10_000, || ai_text(&root) == long_reply()).await;
}

#[wasm_bindgen_test]
async fn rejoins_that_keep_failing_are_said_and_the_run_settles_from_the_state() {
    // The stream breaks after a few events; every rejoin is answered 500.
    let root = long_story_through(
        "reset-after=6; on=POST /threads/*/runs/stream || status=500; on=GET /threads/*/runs/*/stream",
    )
    .await;
    until(&root, "the failed rejoins said", 30_000, || {
        said(&root).contains("500")
    })
    .await;
    // Not left running in silence: the server's state settles it, with the whole reply.
    until(&root, "the run settled", 40_000, || {
        !streaming(&root) && run_status(&root) == "success"
    })
    .await;
    wait_for("the whole reply", 10_000, || ai_text(&root) == long_reply()).await;
}

#[wasm_bindgen_test]
async fn a_final_status_that_cannot_be_read_is_said_not_guessed() {
    // The stream ends cleanly after a few events; the run's status is answered 500 each time.
    let root = long_story_through(
        "cut-after=6; on=POST /threads/*/runs/stream || status=500; on=GET /threads/*/runs/*",
    )
    .await;
    until(&root, "the unreadable status said", 40_000, || {
        said(&root).contains("500")
    })
    .await;
    until(&root, "the stream given up", 40_000, || !streaming(&root)).await;
    let status = run_status(&root);
    assert_ne!(status, "success", "not guessed a success: {}", said(&root));
    assert_ne!(status, "running", "not left running: {}", said(&root));
}
