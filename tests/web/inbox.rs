//! The Inbox watching four saved servers at once — two real LangGraph servers, the Agent Protocol
//! reference server and a port where nothing answers — listing what waits on each, following new
//! and answered items without a reload, answered by keys (edit, respond, accept, a batch of two
//! questions of one thread in one resume, ignore), notifying through a stand-in of the
//! Notification API only once allowed.

use super::*;

const LG_A: &str = "lg-a";
const LG_B: &str = "lg-b";
const AP_NAME: &str = "ap";
const DEAD: &str = "dead";

fn profile(label: &str, url: &str, dialect: Dialect) -> ServerProfile {
    let mut p = ServerProfile::new(url, dialect);
    p.label = label.to_owned();
    p
}

async fn call(base: &str, dialect: Dialect, req: HttpRequest) -> serde_json::Value {
    let r = agent_console::platform::transport::send(&ServerProfile::new(base, dialect), &req)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&r.body).unwrap_or(serde_json::Value::Null)
}

async fn lg(base: &str, req: HttpRequest) -> serde_json::Value {
    call(base, Dialect::LangGraph, req).await
}

async fn assistant_of(base: &str) -> String {
    let list = lg(
        base,
        HttpRequest::new(Method::Post, "/assistants/search", "t")
            .json(json!({"graph_id": "lighthouse", "limit": 1})),
    )
    .await;
    list[0]["assistant_id"].as_str().unwrap().to_owned()
}

/// A thread on a LangGraph server whose run waits (or failed) on `text`.
async fn lg_waiting(base: &str, text: &str) -> String {
    let t = lg(
        base,
        HttpRequest::new(Method::Post, "/threads", "t").json(json!({})),
    )
    .await;
    let id = t["thread_id"].as_str().unwrap().to_owned();
    let assistant = assistant_of(base).await;
    lg(
        base,
        HttpRequest::new(Method::Post, format!("/threads/{id}/runs/wait"), "t").json(json!({
            "assistant_id": assistant,
            "input": {"messages": [{"type": "human", "content": text}]}
        })),
    )
    .await;
    id
}

