//! Time travel against the real LangGraph demo server: editing a message, regenerating a reply and
//! switching between the branches they make; forking a checkpoint with edited values; running again
//! from before an interrupt; comparing two checkpoints.

use super::*;

/// The thread's history as the server lists it (newest first).
async fn server_history(thread: &str) -> Vec<serde_json::Value> {
    let h = api(requests::thread_history(thread, 50, None)).await;
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
    // Each loop checkpoint names the node that wrote it (its parent's `next`).
    let titles = all_text(&root, ".ac-checkpoint summary");
    assert!(
        titles.iter().any(|t| t.contains(" · loop · by agent · ")),
        "{titles:?}"
    );

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
    assert!(text(&root, ".ac-diff h3").contains("→"));
}

/// The texts of the messages of `role` shown, in order.
fn texts_of(root: &HtmlElement, role: &str) -> Vec<String> {
    all_text(root, &format!(".ac-message[data-role='{role}'] .ac-text"))
}

fn last_of(root: &HtmlElement, role: &str) -> Option<HtmlElement> {
    let rows = root
        .query_selector_all(&format!(".ac-message[data-role='{role}']"))
        .unwrap();
    rows.item(rows.length().checked_sub(1)?)
        .map(|e| e.unchecked_into())
}

/// Whether the last message of `role` holds `sel`.
fn in_last(root: &HtmlElement, role: &str, sel: &str) -> bool {
    last_of(root, role).is_some_and(|row| find(&row, sel).is_some())
}

/// Clicks `sel` inside the last message of `role`.
fn click_in_last(root: &HtmlElement, role: &str, sel: &str) {
    let row = last_of(root, role).unwrap_or_else(|| panic!("no {role} message"));
    click(&row, sel);
}

fn label_in_last(root: &HtmlElement, role: &str) -> String {
    all_text(
        root,
        &format!(".ac-message[data-role='{role}'] .ac-branch-label"),
    )
    .pop()
    .unwrap_or_default()
}

