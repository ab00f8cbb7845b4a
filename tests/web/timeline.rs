//! The Timeline tab against the real LangGraph demo server: a run with a subgraph (its nodes nested
//! under the node that ran it) and a run with a tool call (its own bar, under the `tools` node), each
//! by name and order; the older run drawn again from its recording.

use super::*;

/// Each bar of the timeline shown: (name, depth, kind, whether its start was reported).
fn bars(root: &HtmlElement) -> Vec<(String, u32, String, bool)> {
    let list = root.query_selector_all(".ac-tl-bar").unwrap();
    (0..list.length())
        .filter_map(|i| {
            let e: Element = list.item(i)?.unchecked_into();
            Some((
                e.get_attribute("data-name")?,
                e.get_attribute("data-depth")?.parse().ok()?,
                e.get_attribute("data-kind")?,
                e.get_attribute("data-start-reported")? == "true",
            ))
        })
        .collect()
}

fn names(root: &HtmlElement) -> Vec<(String, u32)> {
    bars(root).into_iter().map(|(n, d, _, _)| (n, d)).collect()
}

fn owned(list: &[(&str, u32)]) -> Vec<(String, u32)> {
    list.iter().map(|(n, d)| ((*n).to_owned(), *d)).collect()
}

#[wasm_bindgen_test]
async fn the_timeline_nests_a_subgraph_and_draws_a_tool_call_by_name_and_order() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    // The tasks mode reports when each node began; subgraphs stream under their node's namespace.
    tick_run_option(&root, ".ac-mode[value='tasks']");
    tick_run_option(&root, ".ac-subgraphs");
    run_to_success(&root, &unique("please research the tides")).await;
    click(&root, ".ac-tab[data-tab='timeline']");
    let research = owned(&[
        ("agent", 0),
        ("research", 0),
        ("gather", 1),
        ("summarize", 1),
    ]);
    wait_for("the research run's bars", 5_000, || {
        names(&root) == research
    })
    .await;
    assert!(
        bars(&root)
            .iter()
            .all(|(_, _, kind, reported)| kind == "node" && *reported),
        "{:?}",
        bars(&root)
    );
    // Focus (each bar is in the tab order) says what a bar is. The event is sent, not the focus moved:
    // a browser whose window is not in front sends no focus events.
    let gather = find(&root, ".ac-tl-bar[data-name='gather']").unwrap();
    assert_eq!(gather.get_attribute("tabindex").as_deref(), Some("0"));
    gather
        .dispatch_event(&web_sys::Event::new("focus").unwrap())
        .unwrap();
    wait_for("the focused bar's detail", 2_000, || {
        text(&root, ".ac-timeline-detail").starts_with("gather — node · start ")
    })
    .await;
    assert!(text(&root, ".ac-timeline-detail").contains("wrote messages"));

    // A second run on the same thread: a tool call between two turns of the agent.
    click(&root, ".ac-tab[data-tab='messages']");
    run_to_success(&root, &unique("what is the weather")).await;
    click(&root, ".ac-tab[data-tab='timeline']");
    let weather = owned(&[("agent", 0), ("tools", 0), ("forecast", 1), ("agent", 0)]);
    wait_for("the weather run's bars", 5_000, || names(&root) == weather).await;
    let kinds: Vec<String> = bars(&root).into_iter().map(|(_, _, k, _)| k).collect();
    assert_eq!(kinds, ["node", "node", "tool", "node"]);
    // The first run, picked again, is drawn from its recording: the same bars.
    let options = root.query_selector_all(".ac-timeline-run option").unwrap();
    assert_eq!(options.length(), 2, "both runs of this thread");
    let older = options
        .item(1)
        .and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
        .map(|o| o.value())
        .unwrap_or_default();
    select(&root, ".ac-timeline-run", &older);
    wait_for("the research run again", 5_000, || names(&root) == research).await;
}
