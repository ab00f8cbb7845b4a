//! The conversation's own controls against the real LangGraph demo server: the colour scheme (kept
//! across a reload), copying a message and a code block (a test double stands in for the clipboard),
//! *Hide tool calls* (kept in the tab), the keyboard's shortcuts and the thread's title.

use super::*;
use agent_console::Theme;

/// The clipboard's stand-in: what was written goes to `window.__copied`.
fn fake_clipboard() {
    js_sys::eval(
        "navigator.clipboard.writeText = (t) => { window.__copied = t; return Promise.resolve(); }; window.__copied = null;",
    )
    .unwrap();
}

fn copied() -> Option<String> {
    js_sys::Reflect::get(&js_sys::global(), &"__copied".into())
        .ok()
        .and_then(|v| v.as_string())
}

fn computed(root: &HtmlElement, sel: &str, prop: &str) -> String {
    let el = find(root, sel).unwrap_or_else(|| panic!("no {sel}"));
    web_sys::window()
        .unwrap()
        .get_computed_style(&el)
        .unwrap()
        .unwrap()
        .get_property_value(prop)
        .unwrap()
}

/// A key pressed on `sel` (bubbling to the window, where the app listens).
fn key(root: &HtmlElement, sel: &str, key: &str, ctrl: bool, alt: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_alt_key(alt);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .dispatch_event(&ev)
        .unwrap();
}

fn selected_thread(root: &HtmlElement) -> String {
    find(root, ".ac-thread.ac-selected")
        .and_then(|e| e.get_attribute("data-thread-id"))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_dark_theme_differs_and_survives_a_reload() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    let light = computed(&root, ".ac-rail", "background-color");
    select(&root, ".ac-theme", "dark");
    wait_for("the dark colours", 2_000, || {
        computed(&root, ".ac-rail", "background-color") != light
    })
    .await;
    let dark = computed(&root, ".ac-rail", "background-color");
    assert_ne!(computed(&root, ".ac-thread-pane", "color"), "", "{dark}");
    // A reload reads the page's configuration again: the choice is in it.
    let config = AppConfig::from_location();
    assert_eq!(config.theme, Theme::Dark);
    let again = fresh_root();
    mount_app(
        again.clone(),
        AppConfig {
            server: Some(LANGGRAPH.to_owned()),
            dialect: Some(Dialect::LangGraph),
            sync_url: false,
            ..config
        },
    );
    wait_for("the reloaded app", 5_000, || {
        find(&again, ".ac-rail").is_some()
    })
    .await;
    assert_eq!(computed(&again, ".ac-rail", "background-color"), dark);
    // System: the browser's preference (headless browsers prefer light).
    select(&again, ".ac-theme", "auto");
    wait_for("the system's colours", 2_000, || {
        find(&again, ".ac-root[data-theme='auto']").is_some()
    })
    .await;
    select(&root, ".ac-theme", "light");
    assert_eq!(AppConfig::from_location().theme, Theme::Light);
}

#[wasm_bindgen_test]
async fn copy_puts_a_reply_as_markdown_and_a_code_block_on_the_clipboard() {
    fake_clipboard();
    let root = mount(LANGGRAPH, None);
    run_to_success(&root, &unique("show me markdown")).await;
    wait_for("the code block's Copy", 5_000, || {
        find(&root, ".ac-message[data-role='ai'] .ac-copy-code").is_some()
    })
    .await;
    click(&root, ".ac-message[data-role='ai'] .ac-copy-message");
    wait_for("the reply copied", 2_000, || copied().is_some()).await;
    let md = copied().unwrap();
    assert!(md.starts_with("## Tide table\n\n- **High** water"), "{md}");
    assert!(md.contains("```python\nprint('beacon')\n```"), "{md}");
    wait_for("Copied", 2_000, || {
        text(&root, ".ac-message[data-role='ai'] .ac-copy-message") == "Copied"
    })
    .await;
    // The reply's details on demand: its id, its checkpoint, its usage.
    click(&root, ".ac-message[data-role='ai'] .ac-message-meta-toggle");
    wait_for("the details", 2_000, || {
        find(&root, ".ac-message-meta").is_some()
    })
    .await;
    let id = find(&root, ".ac-message[data-role='ai']")
        .and_then(|e| e.get_attribute("data-message-id"))
        .unwrap_or_default();
    assert_eq!(text(&root, ".ac-message-meta dd[data-field='id']"), id);
    assert!(text(&root, ".ac-message-meta dd[data-field='usage']").contains(" out · "));
    wait_for(
        "its checkpoint, once the branches are known",
        10_000,
        || text(&root, ".ac-message-meta dd[data-field='checkpoint']").len() > 8,
    )
    .await;
    assert!(
        !ai_text(&root).contains("Copy"),
        "the code block's button adds no text to the reply"
    );
    click(&root, ".ac-message[data-role='ai'] .ac-copy-code");
    wait_for("the code copied", 2_000, || {
        copied().as_deref() == Some("print('beacon')\n")
    })
    .await;
}

