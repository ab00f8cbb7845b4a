//! Browser tests of the whole app (this file: helpers and the streaming, thread and run tests; topics
//! in the modules below) against the real LangGraph demo server (tests/servers/langgraph),
//! in headless Chromium and Firefox (scripts/test.sh runs this file in both).
//!
//! The server's URL is fixed at compile time (`AC_LANGGRAPH_URL`), as a wasm test cannot read the
//! environment at run time.

use agent_console::{mount_app, AppConfig};
use agent_console_core::dialects::langgraph::requests;
use agent_console_core::domain::{Auth, Dialect, ServerProfile};
use agent_console_core::http::{HttpRequest, Method};
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A2A against the a2a-sdk agent and the LangGraph server's own A2A endpoint.
mod a2a;
/// The Agent Protocol dialect against the reference server (crates/devserver).
mod agent_protocol;
/// The server's assistants managed: created, edited, versioned, compared, rolled back, deleted.
mod assistant_admin;
/// Every request answered badly: a readable message where it happened, never silence.
mod catalogue;
/// Markdown, interrupt forms, long threads.
mod content;
/// The conversation's controls: theme, copy, hide tool calls, keyboard shortcuts, the thread's title.
mod conversation;
/// Scheduled runs: a schedule explained, created, listed, deleted.
mod crons;
/// The debugger: breakpoints on the live graph, Step, an edit at a pause, a pause after a reload.
mod debugger;
/// Hostile servers: credentials never follow a redirect; a stream cut with a clean end is recovered.
mod faults;
/// Generative UI: the agent's components under their message, live, after a reload; the host's own elements.
mod gen_ui;
/// Hostile content and files: a recording played is read-only.
mod hostile;
/// The Inbox across two LangGraph servers, the Agent Protocol reference server and a dead one.
mod inbox;
/// Run insight: meters, the flight recorder's recordings (replayed, no credentials).
mod insight;
/// Any screen size: the drawer below 900 px, the rail beside the conversation above.
mod layout;
/// Seeded random cuts of every stream, in every dialect: nothing lost, nothing twice, nothing stuck.
mod lossless;
/// Pathological content in a thread of the real server: it opens, every message shown, responsive.
mod pathological;
/// The OpenAI-compatible Responses API against the stand-in (crates/devserver).
mod responses;
/// Server profiles, assistants, run deep links, rollback.
mod servers;
/// The catalogue's answers that once passed in silence: each said where it happened.
mod silent_answers;
/// What a server offers decides what the app offers: Agent Protocol stages, runs pages by deep link.
mod stages;
/// The store of LangGraph and of the Agent Protocol reference server: written, searched, edited, emptied.
mod store;
/// The thread-centric streaming protocol against the real LangGraph server.
mod thread_protocol;
/// Time travel on the real LangGraph server: edits, regenerations, branches, forks, re-runs, comparisons.
mod time_travel;
/// The Timeline tab: a subgraph nested under its node, a tool call, a past run from its recording.
mod timeline;
/// Widgets mounted and unmounted 100 times: nothing sent early is lost, nothing is left behind.
mod unmount;
/// The embeddable widget: two in a hostile page, host events, secrets, isolation.
mod widget;
/// Hostile payloads in every place server text is shown: text, never code.
mod xss;
/// The Yandex dialect against the stand-in server (crates/devserver).
mod yandex;

const LANGGRAPH: &str = match option_env!("AC_LANGGRAPH_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:2150",
};

/// A second LangGraph server (the inbox's tests watch both).
const LANGGRAPH2: &str = match option_env!("AC_LANGGRAPH2_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:2154",
};

/// The devserver: the Yandex and Agent Protocol stand-ins, the fault routes and the tests' tally.
const DEVSERVER: &str = match option_env!("AC_YANDEX_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:2160",
};

/// The fault proxy in front of the LangGraph server (`devserver --proxy`).
const PROXY: &str = match option_env!("AC_PROXY_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:2170",
};

/// Whether the suite runs in Firefox (the fault suites run a share of their cases there).
fn firefox() -> bool {
    let nav = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or_default();
    js_sys::Reflect::get(&nav, &"userAgent".into())
        .ok()
        .and_then(|u| u.as_string())
        .is_some_and(|ua| ua.contains("Firefox"))
}

