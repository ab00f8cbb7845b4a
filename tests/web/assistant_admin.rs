//! The Assistants page against the real LangGraph server: an assistant created from the demo graph
//! with a config value, edited twice, its three versions listed and two compared, the first made the
//! latest and a run seen to use its config (on the run's own config), then deleted.

use super::*;
use agent_console_core::dialects::langgraph::requests;

fn said(root: &HtmlElement) -> String {
    text(root, ".ac-admin-said")
}

async fn saying(root: &HtmlElement, what: &str) {
    wait_for(&format!("the page to say {what:?}"), 10_000, || {
        said(root).contains(what)
    })
    .await;
    assert!(
        find(root, ".ac-admin-error").is_none(),
        "{}",
        text(root, ".ac-admin-error")
    );
}

#[wasm_bindgen_test]
async fn an_assistant_is_created_edited_versioned_compared_rolled_back_used_and_deleted() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    click(&root, ".ac-screen-assistants");
    wait_for("the Assistants page", 15_000, || {
        find(&root, ".ac-assistants-page").is_some()
    })
    .await;
    click(&root, ".ac-assistant-new");
    wait_for("the new assistant's form", 5_000, || {
        find(&root, ".ac-admin-create").is_some()
    })
    .await;
    let name = unique("Dry keeper");
    // A bad config is refused in place before anything is sent.
    set_text(&root, ".ac-admin-name", &name);
    set_text(&root, ".ac-admin-config", "{\"configurable\": ");
    click(&root, ".ac-admin-create");
    wait_for("the JSON refusal", 5_000, || {
        text(&root, ".ac-admin-error").contains("Config is not valid JSON")
    })
    .await;
    set_text(
        &root,
        ".ac-admin-config",
        r#"{"configurable": {"tone": "dry"}}"#,
    );
    set_text(&root, ".ac-admin-metadata", r#"{"owner": "tests"}"#);
    click(&root, ".ac-admin-create");
    saying(
        &root,
        &format!("Created {name} from the graph lighthouse (version 1)."),
    )
    .await;
    let id = find(&root, ".ac-admin-one")
        .and_then(|e| e.get_attribute("data-assistant"))
        .expect("the new assistant shown");

    // Two edits: two new versions.
    set_text(
        &root,
        ".ac-admin-edit .ac-admin-config",
        r#"{"configurable": {"tone": "wet"}}"#,
    );
    click(&root, ".ac-admin-save");
    saying(&root, "as version 2.").await;
    set_text(
        &root,
        ".ac-admin-edit .ac-admin-name",
        &format!("{name} (renamed)"),
    );
    click(&root, ".ac-admin-save");
    saying(&root, "as version 3.").await;
    wait_for("three versions listed", 10_000, || {
        root.query_selector_all(".ac-admin-version")
            .unwrap()
            .length()
            == 3
    })
    .await;
    assert!(find(&root, ".ac-admin-version.ac-admin-latest[data-version='3']").is_some());

    // Versions 1 and 3 compared: the tone and the name changed.
    click(
        &root,
        ".ac-admin-version[data-version='1'] .ac-admin-compare",
    );
    click(
        &root,
        ".ac-admin-version[data-version='3'] .ac-admin-compare",
    );
    wait_for("the comparison", 5_000, || {
        find(&root, ".ac-admin-diff").is_some()
    })
    .await;
    let rows = all_text(&root, ".ac-admin-diff tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("tone") && r.contains("\"dry\"") && r.contains("\"wet\"")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("name") && r.contains("(renamed)")),
        "{rows:?}"
    );
    assert_eq!(text(&root, ".ac-admin-diff h4"), "Version 1 → version 3");

    // Version 1 made the latest, then used by a run: the run's config carries its tone.
    click(
        &root,
        ".ac-admin-version[data-version='1'] .ac-admin-make-latest",
    );
    saying(&root, "Version 1 of").await;
    wait_for("version 1 marked as the one runs use", 10_000, || {
        find(&root, ".ac-admin-version.ac-admin-latest[data-version='1']").is_some()
    })
    .await;
    click(&root, ".ac-admin-use");
    wait_for("the picker to follow", 5_000, || {
        find(&root, ".ac-admin-use").is_some_and(|b| b.has_attribute("disabled"))
    })
    .await;
    click(&root, ".ac-screen-thread");
    wait_for("the conversation", 5_000, || {
        find(&root, ".ac-composer-input").is_some()
    })
    .await;
    run_to_success(&root, &unique("hello dry keeper")).await;
    let thread = open_thread_id(&root);
    let runs = api(requests::list_runs(&thread, 5, 0)).await;
    assert_eq!(runs[0]["assistant_id"], serde_json::json!(id));
    assert_eq!(
        runs[0]["kwargs"]["config"]["configurable"]["tone"],
        serde_json::json!("dry")
    );

    // Deleted after a second click; the picker lets it go.
    click(&root, ".ac-screen-assistants");
    wait_for("the page again", 15_000, || {
        find(&root, ".ac-admin-remove").is_some()
    })
    .await;
    click(&root, ".ac-admin-remove");
    assert!(
        said(&root).is_empty() || !said(&root).contains("Deleted"),
        "one click deletes nothing"
    );
    wait_for("the confirmation", 5_000, || {
        text(&root, ".ac-admin-remove").contains("for good")
    })
    .await;
    click(&root, ".ac-admin-remove");
    saying(&root, "Deleted").await;
    assert!(find(&root, &format!(".ac-assistant-row[data-assistant='{id}']")).is_none());
    let gone = api(requests::search_assistants(100, 0)).await;
    assert!(!gone
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["assistant_id"] == serde_json::json!(id)));
}

#[wasm_bindgen_test]
async fn the_servers_refusal_is_said_in_its_words() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    click(&root, ".ac-screen-assistants");
    wait_for("the Assistants page", 15_000, || {
        find(&root, ".ac-admin-create, .ac-admin-one").is_some()
    })
    .await;
    click(&root, ".ac-assistant-new");
    wait_for("the form", 5_000, || {
        find(&root, ".ac-admin-graph").is_some()
    })
    .await;
    // A graph the server does not have: its 4xx answer, as it says it.
    let graph = find(&root, ".ac-admin-graph").unwrap();
    let opt = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("option")
        .unwrap();
    opt.set_attribute("value", "no-such-graph").unwrap();
    opt.set_text_content(Some("no-such-graph"));
    graph.append_child(&opt).unwrap();
    select(&root, ".ac-admin-graph", "no-such-graph");
    set_text(&root, ".ac-admin-name", "nobody");
    click(&root, ".ac-admin-create");
    wait_for("the refusal", 10_000, || {
        find(&root, ".ac-admin-error").is_some()
    })
    .await;
    let e = text(&root, ".ac-admin-error");
    assert!(e.contains("Graph 'no-such-graph' not found"), "{e}");
    assert!(find(&root, ".ac-admin-said").is_none());
}
