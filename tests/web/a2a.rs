//! A2A against two real servers: the bundled a2a-sdk agent (tests/servers/a2a/agent.py, both
//! protocol versions) and the real LangGraph server's own `/a2a/{assistant}`. Connected by card URL,
//! a reply streamed from its artifact's chunks, input-required answered in place, a failure in the
//! agent's words, Stop cancelling the task, data and file parts, a reload during a task rejoining it
//! (resubscribed on the SDK, read again on LangGraph), each reply once.

use super::*;

pub(super) const A2A: &str = match option_env!("AC_A2A_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:2180",
};

/// The same agent behind the fault proxy (the lossless suite).
pub(super) const PROXIED: &str = match option_env!("AC_A2A_PROXY_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:2185",
};

fn mount_a2a(server: &str, version: Option<&str>, thread: Option<String>) -> HtmlElement {
    mount_config(AppConfig {
        server: Some(server.to_owned()),
        dialect: Some(Dialect::A2a),
        folder: version.map(str::to_owned),
        thread,
        sync_url: false,
        ..AppConfig::default()
    })
}

async fn a2a_connected(root: &HtmlElement) -> String {
    wait_for("the connection to the A2A agent", 15_000, || {
        find(root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    text(root, ".ac-connection.ac-ok")
}

fn replies(root: &HtmlElement) -> Vec<String> {
    all_text(root, ".ac-message[data-role='ai'] .ac-text")
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .collect()
}

fn selected_thread(root: &HtmlElement) -> Option<String> {
    find(root, ".ac-thread.ac-selected").and_then(|e| e.get_attribute("data-thread-id"))
}

/// Sends `words` once the composer takes them (a conversation the first message made is opened
/// under its id meanwhile), and waits until it has.
async fn send(root: &HtmlElement, words: &str) {
    let ready =
        || find(root, ".ac-send").is_some_and(|b| !b.has_attribute("disabled")) && !streaming(root);
    wait_for("the composer ready", 10_000, ready).await;
    type_into(root, ".ac-composer-input", words);
    click(root, ".ac-send");
    // Shown once the server took it (the composer keeps it until the run ends).
    wait_for("the message shown", 10_000, || {
        all_text(root, ".ac-message[data-role='human'] .ac-text")
            .iter()
            .any(|t| t == words)
    })
    .await;
}

/// The SDK's tasks of a conversation, straight from the agent (`ListTasks`, 1.0).
async fn sdk_tasks(context: &str) -> Vec<serde_json::Value> {
    let p = ServerProfile::new(A2A, Dialect::A2a);
    let req = HttpRequest::new(Method::Post, "", "t")
        .header("A2A-Version", "1.0")
        .json(json!({"jsonrpc": "2.0", "id": 1, "method": "ListTasks", "params": {"contextId": context}}));
    let r = agent_console::platform::transport::send(&p, &req)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    v["result"]["tasks"].as_array().cloned().unwrap_or_default()
}

fn state_of(t: &serde_json::Value) -> String {
    t["status"]["state"].as_str().unwrap_or_default().to_owned()
}

#[wasm_bindgen_test]
async fn a2a_sdk_agent_streams_asks_fails_and_cancels_in_one_conversation() {
    // Connected by its card's URL (0.3: the card lists both; the top-level url keeps 0.3).
    let root = mount_a2a(&format!("{A2A}/.well-known/agent-card.json"), None, None);
    let status = a2a_connected(&root).await;
    assert!(
        status.contains("A2A 0.3") && status.contains("conversations listed"),
        "{status}"
    );
    assert!(status.contains("resubscribed"), "{status}");
    assert!(
        all_text(&root, ".ac-assistants option")
            .iter()
            .any(|o| o.contains("A2A demo agent")),
        "{:?}",
        all_text(&root, ".ac-assistants option")
    );
    // A reply streamed in three chunks of one artifact: one message, whole.
    let words = unique("hello agent");
    send(&root, &words).await;
    wait_for("the echo", 15_000, || run_status(&root) == "success").await;
    assert_eq!(replies(&root), vec![format!("Echo: {words}")]);
    let context = selected_thread(&root).expect("the conversation is the selected thread");
    assert!(text(&root, ".ac-thread.ac-selected").contains("hello agent"));
    // input-required: the question, answered in place, in the same task.
    send(&root, "ask me about the weather").await;
    wait_for("the question", 15_000, || {
        run_status(&root) == "interrupted" && find(&root, ".ac-interrupt-form").is_some()
    })
    .await;
    assert_eq!(text(&root, ".ac-interrupt-question"), "Which city?");
    set_input(&root, ".ac-form-field[data-field='text'] input", "Oslo");
    click(&root, ".ac-form-submit");
    wait_for("the answer's reply", 15_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(
        replies(&root).last().map(String::as_str),
        Some("Sunny in Oslo")
    );
    assert!(find(&root, ".ac-interrupt").is_none());
    // A failure, in the agent's words.
    send(&root, "fail on purpose").await;
    wait_for("the failure", 15_000, || run_status(&root) == "error").await;
    let said = text(&root, ".ac-thread-error");
    assert!(
        said.contains("The agent failed on purpose: fail on purpose"),
        "{said}"
    );
    // Stop cancels the task: the server says canceled.
    send(&root, "slow ticks").await;
    wait_for("ticks streaming", 15_000, || {
        replies(&root).last().is_some_and(|t| t.contains("tick 2"))
    })
    .await;
    click(&root, ".ac-cancel");
    wait_for("the task cancelled", 15_000, || {
        run_status(&root) == "cancelled"
    })
    .await;
    // A file the user attaches goes as a file part (its bytes), beside the text.
    super::conversation::pick(&root, &[text_file("twelve bytes", "notes.txt")]);
    wait_for("the attachment", 5_000, || {
        find(&root, ".ac-attachment").is_some()
    })
    .await;
    send(&root, "with a file").await;
    wait_for("its echo", 15_000, || {
        run_status(&root) == "success"
            && replies(&root).last().map(String::as_str) == Some("Echo: with a file")
    })
    .await;
    // Data and a file from the agent: a JSON tree and an attachment.
    send(&root, "data please").await;
    wait_for("the data", 15_000, || run_status(&root) == "success").await;
    assert!(text(&root, ".ac-message[data-role='ai'] .ac-json").contains("Paris"));
    send(&root, "file please").await;
    wait_for("the file", 15_000, || {
        find(&root, ".ac-message[data-role='ai'] .ac-file").is_some()
    })
    .await;
    assert!(all_text(&root, ".ac-message[data-role='ai'] .ac-file")
        .last()
        .is_some_and(|f| f.contains("hello.txt")));
    // The server holds what was shown: seven tasks in the conversation, each ended as shown, the
    // attached file among the parts of its message.
    let tasks = sdk_tasks(&context).await;
    let file_part = tasks
        .iter()
        .flat_map(|t| t["history"].as_array().cloned().unwrap_or_default())
        .flat_map(|m| m["parts"].as_array().cloned().unwrap_or_default())
        .find(|p| p["filename"] == "notes.txt")
        .unwrap_or_else(|| panic!("the file part: {tasks:?}"));
    assert_eq!(file_part["raw"], "dHdlbHZlIGJ5dGVz", "its bytes, base64");
    let mut states: Vec<String> = tasks.iter().map(state_of).collect();
    states.sort();
    assert_eq!(
        states,
        [
            "TASK_STATE_CANCELED",
            "TASK_STATE_COMPLETED",
            "TASK_STATE_COMPLETED",
            "TASK_STATE_COMPLETED",
            "TASK_STATE_COMPLETED",
            "TASK_STATE_COMPLETED",
            "TASK_STATE_FAILED"
        ],
        "{tasks:?}"
    );
    // The Runs tab: the conversation's tasks.
    click(&root, ".ac-tab[data-tab='runs']");
    wait_for("seven runs", 10_000, || {
        all_text(&root, ".ac-run-row").len() == 7
    })
    .await;
}

#[wasm_bindgen_test]
async fn a2a_v1_reload_during_a_task_resubscribes_and_shows_each_tick_once() {
    let root = mount_a2a(A2A, Some("1.0"), None);
    let status = a2a_connected(&root).await;
    assert!(status.contains("A2A 1.0"), "{status}");
    send(&root, "slow reload").await;
    wait_for("ticks streaming", 15_000, || {
        replies(&root).last().is_some_and(|t| t.contains("tick 2"))
    })
    .await;
    let context = selected_thread(&root).expect("the conversation");
    // A reload: a new app on the same conversation rejoins the task it remembers.
    let again = mount_a2a(A2A, Some("1.0"), Some(context.clone()));
    a2a_connected(&again).await;
    wait_for("the rejoined task streaming", 15_000, || {
        replies(&again).last().is_some_and(|t| t.contains("tick 6"))
    })
    .await;
    click(&again, ".ac-cancel");
    wait_for("the task cancelled", 15_000, || {
        run_status(&again) == "cancelled"
    })
    .await;
    let ticks = replies(&again)
        .into_iter()
        .find(|t| t.contains("tick"))
        .unwrap();
    let n: Vec<u32> = ticks
        .split("tick ")
        .filter_map(|t| t.trim().parse().ok())
        .collect();
    assert!(n.len() >= 6 && n[0] == 1, "{ticks}");
    assert!(
        n.windows(2).all(|w| w[1] == w[0] + 1),
        "each tick once, in order: {ticks}"
    );
    let tasks = sdk_tasks(&context).await;
    assert_eq!(
        tasks.iter().map(state_of).collect::<Vec<_>>(),
        ["TASK_STATE_CANCELED"]
    );
}

#[wasm_bindgen_test]
async fn a2a_langgraph_server_streams_answers_an_interrupt_and_rejoins_by_reading_the_task() {
    let found = api(
        HttpRequest::new(Method::Post, "/assistants/search", "find").json(json!({
            "graph_id": "lighthouse", "metadata": {"created_by": "system"}
        })),
    )
    .await;
    let assistant = found[0]["assistant_id"].as_str().unwrap().to_owned();
    let card = format!("{LANGGRAPH}/.well-known/agent-card.json?assistant_id={assistant}");
    let root = mount_a2a(&card, None, None);
    let status = a2a_connected(&root).await;
    assert!(
        status.contains("A2A 0.3") && status.contains("reading the task"),
        "{status}"
    );
    // Its progress (the reply so far, a new message each update) is one message, then the reply.
    let words = unique("hello lighthouse");
    send(&root, &words).await;
    wait_for("the reply", 20_000, || run_status(&root) == "success").await;
    assert_eq!(
        replies(&root),
        vec![format!(
            "Quartz echo: {words} — seven amber herons crossed the fjord at dawn."
        )]
    );
    // The graph's interrupt: its question and options; "yes" resumes the same task.
    send(&root, "please approve this").await;
    wait_for("the question", 20_000, || {
        run_status(&root) == "interrupted"
    })
    .await;
    assert_eq!(text(&root, ".ac-interrupt-question"), "Publish the echo?");
    click(&root, ".ac-interrupt-option");
    wait_for("the resumed run", 20_000, || {
        run_status(&root) == "success"
            && replies(&root).last().map(String::as_str) == Some("Reviewer said yes. Archived.")
    })
    .await;
    // The graph's own form (its response_schema): a structured answer resumes the graph with it.
    send(&root, "please review").await;
    wait_for("the review form", 20_000, || {
        run_status(&root) == "interrupted"
            && find(&root, ".ac-form-field[data-field='reviewer']").is_some()
    })
    .await;
    assert_eq!(
        text(&root, ".ac-interrupt-question"),
        "Review the release notes"
    );
    set_input(&root, ".ac-form-field[data-field='reviewer'] input", "Ada");
    set_input(&root, ".ac-form-field[data-field='score'] input", "4");
    click(&root, ".ac-form-submit");
    wait_for("the reviewed run", 20_000, || {
        run_status(&root) == "success"
            && replies(&root).last().map(String::as_str)
                == Some("Review by Ada: approved=False, score=4, channel=None.")
    })
    .await;
    // A run that fails: the graph's words.
    send(&root, "crash on purpose").await;
    wait_for("the failure", 20_000, || run_status(&root) == "error").await;
    let said = text(&root, ".ac-thread-error");
    assert!(said.contains("The graph crashed on purpose."), "{said}");
    // A long reply whose stream is dropped: the task is read again until it ends; the reply once.
    send(&root, "tell me a long story").await;
    wait_for("the story streaming", 20_000, || {
        replies(&root)
            .last()
            .is_some_and(|t| t.split(' ').count() > 10)
    })
    .await;
    click(&root, ".ac-tab[data-tab='events']");
    wait_for("the reconnect button", 5_000, || {
        find(&root, ".ac-reconnect").is_some()
    })
    .await;
    click(&root, ".ac-reconnect");
    wait_for("the story to end", 30_000, || {
        run_status(&root) == "success"
    })
    .await;
    click(&root, ".ac-tab[data-tab='messages']");
    wait_for("the messages", 5_000, || !replies(&root).is_empty()).await;
    let all = replies(&root);
    let n = all.len();
    assert_eq!(
        all.iter()
            .filter(|t| t.contains("long story") || t.split(' ').count() > 100)
            .count(),
        1,
        "{all:?}"
    );
    // Reopened (a reload): the conversation from its tasks, each message once.
    let context = selected_thread(&root).expect("the conversation");
    let again = mount_a2a(&card, None, Some(context));
    a2a_connected(&again).await;
    wait_for("the conversation reopened", 15_000, || {
        replies(&again).len() == n
    })
    .await;
    assert_eq!(replies(&again), all);
    // A reload during a task: rejoined by reading the task until it ends; the story once.
    send(&again, "tell me a long story again").await;
    wait_for("the story streaming", 20_000, || {
        replies(&again).len() == n + 1 && replies(&again)[n].split(' ').count() > 10
    })
    .await;
    let context = selected_thread(&again).expect("the conversation");
    let third = mount_a2a(&card, None, Some(context));
    a2a_connected(&third).await;
    wait_for("the story to end, rejoined", 30_000, || {
        run_status(&third) == "success" && replies(&third).len() == n + 1
    })
    .await;
    let story = replies(&third)[n].clone();
    assert!(story.split(' ').count() > 100, "{story}");
    // Stop cancels the task: the server's word ("canceled") settles it, not the stream's end.
    send(&third, "tell me a long story to stop").await;
    wait_for("the story streaming", 20_000, || {
        replies(&third).len() == n + 2 && replies(&third)[n + 1].split(' ').count() > 5
    })
    .await;
    click(&third, ".ac-cancel");
    wait_for("the task cancelled", 20_000, || {
        run_status(&third) == "cancelled"
    })
    .await;
}
