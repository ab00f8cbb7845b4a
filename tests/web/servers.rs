use super::*;

fn session_item(key: &str) -> Option<String> {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item(key)
        .unwrap()
}

#[wasm_bindgen_test]
async fn saved_profiles_switch_servers_and_only_remembered_ones_are_stored() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage.remove_item("agent-console:profiles").unwrap();
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    assert!(text(&root, ".ac-server-info summary").contains("Server info"));

    // A bad header line is refused before anything is sent.
    let secret = "hdr-secret-8a7b";
    set_input(&root, ".ac-profile-label", "Broken");
    set_input(&root, ".ac-server-url", "http://127.0.0.1:9");
    type_into(&root, ".ac-extra-headers", "no colon here");
    click(&root, ".ac-connect-button");
    wait_for("the header error", 5_000, || {
        text(&root, ".ac-profile-error").contains("has no ':'")
    })
    .await;
    assert!(
        find(&root, ".ac-connection.ac-ok").is_some(),
        "still connected as before"
    );

    // A profile for a closed port, not remembered: the error is shown, and nothing is stored.
    type_into(&root, ".ac-extra-headers", &format!("X-Tenant: {secret}"));
    click(&root, ".ac-connect-button");
    wait_for("the closed port's error", 10_000, || {
        find(&root, ".ac-connection.ac-error").is_some()
    })
    .await;
    assert_eq!(session_item("agent-console:profiles"), None);

    // The demo server as a remembered profile with an extra header.
    set_input(&root, ".ac-profile-label", "Demo");
    set_input(&root, ".ac-server-url", LANGGRAPH);
    click(&root, ".ac-remember-box");
    click(&root, ".ac-connect-button");
    connected(&root).await;
    let stored = session_item("agent-console:profiles").expect("remembered");
    assert!(stored.contains("\"Demo\"") && stored.contains(secret) && !stored.contains("Broken"));
    assert!(
        !root.outer_html().contains(secret),
        "header values are never in the DOM's markup"
    );
    // The extra header reaches the server (the demo surfaces `x-tenant` in the run's config).
    run_to_success(&root, &unique("hello tenant")).await;
    let runs = api(requests::list_runs(&open_thread_id(&root), 5, 0)).await;
    assert_eq!(
        runs[0]["kwargs"]["config"]["configurable"]["x-tenant"], secret,
        "{runs}"
    );

    // Switching to the other saved profile connects there; back again, connected.
    assert_eq!(
        all_text(&root, ".ac-profile-select option"),
        vec!["New server…", "Broken", "Demo · remembered"]
    );
    select(&root, ".ac-profile-select", "Broken");
    wait_for("the switch to the broken server", 10_000, || {
        find(&root, ".ac-connection.ac-error").is_some()
    })
    .await;
    select(&root, ".ac-profile-select", "Demo");
    connected(&root).await;

    // A new app in this tab (a reload) offers the remembered profile only.
    let again = mount(LANGGRAPH, None);
    connected(&again).await;
    assert_eq!(
        all_text(&again, ".ac-profile-select option"),
        vec!["New server…", "Demo · remembered"]
    );
    select(&again, ".ac-profile-select", "Demo");
    connected(&again).await;
    wait_for("Forget to apply to the chosen profile", 5_000, || {
        find(&again, ".ac-forget:not([disabled])").is_some()
    })
    .await;
    click(&again, ".ac-forget");
    wait_for("the profile to be forgotten", 5_000, || {
        session_item("agent-console:profiles").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn assistants_are_listed_with_details_schemas_and_graph_and_runs_use_the_chosen_one() {
    let name = unique("harbor").replace(' ', "-");
    let created = api(
        HttpRequest::new(Method::Post, "/assistants", "create").json(json!({
            "graph_id": "lighthouse",
            "name": name,
            "description": "Answers from the harbor office",
            "config": {"configurable": {"harbor": "Bodo"}}
        })),
    )
    .await;
    let assistant_id = created["assistant_id"].as_str().unwrap().to_owned();
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    wait_for("the new assistant in the picker", 5_000, || {
        all_text(&root, ".ac-assistant-select option")
            .iter()
            .any(|o| o == &format!("{name} · lighthouse"))
    })
    .await;
    select(&root, ".ac-assistant-select", &assistant_id);
    let details: web_sys::HtmlDetailsElement = find(&root, ".ac-assistant-details")
        .unwrap()
        .unchecked_into();
    details.set_open(true);
    wait_for("the facts, schemas and graph", 10_000, || {
        text(&root, ".ac-assistant-description") == "Answers from the harbor office"
            && find(&root, ".ac-graph").is_some()
            && find(&root, ".ac-schema[data-schema='state']").is_some()
    })
    .await;
    assert_eq!(text(&root, ".ac-assistant-id"), assistant_id);
    assert_eq!(text(&root, ".ac-assistant-graph-id"), "lighthouse");
    assert!(text(&root, ".ac-assistant-config").contains("Bodo"));
    let nodes: Vec<String> = {
        let list = root.query_selector_all(".ac-graph-node").unwrap();
        (0..list.length())
            .filter_map(|i| {
                list.item(i)?
                    .unchecked_into::<Element>()
                    .get_attribute("data-node")
            })
            .collect()
    };
    for n in [
        "__start__",
        "agent",
        "tools",
        "approval",
        "review",
        "__end__",
    ] {
        assert!(nodes.iter().any(|x| x == n), "{n} in {nodes:?}");
    }
    assert!(find(
        &root,
        ".ac-graph-edge.ac-graph-conditional[data-source='agent'][data-target='tools']"
    )
    .is_some());
    assert!(text(&root, ".ac-schema[data-schema='state'] summary").contains("State schema"));

    // A run started now runs on the chosen assistant.
    run_to_success(&root, &unique("hello harbor")).await;
    let thread_id = open_thread_id(&root);
    let runs = api(requests::list_runs(&thread_id, 5, 0)).await;
    assert_eq!(runs[0]["assistant_id"], assistant_id.as_str());
}

#[wasm_bindgen_test]
async fn a_run_deep_link_opens_that_runs_detail() {
    let thread = api(requests::create_thread(json!({}))).await;
    let id = thread["thread_id"].as_str().unwrap().to_owned();
    let run = api(
        HttpRequest::new(Method::Post, format!("/threads/{id}/runs"), "run").json(json!({
            "assistant_id": "lighthouse",
            "input": {"messages": [{"role": "human", "content": "deep link me"}]},
            "metadata": {"origin": "deep-link-test"}
        })),
    )
    .await;
    let run_id = run["run_id"].as_str().unwrap().to_owned();
    api(HttpRequest::new(
        Method::Get,
        format!("/threads/{id}/runs/{run_id}/join"),
        "join",
    ))
    .await;
    let root = fresh_root();
    mount_app(
        root.clone(),
        AppConfig {
            server: Some(LANGGRAPH.into()),
            dialect: Some(Dialect::LangGraph),
            thread: Some(id),
            run: Some(run_id.clone()),
            view: Some("runs".into()),
            sync_url: false,
            ..AppConfig::default()
        },
    );
    wait_for("the run's detail", 15_000, || {
        find(&root, ".ac-run-detail").is_some()
    })
    .await;
    assert!(find(&root, ".ac-tab-active[data-tab='runs']").is_some());
    assert!(text(&root, ".ac-run-detail").contains("deep-link-test"));
    assert!(find(&root, &format!(".ac-run-row[data-run-id='{run_id}']")).is_some());
}

#[wasm_bindgen_test]
async fn stop_with_rollback_undoes_the_run() {
    let root = mount(LANGGRAPH, None);
    run_to_success(&root, &unique("first words")).await;
    select(&root, ".ac-cancel-action", "rollback");
    start_long_story(&root).await;
    let thread_id = open_thread_id(&root);
    click(&root, ".ac-cancel");
    wait_for("the thread as it was before the run", 20_000, || {
        find(&root, ".ac-cancel").is_none_or(|b| b.has_attribute("disabled"))
            && all_text(&root, ".ac-message[data-role='ai'] .ac-text").len() == 1
            && !ai_text(&root).contains("Long answer")
    })
    .await;
    assert_eq!(
        all_text(&root, ".ac-message[data-role='human'] .ac-text").len(),
        1,
        "the rolled-back run's message is gone"
    );
    let runs = api(requests::list_runs(&thread_id, 10, 0)).await;
    assert_eq!(
        runs.as_array().map(Vec::len),
        Some(1),
        "the server deleted the rolled-back run: {runs}"
    );
}

/// Sets a run option's text field (an input or a text area) as typing would.
fn set_option_text(root: &HtmlElement, sel: &str, value: &str) {
    let d: web_sys::HtmlDetailsElement = find(root, ".ac-run-options")
        .expect("the run options")
        .unchecked_into();
    d.set_open(true);
    let e = find(root, sel).unwrap_or_else(|| panic!("no {sel}"));
    if let Some(t) = e.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
    } else {
        e.unchecked_ref::<web_sys::HtmlInputElement>()
            .set_value(value);
    }
    e.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn field_value(root: &HtmlElement, sel: &str) -> String {
    let e = find(root, sel).unwrap_or_else(|| panic!("no {sel}"));
    match e.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(t) => t.value(),
        None => match e.dyn_ref::<web_sys::HtmlSelectElement>() {
            Some(s) => s.value(),
            None => e.unchecked_ref::<web_sys::HtmlInputElement>().value(),
        },
    }
}

/// Connects the open app to `url` in `dialect` through the connect form.
async fn connect_form_to(root: &HtmlElement, url: &str, dialect: &str) {
    select(root, ".ac-dialect", dialect);
    set_input(root, ".ac-server-url", url);
    set_input(root, ".ac-profile-label", dialect);
    click(root, ".ac-connect-button");
    wait_for(&format!("connected to {dialect}"), 15_000, || {
        find(root, ".ac-connection.ac-ok").is_some()
            && find(root, ".ac-run-options").is_some()
            && root
                .query_selector(".ac-run-options")
                .ok()
                .flatten()
                .is_some_and(|d| {
                    d.class_name().contains(match dialect {
                        "agent-protocol" => "ac-ap-options",
                        _ => "ac-langgraph-options",
                    })
                })
    })
    .await;
}

#[wasm_bindgen_test]
async fn run_options_are_each_servers_own_and_kept_across_a_switch() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    // The LangGraph server's form, its defaults shown as the request would send them.
    assert!(find(&root, ".ac-run-options.ac-langgraph-options").is_some());
    assert_eq!(field_value(&root, ".ac-on-disconnect"), "continue");
    set_option_text(&root, ".ac-config", r#"{"configurable": {"k": "kept"}}"#);
    select(&root, ".ac-multitask", "enqueue");
    set_option_text(&root, ".ac-metadata", r#"{"m": 1}"#);

    // Another server: its own form, with its own defaults — nothing of the first carried over.
    connect_form_to(&root, DEVSERVER, "agent-protocol").await;
    assert!(
        find(&root, ".ac-config").is_none(),
        "no LangGraph field here"
    );
    // Both forms have metadata, each its own.
    assert_eq!(field_value(&root, ".ac-metadata"), "");
    // The spec's `on_disconnect` default is cancel; the console sends continue (rejoinable), and shows it.
    assert_eq!(field_value(&root, ".ac-ap-on-disconnect"), "continue");
    set_option_text(&root, ".ac-ap-recursion-limit", "seven");
    wait_for("the bad number said", 5_000, || {
        text(&root, ".ac-options-error").contains("Recursion limit must be a whole number")
    })
    .await;
    assert!(find(&root, ".ac-ap-recursion-limit.ac-invalid").is_some());
    assert!(
        find(&root, ".ac-send[disabled]").is_some(),
        "Send is blocked"
    );

    // Back on the first server: what was set there is there, and its form has no problem.
    connect_form_to(&root, LANGGRAPH, "langgraph").await;
    assert_eq!(
        field_value(&root, ".ac-config"),
        r#"{"configurable": {"k": "kept"}}"#
    );
    assert_eq!(field_value(&root, ".ac-multitask"), "enqueue");
    assert_eq!(field_value(&root, ".ac-metadata"), r#"{"m": 1}"#);
    assert!(find(&root, ".ac-options-error").is_none());
    // And the run is sent with them: the server keeps the run's config.
    run_to_success(&root, &unique("options kept")).await;
    let runs = api(requests::list_runs(&open_thread_id(&root), 5, 0)).await;
    assert_eq!(
        runs[0]["kwargs"]["config"]["configurable"]["k"], "kept",
        "{runs}"
    );
    assert_eq!(runs[0]["multitask_strategy"], "enqueue", "{runs}");
    assert_eq!(runs[0]["metadata"]["m"], 1, "{runs}");
}

/// Connected, the servers panel is one line — the server, the server's own word on itself, a status
/// dot — that opens the form again and folds it back; the form takes no room while folded. A connect
/// that fails opens the panel by itself, its error in view.
#[wasm_bindgen_test]
async fn connected_the_panel_is_one_line_that_opens_the_form_again() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    let body: HtmlElement = find(&root, ".ac-servers-body")
        .expect("the panel's body")
        .unchecked_into();
    wait_for("the panel folded", 5_000, || body.has_attribute("hidden")).await;
    let line = find(&root, ".ac-connection-line").expect("the connected line");
    assert_eq!(
        line.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(text(&root, ".ac-connection-line-server"), LANGGRAPH);
    assert!(
        !text(&root, ".ac-connection-line-meta").is_empty(),
        "the line says what the server is"
    );
    assert_eq!(body.offset_height(), 0, "the folded form takes no room");
    let line_height = line.unchecked_ref::<HtmlElement>().offset_height();
    assert!(
        (20..=60).contains(&line_height),
        "one line: {line_height} px"
    );

    click(&root, ".ac-connection-line");
    wait_for("the form opened", 2_000, || !body.has_attribute("hidden")).await;
    assert_eq!(line.get_attribute("aria-expanded").as_deref(), Some("true"));
    let theme: HtmlElement = find(&root, ".ac-theme").expect("theme").unchecked_into();
    assert!(
        theme.offset_height() > 0,
        "the theme picker is in the opened panel"
    );
    click(&root, ".ac-connection-line");
    wait_for("folded again", 2_000, || body.has_attribute("hidden")).await;

    // A failing connect, from the panel opened again: it stays open with its error.
    click(&root, ".ac-connection-line");
    wait_for("opened for a change", 2_000, || {
        !body.has_attribute("hidden")
    })
    .await;
    set_input(&root, ".ac-server-url", "http://127.0.0.1:9");
    click(&root, ".ac-connect-button");
    wait_for("the error in the open panel", 10_000, || {
        find(&root, ".ac-connection.ac-error").is_some() && !body.has_attribute("hidden")
    })
    .await;
    assert!(
        find(&root, ".ac-connection-line").is_none(),
        "no connected line while not connected"
    );
    let error: HtmlElement = find(&root, ".ac-connection.ac-error")
        .expect("error")
        .unchecked_into();
    assert!(error.offset_height() > 0, "the error is in view");
}