fn browser() -> &'static str {
    if firefox() {
        "firefox"
    } else {
        "chromium"
    }
}

/// Hands a suite's counts to the devserver's tally, which the test command prints.
async fn report_tally(tally: serde_json::Value) {
    let p = ServerProfile::new(DEVSERVER, Dialect::LangGraph);
    let req = HttpRequest::new(Method::Post, "/faults/tally", "reporting").json(tally);
    let _ = agent_console::platform::transport::send(&p, &req).await;
}

/// Whether the thread view's follower is on a run (`.ac-run-status[data-streaming]`).
fn streaming(root: &HtmlElement) -> bool {
    find(root, ".ac-run-status")
        .and_then(|e| e.get_attribute("data-streaming"))
        .as_deref()
        == Some("true")
}

/// What the composer holds.
fn composer_text(root: &HtmlElement) -> String {
    find(root, ".ac-composer-input")
        .map(|e| e.unchecked_into::<web_sys::HtmlTextAreaElement>().value())
        .unwrap_or_default()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Roots kept in the page: a test uses at most its last few (the newest three are kept attached).
const ROOTS_KEPT: u32 = 3;

/// A new root for an app, in the page. The whole suite runs in one page and an app lives as long as
/// it (`mount_app`), so older tests' roots leave the document: in it, each of ~90 apps' DOMs was styled
/// and laid out on every change anywhere, and the page's one thread was busy the whole suite
/// (Chromium's renderer at 100 % CPU; the suite took 1,208 s, and late tests timed out).
fn fresh_root() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let old = doc.query_selector_all("body > .ac-test-root").unwrap();
    for i in 0..old.length().saturating_sub(ROOTS_KEPT - 1) {
        if let Some(el) = old.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            el.remove();
        }
    }
    let div: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    div.set_class_name("ac-test-root");
    // A desktop's width whatever the headless window's (the app is narrow or wide by its own width:
    // below 900 px the rail is a drawer, tests/web/layout.rs).
    div.style().set_property("width", "1280px").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// The app's stylesheet, as Trunk would load it (the thread list's windowing needs its fixed height).
fn ensure_stylesheet() {
    let doc = web_sys::window().unwrap().document().unwrap();
    if doc.get_element_by_id("ac-test-style").is_none() {
        let style = doc.create_element("style").unwrap();
        style.set_id("ac-test-style");
        style.set_text_content(Some(include_str!("../../style/app.css")));
        doc.head().unwrap().append_child(&style).unwrap();
    }
}

/// An app as `config` says, in a fresh root.
fn mount_config(config: AppConfig) -> HtmlElement {
    ensure_stylesheet();
    let root = fresh_root();
    mount_app(root.clone(), config);
    root
}

fn mount(server: &str, thread: Option<String>) -> HtmlElement {
    mount_config(AppConfig {
        server: Some(server.to_owned()),
        dialect: Some(Dialect::LangGraph),
        thread,
        sync_url: false,
        ..AppConfig::default()
    })
}

/// The whole page's markup (secrets must never be in it).
fn page_markup() -> String {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap()
        .outer_html()
}

fn find(root: &HtmlElement, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

fn text(root: &HtmlElement, sel: &str) -> String {
    find(root, sel)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn all_text(root: &HtmlElement, sel: &str) -> Vec<String> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.text_content())
        .collect()
}

/// Polls until `f` holds, or fails the test saying what it waited for.
async fn wait_for(what: &str, timeout_ms: i32, f: impl Fn() -> bool) {
    let mut waited = 0;
    while !f() {
        if waited > timeout_ms {
            panic!("timed out after {timeout_ms} ms waiting for {what}");
        }
        sleep(20).await;
        waited += 20;
    }
}

fn type_into(root: &HtmlElement, sel: &str, value: &str) {
    let el = find(root, sel).unwrap_or_else(|| panic!("no {sel}"));
    let ta: web_sys::HtmlTextAreaElement = el.unchecked_into();
    ta.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    ta.dispatch_event(&ev).unwrap();
}

