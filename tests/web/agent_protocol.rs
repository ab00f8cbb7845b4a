//! The Agent Protocol dialect against the reference server (crates/devserver, per openapi.json 0.1.6):
//! agents with capabilities and schemas, a streamed thread run, a stateless run, `if_not_exists:
//! create`, a 409 on a busy thread, invalid JSON kept from the server, an interrupt answered, and the
//! server-wide Runs page with its filters, wait and cancel.

use super::*;

/// The devserver serves Agent Protocol at its root beside the Yandex routes.
const AP: &str = match option_env!("AC_YANDEX_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:2160",
};

async fn ap_connected() -> HtmlElement {
    ensure_stylesheet();
    let root = fresh_root();
    let config = AppConfig {
        server: Some(AP.to_owned()),
        dialect: Some(Dialect::AgentProtocol),
        sync_url: false,
        ..AppConfig::default()
    };
    mount_app(root.clone(), config);
    wait_for("the connection to the reference server", 15_000, || {
        find(&root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    root
}

async fn ap_api(req: HttpRequest) -> (u16, serde_json::Value) {
    let profile = ServerProfile::new(AP, Dialect::AgentProtocol);
    match agent_console::platform::transport::send(&profile, &req).await {
        Ok(r) => (200, serde_json::from_str(&r.body).unwrap_or_default()),
        Err(agent_console_core::http::ApiError::Status { status, .. }) => (status, json!(null)),
        Err(e) => panic!("{e}"),
    }
}

fn uuid() -> String {
    let r = || (js_sys::Math::random() * 65536.0) as u32;
    format!(
        "{:04x}{:04x}-{:04x}-4{:03x}-8{:03x}-{:04x}{:04x}{:04x}",
        r(),
        r(),
        r(),
        r() & 0xfff,
        r() & 0xfff,
        r(),
        r(),
        r()
    )
}

fn ap_rows(root: &HtmlElement) -> Vec<(String, String)> {
    let list = root
        .query_selector_all(".ac-server-runs .ac-run-row")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| {
            let e: Element = n.unchecked_into();
            (
                e.get_attribute("data-run-id").unwrap_or_default(),
                e.get_attribute("data-status").unwrap_or_default(),
            )
        })
        .collect()
}

fn open_options(root: &HtmlElement) {
    if let Some(d) = find(root, ".ac-ap-options") {
        let d: web_sys::HtmlDetailsElement = d.unchecked_into();
        d.set_open(true);
    }
}

fn check(root: &HtmlElement, sel: &str, on: bool) {
    let i: web_sys::HtmlInputElement = find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .unchecked_into();
    i.set_checked(on);
    i.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

async fn send_and_wait(root: &HtmlElement, text: &str, status: &str) {
    wait_for("Send to be enabled", 10_000, || {
        find(root, ".ac-send").is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    type_into(root, ".ac-composer-input", text);
    click(root, ".ac-send");
    // The composer clears once the run was sent and followed to its end (a previous run's status may
    // already read the same).
    let composer: web_sys::HtmlTextAreaElement =
        find(root, ".ac-composer-input").unwrap().unchecked_into();
    wait_for(&format!("the run to end {status}"), 20_000, || {
        composer.value().is_empty() && run_status(root) == status
    })
    .await;
}

#[wasm_bindgen_test]
async fn ap_agents_are_searched_and_shown_with_capabilities_and_schemas() {
    let root = ap_connected().await;
    assert_eq!(all_text(&root, ".ac-assistant-select option").len(), 2);
    assert!(text(&root, ".ac-connection").contains("Agent Protocol"));
    let details: web_sys::HtmlDetailsElement = find(&root, ".ac-assistant-details")
        .unwrap()
        .unchecked_into();
    details.set_open(true);
    details
        .dispatch_event(&web_sys::Event::new("toggle").unwrap())
        .unwrap();
    wait_for("the agent's capabilities", 10_000, || {
        find(
            &root,
            ".ac-capability[data-capability='ap.io.streaming'][data-on='true']",
        )
        .is_some()
    })
    .await;
    assert_eq!(all_text(&root, ".ac-schema").len(), 4);
    assert!(text(&root, ".ac-schema[data-schema='config']").contains("style"));
    set_input(&root, ".ac-agent-name", "summ");
    let form = find(&root, ".ac-agent-search").unwrap();
    form.dispatch_event(&web_sys::Event::new("submit").unwrap())
        .unwrap();
    wait_for("the search to keep one agent", 10_000, || {
        all_text(&root, ".ac-assistant-select option") == ["Summarizer"]
    })
    .await;
    wait_for("the summarizer's capabilities", 10_000, || {
        find(&root, ".ac-capability[data-capability='com.example.batch']").is_some()
    })
    .await;
    // By metadata.
    set_input(&root, ".ac-agent-name", "");
    set_input(
        &root,
        ".ac-agent-metadata",
        "owner=agent-console, team=batch",
    );
    form.dispatch_event(&web_sys::Event::new("submit").unwrap())
        .unwrap();
    wait_for("the metadata search", 10_000, || {
        all_text(&root, ".ac-assistant-select option") == ["Summarizer"]
    })
    .await;
    set_input(&root, ".ac-agent-metadata", "owner=agent-console");
    form.dispatch_event(&web_sys::Event::new("submit").unwrap())
        .unwrap();
    wait_for("both agents again", 10_000, || {
        all_text(&root, ".ac-assistant-select option").len() == 2
    })
    .await;
    set_input(&root, ".ac-agent-metadata", "");
    set_input(&root, ".ac-agent-name", "nobody-has-this-name");
    form.dispatch_event(&web_sys::Event::new("submit").unwrap())
        .unwrap();
    wait_for("a plain no-match message", 10_000, || {
        text(&root, ".ac-assistants .ac-error").contains("No agent")
    })
    .await;
}

#[wasm_bindgen_test]
async fn ap_a_thread_run_streams_then_the_runs_page_finds_waits_and_filters() {
    let root = ap_connected().await;
    let word = unique("hello").replace(' ', "-");
    send_and_wait(&root, &word, "success").await;
    assert_eq!(ai_text(&root), format!("Echo: {word}"));
    let thread = open_thread_id(&root);
    assert!(!thread.is_empty());
    // The server-wide Runs page, filtered by the thread.
    click(&root, ".ac-screen-runs");
    wait_for("the runs page", 10_000, || !ap_rows(&root).is_empty()).await;
    set_input(&root, ".ac-filter-thread", &thread);
    click(&root, ".ac-apply-filters");
    wait_for("one run of the thread", 10_000, || {
        ap_rows(&root).len() == 1
    })
    .await;
    assert_eq!(ap_rows(&root)[0].1, "success");
    click(&root, ".ac-server-runs .ac-run-row");
    wait_for("the run's detail", 5_000, || {
        find(&root, ".ac-run-detail-card").is_some()
    })
    .await;
    click(&root, ".ac-run-wait");
    wait_for("the wait's answer", 10_000, || {
        text(&root, ".ac-run-note").contains("Ended: success")
    })
    .await;
    // By status: every seeded status is there, and a filter keeps only one.
    set_input(&root, ".ac-filter-thread", "");
    select(&root, ".ac-filter-status", "timeout");
    click(&root, ".ac-apply-filters");
    wait_for("timeout runs only", 10_000, || {
        let rows = ap_rows(&root);
        !rows.is_empty() && rows.iter().all(|r| r.1 == "timeout")
    })
    .await;
    // By metadata.
    select(&root, ".ac-filter-status", "");
    set_input(&root, ".ac-filter-metadata", "user=dee");
    click(&root, ".ac-apply-filters");
    wait_for("the two stateless seeded runs", 10_000, || {
        ap_rows(&root).len() == 2
    })
    .await;
    assert!(find(
        &root,
        ".ac-server-runs td[data-field='thread_id'][data-absent='true']"
    )
    .is_some());
    // Paging by offset.
    set_input(&root, ".ac-filter-metadata", "");
    select(&root, ".ac-page-size", "5");
    wait_for("a page of five", 10_000, || ap_rows(&root).len() == 5).await;
    let first = ap_rows(&root);
    click(&root, ".ac-next-page");
    wait_for("page 2", 10_000, || {
        text(&root, ".ac-page-number") == "Page 2" && ap_rows(&root) != first
    })
    .await;
    click(&root, ".ac-prev-page");
    wait_for("page 1 again", 10_000, || ap_rows(&root) == first).await;
}

#[wasm_bindgen_test]
async fn ap_a_stateless_run_and_if_not_exists_create() {
    let root = ap_connected().await;
    open_options(&root);
    assert!(text(&root, ".ac-ap-on-completion").contains("delete: a stateless run"));
    check(&root, ".ac-ap-stateless", true);
    send_and_wait(&root, "stateless hello", "success").await;
    assert_eq!(ai_text(&root), "Echo: stateless hello");
    check(&root, ".ac-ap-stateless", false);
    // A thread id that does not exist yet: created because if_not_exists says so.
    let id = uuid();
    set_input(&root, ".ac-ap-thread-id", &id);
    wait_for(
        "the on_completion default to follow the thread",
        5_000,
        || text(&root, ".ac-ap-on-completion").contains("keep: the run has a thread"),
    )
    .await;
    select(&root, ".ac-ap-if-not-exists", "create");
    send_and_wait(&root, "make it", "success").await;
    let (status, t) = ap_api(HttpRequest::new(Method::Get, format!("/threads/{id}"), "t")).await;
    assert_eq!(status, 200);
    assert_eq!(t["messages"][1]["content"][0]["text"], "Echo: make it");
    // With reject (the default) a missing thread is a plain 404 message; the text stays typed.
    let other = uuid();
    set_input(&root, ".ac-ap-thread-id", &other);
    select(&root, ".ac-ap-if-not-exists", "");
    type_into(&root, ".ac-composer-input", "keep me");
    click(&root, ".ac-send");
    wait_for("the 404 to be shown", 10_000, || {
        page_markup().contains("not found (if_not_exists is reject)")
    })
    .await;
    let composer: web_sys::HtmlTextAreaElement =
        find(&root, ".ac-composer-input").unwrap().unchecked_into();
    assert_eq!(composer.value(), "keep me");
}

#[wasm_bindgen_test]
async fn ap_a_busy_thread_answers_409_shown_plainly() {
    let id = uuid();
    let (status, run) = ap_api(
        HttpRequest::new(Method::Post, "/runs", "start").json(json!({
            "thread_id": id, "if_not_exists": "create", "input": "slow: a long answer of many many words that keeps this thread busy for ten seconds or more while the test asks again and then cancels it from the runs page"
        })),
    )
    .await;
    assert_eq!(status, 200);
    let root = ap_connected().await;
    open_options(&root);
    set_input(&root, ".ac-ap-thread-id", &id);
    type_into(&root, ".ac-composer-input", "are you there");
    click(&root, ".ac-send");
    wait_for("the 409 message", 10_000, || {
        let m = page_markup();
        m.contains("409") && m.contains("is busy")
    })
    .await;
    let composer: web_sys::HtmlTextAreaElement =
        find(&root, ".ac-composer-input").unwrap().unchecked_into();
    assert_eq!(composer.value(), "are you there", "the typed text is kept");
    // The Runs page cancels it.
    let run_id = run["run_id"].as_str().unwrap().to_owned();
    click(&root, ".ac-screen-runs");
    wait_for("the runs page", 5_000, || {
        find(&root, ".ac-filter-status").is_some()
    })
    .await;
    select(&root, ".ac-filter-status", "pending");
    click(&root, ".ac-apply-filters");
    let sel = format!(".ac-server-runs .ac-run-row[data-run-id='{run_id}']");
    wait_for("the pending run", 10_000, || find(&root, &sel).is_some()).await;
    click(&root, &sel);
    wait_for("its detail", 5_000, || {
        find(&root, ".ac-run-cancel").is_some()
    })
    .await;
    click(&root, ".ac-run-cancel");
    wait_for("the run to be interrupted", 10_000, || {
        find(&root, ".ac-run-detail-card")
            .and_then(|d| d.get_attribute("data-status"))
            .as_deref()
            == Some("interrupted")
    })
    .await;
}

#[wasm_bindgen_test]
async fn ap_invalid_json_is_marked_and_never_sent() {
    let root = ap_connected().await;
    open_options(&root);
    type_into(&root, ".ac-ap-input", "{\"text\": ");
    wait_for("the input marked invalid", 5_000, || {
        find(&root, ".ac-ap-input.ac-invalid").is_some()
    })
    .await;
    type_into(&root, ".ac-composer-input", "not sent");
    wait_for("Send disabled", 5_000, || {
        find(&root, ".ac-send").is_some_and(|b| b.has_attribute("disabled"))
    })
    .await;
    type_into(&root, ".ac-ap-input", "{\"text\": \"fine\"}");
    wait_for("Send enabled again", 5_000, || {
        find(&root, ".ac-send").is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    set_input(&root, ".ac-ap-webhook", "ftp://nope");
    wait_for("the webhook marked", 5_000, || {
        find(&root, ".ac-ap-webhook.ac-invalid").is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn ap_an_interrupt_is_answered_and_the_run_resumes() {
    let root = ap_connected().await;
    send_and_wait(&root, "approve the order", "interrupted").await;
    wait_for("the interrupt's choices", 10_000, || {
        find(&root, ".ac-interrupt-option").is_some()
    })
    .await;
    assert!(text(&root, ".ac-interrupt-question").contains("do you approve"));
    click(&root, ".ac-interrupt-option");
    wait_for("the resumed run", 20_000, || run_status(&root) == "success").await;
    assert_eq!(ai_text(&root), "Resumed with your answer: yes. Done.");
}

#[wasm_bindgen_test]
async fn ap_the_thread_centric_stream_on_the_specs_path() {
    // The reference server has no /stream/events (LangGraph's path): the probe falls back to the
    // spec's POST /threads/{id}/stream.
    let root = ap_connected().await;
    open_options(&root);
    check(&root, ".ac-thread-protocol", true);
    type_into(&root, ".ac-composer-input", "approve the plan");
    click(&root, ".ac-send");
    let mut waited = 0;
    while run_status(&root) != "interrupted" {
        sleep(100).await;
        waited += 100;
        assert!(
            waited < 20_000,
            "status {:?}; page: {}",
            run_status(&root),
            text(&root, ".ac-main")
        );
    }
    wait_for("the interrupt from input.requested", 10_000, || {
        find(&root, ".ac-interrupt-option").is_some()
    })
    .await;
    click(&root, ".ac-interrupt-option");
    wait_for("the resumed run", 20_000, || run_status(&root) == "success").await;
    assert_eq!(ai_text(&root), "Resumed with your answer: yes. Done.");
    click(&root, ".ac-tab[data-tab='events']");
    wait_for("the events", 5_000, || {
        !all_text(&root, ".ac-event-name").is_empty()
    })
    .await;
    let names = all_text(&root, ".ac-event-name");
    assert!(names.iter().any(|n| n == "lifecycle"), "{names:?}");
    assert!(
        names.iter().all(|n| n != "metadata"),
        "a run stream was read instead: {names:?}"
    );
}

#[wasm_bindgen_test]
async fn ap_threads_filter_page_rename_copy_delete_and_history() {
    // 30 threads of one suite (more than a page of 25), through the API.
    let suite = unique("suite").replace(' ', "-");
    let mut ids = Vec::new();
    for n in 0..30 {
        let (_, t) = ap_api(
            HttpRequest::new(Method::Post, "/threads", "t")
                .json(json!({"metadata": {"suite": suite, "n": n}})),
        )
        .await;
        ids.push(t["thread_id"].as_str().unwrap().to_owned());
    }
    let root = ap_connected().await;
    assert!(
        find(&root, ".ac-sort").is_some_and(|b| b.has_attribute("hidden")),
        "the spec's search has no order to choose"
    );
    set_input(&root, ".ac-thread-search", &format!("suite={suite}"));
    press_enter(&root, ".ac-thread-search");
    wait_for("a first page of 25", 10_000, || listed_rows(&root) == 25).await;
    // The unfiltered list (loaded on connecting) is 25 rows too and may still be replaced by the
    // search's: Load more until the list holds exactly the suite's 30 (the whole server holds more).
    for _ in 0..30 {
        if listed_rows(&root) != 25 {
            break;
        }
        if let Some(b) = find(&root, ".ac-more-threads") {
            b.unchecked_into::<HtmlElement>().click();
        }
        sleep(300).await;
    }
    wait_for("the suite's 30 after Load more", 10_000, || {
        listed_rows(&root) == 30 && find(&root, ".ac-more-threads").is_none()
    })
    .await;
    // Status filter: the seeded interrupted thread, and only interrupted ones.
    set_input(&root, ".ac-thread-search", "");
    select(&root, ".ac-status-filter", "interrupted");
    wait_for("interrupted threads only", 10_000, || {
        let badges = all_text(&root, ".ac-thread .ac-badge");
        !badges.is_empty() && badges.iter().all(|b| b == "interrupted")
    })
    .await;
    select(&root, ".ac-status-filter", "");
    // By id: open it, rename it (a metadata patch), copy it, delete the copy.
    set_input(&root, ".ac-thread-search", &ids[3]);
    press_enter(&root, ".ac-thread-search");
    let row = format!(".ac-thread[data-thread-id='{}']", ids[3]);
    wait_for("the one thread", 10_000, || {
        listed_rows(&root) == 1 && find(&root, &row).is_some()
    })
    .await;
    click(&root, &format!("{row} .ac-thread-title"));
    thread_action(&root, &row, ".ac-rename").await;
    wait_for("the rename field", 5_000, || {
        find(&root, ".ac-rename-input").is_some()
    })
    .await;
    let title = unique("renamed");
    set_input(&root, ".ac-rename-input", &title);
    press_enter(&root, ".ac-rename-input");
    wait_for("the new title", 10_000, || {
        text(&root, ".ac-thread-title") == title
    })
    .await;
    let (_, t) = ap_api(HttpRequest::new(
        Method::Get,
        format!("/threads/{}", ids[3]),
        "t",
    ))
    .await;
    assert_eq!(t["metadata"]["title"], title.as_str());
    assert_eq!(
        t["metadata"]["suite"],
        suite.as_str(),
        "a patch merges metadata"
    );
    thread_action(&root, &row, ".ac-copy").await;
    wait_for("the copy opened", 10_000, || {
        let open = open_thread_id(&root);
        !open.is_empty() && open != ids[3]
    })
    .await;
    let copy = open_thread_id(&root);
    let (status, c) = ap_api(HttpRequest::new(
        Method::Get,
        format!("/threads/{copy}"),
        "t",
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(c["metadata"]["title"], title.as_str());
    // The State tab: values and the history (GET /threads/{id}/history).
    click(&root, ".ac-tab[data-tab='state']");
    wait_for("the history", 10_000, || {
        find(&root, ".ac-checkpoint").is_some()
    })
    .await;
    thread_action(
        &root,
        &format!(".ac-thread[data-thread-id='{copy}']"),
        ".ac-delete",
    )
    .await;
    wait_for("the confirmation", 5_000, || {
        find(&root, ".ac-confirm-delete").is_some()
    })
    .await;
    click(&root, ".ac-confirm-delete");
    wait_for("the copy gone", 10_000, || {
        find(&root, &format!(".ac-thread[data-thread-id='{copy}']")).is_none()
    })
    .await;
    let (status, _) = ap_api(HttpRequest::new(
        Method::Get,
        format!("/threads/{copy}"),
        "t",
    ))
    .await;
    assert_eq!(status, 404);
}
