//! Generative UI against the real LangGraph demo server: the `progress` path pushes a progress bar
//! (merged step by step while the run streams) and a note it removes; the weather path a card. The
//! page maps `progress` to an element of its own; the rest show as the built-in card.

use super::*;

/// The page's own element for `progress`: it shows the props it is given and, on a click, asks for a
/// message to be sent on the user's behalf.
fn define_progress_element() {
    let define = js_sys::Function::new_no_args(
        r#"
        if (customElements.get("ac-test-progress")) return;
        customElements.define("ac-test-progress", class extends HTMLElement {
            set props(p) {
                this._props = p;
                this.dataset.step = String(p.step);
                this.textContent = `${p.label}: ${p.step} of ${p.of}`;
            }
            get props() { return this._props; }
            ask(text) {
                this.dispatchEvent(new CustomEvent("ui-action", { bubbles: true, composed: true, detail: { message: text } }));
            }
            askNonsense() {
                this.dispatchEvent(new CustomEvent("ui-action", { bubbles: true, composed: true, detail: { launch: "rockets" } }));
            }
        });
        "#,
    );
    define.call0(&JsValue::NULL).unwrap();
}

fn with_progress_element(thread: Option<String>) -> HtmlElement {
    define_progress_element();
    mount_config(AppConfig {
        server: Some(LANGGRAPH.to_owned()),
        dialect: Some(Dialect::LangGraph),
        thread,
        sync_url: false,
        components: vec![("progress".into(), "ac-test-progress".into())],
        ..AppConfig::default()
    })
}

fn call(el: &Element, method: &str, arg: &str) {
    let f: js_sys::Function = js_sys::Reflect::get(el, &method.into())
        .unwrap()
        .unchecked_into();
    f.call1(el, &arg.into()).unwrap();
}

/// A widget mounted by `options` in a host element of the page, once connected: (host, widget, its root).
async fn page_widget(options: &JsValue) -> (HtmlElement, agent_console::Widget, HtmlElement) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = doc.create_element("section").unwrap().unchecked_into();
    host.style().set_property("display", "block").unwrap();
    host.style().set_property("height", "480px").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let w = agent_console::mount(&host, options).unwrap_or_else(|_| panic!("mount"));
    let root: HtmlElement = host
        .shadow_root()
        .unwrap()
        .query_selector(".ac-root")
        .unwrap()
        .unwrap()
        .unchecked_into();
    wait_for("the widget to connect", 15_000, || {
        root.get_attribute("data-connection").as_deref() == Some("connected")
    })
    .await;
    (host, w, root)
}

fn card_names(root: &HtmlElement) -> Vec<String> {
    all_text(root, ".ac-ui-card .ac-ui-name")
}