fn click(root: &HtmlElement, sel: &str) {
    let el: HtmlElement = find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .unchecked_into();
    el.click();
}

/// Chooses `item` (`.ac-rename`, `.ac-copy`, `.ac-delete`) in the `⋯` menu of the thread row `row`.
async fn thread_action(root: &HtmlElement, row: &str, item: &str) {
    let toggle = format!("{row} .ac-thread-menu-toggle");
    wait_for("the thread's ⋯ menu", 10_000, || {
        find(root, &toggle).is_some()
    })
    .await;
    click(root, &toggle);
    let chosen = format!("{row} .ac-thread-actions[role='menu'] {item}[role='menuitem']");
    wait_for("the menu's item", 5_000, || find(root, &chosen).is_some()).await;
    click(root, &chosen);
}

fn run_status(root: &HtmlElement) -> String {
    find(root, ".ac-run-status")
        .and_then(|e| e.get_attribute("data-status"))
        .unwrap_or_default()
}

fn unique(prefix: &str) -> String {
    format!("{prefix} {}", (js_sys::Math::random() * 1e9) as u64)
}

fn demo_profile() -> ServerProfile {
    ServerProfile::new(LANGGRAPH, Dialect::LangGraph)
}

/// Connects, sends `text` as a new run, and waits for the run to succeed.
async fn run_to_success(root: &HtmlElement, text: &str) {
    connected(root).await;
    type_into(root, ".ac-composer-input", text);
    click(root, ".ac-send");
    wait_for("the run to finish", 20_000, || {
        run_status(root) == "success"
    })
    .await;
}

