//! The debugger against the real LangGraph demo server: breakpoints set on the live graph pause the
//! weather run (agent → tools → agent) where they say; Step walks it node by node and the graph
//! follows; the state edited at a pause changes what the next node does; a pause survives a reload;
//! a run without breakpoints shows no debugger.

use super::*;

/// Dispatches a click on an SVG element (it has no `click()`).
fn click_node(root: &HtmlElement, node: &str) {
    let sel = format!(".ac-graph-tab .ac-graph-node[data-node='{node}']");
    let node = find(root, &sel).unwrap_or_else(|| panic!("no {sel}"));
    js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new MouseEvent('click', {bubbles: true}))",
    )
    .call1(&JsValue::NULL, &node)
    .unwrap();
}

fn node_attr(root: &HtmlElement, node: &str, attr: &str) -> String {
    find(
        root,
        &format!(".ac-graph-tab .ac-graph-node[data-node='{node}']"),
    )
    .and_then(|e| e.get_attribute(attr))
    .unwrap_or_default()
}

fn open_tab(root: &HtmlElement, tab: &str) {
    click(root, &format!(".ac-tab[data-tab='{tab}']"));
}

/// Opens the Graph tab once it is drawn.
async fn graph_tab(root: &HtmlElement) {
    open_tab(root, "graph");
    wait_for("the live graph", 15_000, || {
        find(root, ".ac-graph-tab .ac-graph-node[data-node='tools']").is_some()
    })
    .await;
}