async fn server_messages(thread: &str) -> Vec<(String, String)> {
    let state = api(HttpRequest::new(
        Method::Get,
        format!("/threads/{thread}/state"),
        "state",
    ))
    .await;
    state["values"]["messages"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|m| {
                    (
                        m["type"].as_str().unwrap_or_default().to_owned(),
                        m["content"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn echo(text: &str) -> String {
    format!("Quartz echo: {text} — seven amber herons crossed the fjord at dawn.")
}

#[wasm_bindgen_test]
async fn an_edited_message_makes_a_branch_and_the_first_branch_is_one_click_back() {
    let root = mount(LANGGRAPH, None);
    let first = unique("branch first");
    run_to_success(&root, &first).await;
    let second = unique("branch second");
    type_into(&root, ".ac-composer-input", &second);
    click(&root, ".ac-send");
    wait_for("the second reply and its Edit button", 20_000, || {
        ai_text(&root) == echo(&second)
            && run_status(&root) == "success"
            && in_last(&root, "human", ".ac-edit")
    })
    .await;
    assert!(
        find(&root, ".ac-branch").is_none(),
        "no fork yet: no switch"
    );

    // Edit the second message: the editor holds its text; the edit runs from before it.
    click_in_last(&root, "human", ".ac-edit");
    wait_for("the editor", 5_000, || {
        find(&root, ".ac-edit-text").is_some()
    })
    .await;
    let ta: web_sys::HtmlTextAreaElement = find(&root, ".ac-edit-text").unwrap().unchecked_into();
    assert_eq!(ta.value(), second);
    let edited = unique("branch edited");
    type_into(&root, ".ac-edit-text", &edited);
    click(&root, ".ac-edit-send");
    wait_for("the edit's reply on branch 2 of 2", 20_000, || {
        ai_text(&root) == echo(&edited)
            && run_status(&root) == "success"
            && label_in_last(&root, "human") == "2 / 2"
    })
    .await;
    assert_eq!(
        texts_of(&root, "human"),
        vec![first.clone(), edited.clone()]
    );
    assert_eq!(texts_of(&root, "ai"), vec![echo(&first), echo(&edited)]);
    // The server's own state: the edit replaced the second exchange.
    let thread = open_thread_id(&root);
    assert_eq!(
        server_messages(&thread).await,
        vec![
            ("human".to_owned(), first.clone()),
            ("ai".to_owned(), echo(&first)),
            ("human".to_owned(), edited.clone()),
            ("ai".to_owned(), echo(&edited)),
        ]
    );
    assert_eq!(
        all_text(&root, ".ac-branch-label"),
        vec!["2 / 2"],
        "one fork, shown once"
    );

    // Back to branch 1: the first second message and its reply.
    click_in_last(&root, "human", ".ac-branch-prev");
    wait_for("branch 1", 10_000, || {
        texts_of(&root, "human") == vec![first.clone(), second.clone()]
            && label_in_last(&root, "human") == "1 / 2"
    })
    .await;
    assert_eq!(texts_of(&root, "ai"), vec![echo(&first), echo(&second)]);
    // A deep link to that branch (its head checkpoint) opens there.
    let head = find(&root, ".ac-messages")
        .and_then(|e| e.get_attribute("data-head"))
        .unwrap_or_default();
    assert!(!head.is_empty());
    ensure_stylesheet();
    let linked = fresh_root();
    mount_app(
        linked.clone(),
        AppConfig {
            server: Some(LANGGRAPH.to_owned()),
            dialect: Some(Dialect::LangGraph),
            thread: Some(thread.clone()),
            checkpoint: Some(head),
            sync_url: false,
            ..AppConfig::default()
        },
    );
    wait_for("the linked branch", 15_000, || {
        texts_of(&linked, "human") == vec![first.clone(), second.clone()]
            && label_in_last(&linked, "human") == "1 / 2"
    })
    .await;
    // And forward again.
    click_in_last(&root, "human", ".ac-branch-next");
    wait_for("branch 2 again", 10_000, || {
        texts_of(&root, "human") == vec![first.clone(), edited.clone()]
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_regenerated_reply_is_the_second_branch_of_that_reply() {
    let root = mount(LANGGRAPH, None);
    let first = unique("regenerate");
    run_to_success(&root, &first).await;
    wait_for("the Regenerate button", 10_000, || {
        in_last(&root, "ai", ".ac-regenerate")
    })
    .await;
    click_in_last(&root, "ai", ".ac-regenerate");
    let again =
        format!("Quartz echo: {first} (take 2) — seven amber herons crossed the fjord at dawn.");
    wait_for("the second take on branch 2 of 2", 20_000, || {
        ai_text(&root) == again
            && run_status(&root) == "success"
            && label_in_last(&root, "ai") == "2 / 2"
    })
    .await;
    assert_eq!(
        texts_of(&root, "human"),
        vec![first.clone()],
        "the question once"
    );
    assert_eq!(
        texts_of(&root, "ai"),
        vec![again.clone()],
        "one reply shown"
    );
    click_in_last(&root, "ai", ".ac-branch-prev");
    wait_for("the first take", 10_000, || {
        texts_of(&root, "ai") == vec![echo(&first)] && label_in_last(&root, "ai") == "1 / 2"
    })
    .await;
}

/// Opens *Fork from here* on checkpoint `id` in the State tab.
async fn open_fork(root: &HtmlElement, id: &str) {
    click(root, ".ac-tab[data-tab='state']");
    let row = format!(".ac-checkpoint[data-checkpoint-id='{id}']");
    wait_for("the checkpoint in the history", 10_000, || {
        find(root, &format!("{row} .ac-fork-open")).is_some()
    })
    .await;
    click(root, &format!("{row} .ac-fork-open"));
    wait_for("the fork form", 5_000, || {
        find(root, &format!("{row} .ac-fork-values")).is_some()
    })
    .await;
}

fn set_value(root: &HtmlElement, sel: &str, value: &str) {
    let el = find(root, sel).unwrap_or_else(|| panic!("no {sel}"));
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else {
        el.unchecked_ref::<web_sys::HtmlTextAreaElement>()
            .set_value(value);
    }
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_fork_with_edited_values_runs_on_from_them_and_a_refusal_is_said_in_place() {
    let root = mount(LANGGRAPH, None);
    let first = unique("fork me");
    run_to_success(&root, &first).await;
    let thread = open_thread_id(&root);
    // The checkpoint before the agent answered: the question alone, the agent next.
    let history = server_history(&thread).await;
    let before_agent = history
        .iter()
        .find(|c| {
            c["values"]["messages"].as_array().map(Vec::len) == Some(1)
                && c["next"] == json!(["agent"])
        })
        .map(checkpoint_id)
        .expect("the checkpoint before the agent");
    open_fork(&root, &before_agent).await;
    let form = format!(".ac-checkpoint[data-checkpoint-id='{before_agent}']");
    let shown: serde_json::Value = serde_json::from_str(
        &find(&root, &format!("{form} .ac-fork-values"))
            .unwrap()
            .unchecked_into::<web_sys::HtmlTextAreaElement>()
            .value(),
    )
    .expect("the values as JSON");
    assert_eq!(shown["messages"][0]["content"], json!(first));

    // Not JSON: said in place, nothing sent.
    set_value(&root, &format!("{form} .ac-fork-values"), "{ not json");
    click(&root, &format!("{form} .ac-fork-only"));
    wait_for("the JSON error", 5_000, || {
        text(&root, &format!("{form} .ac-fork-error")).contains("Not valid JSON")
    })
    .await;
    // A node the graph does not have: the server's own words, in place.
    let mut values = shown.clone();
    let forked = unique("forked question");
    values["messages"][0]["content"] = json!(forked);
    set_value(
        &root,
        &format!("{form} .ac-fork-values"),
        &values.to_string(),
    );
    set_value(&root, &format!("{form} .ac-fork-node"), "no_such_node");
    click(&root, &format!("{form} .ac-fork-only"));
    wait_for("the server's refusal", 10_000, || {
        text(&root, &format!("{form} .ac-fork-error")).contains("no_such_node")
    })
    .await;
    assert_eq!(
        server_history(&thread).await.len(),
        history.len(),
        "no checkpoint made"
    );

    // The server picks the node: the agent answers the forked question.
    set_value(&root, &format!("{form} .ac-fork-node"), "");
    click(&root, &format!("{form} .ac-fork-run"));
    wait_for("the reply to the forked question", 20_000, || {
        ai_text(&root) == echo(&forked) && run_status(&root) == "success"
    })
    .await;
    assert_eq!(texts_of(&root, "human"), vec![forked.clone()]);
    assert_eq!(
        server_messages(&thread).await,
        vec![
            ("human".to_owned(), forked.clone()),
            ("ai".to_owned(), echo(&forked))
        ]
    );
    // The old question's reply is the first branch.
    wait_for("the switch", 10_000, || {
        label_in_last(&root, "ai") == "2 / 2" || label_in_last(&root, "human") == "2 / 2"
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_run_again_from_before_an_interrupt_takes_another_answer() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    type_into(&root, ".ac-composer-input", &unique("please approve"));
    click(&root, ".ac-send");
    wait_for("the interrupt", 20_000, || {
        find(&root, ".ac-interrupt-option").is_some() && run_status(&root) == "interrupted"
    })
    .await;
    click(&root, ".ac-interrupt-option");
    wait_for("the yes", 20_000, || {
        ai_text(&root) == "Reviewer said yes. Archived." && run_status(&root) == "success"
    })
    .await;
    let thread = open_thread_id(&root);
    // The checkpoint waiting on the approval.
    let waiting = server_history(&thread)
        .await
        .iter()
        .find(|c| c["next"] == json!(["approval"]))
        .map(checkpoint_id)
        .expect("the checkpoint before the approval");
    click(&root, ".ac-tab[data-tab='state']");
    let rerun = format!(".ac-checkpoint[data-checkpoint-id='{waiting}'] .ac-rerun");
    wait_for("Re-run from here", 10_000, || find(&root, &rerun).is_some()).await;
    click(&root, &rerun);
    wait_for("the interrupt again, in the Messages tab", 20_000, || {
        find(&root, ".ac-interrupt-option").is_some() && run_status(&root) == "interrupted"
    })
    .await;
    assert!(
        !texts_of(&root, "ai")
            .iter()
            .any(|t| t.starts_with("Reviewer said")),
        "the first answer is not on this branch"
    );
    let options = root.query_selector_all(".ac-interrupt-option").unwrap();
    options
        .item(1)
        .expect("a second option")
        .unchecked_into::<HtmlElement>()
        .click();
    wait_for("the no", 20_000, || {
        ai_text(&root) == "Reviewer said no. Discarded." && run_status(&root) == "success"
    })
    .await;
    let said = server_messages(&thread).await;
    assert_eq!(
        said.last().map(|m| m.1.as_str()),
        Some("Reviewer said no. Discarded.")
    );
}

/// A new thread with `n` exchanges made through the server's own API; returns its id and the
/// human messages.
async fn thread_with_runs(n: usize, prefix: &str) -> (String, Vec<String>) {
    let thread = api(HttpRequest::new(Method::Post, "/threads", "thread").json(json!({}))).await
        ["thread_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut said = Vec::new();
    for i in 0..n {
        let text = unique(&format!("{prefix} {i}"));
        api(
            HttpRequest::new(Method::Post, format!("/threads/{thread}/runs/wait"), "run").json(
                json!({
                    "assistant_id": "lighthouse",
                    "input": {"messages": [{"role": "human", "content": text}]},
                }),
            ),
        )
        .await;
        said.push(text);
    }
    (thread, said)
}

#[wasm_bindgen_test]
async fn a_refused_edit_keeps_the_edited_text_and_the_thread_as_it_was() {
    let (thread, said) = thread_with_runs(1, "refused edit").await;
    // Through the fault proxy: every run start is refused as busy.
    ensure_stylesheet();
    let root = fresh_root();
    mount_app(
        root.clone(),
        AppConfig {
            server: Some(PROXY.to_owned()),
            dialect: Some(Dialect::LangGraph),
            thread: Some(thread),
            headers: vec![(
                "x-ac-fault".into(),
                format!(
                    "status=409; on=POST /threads/*/runs/stream; key={}",
                    unique("k")
                ),
            )],
            sync_url: false,
            ..AppConfig::default()
        },
    );
    wait_for("the thread and its Edit button", 15_000, || {
        in_last(&root, "human", ".ac-edit")
    })
    .await;
    click_in_last(&root, "human", ".ac-edit");
    let edited = unique("an edit the server refuses");
    wait_for("the editor", 5_000, || {
        find(&root, ".ac-edit-text").is_some()
    })
    .await;
    type_into(&root, ".ac-edit-text", &edited);
    click(&root, ".ac-edit-send");
    wait_for(
        "the refusal, and the editor back with the text",
        15_000,
        || {
            find(&root, ".ac-edit-text")
                .map(|e| e.unchecked_into::<web_sys::HtmlTextAreaElement>().value())
                .as_deref()
                == Some(edited.as_str())
                && text(&root, ".ac-thread-error").contains("409")
        },
    )
    .await;
    assert_eq!(texts_of(&root, "human"), said, "the thread as it was");
    assert_eq!(texts_of(&root, "ai"), vec![echo(&said[0])]);
}

#[wasm_bindgen_test]
async fn the_history_is_paged_back_to_its_first_checkpoint() {
    let (thread, _) = thread_with_runs(8, "paged").await;
    let all: Vec<String> = server_history(&thread)
        .await
        .iter()
        .map(checkpoint_id)
        .collect();
    assert!(all.len() > 20, "more than a page: {}", all.len());
    let root = mount(LANGGRAPH, Some(thread));
    connected(&root).await;
    click(&root, ".ac-tab[data-tab='state']");
    let shown = || {
        let list = root.query_selector_all(".ac-checkpoint").unwrap();
        (0..list.length())
            .filter_map(|i| {
                list.item(i)?
                    .unchecked_into::<Element>()
                    .get_attribute("data-checkpoint-id")
            })
            .collect::<Vec<_>>()
    };
    wait_for("the newest page", 10_000, || shown().len() == 20).await;
    assert_eq!(shown(), all[..20].to_vec());
    click(&root, ".ac-history-older");
    wait_for("the older checkpoints", 10_000, || {
        shown().len() == all.len()
    })
    .await;
    assert_eq!(shown(), all, "every checkpoint once, newest first");
    assert!(
        find(&root, ".ac-history-older").is_none(),
        "the last page has no more"
    );
}