#[wasm_bindgen_test]
async fn hide_tool_calls_hides_them_and_the_tab_remembers() {
    let root = mount(LANGGRAPH, None);
    run_to_success(&root, &unique("what is the weather")).await;
    wait_for("the tool call", 5_000, || {
        find(&root, ".ac-tool-call").is_some()
    })
    .await;
    let shown = |root: &HtmlElement, sel: &str| computed(root, sel, "display") != "none";
    assert!(shown(&root, ".ac-tool-call") && shown(&root, ".ac-message[data-role='tool']"));
    let input: web_sys::HtmlInputElement = find(&root, ".ac-hide-tools-input")
        .unwrap()
        .unchecked_into();
    input.set_checked(true);
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_for("the tool calls hidden", 2_000, || {
        !shown(&root, ".ac-message[data-role='tool']") && !shown(&root, ".ac-tool-call")
    })
    .await;
    // The reply that only called the tool is hidden with it — unless it shows the agent's component
    // (the demo's weather card): then the card stays, its tool call folded away.
    let calling = ".ac-message[data-role='ai'] .ac-tool-call";
    let caller = find(&root, calling)
        .unwrap()
        .closest(".ac-message")
        .unwrap()
        .unwrap();
    assert_eq!(caller.get_attribute("data-has-ui").as_deref(), Some("true"));
    assert!(shown(&root, ".ac-message[data-has-ui='true'] .ac-ui-card"));
    // The reply itself stays.
    assert!(ai_text(&root).contains("Fog over"), "{}", ai_text(&root));
    let again = mount(LANGGRAPH, None);
    wait_for("the second app", 5_000, || {
        find(&again, ".ac-hide-tools-input").is_some()
    })
    .await;
    let kept: web_sys::HtmlInputElement = find(&again, ".ac-hide-tools-input")
        .unwrap()
        .unchecked_into();
    assert!(kept.checked(), "remembered in the tab");
    input.set_checked(false);
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_for("the tool calls back", 2_000, || {
        shown(&root, ".ac-message[data-role='tool']")
    })
    .await;
}

#[wasm_bindgen_test]
async fn keyboard_shortcuts_search_list_move_between_threads_and_stop() {
    let root = mount(LANGGRAPH, None);
    let first = unique("first thread for keys");
    run_to_success(&root, &first).await;
    // The header names the thread by its first words, not its id.
    assert_eq!(text(&root, ".ac-thread-header h1"), first);
    let one = selected_thread(&root);
    click(&root, ".ac-new-thread");
    wait_for("a new thread", 5_000, || selected_thread(&root) != one).await;
    run_to_success(&root, &unique("second thread for keys")).await;
    let two = selected_thread(&root);
    wait_for("both threads listed", 10_000, || {
        find(&root, &format!(".ac-thread[data-thread-id='{one}']")).is_some()
    })
    .await;
    // Ctrl-K: the thread search.
    key(&root, ".ac-thread-pane", "k", true, false);
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert!(
        active.is_some_and(|a| a.class_list().contains("ac-thread-search")),
        "the search has the focus"
    );
    // ?: the list of shortcuts; Esc closes it.
    key(&root, ".ac-thread-pane", "?", false, false);
    wait_for("the shortcuts", 2_000, || {
        find(&root, ".ac-shortcuts").is_some()
    })
    .await;
    assert!(text(&root, ".ac-shortcuts").contains("Alt ↑ / Alt ↓"));
    key(&root, ".ac-thread-pane", "Escape", false, false);
    wait_for("the shortcuts closed", 2_000, || {
        find(&root, ".ac-shortcuts").is_none()
    })
    .await;
    // Alt-↓ / Alt-↑: the next and the previous thread of the list (newest first).
    let ids = {
        let list = root.query_selector_all(".ac-thread").unwrap();
        (0..list.length())
            .filter_map(|i| {
                list.item(i)?
                    .unchecked_into::<Element>()
                    .get_attribute("data-thread-id")
            })
            .collect::<Vec<_>>()
    };
    let at = ids
        .iter()
        .position(|i| *i == two)
        .expect("the open thread is listed");
    let below = ids.get(at + 1).cloned().expect("a thread below it");
    key(&root, ".ac-thread-pane", "ArrowDown", false, true);
    wait_for("the next thread", 5_000, || selected_thread(&root) == below).await;
    key(&root, ".ac-thread-pane", "ArrowUp", false, true);
    wait_for("the previous thread", 5_000, || {
        selected_thread(&root) == two
    })
    .await;
    // Esc stops a run.
    start_long_story(&root).await;
    key(&root, ".ac-thread-pane", "Escape", false, false);
    wait_for("the run stopped by Esc", 20_000, || {
        run_status(&root) == "interrupted"
    })
    .await;
}