fn tick(root: &HtmlElement, sel: &str) {
    let c: web_sys::HtmlInputElement = find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .unchecked_into();
    c.set_checked(!c.checked());
    c.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

/// Sends `text` from the Messages tab and waits for the run to pause before `next`.
async fn send_until_paused(root: &HtmlElement, text: &str, next: &str) {
    open_tab(root, "messages");
    type_into(root, ".ac-composer-input", text);
    click(root, ".ac-send");
    paused_before(root, next).await;
}

async fn paused_before(root: &HtmlElement, next: &str) {
    wait_for(&format!("the run to pause before {next}"), 20_000, || {
        !streaming(root) && text(root, ".ac-paused .ac-paused-before") == next
    })
    .await;
}

const KEEPER: &str = "The lighthouse keeper reports: Fog over";

/// Everything the conversation shows (tool results included).
fn shown(root: &HtmlElement) -> String {
    text(root, ".ac-tab-body")
}

#[wasm_bindgen_test]
async fn a_breakpoint_set_on_the_graph_pauses_before_tools_and_step_walks_node_by_node() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    graph_tab(&root).await;
    assert!(
        find(&root, ".ac-debugger").is_none(),
        "no breakpoint yet: no debugger bar"
    );
    // The subgraphs' own nodes, drawn on demand: a run cannot pause at them, and the node says so.
    assert!(find(&root, ".ac-graph-node[data-node='research']").is_some());
    tick(&root, ".ac-graph-xray");
    wait_for("the subgraph's nodes", 10_000, || {
        find(&root, ".ac-graph-node[data-node='research:gather']").is_some()
    })
    .await;
    assert!(find(&root, ".ac-graph-node[data-node='research']").is_none());
    click_node(&root, "research:gather");
    wait_for("the inner node's note", 5_000, || {
        text(&root, ".ac-node-detail .ac-node-inner").contains("before or after research")
    })
    .await;
    assert!(find(&root, ".ac-node-detail .ac-break-before").is_none());
    tick(&root, ".ac-graph-xray");
    wait_for("the graph's own nodes again", 10_000, || {
        find(&root, ".ac-graph-node[data-node='research']").is_some()
    })
    .await;
    click_node(&root, "tools");
    wait_for("the chosen node's controls", 5_000, || {
        find(&root, ".ac-node-detail[data-node='tools'] .ac-break-before").is_some()
    })
    .await;
    tick(&root, ".ac-node-detail .ac-break-before");
    wait_for("the breakpoint on the graph", 5_000, || {
        node_attr(&root, "tools", "data-before") == "true"
    })
    .await;
    assert_eq!(node_attr(&root, "agent", "data-before"), "false");
    wait_for("the breakpoints said over the composer", 10_000, || {
        text(&root, ".ac-breakpoints-set").contains("Runs pause before tools.")
    })
    .await;

    send_until_paused(&root, &unique("What is the weather in Paris? ask"), "tools").await;
    assert_eq!(text(&root, ".ac-paused .ac-paused-after"), "agent");
    assert_eq!(
        run_status(&root),
        "success",
        "a breakpoint ends the run; the thread waits"
    );
    assert!(
        !shown(&root).contains("Fog over"),
        "the tool has not run: {}",
        shown(&root)
    );
    // The graph says where it stands: paused before tools, agent ran once.
    graph_tab(&root).await;
    assert_eq!(node_attr(&root, "tools", "data-state"), "paused");
    assert_eq!(node_attr(&root, "agent", "data-visits"), "1");

    // Step: tools runs, and the run pauses again before the next node whatever the breakpoints.
    click(&root, ".ac-step");
    paused_before(&root, "agent").await;
    assert_eq!(text(&root, ".ac-paused .ac-paused-after"), "tools");
    wait_for("the graph to follow the step", 5_000, || {
        node_attr(&root, "agent", "data-state") == "paused"
            && node_attr(&root, "tools", "data-state") == "last"
    })
    .await;
    assert_eq!(node_attr(&root, "tools", "data-visits"), "1");
    // Step again: agent answers and the graph ends; nothing is paused.
    click(&root, ".ac-step");
    wait_for("the final answer", 20_000, || {
        !streaming(&root) && find(&root, ".ac-paused").is_none() && run_status(&root) == "success"
    })
    .await;
    assert_eq!(node_attr(&root, "agent", "data-state"), "last");
    open_tab(&root, "messages");
    wait_for("the keeper's answer", 10_000, || {
        ai_text(&root).contains("Fog over Paris")
    })
    .await;
    // The breakpoint stays set (until cleared) and is said.
    assert!(text(&root, ".ac-breakpoints-set").contains("before tools"));
    click(&root, ".ac-break-clear");
    wait_for("the debugger bar to go", 5_000, || {
        find(&root, ".ac-debugger").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_state_edited_at_a_pause_changes_what_the_next_node_does_and_a_reload_keeps_the_pause()
{
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    graph_tab(&root).await;
    // Typed this time, in the composer's Run options: the node named in the list (the panel's
    // breakpoints are drawn once it is opened).
    assert!(find(&root, ".ac-run-breakpoints").is_none());
    let d: web_sys::HtmlDetailsElement = find(&root, ".ac-run-options")
        .expect("the run options")
        .unchecked_into();
    d.set_open(true);
    wait_for("the breakpoints in the run options", 10_000, || {
        find(&root, ".ac-run-breakpoints .ac-break-list-before").is_some()
    })
    .await;
    let list: web_sys::HtmlInputElement = find(&root, ".ac-run-breakpoints .ac-break-list-before")
        .unwrap()
        .unchecked_into();
    list.set_value(" tools ,");
    list.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_for("the typed breakpoint on the graph", 5_000, || {
        node_attr(&root, "tools", "data-before") == "true"
    })
    .await;
    assert_eq!(list.value(), "tools", "the list as it stands");
    send_until_paused(&root, &unique("Weather in Paris please"), "tools").await;

    // A reload (the thread opened anew, in an app with no breakpoints set) shows the pause and its controls.
    let thread = open_thread_id(&root);
    let again = mount(LANGGRAPH, Some(thread));
    connected(&again).await;
    paused_before(&again, "tools").await;
    assert!(find(&again, ".ac-continue").is_some() && find(&again, ".ac-step").is_some());
    assert!(
        find(&again, ".ac-breakpoints-set").is_none(),
        "that app has none set"
    );

    // Edit the tool call's city, and continue: the tool runs with the edit.
    click(&again, ".ac-edit-state");
    wait_for("the values to edit", 5_000, || {
        find(&again, ".ac-pause-values").is_some()
    })
    .await;
    let values: web_sys::HtmlTextAreaElement =
        find(&again, ".ac-pause-values").unwrap().unchecked_into();
    let edited = values
        .value()
        .replace("\"city\": \"Paris\"", "\"city\": \"Oslo\"");
    assert!(
        edited.contains("Oslo"),
        "the tool call is in the values: {}",
        values.value()
    );
    type_into(&again, ".ac-pause-values", &edited);
    click(&again, ".ac-edit-continue");
    wait_for("the answer with the edited city", 20_000, || {
        !streaming(&again) && ai_text(&again).contains("Fog over Oslo")
    })
    .await;
    assert!(
        find(&again, ".ac-paused").is_none(),
        "ran to the end: {}",
        text(&again, ".ac-debugger")
    );
    assert!(!shown(&again).contains("Fog over Paris"));
}

#[wasm_bindgen_test]
async fn pausing_after_every_node_pauses_after_each_and_stop_here_ends_the_run_there() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    graph_tab(&root).await;
    tick(&root, ".ac-break-all-after");
    wait_for("every node marked", 5_000, || {
        node_attr(&root, "agent", "data-after") == "true"
            && node_attr(&root, "tools", "data-after") == "true"
    })
    .await;
    send_until_paused(&root, &unique("weather in Bergen"), "tools").await;
    assert_eq!(text(&root, ".ac-paused .ac-paused-after"), "agent");
    click(&root, ".ac-continue");
    paused_before(&root, "agent").await;
    assert_eq!(text(&root, ".ac-paused .ac-paused-after"), "tools");
    assert!(shown(&root).contains("Fog over Bergen"), "the tool ran");
    // Stop here: the node due is dropped; the thread is idle, no answer, and it stays so reopened.
    click(&root, ".ac-end-here");
    wait_for("the pause to end", 10_000, || {
        find(&root, ".ac-paused").is_none()
    })
    .await;
    assert!(!ai_text(&root).contains(KEEPER));
    assert_eq!(
        text(&root, ".ac-notice"),
        "Ended the run before agent: the thread is idle as it stands."
    );
    let again = mount(LANGGRAPH, Some(open_thread_id(&root)));
    connected(&again).await;
    wait_for("the thread reopened", 10_000, || {
        shown(&again).contains("Fog over Bergen")
    })
    .await;
    assert!(
        !ai_text(&again).contains(KEEPER),
        "nothing ran after Stop here"
    );
    assert!(
        find(&again, ".ac-paused").is_none(),
        "not paused: {}",
        text(&again, ".ac-debugger")
    );
}

#[wasm_bindgen_test]
async fn the_node_streaming_now_is_marked_running_on_the_graph_with_the_default_stream_modes() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    graph_tab(&root).await;
    open_tab(&root, "messages");
    // The long story streams from `agent` for seconds; no `tasks` or `debug` mode is asked for.
    start_long_story(&root).await;
    open_tab(&root, "graph");
    wait_for(
        "agent marked running while its tokens stream",
        10_000,
        || streaming(&root) && node_attr(&root, "agent", "data-state") == "running",
    )
    .await;
    assert_eq!(node_attr(&root, "agent", "data-visits"), "1");
    wait_for("the run to end", 30_000, || {
        !streaming(&root) && run_status(&root) == "success"
    })
    .await;
    // Its end is the same run of the node: ran once, now the last to end, no longer running.
    wait_for("agent the last node", 5_000, || {
        node_attr(&root, "agent", "data-state") == "last"
    })
    .await;
    assert_eq!(node_attr(&root, "agent", "data-visits"), "1");
    assert_eq!(node_attr(&root, "tools", "data-visits"), "0");
}

#[wasm_bindgen_test]
async fn a_run_without_breakpoints_shows_no_debugger() {
    let root = mount(LANGGRAPH, None);
    run_to_success(&root, &unique("What is the weather in Tromso")).await;
    wait_for("the keeper's answer", 10_000, || {
        ai_text(&root).contains(KEEPER)
    })
    .await;
    assert!(find(&root, ".ac-debugger").is_none());
    assert!(find(&root, ".ac-paused").is_none());
}

#[wasm_bindgen_test]
async fn a_run_stopped_while_breakpoints_are_set_is_not_shown_as_paused() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    graph_tab(&root).await;
    tick(&root, ".ac-break-all-after");
    open_tab(&root, "messages");
    // The long story streams from `agent`: stopped there, the thread's state has `agent` due and
    // nothing asked — the shape of a pause — but the run was stopped, not paused.
    start_long_story(&root).await;
    click(&root, ".ac-cancel");
    wait_for("the run to end after Stop", 20_000, || {
        let s = run_status(&root);
        !s.is_empty() && s != "running" && s != "pending" && !streaming(&root)
    })
    .await;
    assert_eq!(run_status(&root), "interrupted");
    assert!(
        find(&root, ".ac-paused").is_none(),
        "{}",
        text(&root, ".ac-debugger")
    );
    let again = mount(LANGGRAPH, Some(open_thread_id(&root)));
    connected(&again).await;
    // The partial reply was not kept (its node did not finish): the question is the thread.
    wait_for("the thread reopened", 10_000, || {
        find(&again, ".ac-message[data-role='human']").is_some()
    })
    .await;
    assert!(
        find(&again, ".ac-paused").is_none(),
        "{}",
        text(&again, ".ac-debugger")
    );
}
