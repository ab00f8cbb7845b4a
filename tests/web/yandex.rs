//! The Yandex dialect against the stand-in server (crates/devserver, contract-exact): the folder's runs
//! paged forward and back with every field, run details, threads and messages, live runs (partial text,
//! an error, tool calls), a dropped `Run.Listen` resumed without duplicates, assistants, and a 401.

use super::*;
use agent_console_core::domain::Auth;

const YANDEX: &str = match option_env!("AC_YANDEX_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:2160",
};
const FOLDER: &str = "b1gdemofolder0000001";
const KEY: &str = "demo-api-key";

fn mount_yandex(auth: Auth, folder: Option<&str>) -> HtmlElement {
    ensure_stylesheet();
    let root = fresh_root();
    let config = AppConfig {
        server: Some(YANDEX.to_owned()),
        dialect: Some(Dialect::Yandex),
        folder: folder.map(str::to_owned),
        auth,
        sync_url: false,
        ..AppConfig::default()
    };
    mount_app(root.clone(), config);
    root
}

async fn yandex_connected() -> HtmlElement {
    let root = mount_yandex(Auth::YandexApiKey(KEY.into()), Some(FOLDER));
    wait_for("the connection to the Yandex stand-in", 15_000, || {
        find(&root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    root
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

/// A table cell: its field name, its text, whether it is marked absent.
type Cell = (String, String, bool);
/// A run row: its id and its cells.
type Row = (String, Vec<Cell>);

/// The shown runs page: each row's run id and its cells by field name.
fn rows(root: &HtmlElement) -> Vec<Row> {
    let list = root
        .query_selector_all(".ac-folder-runs .ac-run-row")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| {
            let row: Element = n.unchecked_into();
            let cells = row.query_selector_all("td").unwrap();
            let cells = (0..cells.length())
                .filter_map(|j| cells.item(j))
                .map(|c| {
                    let c: Element = c.unchecked_into();
                    (
                        attr(&c, "data-field"),
                        c.text_content().unwrap_or_default().trim().to_owned(),
                        c.get_attribute("data-absent").is_some(),
                    )
                })
                .collect();
            (attr(&row, "data-run-id"), cells)
        })
        .collect()
}

fn field<'a>(cells: &'a [Cell], name: &str) -> &'a Cell {
    cells
        .iter()
        .find(|c| c.0 == name)
        .unwrap_or_else(|| panic!("no {name} cell"))
}

fn ids(root: &HtmlElement) -> Vec<String> {
    rows(root).into_iter().map(|r| r.0).collect()
}

fn disabled(root: &HtmlElement, sel: &str) -> bool {
    find(root, sel).is_some_and(|e| e.has_attribute("disabled"))
}

#[wasm_bindgen_test]
async fn yandex_runs_page_pages_forward_and_back_and_shows_every_field() {
    let root = yandex_connected().await;
    click(&root, ".ac-screen-runs");
    wait_for("the first page of runs", 10_000, || !rows(&root).is_empty()).await;
    select(&root, ".ac-page-size", "5");
    wait_for("a page of 5 runs", 10_000, || {
        rows(&root).len() == 5 && text(&root, ".ac-page-number") == "Page 1"
    })
    .await;
    let first = ids(&root);
    assert!(
        disabled(&root, ".ac-prev-page"),
        "no previous page on page 1"
    );
    // Forward to the end, collecting every row; each page is new.
    let mut seen: Vec<Row> = rows(&root);
    let mut page = 1;
    while !disabled(&root, ".ac-next-page") {
        let before = text(&root, ".ac-page-number");
        let before_ids = ids(&root);
        click(&root, ".ac-next-page");
        // Either the next page is shown, or the page after the last was empty: the list ends there,
        // the last page stays shown and Next is disabled (once the load is over).
        wait_for("the next page or the end", 10_000, || {
            text(&root, ".ac-page-number") != before
                || (find(&root, ".ac-loading").is_none() && disabled(&root, ".ac-next-page"))
        })
        .await;
        if text(&root, ".ac-page-number") == before {
            break;
        }
        wait_for("the new page's rows", 5_000, || ids(&root) != before_ids).await;
        page += 1;
        assert_eq!(text(&root, ".ac-page-number"), format!("Page {page}"));
        for r in rows(&root) {
            assert!(seen.iter().all(|s| s.0 != r.0), "run {} shown twice", r.0);
            seen.push(r);
        }
        assert!(page < 40, "paging never ended");
    }
    assert!(page >= 3, "at least 3 pages of 5, got {page}");
    assert!(
        seen.len() >= 32,
        "every demo run is listed, got {}",
        seen.len()
    );
    // Back, page by page, to the first: the same runs as at first.
    for p in (1..page).rev() {
        let before = ids(&root);
        click(&root, ".ac-prev-page");
        wait_for("the previous page", 10_000, || ids(&root) != before).await;
        assert_eq!(text(&root, ".ac-page-number"), format!("Page {p}"));
    }
    assert_eq!(ids(&root), first);
    assert!(disabled(&root, ".ac-prev-page"));

    // Every field, as sent: an error run, a TOOL_CALLS run, usage above 2^53, unknown status, absent fields.
    let status = |c: &[Cell]| field(c, "state.status").1.clone();
    assert!(
        seen.iter().any(|r| status(&r.1) == "FAILED"
            && field(&r.1, "state.error.code").1 == "13"
            && field(&r.1, "state.error.message")
                .1
                .contains("content filter")),
        "a FAILED run with code 13 and its message"
    );
    let failed_no_code = seen
        .iter()
        .find(|r| status(&r.1) == "FAILED" && field(&r.1, "state.error.code").2)
        .expect("a FAILED run whose code 0 was omitted: shown absent");
    assert_eq!(field(&failed_no_code.1, "state.error.code").1, "—");
    assert!(
        seen.iter().any(|r| status(&r.1) == "TOOL_CALLS"
            && field(&r.1, "toolCalls").1.contains("get_weather")
            && field(&r.1, "toolCalls").1.contains("Oslo")),
        "a TOOL_CALLS run with its call"
    );
    let huge = seen
        .iter()
        .find(|r| field(&r.1, "usage.totalTokens").1 == "9007199254740993")
        .expect("the usage above 2^53, exact");
    assert_eq!(field(&huge.1, "usage.promptTokens").1, "9007199254740000");
    assert!(seen
        .iter()
        .any(|r| status(&r.1) == "RUN_STATUS_UNSPECIFIED"));
    let pending = seen
        .iter()
        .find(|r| status(&r.1) == "PENDING")
        .expect("a PENDING run");
    for absent in [
        "usage.totalTokens",
        "completedMessage.text",
        "state.error.message",
        "toolCalls",
    ] {
        let c = field(&pending.1, absent);
        assert!(
            c.2 && c.1 == "—",
            "{absent} of a pending run is absent, got {c:?}"
        );
    }
    let truncated = seen
        .iter()
        .find(|r| field(&r.1, "completedMessage.status").1 == "TRUNCATED")
        .expect("a completed message with status TRUNCATED");
    assert_eq!(
        field(&truncated.1, "completedMessage.author.role").1,
        "ASSISTANT"
    );
    assert!(field(&truncated.1, "completedMessage.text")
        .1
        .starts_with("Answer number"));
    assert!(seen.iter().any(
        |r| field(&r.1, "customCompletionOptions.temperature").1 == "0.7"
            && field(&r.1, "customCompletionOptions.maxTokens").1 == "500"
    ));
    assert!(seen.iter().any(
        |r| field(&r.1, "customCompletionOptions.maxTokens").1 == "250"
            && field(&r.1, "customCompletionOptions.temperature").2
    ));
    assert!(seen
        .iter()
        .any(|r| field(&r.1, "customPromptTruncationOptions.maxPromptTokens").1 == "4000"));
    assert!(seen
        .iter()
        .any(|r| field(&r.1, "labels").1 == "source=demo"));
    assert!(seen
        .iter()
        .all(|r| field(&r.1, "createdAt").1.ends_with('Z')));

    // The detail (Run.Get) of the huge-usage run, reached by paging to it.
    while !ids(&root).contains(&huge.0) {
        let before = ids(&root);
        click(&root, ".ac-next-page");
        wait_for("the page with the huge run", 10_000, || {
            ids(&root) != before
        })
        .await;
    }
    click(&root, &format!(".ac-run-row[data-run-id='{}']", huge.0));
    wait_for("the run's detail", 10_000, || {
        find(
            &root,
            &format!(".ac-run-detail-card[data-run-id='{}']", huge.0),
        )
        .is_some()
    })
    .await;
    assert_eq!(
        text(
            &root,
            ".ac-run-detail-card dd[data-field='usage.totalTokens']"
        ),
        "9007199254740993"
    );
}

#[wasm_bindgen_test]
async fn yandex_threads_messages_and_assistants() {
    let root = yandex_connected().await;
    wait_for("the folder's threads", 10_000, || {
        !all_text(&root, ".ac-thread-title").is_empty()
    })
    .await;
    // No status filter or ordering: Yandex lists have none.
    assert!(find(&root, ".ac-status-filter").is_some_and(|e| e.has_attribute("hidden")));
    // The demo threads may be pages down (earlier tests add threads): look them up by id, as a user
    // would with the search box (Thread.Get).
    let all = yandex_get(&format!(
        "/assistants/v1/threads?folderId={FOLDER}&pageSize=1000"
    ))
    .await;
    let id_of = |name: &str| {
        all["threads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .unwrap()
    };
    // A thread without a name is named by its id.
    let unnamed = id_of("");
    search_thread(&root, &unnamed).await;
    assert_eq!(
        all_text(&root, ".ac-thread-title"),
        vec![format!("Thread {}", &unnamed[..8])]
    );
    search_thread(&root, &id_of("Trip to Oslo")).await;
    assert_eq!(all_text(&root, ".ac-thread-title"), vec!["Trip to Oslo"]);
    let oslo: HtmlElement = find(&root, ".ac-thread-title").unwrap().unchecked_into();
    oslo.click();
    wait_for("the thread's conversation (Message.List)", 10_000, || {
        all_text(&root, ".ac-message .ac-text").len() == 2
    })
    .await;
    let texts = all_text(&root, ".ac-message .ac-text");
    assert_eq!(texts[0], "Plan a weekend in Oslo.", "oldest first");
    assert_eq!(texts[1], "Noted: Plan a weekend in Oslo.");
    let roles: Vec<String> = {
        let l = root.query_selector_all(".ac-message").unwrap();
        (0..l.length())
            .filter_map(|i| l.item(i))
            .map(|n| attr(n.unchecked_ref(), "data-role"))
            .collect()
    };
    assert_eq!(roles, ["human", "ai"]);
    // No State tab for Yandex threads.
    assert!(find(&root, ".ac-tab[data-tab='state']").is_none());

    // Create a thread with name, description and labels; rename it; delete it.
    let name = unique("Yandex thread");
    click(&root, ".ac-new-thread");
    wait_for("the new-thread form", 5_000, || {
        find(&root, ".ac-new-thread-name").is_some()
    })
    .await;
    type_into(&root, ".ac-new-thread-name", &name);
    type_into(
        &root,
        ".ac-new-thread-description",
        "made by the browser test",
    );
    type_into(&root, ".ac-new-thread-labels", "bad label");
    click(&root, ".ac-create-thread");
    wait_for("a label without = refused", 5_000, || {
        text(&root, ".ac-new-thread-form .ac-error").contains("key=value")
    })
    .await;
    type_into(&root, ".ac-new-thread-labels", "suite=web\nbrowser=any");
    click(&root, ".ac-create-thread");
    wait_for("the new thread, selected", 10_000, || {
        find(&root, ".ac-thread.ac-selected .ac-thread-title")
            .and_then(|e| e.text_content())
            .as_deref()
            == Some(name.as_str())
    })
    .await;
    let id = find(&root, ".ac-thread.ac-selected")
        .map(|e| attr(&e, "data-thread-id"))
        .unwrap();
    let stored = yandex_get(&format!("/assistants/v1/threads/{id}")).await;
    assert_eq!(stored["description"], "made by the browser test");
    assert_eq!(stored["labels"]["suite"], "web");
    thread_action(&root, ".ac-thread.ac-selected", ".ac-rename").await;
    wait_for("the rename box", 5_000, || {
        find(&root, ".ac-rename-input").is_some()
    })
    .await;
    let renamed = format!("{name} renamed");
    type_into(&root, ".ac-rename-input", &renamed);
    press_enter(&root, ".ac-rename-input");
    wait_for("the new name in the list", 10_000, || {
        all_text(&root, ".ac-thread-title").contains(&renamed)
    })
    .await;
    assert_eq!(
        yandex_get(&format!("/assistants/v1/threads/{id}")).await["name"],
        renamed.as_str()
    );
    thread_action(&root, ".ac-thread.ac-selected", ".ac-delete").await;
    wait_for("the delete confirmation", 5_000, || {
        find(&root, ".ac-confirm-delete").is_some()
    })
    .await;
    click(&root, ".ac-confirm-delete");
    wait_for("the thread gone from the list", 10_000, || {
        find(&root, &format!(".ac-thread[data-thread-id='{id}']")).is_none()
    })
    .await;
    let gone = yandex_fetch(&format!("/assistants/v1/threads/{id}")).await;
    assert_eq!(gone.0, 404);

    // Assistants: the folder's three; the details (Assistant.Get) show model, instruction, options, tools.
    let options = all_text(&root, ".ac-assistant-select option");
    assert_eq!(options.len(), 3, "{options:?}");
    let planner = {
        let l = root
            .query_selector_all(".ac-assistant-select option")
            .unwrap();
        (0..l.length())
            .filter_map(|i| l.item(i))
            .map(|n| n.unchecked_into::<Element>())
            .find(|o| {
                o.text_content()
                    .unwrap_or_default()
                    .starts_with("Weather planner")
            })
            .map(|o| attr(&o, "value"))
            .unwrap()
    };
    select(&root, ".ac-assistant-select", &planner);
    let details: web_sys::HtmlDetailsElement = find(&root, ".ac-assistant-details")
        .unwrap()
        .unchecked_into();
    details.set_open(true);
    wait_for("the assistant's details", 10_000, || {
        text(&root, ".ac-assistant-model") == format!("gpt://{FOLDER}/yandexgpt-lite/rc")
    })
    .await;
    assert_eq!(
        text(&root, ".ac-assistant-instruction"),
        "You are the Weather planner. Be brief."
    );
    assert!(text(&root, ".ac-assistant-tools").contains("get_weather"));
    assert!(text(&root, ".ac-assistant-completion").contains("2000"));
    assert!(text(&root, ".ac-assistant-truncation").contains("7000"));
}

/// Types a thread id into the search box and waits until the list is that thread.
async fn search_thread(root: &HtmlElement, id: &str) {
    type_into(root, ".ac-thread-search", id);
    press_enter(root, ".ac-thread-search");
    wait_for("the thread found by id", 10_000, || {
        let l = root.query_selector_all(".ac-thread").unwrap();
        l.length() == 1
            && l.item(0)
                .map(|n| attr(n.unchecked_ref(), "data-thread-id"))
                .as_deref()
                == Some(id)
    })
    .await;
}

/// A GET to the stand-in with the demo key, outside the app (to check what the server holds).
async fn yandex_fetch(path: &str) -> (u16, String) {
    let init = web_sys::RequestInit::new();
    let headers = web_sys::Headers::new().unwrap();
    headers
        .set("authorization", &format!("Api-Key {KEY}"))
        .unwrap();
    init.set_headers(&headers);
    let req = web_sys::Request::new_with_str_and_init(&format!("{YANDEX}{path}"), &init).unwrap();
    let resp: web_sys::Response =
        JsFuture::from(web_sys::window().unwrap().fetch_with_request(&req))
            .await
            .unwrap()
            .unchecked_into();
    let body = JsFuture::from(resp.text().unwrap()).await.unwrap();
    (resp.status(), body.as_string().unwrap_or_default())
}

async fn yandex_get(path: &str) -> serde_json::Value {
    let (status, body) = yandex_fetch(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

/// The cursors of the raw `Run.Listen` events in the Events tab, in arrival order.
fn cursors(root: &HtmlElement) -> Vec<u64> {
    all_text(root, ".ac-event-data")
        .iter()
        .filter_map(|d| serde_json::from_str::<serde_json::Value>(d).ok())
        .filter_map(|v| {
            v["result"]["stream_cursor"]["current_event_idx"]
                .as_str()
                .and_then(|s| s.parse().ok())
        })
        .collect()
}

fn ai_texts(root: &HtmlElement) -> Vec<String> {
    all_text(root, ".ac-message[data-role='ai'] .ac-text")
}

#[wasm_bindgen_test]
async fn yandex_live_run_streams_partial_text_and_resumes_a_dropped_listen_without_duplicates() {
    let root = yandex_connected().await;
    // Custom completion and truncation options reach Run.Create.
    let options: web_sys::HtmlDetailsElement =
        find(&root, ".ac-yandex-options").unwrap().unchecked_into();
    options.set_open(true);
    type_into(&root, ".ac-y-temperature", "7");
    wait_for("a temperature above 1 marked", 5_000, || {
        find(&root, ".ac-options-error").is_some()
    })
    .await;
    assert!(disabled(&root, ".ac-send"));
    type_into(&root, ".ac-y-temperature", "0.2");
    type_into(&root, ".ac-y-max-tokens", "321");
    type_into(&root, ".ac-y-max-prompt-tokens", "6000");
    let prompt = unique("tell me something long");
    type_into(&root, ".ac-composer-input", &prompt);
    wait_for("Send enabled again", 5_000, || !disabled(&root, ".ac-send")).await;
    click(&root, ".ac-send");
    // Partial messages appear live: the text grows while the run is in progress.
    wait_for("partial text while running", 15_000, || {
        run_status(&root) == "running" && ai_texts(&root).last().is_some_and(|t| t.contains("y3"))
    })
    .await;
    assert!(
        !ai_texts(&root).last().unwrap().contains("end."),
        "not finished yet"
    );
    assert!(disabled(&root, ".ac-cancel"), "Yandex cannot stop a run");
    // The user's message went to the thread; the composer let it go.
    assert!(all_text(&root, ".ac-message[data-role='human'] .ac-text").contains(&prompt));
    // Drop the connection mid-run (the Events tab's Reconnect): the follower listens again.
    click(&root, ".ac-tab[data-tab='events']");
    wait_for("the reconnect button", 5_000, || {
        find(&root, ".ac-reconnect").is_some()
    })
    .await;
    click(&root, ".ac-reconnect");
    wait_for("the run to complete", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    let events = text(&root, ".ac-events-count");
    assert!(events.contains("1 reconnects"), "{events}");
    let seen = cursors(&root);
    assert!(seen.len() > 10, "{seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "every event once, in order: {seen:?}"
    );
    click(&root, ".ac-tab[data-tab='messages']");
    wait_for("the messages again", 5_000, || !ai_texts(&root).is_empty()).await;
    let words: Vec<String> = (0..60).map(|i| format!("y{i}")).collect();
    let expected = format!("Long answer: {} end.", words.join(" "));
    assert_eq!(ai_texts(&root), vec![expected.clone()], "one reply, exact");
    assert_eq!(text(&root, ".ac-composer-input"), "");
    // The thread's last run (Run.GetLastByThread) carries the options and usage.
    click(&root, ".ac-tab[data-tab='runs']");
    wait_for("the last run", 10_000, || {
        text(&root, ".ac-last-run dd[data-field='state.status']") == "COMPLETED"
    })
    .await;
    let dd = |f: &str| text(&root, &format!(".ac-last-run dd[data-field='{f}']"));
    assert_eq!(dd("customCompletionOptions.maxTokens"), "321");
    assert_eq!(dd("customCompletionOptions.temperature"), "0.2");
    assert_eq!(dd("customPromptTruncationOptions.maxPromptTokens"), "6000");
    assert_eq!(dd("completedMessage.text"), expected);
    assert_eq!(dd("usage.completionTokens"), "63");
    // The run's usage, kept on the run object (not in its stream), is in the meters too.
    let meter = text(&root, ".ac-meter[data-meter='usage']");
    assert!(meter.contains(" · 63 out · "), "{meter}");
    // Reopening the thread reads it back with Message.List: the question and the answer, once each.
    let id = find(&root, ".ac-thread.ac-selected")
        .map(|e| attr(&e, "data-thread-id"))
        .unwrap();
    click(&root, ".ac-tab[data-tab='messages']");
    click(
        &root,
        &format!(".ac-thread[data-thread-id='{id}'] .ac-thread-title"),
    );
    wait_for("the stored conversation", 10_000, || {
        ai_texts(&root) == vec![expected.clone()]
    })
    .await;
    assert_eq!(
        all_text(&root, ".ac-message[data-role='human'] .ac-text"),
        vec![prompt]
    );
}

#[wasm_bindgen_test]
async fn yandex_failed_and_tool_calls_runs_show_what_the_server_said() {
    let root = yandex_connected().await;
    type_into(&root, ".ac-composer-input", "please fail now");
    click(&root, ".ac-send");
    wait_for("the run to fail", 15_000, || run_status(&root) == "error").await;
    let err = text(&root, ".ac-thread-error");
    assert!(err.contains("13") && err.contains("Demo failure"), "{err}");
    // The partial text streamed before the error stays.
    assert_eq!(ai_texts(&root).last().map(String::as_str), Some("Let me"));
    type_into(&root, ".ac-composer-input", "what is the weather in Paris");
    // The follower settles the failed run with the server's word before another can be sent.
    wait_for("Send enabled again", 10_000, || {
        !disabled(&root, ".ac-send")
    })
    .await;
    click(&root, ".ac-send");
    wait_for("the run to ask for tool results", 15_000, || {
        run_status(&root) == "action_required"
    })
    .await;
    let call = text(&root, ".ac-tool-call");
    assert!(
        call.contains("get_weather") && call.contains("Paris"),
        "{call}"
    );
    assert!(
        text(&root, ".ac-thread-error").is_empty(),
        "a tool call is no error"
    );
}

#[wasm_bindgen_test]
async fn yandex_401_says_check_your_api_key_and_a_missing_folder_is_named() {
    let root = mount_yandex(Auth::YandexApiKey("wrong-key".into()), Some(FOLDER));
    wait_for("the refusal", 10_000, || {
        find(&root, ".ac-connection.ac-error").is_some()
    })
    .await;
    let msg = text(&root, ".ac-connection.ac-error");
    assert!(msg.contains("check your API key"), "{msg}");
    let root = mount_yandex(Auth::None, Some(FOLDER));
    wait_for("the refusal without a key", 10_000, || {
        text(&root, ".ac-connection.ac-error").contains("check your API key")
    })
    .await;
    let root = mount_yandex(Auth::Bearer("demo-iam-token".into()), None);
    wait_for("the missing folder", 10_000, || {
        text(&root, ".ac-connection.ac-error").contains("folder id")
    })
    .await;
    // An IAM token is a credential too: with the folder it connects.
    let root = mount_yandex(Auth::Bearer("demo-iam-token".into()), Some(FOLDER));
    wait_for("connected with an IAM token", 10_000, || {
        find(&root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    assert!(text(&root, ".ac-connection.ac-ok").contains(FOLDER));
    // The key never reaches the markup.
    let html = page_markup();
    assert!(!html.contains("demo-iam-token") && !html.contains("wrong-key"));
}

#[wasm_bindgen_test]
async fn yandex_takes_text_only_and_a_dropped_image_is_refused_plainly() {
    let root = yandex_connected().await;
    assert!(
        find(&root, ".ac-attach-input").is_none(),
        "no Attach for a text-only server"
    );
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&[0x89u8, b'P', b'N', b'G'][..]));
    let bag = web_sys::FilePropertyBag::new();
    bag.set_type("image/png");
    let png =
        web_sys::File::new_with_u8_array_sequence_and_options(&parts, "dot.png", &bag).unwrap();
    drop_on_messages(&root, &png);
    wait_for("the refusal", 5_000, || {
        text(&root, ".ac-attach-error") == "dot.png was not attached: this server takes text only."
    })
    .await;
    assert!(find(&root, ".ac-attachment").is_none());
    assert!(
        find(&root, ".ac-replay-error").is_none(),
        "not taken for a recording"
    );
}