#[wasm_bindgen_test]
async fn the_agents_components_show_under_their_message_live_and_after_a_reload() {
    let root = with_progress_element(None);
    connected(&root).await;
    let asked = unique("progress please");
    type_into(&root, ".ac-composer-input", &asked);
    click(&root, ".ac-send");
    // While the run streams: the page's element under the reply, its props merged step by step (the
    // label pushed once stays), and the note as the built-in card.
    let bar = ".ac-message[data-role='ai'] .ac-ui-components ac-test-progress";
    wait_for(
        "the progress element at step 1, while the run streams",
        15_000,
        || find(&root, bar).is_some_and(|e| e.get_attribute("data-step").as_deref() == Some("1")),
    )
    .await;
    assert!(streaming(&root), "step 1 came while the run streamed");
    assert_eq!(text(&root, bar), "Charting the tides: 1 of 3");
    assert_eq!(card_names(&root), ["note"]);
    assert_eq!(
        text(&root, ".ac-ui-card .ac-ui-props td"),
        "Reading the tide gauges…"
    );
    wait_for("the run to finish", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(text(&root, bar), "Charting the tides: 3 of 3");
    assert!(card_names(&root).is_empty(), "the note was removed");
    // The element is under the echo it belongs to (metadata.message_id), which the state holds.
    let reply = find(&root, bar)
        .unwrap()
        .closest(".ac-message")
        .unwrap()
        .unwrap();
    assert!(reply
        .text_content()
        .unwrap_or_default()
        .contains("Quartz echo"));

    // A reload (the thread opened anew) shows the same, from the state's `ui` key.
    let thread = open_thread_id(&root);
    let again = with_progress_element(Some(thread.clone()));
    wait_for("the components after a reload", 15_000, || {
        find(&again, bar)
            .is_some_and(|e| e.text_content().as_deref() == Some("Charting the tides: 3 of 3"))
    })
    .await;
    assert!(card_names(&again).is_empty());

    // The element asks for a message: it is sent as the user's, and the agent answers it.
    let thanks = unique("thanks from the progress bar");
    call(&find(&again, bar).unwrap(), "ask", &thanks);
    wait_for("the component's message answered", 20_000, || {
        all_text(&again, ".ac-message[data-role='human'] .ac-text").contains(&thanks)
            && ai_text(&again).contains(&thanks)
            && run_status(&again) == "success"
    })
    .await;
    // Something it may not ask for is refused where it is, and nothing is sent.
    let humans = all_text(&again, ".ac-message[data-role='human']").len();
    call(&find(&again, bar).unwrap(), "askNonsense", "");
    wait_for("the refusal under the component", 3_000, || {
        text(&again, ".ac-ui-host .ac-ui-problem").contains("does not do")
    })
    .await;
    sleep(300).await;
    assert_eq!(
        all_text(&again, ".ac-message[data-role='human']").len(),
        humans
    );

    // The weather path: a card under the tool call, its props as a table of text.
    run_to_success(&again, &unique("weather in Bodo")).await;
    wait_for("the weather card", 10_000, || {
        card_names(&again) == ["weather"]
    })
    .await;
    let mut props: Vec<String> = all_text(&again, ".ac-ui-card .ac-ui-props tr");
    props.sort();
    assert_eq!(props, ["cityBodo", "degrees4", "skyFog"]);
    let holder = find(&again, ".ac-ui-card")
        .unwrap()
        .closest(".ac-message")
        .unwrap()
        .unwrap();
    assert_eq!(holder.get_attribute("data-role").as_deref(), Some("ai"));
    // Hidden tool calls leave the card's message shown.
    assert_eq!(
        holder.get_attribute("data-only-tools").as_deref(),
        Some("false")
    );
}

/// In a widget, the page's element is made inside the widget's shadow root, given its props there,
/// and its `ui-action` (composed, bubbling) reaches that widget.
#[wasm_bindgen_test]
async fn a_widgets_components_live_in_its_shadow_root() {
    define_progress_element();
    let options = json!({ "server": LANGGRAPH, "components": { "progress": "ac-test-progress" } });
    let (host, w, root) = page_widget(&js_sys::JSON::parse(&options.to_string()).unwrap()).await;
    let _ = w.send(unique("progress in a widget"));
    wait_for("the element in the shadow root, at step 3", 20_000, || {
        find(&root, "ac-test-progress")
            .is_some_and(|e| e.get_attribute("data-step").as_deref() == Some("3"))
            && run_status(&root) == "success"
    })
    .await;
    let made = find(&root, "ac-test-progress").unwrap();
    assert!(
        JsValue::from(made.get_root_node()) == JsValue::from(host.shadow_root().unwrap()),
        "the widget's element is in its shadow root, not the page's tree"
    );
    let thanks = unique("thanks from inside the widget");
    call(&find(&root, "ac-test-progress").unwrap(), "ask", &thanks);
    wait_for("the widget sent it and the agent answered", 20_000, || {
        ai_text(&root).contains(&thanks) && run_status(&root) == "success"
    })
    .await;
    w.unmount();
    host.remove();
}

/// A widget's options with `tools` made by `source` (a JS expression of an object of functions).
fn options_with_tools(options: serde_json::Value, source: &str) -> JsValue {
    let opts = js_sys::JSON::parse(&options.to_string()).unwrap();
    let tools = js_sys::Function::new_no_args(&format!("return ({source});"))
        .call0(&JsValue::NULL)
        .unwrap();
    js_sys::Reflect::set(&opts, &"tools".into(), &tools).unwrap();
    opts
}

/// A run that asks for a frontend tool the page lends is answered by it (the tool call and its result
/// shown, the run resumed with them); one that throws resumes the run with the error; with no such
/// tool the request is an ordinary question.
#[wasm_bindgen_test]
async fn a_page_tool_answers_the_runs_tool_request() {
    let server = json!({ "server": LANGGRAPH });
    let (host, w, root) = page_widget(&options_with_tools(
        server.clone(),
        "{ get_location: async (args) => { globalThis.__acToolCalls = (globalThis.__acToolCalls || 0) + 1; await new Promise((r) => setTimeout(r, 600)); return { city: 'Tromso', accuracy: args.accuracy }; } }",
    ))
    .await;
    let calls = || {
        js_sys::Reflect::get(&js_sys::global(), &"__acToolCalls".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    let before = calls();
    let _ = w.send(unique("my location please"));
    // While the tool runs, the question is the page's: said, not asked.
    wait_for("the page's tool answering", 20_000, || {
        text(&root, ".ac-page-tool").contains("get_location")
    })
    .await;
    assert!(find(&root, ".ac-interrupt").is_none());
    wait_for("the tool's answer in the reply", 20_000, || {
        ai_text(&root) == "You are in Tromso." && run_status(&root) == "success"
    })
    .await;
    sleep(300).await;
    assert_eq!(calls() - before, 1.0, "the tool was called once");
    // The tool call and its result are in the conversation; no question was left for the user.
    assert!(text(&root, ".ac-message[data-role='tool'] .ac-text")
        .contains(r#"{"city": "Tromso", "accuracy": "city"}"#));
    assert!(find(&root, ".ac-interrupt").is_none());

    // A tool that throws: the run resumes with the error and says it.
    w.update(&options_with_tools(
        server.clone(),
        "{ get_location: () => { throw new Error('no GPS here'); } }",
    ))
    .unwrap_or_else(|_| panic!("update"));
    let _ = w.send(unique("location again"));
    wait_for("the error in the reply", 20_000, || {
        ai_text(&root) == "The page could not tell where you are: no GPS here"
            && run_status(&root) == "success"
    })
    .await;

    // No tool of that name: an ordinary question, answered by the user.
    w.update(&js_sys::JSON::parse(&server.to_string()).unwrap())
        .unwrap_or_else(|_| panic!("update"));
    let _ = w.send(unique("location once more"));
    wait_for("the request as a question", 20_000, || {
        find(&root, ".ac-interrupt .ac-interrupt-question").is_some_and(|q| {
            q.text_content()
                .unwrap_or_default()
                .contains("get_location")
        })
    })
    .await;
    assert!(find(&root, ".ac-page-tool").is_none());
    w.unmount();
    host.remove();
}

/// The app page lends tools too: `globalThis.agentConsoleTools`, read when the run asks (here set
/// after the app started) — to a server on the page's own origin or one the page lists in
/// `agentConsoleToolsServers`, never to another (a link may connect the page's app anywhere); an
/// app that is not the page's own never reads them.
#[wasm_bindgen_test]
async fn the_app_page_lends_its_tools_through_a_global_to_the_servers_it_names() {
    let page_app = || {
        mount_config(AppConfig {
            server: Some(LANGGRAPH.to_owned()),
            dialect: Some(Dialect::LangGraph),
            sync_url: false,
            page_tools: true,
            ..AppConfig::default()
        })
    };
    let global: js_sys::Object = js_sys::global();
    let set = |name: &str, source: &str| {
        let v = js_sys::Function::new_no_args(&format!("return ({source});"))
            .call0(&JsValue::NULL)
            .unwrap();
        js_sys::Reflect::set(&global, &name.into(), &v).unwrap();
    };
    let asked = |root: &HtmlElement| {
        find(root, ".ac-interrupt .ac-interrupt-question").is_some_and(|q| {
            q.text_content()
                .unwrap_or_default()
                .contains("get_location")
        })
    };
    // The test page's origin is not the server's, and the page names no server: not lent.
    let root = page_app();
    connected(&root).await;
    set(
        "agentConsoleTools",
        "{ get_location: (args) => ({ city: 'Bergen', accuracy: args.accuracy }), version: '1' }",
    );
    type_into(
        &root,
        ".ac-composer-input",
        &unique("location, unnamed server"),
    );
    click(&root, ".ac-send");
    wait_for("the request as a question", 20_000, || asked(&root)).await;

    // Named: the page's tool answers the run (the entry that is not a function left out).
    set("agentConsoleToolsServers", &format!("[{LANGGRAPH:?}]"));
    let root = page_app();
    connected(&root).await;
    run_to_success(&root, &unique("my location, page")).await;
    wait_for("the page's answer in the reply", 20_000, || {
        ai_text(&root) == "You are in Bergen."
    })
    .await;
    assert!(find(&root, ".ac-interrupt").is_none());

    // An app that is not the page's own (a widget's) leaves the request to the user.
    let other = mount(LANGGRAPH, None);
    connected(&other).await;
    type_into(
        &other,
        ".ac-composer-input",
        &unique("location, not the page's"),
    );
    click(&other, ".ac-send");
    wait_for("the request as a question", 20_000, || asked(&other)).await;
    for name in ["agentConsoleTools", "agentConsoleToolsServers"] {
        js_sys::Reflect::delete_property(&global, &name.into()).unwrap();
    }
}

/// The components follow the branch shown: an edit makes a branch without them, and the first branch,
/// one click back, shows them again (from that checkpoint's `ui` key).
#[wasm_bindgen_test]
async fn the_components_follow_the_branch_shown() {
    let root = with_progress_element(None);
    let asked = unique("progress on a branch");
    run_to_success(&root, &asked).await;
    let bar = "ac-test-progress";
    wait_for("the progress element at 3 of 3", 10_000, || {
        text(&root, bar) == "Charting the tides: 3 of 3"
    })
    .await;
    let human = ".ac-message[data-role='human']";
    wait_for("the message's Edit", 10_000, || {
        find(&root, &format!("{human} .ac-edit")).is_some()
    })
    .await;
    click(&root, &format!("{human} .ac-edit"));
    wait_for("the editor", 5_000, || {
        find(&root, ".ac-edit-text").is_some()
    })
    .await;
    let edited = unique("no bars here");
    type_into(&root, ".ac-edit-text", &edited);
    click(&root, ".ac-edit-send");
    wait_for(
        "the edit's reply, on branch 2 of 2, with no components",
        20_000,
        || {
            ai_text(&root).contains(&edited)
                && run_status(&root) == "success"
                && text(&root, ".ac-branch-label") == "2 / 2"
                && find(&root, ".ac-ui-components").is_none()
        },
    )
    .await;
    click(&root, &format!("{human} .ac-branch-prev"));
    wait_for("branch 1 with its progress element", 10_000, || {
        text(&root, ".ac-branch-label") == "1 / 2"
            && text(&root, bar) == "Charting the tides: 3 of 3"
    })
    .await;
}