async fn connected(root: &HtmlElement) {
    wait_for("the connection to the demo server", 15_000, || {
        find(root, ".ac-connection.ac-ok").is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_run_streams_tokens_as_they_arrive_and_ends_with_the_graphs_reply() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    let input = unique("stream check");
    type_into(&root, ".ac-composer-input", &input);
    click(&root, ".ac-send");

    let expected = format!("Quartz echo: {input} — seven amber herons crossed the fjord at dawn.");
    let ai = ".ac-message[data-role='ai'] .ac-text";
    // Record every distinct text the AI message shows while the run is still going.
    let mut seen: Vec<String> = Vec::new();
    let mut waited = 0;
    loop {
        let status = run_status(&root);
        let t = text(&root, ai);
        if status == "running" && !t.is_empty() && seen.last() != Some(&t) {
            seen.push(t.clone());
        }
        if status == "success" {
            break;
        }
        assert!(
            waited < 20_000,
            "run did not finish; status {status:?}, text {t:?}"
        );
        sleep(5).await;
        waited += 5;
    }
    let final_text = text(&root, ai);
    assert_eq!(final_text, expected);
    assert!(
        seen.len() >= 3,
        "the text grew in only {} steps before the run ended: {seen:?}",
        seen.len()
    );
    for s in &seen {
        assert!(
            expected.starts_with(s.as_str()),
            "{s:?} is not a prefix of the final text"
        );
    }
    assert!(
        seen.first().unwrap().len() < expected.len(),
        "the first text seen was already complete"
    );
    // The composer was cleared once the run was accepted; the human message is shown.
    assert!(all_text(&root, ".ac-message[data-role='human'] .ac-text").contains(&input));
}

#[wasm_bindgen_test]
async fn a_closed_port_shows_a_readable_error() {
    let root = mount("http://127.0.0.1:9", None);
    wait_for("an error about the unreachable server", 10_000, || {
        find(&root, ".ac-connection.ac-error").is_some()
    })
    .await;
    let msg = text(&root, ".ac-connection.ac-error");
    assert!(
        msg.contains("Could not reach the server at http://127.0.0.1:9"),
        "{msg}"
    );
    // The rest of the app is still there and usable.
    assert!(find(&root, ".ac-composer-input").is_some());
    assert!(find(&root, ".ac-connect-button").is_some());
}

#[wasm_bindgen_test]
async fn a_deep_link_opens_the_thread_with_its_messages() {
    let profile = demo_profile();
    let created =
        agent_console::platform::transport::send(&profile, &requests::create_thread(json!({})))
            .await
            .expect("create thread");
    let thread_id = serde_json::from_str::<serde_json::Value>(&created.body).unwrap()["thread_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let said = unique("deep link");
    let wait = HttpRequest::new(Method::Post, format!("/threads/{thread_id}/runs/wait"), "running")
        .json(json!({"assistant_id": "lighthouse", "input": {"messages": [{"role": "human", "content": said}]}}));
    agent_console::platform::transport::send(&profile, &wait)
        .await
        .expect("run to completion");

    let root = mount(LANGGRAPH, Some(thread_id.clone()));
    wait_for("the thread's messages", 15_000, || {
        all_text(&root, ".ac-message .ac-text").len() >= 2
    })
    .await;
    let texts = all_text(&root, ".ac-message .ac-text");
    assert_eq!(texts[0], said);
    assert_eq!(
        texts[1],
        format!("Quartz echo: {said} — seven amber herons crossed the fjord at dawn.")
    );
    assert_eq!(text(&root, ".ac-thread-header .ac-thread-id"), thread_id);
}

#[wasm_bindgen_test]
async fn an_interrupt_is_answered_with_a_button_and_the_run_resumes() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    type_into(&root, ".ac-composer-input", &unique("please approve"));
    click(&root, ".ac-send");
    // The card shows as soon as the interrupt event arrives; the status once the run's stream has ended.
    wait_for(
        "the interrupt card and the interrupted status",
        20_000,
        || find(&root, ".ac-interrupt-option").is_some() && run_status(&root) == "interrupted",
    )
    .await;
    assert_eq!(text(&root, ".ac-interrupt-question"), "Publish the echo?");
    assert_eq!(all_text(&root, ".ac-interrupt-option"), vec!["yes", "no"]);
    click(&root, ".ac-interrupt-option");
    wait_for("the resumed run to finish", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(ai_text(&root), "Reviewer said yes. Archived.");
    assert!(
        find(&root, ".ac-interrupt").is_none(),
        "the card is gone once answered"
    );
}

#[wasm_bindgen_test]
async fn a_tool_call_and_its_result_are_shown() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    type_into(&root, ".ac-composer-input", "what is the weather in Tromso");
    click(&root, ".ac-send");
    wait_for("the run to finish", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert!(text(&root, ".ac-tool-call summary").contains("forecast"));
    assert!(text(&root, ".ac-tool-call pre").contains("\"city\": \"Tromso\""));
    assert_eq!(
        text(&root, ".ac-message[data-role='tool'] .ac-text"),
        "Fog over Tromso, 4 degrees."
    );
    assert_eq!(
        ai_text(&root),
        "The lighthouse keeper reports: Fog over Tromso, 4 degrees. Over and out."
    );
}

#[wasm_bindgen_test]
async fn a_server_error_is_shown_and_the_typed_text_is_kept() {
    // A deep link to a thread that does not exist: opening it and sending to it both fail with 404.
    let root = mount(
        LANGGRAPH,
        Some("00000000-0000-4000-8000-000000000000".into()),
    );
    wait_for("the 404 for the missing thread", 15_000, || {
        find(&root, ".ac-thread-error").is_some()
    })
    .await;
    assert!(
        text(&root, ".ac-thread-error").contains("not found"),
        "{}",
        text(&root, ".ac-thread-error")
    );
    type_into(&root, ".ac-composer-input", "words I do not want to lose");
    click(&root, ".ac-send");
    wait_for("the failed run's error", 15_000, || {
        text(&root, ".ac-thread-error").contains("starting a run failed")
    })
    .await;
    let ta: web_sys::HtmlTextAreaElement =
        find(&root, ".ac-composer-input").unwrap().unchecked_into();
    assert_eq!(ta.value(), "words I do not want to lose");
}

#[wasm_bindgen_test]
async fn the_api_key_goes_in_a_header_never_into_the_dom() {
    let root = fresh_root();
    let secret = "sk-test-never-in-the-dom";
    let config = AppConfig {
        server: Some(LANGGRAPH.into()),
        dialect: Some(Dialect::LangGraph),
        auth: Auth::ApiKeyHeader(secret.into()),
        sync_url: false,
        ..AppConfig::default()
    };
    mount_app(root.clone(), config);
    connected(&root).await;
    let html = root.outer_html();
    assert!(!html.contains(secret));
    let href = web_sys::window().unwrap().location().href().unwrap();
    assert!(!href.contains(secret));
    let _ = JsValue::NULL;
}

const LONG_REPLY_WORDS: usize = 120;

fn long_reply() -> String {
    let words: Vec<String> = (0..LONG_REPLY_WORDS).map(|i| format!("w{i}")).collect();
    format!("Long answer: {} end.", words.join(" "))
}

fn ai_text(root: &HtmlElement) -> String {
    all_text(root, ".ac-message[data-role='ai'] .ac-text")
        .pop()
        .unwrap_or_default()
}

/// The open thread's id, as the header shows it beside the title.
fn open_thread_id(root: &HtmlElement) -> String {
    text(root, ".ac-thread-header .ac-thread-id")
}

/// Starts the demo's long story (120 words, 40 ms apart) and waits until it is part-way.
async fn start_long_story(root: &HtmlElement) {
    connected(root).await;
    type_into(root, ".ac-composer-input", &unique("tell me a long story"));
    click(root, ".ac-send");
    wait_for("the long story to be under way", 20_000, || {
        ai_text(root).contains(" w5 ")
    })
    .await;
}

#[wasm_bindgen_test]
async fn reopening_a_busy_thread_joins_the_run_with_the_exact_text() {
    let a = mount(LANGGRAPH, None);
    start_long_story(&a).await;
    let thread_id = open_thread_id(&a);
    // What a reload does: a new app instance opens the same thread while the run goes on.
    let b = mount(LANGGRAPH, Some(thread_id));
    let mut seen = Vec::new();
    let mut waited = 0;
    while run_status(&b) != "success" {
        let t = ai_text(&b);
        if run_status(&b) == "running" && !t.is_empty() && seen.last() != Some(&t) {
            seen.push(t);
        }
        assert!(
            waited < 30_000,
            "the joined run did not finish: {:?}",
            run_status(&b)
        );
        sleep(10).await;
        waited += 10;
    }
    assert_eq!(ai_text(&b), long_reply(), "joined view");
    assert!(
        seen.len() >= 2,
        "the joined view did not stream live: {seen:?}"
    );
    wait_for("the first view to finish", 10_000, || {
        run_status(&a) == "success"
    })
    .await;
    assert_eq!(ai_text(&a), long_reply(), "original view");
    assert_eq!(
        all_text(&b, ".ac-message[data-role='human'] .ac-text").len(),
        1,
        "the human message once"
    );
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_rejoined_without_losing_or_repeating_tokens() {
    let root = mount(LANGGRAPH, None);
    start_long_story(&root).await;
    reconnect_then_the_exact_long_reply(&root).await;
    // The drop is on the run's timeline, with where the stream resumed.
    click(&root, ".ac-tab[data-tab='timeline']");
    wait_for("the reconnect marker", 5_000, || {
        find(&root, ".ac-tl-marker[data-kind='reconnect']").is_some()
    })
    .await;
    let said = find(&root, ".ac-tl-marker[data-kind='reconnect']")
        .and_then(|m| m.get_attribute("aria-label"))
        .unwrap_or_default();
    assert!(
        said.contains("stream dropped — resumed after event "),
        "{said}"
    );
}

/// Drops the long story's connection once (the Events tab's Reconnect) and checks the run still ends
/// with the exact text.
async fn reconnect_then_the_exact_long_reply(root: &HtmlElement) {
    let root = root.clone();
    click(&root, ".ac-tab[data-tab='events']");
    wait_for("the Reconnect button", 5_000, || {
        find(&root, ".ac-reconnect:not([disabled])").is_some()
    })
    .await;
    click(&root, ".ac-reconnect");
    wait_for("the run to finish after the reconnect", 30_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert!(
        text(&root, ".ac-events-count").contains("1 reconnects"),
        "{}",
        text(&root, ".ac-events-count")
    );
    click(&root, ".ac-tab[data-tab='messages']");
    wait_for("the messages tab", 5_000, || !ai_text(&root).is_empty()).await;
    assert_eq!(ai_text(&root), long_reply());
    assert!(
        find(&root, ".ac-warnings").is_none(),
        "events after the reconnect were skipped: {}",
        text(&root, ".ac-warnings")
    );
}

#[wasm_bindgen_test]
async fn stop_cancels_the_run_and_keeps_what_was_streamed() {
    let root = mount(LANGGRAPH, None);
    start_long_story(&root).await;
    click(&root, ".ac-cancel");
    wait_for("the run to end after Stop", 20_000, || {
        let s = run_status(&root);
        !s.is_empty() && s != "running" && s != "pending"
    })
    .await;
    assert_eq!(
        run_status(&root),
        "interrupted",
        "the server's status for a run cancelled with action=interrupt"
    );
    let partial = ai_text(&root);
    assert!(
        partial.len() < long_reply().len() && long_reply().starts_with(partial.trim_end()),
        "{partial:?}"
    );
    assert!(
        find(&root, ".ac-thread-error").is_none(),
        "{}",
        text(&root, ".ac-thread-error")
    );
}

#[wasm_bindgen_test]
async fn the_runs_state_and_events_tabs_show_the_thread() {
    let root = mount(LANGGRAPH, None);
    run_to_success(&root, &unique("tabs check")).await;

    click(&root, ".ac-tab[data-tab='runs']");
    wait_for("the run list", 10_000, || {
        find(&root, ".ac-run-row").is_some()
    })
    .await;
    let row = text(&root, ".ac-run-row");
    assert!(row.contains("success"), "{row}");
    let run_id = find(&root, ".ac-run-row")
        .unwrap()
        .get_attribute("data-run-id")
        .unwrap();
    assert!(
        text(&root, ".ac-run-status").contains(&run_id[..8]),
        "the row is the run just made"
    );
    click(&root, ".ac-run-row");
    wait_for("the run detail", 5_000, || {
        find(&root, ".ac-run-detail").is_some()
    })
    .await;
    let detail = text(&root, ".ac-run-detail");
    assert!(
        detail.contains("stream_mode") && detail.contains("messages-tuple"),
        "{detail}"
    );

    click(&root, ".ac-tab[data-tab='state']");
    wait_for("the history", 10_000, || {
        all_text(&root, ".ac-checkpoint").len() >= 2
    })
    .await;
    assert!(text(&root, ".ac-state-values").contains("messages"));

    click(&root, ".ac-tab[data-tab='events']");
    wait_for("the raw events", 5_000, || {
        find(&root, ".ac-event").is_some()
    })
    .await;
    let names = all_text(&root, ".ac-event-name");
    assert_eq!(names.first().map(String::as_str), Some("metadata"));
    assert!(names.iter().filter(|n| *n == "messages").count() >= 5);
    let filter: web_sys::HtmlInputElement =
        find(&root, ".ac-events-filter").unwrap().unchecked_into();
    filter.set_value("metadata");
    filter
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    wait_for("the filter", 5_000, || {
        all_text(&root, ".ac-event-name").len() == 1
    })
    .await;
}

async fn api(req: HttpRequest) -> serde_json::Value {
    let r = agent_console::platform::transport::send(&demo_profile(), &req)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&r.body).unwrap_or(serde_json::Value::Null)
}

/// A text file made in the page, as a user would pick or drop it.
fn text_file(body: &str, name: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&JsValue::from_str(body));
    web_sys::File::new_with_str_sequence(&parts, name).unwrap()
}

/// Drops `file` on the thread's messages, as a user would drag it there.
fn drop_on_messages(root: &HtmlElement, file: &web_sys::File) {
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(file).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&dt));
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    find(root, ".ac-messages")
        .unwrap()
        .dispatch_event(&drop)
        .unwrap();
}

/// Opens `file` with the Events tab's *Open a recording* picker, as a user would.
fn open_recording(root: &HtmlElement, file: &web_sys::File) {
    let input: web_sys::HtmlInputElement = find(root, ".ac-open-recording-input")
        .expect("Open a recording")
        .unchecked_into();
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(file).unwrap();
    input.set_files(dt.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

/// Chooses `value` in a `<select>` as a user would (the app listens for `change`).
fn select(root: &HtmlElement, sel: &str, value: &str) {
    let s: web_sys::HtmlSelectElement = find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .unchecked_into();
    s.set_value(value);
    s.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

/// Opens the composer's run options and ticks the checkbox `sel` in them.
fn tick_run_option(root: &HtmlElement, sel: &str) {
    let d: web_sys::HtmlDetailsElement = find(root, ".ac-run-options")
        .expect("the run options")
        .unchecked_into();
    d.set_open(true);
    let c: web_sys::HtmlInputElement = find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .unchecked_into();
    c.set_checked(true);
    c.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn press_enter(root: &HtmlElement, sel: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .dispatch_event(&ev)
        .unwrap();
}

/// Sets an input's or a textarea's value as typing would (an `input` event).
fn set_text(root: &HtmlElement, sel: &str, value: &str) {
    let el = find(root, sel).unwrap_or_else(|| panic!("no {sel}"));
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn set_input(root: &HtmlElement, sel: &str, value: &str) {
    let input: web_sys::HtmlInputElement = find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// Rows the list holds (the windowed list's height is rows × 40 px; only visible rows are in the DOM).
fn listed_rows(root: &HtmlElement) -> usize {
    let style = find(root, ".ac-thread-list")
        .and_then(|e| e.get_attribute("style"))
        .unwrap_or_default();
    let px: f64 = style
        .trim_start_matches("height:")
        .trim_end_matches("px")
        .parse()
        .unwrap_or(-40.0);
    (px / 40.0).round() as usize
}

#[wasm_bindgen_test]
async fn the_thread_list_pages_filters_searches_renames_copies_and_deletes() {
    let suite = unique("suite").replace(' ', "-");
    let mut ids = Vec::new();
    for n in 0..30 {
        let t = api(requests::create_thread(json!({"suite": suite, "n": n}))).await;
        ids.push(t["thread_id"].as_str().unwrap().to_owned());
    }
    // One of them waits on an interrupt.
    api(HttpRequest::new(Method::Post, format!("/threads/{}/runs/wait", ids[0]), "run").json(json!({
        "assistant_id": "lighthouse", "input": {"messages": [{"role": "human", "content": "please approve"}]}
    })))
    .await;

    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    set_input(&root, ".ac-thread-search", &format!("suite={suite}"));
    press_enter(&root, ".ac-thread-search");
    wait_for("the first page of this suite", 10_000, || {
        listed_rows(&root) == 25
    })
    .await;
    let in_dom = root.query_selector_all(".ac-thread").unwrap().length() as usize;
    assert!(
        in_dom < 25,
        "windowing: {in_dom} rows in the DOM for 25 listed"
    );

    // Scrolling to the bottom loads the next page.
    let scroller = find(&root, ".ac-thread-scroller").unwrap();
    scroller.set_scroll_top(scroller.scroll_height());
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    wait_for("the second page", 10_000, || listed_rows(&root) == 30).await;

    // The status filter, combined with the search.
    select(&root, ".ac-status-filter", "interrupted");
    wait_for("only the interrupted thread", 10_000, || {
        listed_rows(&root) == 1
    })
    .await;
    assert_eq!(
        find(&root, ".ac-thread")
            .unwrap()
            .get_attribute("data-thread-id")
            .unwrap(),
        ids[0]
    );
    select(&root, ".ac-status-filter", "");

    // Search by id, open it, rename it.
    set_input(&root, ".ac-thread-search", &ids[5]);
    press_enter(&root, ".ac-thread-search");
    wait_for("the thread found by id", 10_000, || {
        listed_rows(&root) == 1
            && find(&root, &format!(".ac-thread[data-thread-id='{}']", ids[5])).is_some()
    })
    .await;
    click(&root, ".ac-thread-title");
    thread_action(&root, ".ac-thread.ac-selected", ".ac-rename").await;
    wait_for("the rename field", 5_000, || {
        find(&root, ".ac-rename-input").is_some()
    })
    .await;
    let new_title = unique("renamed");
    set_input(&root, ".ac-rename-input", &new_title);
    press_enter(&root, ".ac-rename-input");
    wait_for("the new title", 10_000, || {
        text(&root, ".ac-thread-title") == new_title
    })
    .await;
    let stored = api(requests::get_thread(&ids[5])).await;
    assert_eq!(stored["metadata"]["title"], new_title.as_str());
    assert_eq!(
        stored["metadata"]["suite"],
        suite.as_str(),
        "renaming keeps the other metadata"
    );

    // Copy opens the copy; delete (confirmed) removes it.
    thread_action(&root, ".ac-thread.ac-selected", ".ac-copy").await;
    wait_for("the copy to open", 10_000, || {
        let open = open_thread_id(&root);
        !open.is_empty() && open != ids[5] && open != "New conversation"
    })
    .await;
    let copy_id = open_thread_id(&root);
    thread_action(
        &root,
        &format!(".ac-thread[data-thread-id='{copy_id}']"),
        ".ac-delete",
    )
    .await;
    wait_for("the delete confirmation", 5_000, || {
        find(&root, ".ac-confirm-delete").is_some()
    })
    .await;
    click(&root, ".ac-confirm-delete");
    wait_for("the copy to be gone", 10_000, || {
        find(&root, &format!(".ac-thread[data-thread-id='{copy_id}']")).is_none()
    })
    .await;
    let gone =
        agent_console::platform::transport::send(&demo_profile(), &requests::get_thread(&copy_id))
            .await;
    assert!(matches!(
        gone,
        Err(agent_console_core::http::ApiError::Status { status: 404, .. })
    ));
}

#[wasm_bindgen_test]
async fn run_options_reject_a_second_run_plainly_and_bad_json_is_never_sent() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    // Invalid JSON in an option blocks sending, with the reason shown.
    let config: web_sys::HtmlTextAreaElement = find(&root, ".ac-config").unwrap().unchecked_into();
    config.set_value("{not json");
    config
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    wait_for("the JSON problem", 5_000, || {
        text(&root, ".ac-options-error").contains("Config is not valid JSON")
    })
    .await;
    assert!(find(&root, ".ac-config.ac-invalid").is_some());
    assert!(
        find(&root, ".ac-send[disabled]").is_some(),
        "Send is blocked"
    );
    config.set_value(r#"{"configurable": {"user": "ann"}}"#);
    config
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    wait_for("the problem to clear", 5_000, || {
        find(&root, ".ac-options-error").is_none()
    })
    .await;

    // With `reject`, a second message while the first run streams gets the server's 409, plainly.
    select(&root, ".ac-multitask", "reject");
    start_long_story(&root).await;
    type_into(&root, ".ac-composer-input", "a second question");
    wait_for("Send to be allowed during the run", 5_000, || {
        find(&root, ".ac-send:not([disabled])").is_some()
    })
    .await;
    click(&root, ".ac-send");
    wait_for("the 409", 10_000, || {
        text(&root, ".ac-thread-error").contains("already running")
    })
    .await;
    assert!(
        text(&root, ".ac-thread-error").contains("HTTP 409"),
        "{}",
        text(&root, ".ac-thread-error")
    );
    let ta: web_sys::HtmlTextAreaElement =
        find(&root, ".ac-composer-input").unwrap().unchecked_into();
    assert_eq!(ta.value(), "a second question", "the refused text is kept");
    // The first run goes on undisturbed, and the refused message was never added.
    wait_for("the first run to finish", 30_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(ai_text(&root), long_reply());
    assert!(!all_text(&root, ".ac-message[data-role='human'] .ac-text")
        .contains(&"a second question".to_owned()));
    // The config reached the run.
    click(&root, ".ac-tab[data-tab='runs']");
    wait_for("the run list", 10_000, || {
        find(&root, ".ac-run-row").is_some()
    })
    .await;
    click(&root, ".ac-run-row");
    wait_for("the run detail", 5_000, || {
        text(&root, ".ac-run-detail").contains("ann")
    })
    .await;
}