#[wasm_bindgen_test]
async fn reasoning_is_folded_above_the_answer_and_opens_to_its_text() {
    let root = mount(LANGGRAPH, None);
    let said = unique("think about the tides");
    run_to_success(&root, &said).await;
    wait_for("the reasoning", 5_000, || {
        find(&root, ".ac-message[data-role='ai'] .ac-reasoning").is_some()
    })
    .await;
    let details: web_sys::HtmlDetailsElement =
        find(&root, ".ac-message[data-role='ai'] .ac-reasoning")
            .unwrap()
            .unchecked_into();
    assert!(!details.open(), "folded by default");
    click(&root, ".ac-message[data-role='ai'] .ac-reasoning summary");
    wait_for("open", 2_000, || details.open()).await;
    assert_eq!(
        text(&root, ".ac-message[data-role='ai'] .ac-reasoning-text"),
        "Weighing the tide tables against the wind before answering."
    );
    // Its own token count, as the server reported it; the answer holds none of it.
    assert_eq!(
        text(&root, ".ac-message[data-role='ai'] .ac-reasoning summary"),
        "Reasoning · 9 tokens"
    );
    let answer = ai_text(&root);
    assert!(
        answer.starts_with("Quartz echo: ") && !answer.contains("Weighing"),
        "{answer}"
    );
}

