//! Time travel against the real LangGraph demo server: comparing two checkpoints of a thread.

use super::*;

/// The thread's history as the server lists it (newest first).
async fn server_history(thread: &str) -> Vec<serde_json::Value> {
    let h = api(requests::thread_history(thread, 50)).await;
    h.as_array().cloned().unwrap_or_default()
}

fn checkpoint_id(c: &serde_json::Value) -> String {
    c["checkpoint"]["checkpoint_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn pick(root: &HtmlElement, checkpoint: &str) {
    click(
        root,
        &format!(".ac-checkpoint[data-checkpoint-id='{checkpoint}'] .ac-compare-pick"),
    );
}

fn picked(root: &HtmlElement, checkpoint: &str) -> bool {
    find(
        root,
        &format!(".ac-checkpoint[data-checkpoint-id='{checkpoint}'] .ac-compare-pick"),
    )
    .map(|e| e.unchecked_into::<web_sys::HtmlInputElement>().checked())
    .unwrap_or(false)
}

#[wasm_bindgen_test]
async fn two_checkpoints_compare_by_message_and_by_word() {
    let root = mount(LANGGRAPH, None);
    let first = unique("compare first");
    run_to_success(&root, &first).await;
    let second = unique("compare second");
    type_into(&root, ".ac-composer-input", &second);
    click(&root, ".ac-send");
    wait_for("the second reply", 20_000, || {
        ai_text(&root).contains(&second) && run_status(&root) == "success"
    })
    .await;
    let thread = open_thread_id(&root);

    // An edit of the second reply (the same message id: add_messages replaces it) makes a third
    // checkpoint whose only difference is one word of that message.
    let state = api(HttpRequest::new(
        Method::Get,
        format!("/threads/{thread}/state"),
        "state",
    ))
    .await;
    let reply = state["values"]["messages"]
        .as_array()
        .and_then(|m| m.last())
        .cloned()
        .expect("the second reply in the state");
    let said = reply["content"].as_str().unwrap_or_default().to_owned();
    assert!(said.contains(" amber "), "{said}");
    let edited = said.replace(" amber ", " crimson ");
    api(
        HttpRequest::new(Method::Post, format!("/threads/{thread}/state"), "update").json(json!({
            "values": {"messages": [{"type": "ai", "id": reply["id"], "content": edited}]},
            "as_node": "agent",
        })),
    )
    .await;

    // The end of each run (no `next`) and the edit, from the server's own history.
    let history = server_history(&thread).await;
    let ended = |n: usize| {
        history
            .iter()
            .find(|c| {
                c["values"]["messages"].as_array().map(Vec::len) == Some(n)
                    && c["next"].as_array().is_some_and(Vec::is_empty)
                    && c["metadata"]["source"] != "update"
            })
            .map(checkpoint_id)
            .unwrap_or_else(|| panic!("no checkpoint ending with {n} messages"))
    };
    let (run1, run2, edit) = (ended(2), ended(4), checkpoint_id(&history[0]));
    assert_eq!(history[0]["metadata"]["source"], "update");

    click(&root, ".ac-tab[data-tab='state']");
    wait_for("the history", 10_000, || {
        find(
            &root,
            &format!(".ac-checkpoint[data-checkpoint-id='{edit}']"),
        )
        .is_some()
    })
    .await;
    assert!(find(&root, ".ac-diff-hint").is_some());

    // The end of run 1 → the end of run 2: the second exchange, nothing else.
    pick(&root, &run2);
    pick(&root, &run1);
    wait_for("the comparison", 5_000, || {
        find(&root, ".ac-diff").is_some()
    })
    .await;
    assert_eq!(
        all_text(&root, ".ac-diff-only-after .ac-diff-text"),
        vec![second.clone(), said.clone()]
    );
    assert!(find(&root, ".ac-diff-only-before").is_none());
    assert!(find(&root, ".ac-diff-changed").is_none());
    assert!(
        find(&root, ".ac-diff-values").is_none(),
        "messages are the only key"
    );

    // Run 2's end → the edit: one changed message, one word out and one in.
    pick(&root, &run1);
    pick(&root, &edit);
    wait_for("the word diff", 5_000, || {
        find(&root, ".ac-diff-changed").is_some()
    })
    .await;
    assert!(find(&root, ".ac-diff-only-after").is_none());
    assert_eq!(all_text(&root, ".ac-diff-changed del"), vec!["amber"]);
    assert_eq!(all_text(&root, ".ac-diff-changed ins"), vec!["crimson"]);
    assert_eq!(text(&root, ".ac-diff-changed .ac-role"), "ai");

    // A third pick lets go of the first: run 1's end → the edit.
    pick(&root, &run1);
    wait_for(
        "the first pick let go and the new comparison",
        5_000,
        || !picked(&root, &run2) && find(&root, ".ac-diff-changed").is_none(),
    )
    .await;
    assert!(picked(&root, &edit) && picked(&root, &run1));
    assert_eq!(
        all_text(&root, ".ac-diff-only-after .ac-diff-text"),
        vec![second, edited]
    );
    // The newer checkpoint is always "after", whatever the order of the picks.
    assert!(text(&root, ".ac-diff h4").contains("→"));
}