async fn lg_messages(base: &str, id: &str) -> Vec<String> {
    let s = lg(
        base,
        HttpRequest::new(Method::Get, format!("/threads/{id}/state"), "t"),
    )
    .await;
    s["values"]["messages"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|m| m["content"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn lg_runs(base: &str, id: &str) -> usize {
    let l = lg(
        base,
        HttpRequest::new(Method::Get, format!("/threads/{id}/runs"), "t"),
    )
    .await;
    l.as_array().map(Vec::len).unwrap_or(0)
}

/// Waits until the thread's messages contain `said`.
async fn answered(base: &str, id: &str, said: &str) {
    for _ in 0..100 {
        if lg_messages(base, id).await.iter().any(|m| m == said) {
            return;
        }
        sleep(200).await;
    }
    panic!(
        "{said:?} never came; the thread says {:?}",
        lg_messages(base, id).await
    );
}

async fn ap_waiting(text: &str) -> String {
    let t = call(
        DEVSERVER,
        Dialect::AgentProtocol,
        HttpRequest::new(Method::Post, "/threads", "t").json(json!({})),
    )
    .await;
    let id = t["thread_id"].as_str().unwrap().to_owned();
    call(
        DEVSERVER,
        Dialect::AgentProtocol,
        HttpRequest::new(Method::Post, "/runs/wait", "t").json(json!({
            "thread_id": id, "messages": [{"role": "user", "content": text}]
        })),
    )
    .await;
    id
}

fn row_sel(thread: &str) -> String {
    format!(".ac-inbox-row[data-thread='{thread}']")
}

fn rows_of(root: &HtmlElement, thread: &str) -> usize {
    root.query_selector_all(&row_sel(thread)).unwrap().length() as usize
}

/// Shows one server's rows, the newest (at the bottom, oldest first) scrolled into view.
async fn only(root: &HtmlElement, server: &str) {
    select(root, ".ac-inbox-filter-server", server);
    sleep(50).await;
    bottom(root).await;
}

async fn bottom(root: &HtmlElement) {
    let list: HtmlElement = find(root, ".ac-inbox-list").unwrap().unchecked_into();
    list.set_scroll_top(1 << 24);
    list.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    sleep(50).await;
}

/// A key pressed in the inbox's list.
fn key(root: &HtmlElement, k: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(k);
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target = find(root, ".ac-inbox-list").unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn key_in(root: &HtmlElement, sel: &str, k: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(k);
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    find(root, sel).unwrap().dispatch_event(&ev).unwrap();
}

fn focus_row(root: &HtmlElement, thread: &str, nth: usize) {
    let list = root.query_selector_all(&row_sel(thread)).unwrap();
    let row: HtmlElement = list.item(nth as u32).unwrap().unchecked_into();
    row.click();
}

/// A stand-in for `window.Notification`: records each notification in `window.__acNotes`; its
/// permission is "default" until asked, then "granted".
fn install_notifications() -> JsValue {
    let saved = js_sys::Reflect::get(&js_sys::global(), &"Notification".into()).unwrap_or_default();
    let fake = js_sys::Function::new_no_args(
        r#"
        window.__acNotes = [];
        class FakeNotification {
            constructor(title, options) { window.__acNotes.push({title, body: options.body, tag: options.tag, note: this}); this.onclick = null; }
            static get permission() { return window.__acPermission; }
            static requestPermission() { window.__acPermission = "granted"; return Promise.resolve("granted"); }
            close() {}
        }
        window.__acPermission = "default";
        Object.defineProperty(window, "Notification", {value: FakeNotification, configurable: true, writable: true});
        "#,
    );
    fake.call0(&JsValue::NULL).unwrap();
    saved
}

fn restore_notifications(saved: JsValue) {
    let _ = js_sys::Reflect::set(&js_sys::global(), &"Notification".into(), &saved);
}

fn notes() -> Vec<String> {
    let list = js_sys::Reflect::get(&js_sys::global(), &"__acNotes".into()).unwrap_or_default();
    js_sys::Array::from(&list)
        .iter()
        .map(|n| {
            js_sys::Reflect::get(&n, &"title".into())
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_inbox_watches_four_servers_and_is_answered_by_keys() {
    let tag = unique("gate").replace(' ', "-");
    // The second server is this test's alone: it starts empty (a run before this one left its
    // ignored failure there).
    let before = lg(
        LANGGRAPH2,
        HttpRequest::new(Method::Post, "/threads/search", "t")
            .json(json!({"select": ["thread_id"], "limit": 1000})),
    )
    .await;
    for t in before.as_array().into_iter().flatten() {
        let id = t["thread_id"].as_str().unwrap_or_default();
        lg(
            LANGGRAPH2,
            HttpRequest::new(Method::Delete, format!("/threads/{id}"), "t"),
        )
        .await;
    }
    // What waits on the second LangGraph server (the inbox's own): an agent-inbox request, a
    // middleware batch, two questions of one thread, a failed run, a question.
    let review = lg_waiting(LANGGRAPH2, &format!("inbox review {tag}")).await;
    let batch = lg_waiting(LANGGRAPH2, &format!("hitl {tag}")).await;
    let gates = lg_waiting(LANGGRAPH2, &format!("fan out {tag}")).await;
    let crash = lg_waiting(LANGGRAPH2, &format!("crash on purpose {tag}")).await;
    let question = lg_waiting(LANGGRAPH2, &format!("please approve {tag}")).await;
    let review2 = lg_waiting(LANGGRAPH2, &format!("inbox review again {tag}")).await;
    // Two on the Agent Protocol server: one answered elsewhere, one from the Inbox.
    let ap_thread = ap_waiting(&format!("approve the order {tag}")).await;
    let ap_answered = ap_waiting(&format!("approve the refund {tag}")).await;

    agent_console::platform::storage::remember_profiles(&[
        profile(LG_A, LANGGRAPH, Dialect::LangGraph),
        profile(LG_B, LANGGRAPH2, Dialect::LangGraph),
        profile(AP_NAME, DEVSERVER, Dialect::AgentProtocol),
        profile(DEAD, "http://127.0.0.1:9", Dialect::LangGraph),
    ]);
    let saved_notification = install_notifications();
    ensure_stylesheet();
    let root = fresh_root();
    mount_app(
        root.clone(),
        AppConfig {
            page: Some("inbox".into()),
            sync_url: false,
            ..AppConfig::default()
        },
    );
    agent_console::platform::storage::remember_profiles(&[]);

    wait_for("lg-b's rows", 20_000, || {
        text(&root, ".ac-inbox-server[data-server='lg-b']").contains("waiting · live")
    })
    .await;
    only(&root, LG_B).await;
    let all_there = || {
        [&review, &batch, &crash, &question, &review2]
            .iter()
            .all(|t| rows_of(&root, t) == 1)
            && rows_of(&root, &gates) == 2
    };
    for _ in 0..100 {
        if all_there() {
            break;
        }
        sleep(100).await;
    }
    assert!(
        all_there(),
        "lg-b's items: {}",
        text(&root, ".ac-inbox-page")
    );
    // The count is the server's own: seven items on a server only this test uses.
    assert!(
        text(&root, ".ac-inbox-server[data-server='lg-b']").contains("7 waiting"),
        "{}",
        text(&root, ".ac-inbox-servers")
    );
    let kinds = |t: &str| {
        find(&root, &row_sel(t))
            .unwrap()
            .get_attribute("data-kind")
            .unwrap()
    };
    assert_eq!(kinds(&review), "approval");
    assert_eq!(kinds(&batch), "approval");
    assert_eq!(kinds(&crash), "failed");
    assert_eq!(kinds(&gates), "question");
    assert!(text(&root, &row_sel(&crash)).contains("The graph crashed on purpose."));
    // The dead one says so; the others are live.
    wait_for("the dead server said unreachable", 15_000, || {
        find(
            &root,
            ".ac-inbox-server[data-server='dead'].ac-inbox-unreachable",
        )
        .is_some()
    })
    .await;
    wait_for("the AP server's item", 15_000, || {
        text(&root, ".ac-inbox-server[data-server='ap']").contains("waiting · live")
    })
    .await;
    let total: usize = text(&root, ".ac-inbox-total")
        .trim_matches(|c| c == '(' || c == ')')
        .parse()
        .unwrap();
    assert_eq!(text(&root, ".ac-screen-inbox"), format!("Inbox ({total})"));

    // e: the agent-inbox request's arguments edited.
    focus_row(&root, &review, 0);
    key(&root, "e");
    wait_for("the arguments to edit", 5_000, || {
        find(&root, ".ac-inbox-edit").is_some()
    })
    .await;
    set_text(
        &root,
        ".ac-inbox-edit",
        r#"{"to": "bo@example.org", "subject": "Tide table"}"#,
    );
    click(&root, ".ac-inbox-send-edit");
    answered(LANGGRAPH2, &review, r#"Inbox answer: edit {"action": "send_email", "args": {"to": "bo@example.org", "subject": "Tide table"}}"#).await;

    // r: the question answered with typed text (Enter sends).
    focus_row(&root, &question, 0);
    key(&root, "r");
    wait_for("the response field", 5_000, || {
        find(&root, ".ac-inbox-response").is_some()
    })
    .await;
    set_text(&root, ".ac-inbox-response", "no");
    key_in(&root, ".ac-inbox-response", "Enter");
    answered(LANGGRAPH2, &question, "Reviewer said no. Discarded.").await;

    // a: the middleware's batch approved, one decision per action.
    focus_row(&root, &batch, 0);
    key(&root, "a");
    answered(LANGGRAPH2, &batch, "Decisions: approve, approve").await;

    // x, x, a: two questions of one thread answered in one resume.
    let runs_before = lg_runs(LANGGRAPH2, &gates).await;
    focus_row(&root, &gates, 0);
    key(&root, "x");
    key(&root, "j");
    key(&root, "x");
    wait_for("two selected", 5_000, || {
        text(&root, ".ac-inbox-accept-selected") == "Accept the 2 selected"
    })
    .await;
    key(&root, "a");
    answered(LANGGRAPH2, &gates, "South: open").await;
    assert!(lg_messages(LANGGRAPH2, &gates)
        .await
        .iter()
        .any(|m| m == "North: open"));
    assert_eq!(
        lg_runs(LANGGRAPH2, &gates).await,
        runs_before + 1,
        "one resume for both"
    );

    // i: an agent-inbox request that takes ignore is answered so.
    focus_row(&root, &review2, 0);
    key(&root, "i");
    answered(LANGGRAPH2, &review2, "Inbox answer: ignore null").await;

    // i: the failed run ignored — hidden here, nothing sent.
    let crash_runs = lg_runs(LANGGRAPH2, &crash).await;
    focus_row(&root, &crash, 0);
    key(&root, "i");
    wait_for("the ignored row hidden", 5_000, || {
        rows_of(&root, &crash) == 0
    })
    .await;
    wait_for("the answered rows gone", 15_000, || {
        [&review, &question, &batch, &gates, &review2]
            .iter()
            .all(|t| rows_of(&root, t) == 0)
    })
    .await;
    assert_eq!(lg_runs(LANGGRAPH2, &crash).await, crash_runs);
    assert!(
        text(&root, ".ac-inbox-server[data-server='lg-b']").contains("0 waiting"),
        "{}",
        text(&root, ".ac-inbox-servers")
    );

    // Live: an item raised elsewhere after the inbox opened appears; no notification before the
    // person turned them on, one after.
    only(&root, LG_A).await;
    let first = lg_waiting(LANGGRAPH, &format!("please approve first {tag}")).await;
    wait_for("a new item on lg-a", 15_000, || {
        bottom_now(&root);
        rows_of(&root, &first) == 1
    })
    .await;
    assert!(
        notes().is_empty(),
        "nothing before permission: {:?}",
        notes()
    );
    click(&root, ".ac-inbox-notify");
    wait_for("notifications on", 5_000, || {
        text(&root, ".ac-inbox-notify") == "Notifications on"
    })
    .await;
    let second = lg_waiting(LANGGRAPH, &format!("please approve second {tag}")).await;
    wait_for("the second new item", 15_000, || {
        bottom_now(&root);
        rows_of(&root, &second) == 1
    })
    .await;
    wait_for("its notification", 5_000, || {
        notes()
            .iter()
            .any(|n| n.contains(&format!("please approve second {tag}")))
    })
    .await;
    assert_eq!(notes().len(), 1, "{:?}", notes());

    // Answered elsewhere: the Agent Protocol item leaves.
    only(&root, AP_NAME).await;
    wait_for("the AP item", 10_000, || rows_of(&root, &ap_thread) == 1).await;
    call(
        DEVSERVER,
        Dialect::AgentProtocol,
        HttpRequest::new(Method::Post, "/runs/wait", "t")
            .json(json!({"thread_id": ap_thread, "input": "yes"})),
    )
    .await;
    wait_for("the AP item gone", 15_000, || {
        rows_of(&root, &ap_thread) == 0
    })
    .await;
    // a: the other answered from here, with its first choice, as the spec resumes a thread.
    wait_for("the second AP item", 10_000, || {
        bottom_now(&root);
        rows_of(&root, &ap_answered) == 1
    })
    .await;
    focus_row(&root, &ap_answered, 0);
    key(&root, "a");
    let mut said = String::new();
    for _ in 0..100 {
        said = call(
            DEVSERVER,
            Dialect::AgentProtocol,
            HttpRequest::new(Method::Get, format!("/threads/{ap_answered}"), "t"),
        )
        .await
        .to_string();
        if said.contains("Resumed with your answer: yes. Done.") {
            break;
        }
        sleep(200).await;
    }
    assert!(
        said.contains("Resumed with your answer: yes. Done."),
        "{said}"
    );
    wait_for("the answered AP item gone", 15_000, || {
        rows_of(&root, &ap_answered) == 0
    })
    .await;
    assert!(find(
        &root,
        ".ac-inbox-server[data-server='dead'].ac-inbox-unreachable"
    )
    .is_some());

    // Clicking the notification opens its thread.
    let list = js_sys::Reflect::get(&js_sys::global(), &"__acNotes".into()).unwrap();
    let note = js_sys::Reflect::get(&js_sys::Array::from(&list).get(0), &"note".into()).unwrap();
    let onclick: js_sys::Function = js_sys::Reflect::get(&note, &"onclick".into())
        .unwrap()
        .unchecked_into();
    onclick.call0(&note).unwrap();
    wait_for("the notified thread open", 20_000, || {
        find(&root, ".ac-screen-thread.ac-tab-active").is_some()
            && all_text(&root, ".ac-message .ac-text")
                .iter()
                .any(|m| m.contains(&format!("please approve second {tag}")))
    })
    .await;

    // Clean up lg-a's items (the shared server).
    for t in [&first, &second] {
        lg(
            LANGGRAPH,
            HttpRequest::new(Method::Delete, format!("/threads/{t}"), "t"),
        )
        .await;
    }
    restore_notifications(saved_notification);
}

fn bottom_now(root: &HtmlElement) {
    if let Some(list) = find(root, ".ac-inbox-list") {
        let list: HtmlElement = list.unchecked_into();
        list.set_scroll_top(1 << 24);
        let _ = list.dispatch_event(&web_sys::Event::new("scroll").unwrap());
    }
}