#[wasm_bindgen_test]
async fn an_empty_thread_offers_the_assistants_example_prompts_and_one_click_sends_it() {
    // The graph's own assistant (other tests make more `lighthouse` assistants, which may come first).
    let found = api(
        HttpRequest::new(Method::Post, "/assistants/search", "find").json(json!({
            "graph_id": "lighthouse", "metadata": {"created_by": "system"}
        })),
    )
    .await;
    let system = found[0]["assistant_id"].as_str().unwrap().to_owned();
    let root = mount_config(AppConfig {
        server: Some(LANGGRAPH.to_owned()),
        dialect: Some(Dialect::LangGraph),
        assistant: Some(system),
        sync_url: false,
        ..AppConfig::default()
    });
    connected(&root).await;
    // The demo's assistant lists four (tests/servers/langgraph/examples.py puts them in its metadata).
    wait_for("the example prompts", 10_000, || {
        all_text(&root, ".ac-examples .ac-example").len() == 4
    })
    .await;
    let prompts = all_text(&root, ".ac-examples .ac-example");
    assert_eq!(prompts[0], "What is the weather in Tromso?");
    click(&root, ".ac-examples .ac-example");
    wait_for("its run to finish", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(
        all_text(&root, ".ac-message[data-role='human'] .ac-text"),
        vec![prompts[0].clone()]
    );
    assert!(ai_text(&root).starts_with("The lighthouse keeper reports: "));
    assert!(
        find(&root, ".ac-examples").is_none(),
        "gone once the thread has messages"
    );
}

#[wasm_bindgen_test]
async fn a_message_typed_during_a_run_is_queued_and_sent_after_it() {
    let root = mount(LANGGRAPH, None);
    start_long_story(&root).await;
    // While the story streams, Send waits and Queue (or Enter) puts the message in line.
    assert!(find(&root, ".ac-send[disabled]").is_some());
    let queued = unique("after the story");
    type_into(&root, ".ac-composer-input", &queued);
    click(&root, ".ac-queue-add");
    let dropped = unique("never mind");
    type_into(&root, ".ac-composer-input", &dropped);
    key(&root, ".ac-composer-input", "Enter", false, false);
    wait_for("both queued", 2_000, || {
        all_text(&root, ".ac-queue .ac-queued-text").len() == 2
    })
    .await;
    assert_eq!(
        all_text(&root, ".ac-queue .ac-queued-text"),
        vec![queued.clone(), dropped.clone()]
    );
    assert_eq!(composer_text(&root), "", "the composer is free again");
    // The second one is taken out of the queue again.
    let removes = root.query_selector_all(".ac-queued-remove").unwrap();
    let second: HtmlElement = removes.item(1).unwrap().unchecked_into();
    second.click();
    wait_for("one queued", 2_000, || {
        all_text(&root, ".ac-queue .ac-queued-text") == vec![queued.clone()]
    })
    .await;
    // The story ends; the queued message is sent as the next run and answered.
    wait_for("the queued message answered", 40_000, || {
        ai_text(&root)
            == format!("Quartz echo: {queued} — seven amber herons crossed the fjord at dawn.")
            && run_status(&root) == "success"
    })
    .await;
    let humans = all_text(&root, ".ac-message[data-role='human'] .ac-text");
    assert_eq!(humans.len(), 2);
    assert_eq!(humans[1], queued);
    assert!(!humans.contains(&dropped));
    assert!(find(&root, ".ac-queue").is_none());
    let ais = all_text(&root, ".ac-message[data-role='ai'] .ac-text");
    assert!(
        ais[0].ends_with(" end."),
        "the story was finished first: {}",
        ais[0]
    );
}

#[wasm_bindgen_test]
async fn arrow_up_in_the_empty_composer_edits_the_last_message() {
    let root = mount(LANGGRAPH, None);
    let said = unique("a message to edit");
    run_to_success(&root, &said).await;
    wait_for("the message editable", 10_000, || {
        find(&root, ".ac-message[data-role='human'] .ac-edit").is_some()
    })
    .await;
    // Not when the composer holds text: that is the caret moving.
    type_into(&root, ".ac-composer-input", "draft");
    key(&root, ".ac-composer-input", "ArrowUp", false, false);
    sleep(200).await;
    assert!(find(&root, ".ac-edit-text").is_none());
    type_into(&root, ".ac-composer-input", "");
    key(&root, ".ac-composer-input", "ArrowUp", false, false);
    wait_for("the editor", 2_000, || {
        find(&root, ".ac-edit-text").is_some()
    })
    .await;
    let editor: web_sys::HtmlTextAreaElement =
        find(&root, ".ac-edit-text").unwrap().unchecked_into();
    assert_eq!(editor.value(), said);
}

/// A red 3×2 PNG (73 bytes).
const PNG_3X2: [u8; 73] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 18, 22, 241, 77, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 65, 12,
    112, 22, 0, 65, 210, 5, 251, 135, 240, 185, 72, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

fn file_of(bytes: &[u8], name: &str, mime: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let bag = web_sys::FilePropertyBag::new();
    bag.set_type(mime);
    web_sys::File::new_with_u8_array_sequence_and_options(&parts, name, &bag).unwrap()
}

/// Picks `files` in the composer's file input.
pub(super) fn pick(root: &HtmlElement, files: &[web_sys::File]) {
    let input: web_sys::HtmlInputElement = find(root, ".ac-attach-input")
        .expect("the Attach input")
        .unchecked_into();
    let dt = web_sys::DataTransfer::new().unwrap();
    for f in files {
        dt.items().add_with_file(f).unwrap();
    }
    input.set_files(dt.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn an_attached_image_and_file_reach_the_server_as_content_blocks_with_thumbnails() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    // Too large: refused with its size named, nothing attached.
    let big = vec![0u8; 5_200_000];
    pick(&root, &[file_of(&big, "huge.png", "image/png")]);
    wait_for("the refusal", 5_000, || {
        text(&root, ".ac-attach-error") == "huge.png is 5.2 MB; a file may be at most 5.0 MB."
    })
    .await;
    assert!(find(&root, ".ac-attachment").is_none());
    // A PNG and a text file: a thumbnail from the PNG's own bytes, a chip for the text.
    pick(
        &root,
        &[
            file_of(&PNG_3X2, "dot.png", "image/png"),
            file_of(b"tide at noon", "notes.txt", "text/plain"),
        ],
    );
    wait_for("both attached", 5_000, || {
        all_text(&root, ".ac-attachment-name") == vec!["dot.png · 73 B", "notes.txt · 12 B"]
    })
    .await;
    assert!(
        find(&root, ".ac-attach-error").is_none(),
        "the refusal went with the next pick"
    );
    let thumb = find(&root, ".ac-attachment img.ac-thumb").expect("a thumbnail");
    assert!(thumb
        .get_attribute("src")
        .unwrap_or_default()
        .starts_with("data:image/png;base64,iVBORw0KGgo"));
    let said = unique("what is this");
    type_into(&root, ".ac-composer-input", &said);
    click(&root, ".ac-send");
    wait_for("the run", 20_000, || run_status(&root) == "success").await;
    // The demo graph read the image's header and the file's bytes from the content blocks.
    assert_eq!(
        ai_text(&root),
        "I received a PNG image of 3×2 pixels (73 bytes) and the file notes.txt (text/plain, 12 bytes)."
    );
    assert!(
        find(&root, ".ac-attachment").is_none(),
        "the composer is empty again"
    );
    // The sent message shows the image from its bytes and names the file.
    let human = ".ac-message[data-role='human']";
    wait_for("the sent message's image", 5_000, || {
        find(&root, &format!("{human} img.ac-image")).is_some()
    })
    .await;
    assert!(text(&root, &format!("{human} .ac-file")).contains("notes.txt"));
    // What the server stored: a text block, an image_url block with the data URL, a file block.
    let thread = open_thread_id(&root);
    let state = api(HttpRequest::new(
        Method::Get,
        format!("/threads/{thread}/state"),
        "state",
    ))
    .await;
    let content = &state["values"]["messages"][0]["content"];
    assert_eq!(content[0], json!({"type": "text", "text": said}));
    assert_eq!(content[1]["type"], "image_url");
    assert!(content[1]["image_url"]["url"]
        .as_str()
        .unwrap_or_default()
        .starts_with("data:image/png;base64,iVBORw0KGgo"));
    assert_eq!(content[2]["type"], "file");
    assert_eq!(content[2]["filename"], "notes.txt");
    assert_eq!(content[2]["data"], "dGlkZSBhdCBub29u");
}

#[wasm_bindgen_test]
async fn a_subagents_messages_are_grouped_under_its_node_and_kept_out_of_the_conversation() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    tick_run_option(&root, ".ac-subgraphs");
    let said = unique("ask the subagent");
    type_into(&root, ".ac-composer-input", &said);
    click(&root, ".ac-send");
    let sub = ".ac-subgraph-message[data-subgraph='consult']";
    wait_for("the run", 20_000, || run_status(&root) == "success").await;
    let notes = "Scout notes: the harbor is calm, two ferries are docked and the tide is rising.";
    // The scout's streamed reply: under the node that ran it, folded, with its own text.
    let details: web_sys::HtmlDetailsElement = find(&root, &format!("{sub} details"))
        .expect("the subagent's message")
        .unchecked_into();
    assert!(!details.open(), "folded by default");
    assert_eq!(
        text(&root, &format!("{sub} summary")),
        "Subagent · consult · 15 words"
    );
    click(&root, &format!("{sub} summary"));
    wait_for("open", 2_000, || details.open()).await;
    assert_eq!(text(&root, &format!("{sub} .ac-subgraph-text")), notes);
    // The conversation holds the echo and the node's one-line report, no scout tokens.
    let replies = all_text(&root, ".ac-message[data-role='ai'] .ac-text");
    assert_eq!(
        replies,
        vec![
            format!("Quartz echo: {said} — seven amber herons crossed the fjord at dawn."),
            "The scout reports: the harbor is calm, two ferries are docked and the tide is rising."
                .to_owned()
        ]
    );
    assert_eq!(root.query_selector_all(sub).unwrap().length(), 1);
}
