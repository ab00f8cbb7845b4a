//! The Assistants page against the real LangGraph server: an assistant created from the demo graph
//! with a config value and its context typed in the form the graph's context schema makes, edited
//! twice, its three versions listed and two compared, the first made the latest and a run seen to
//! use its config and context (on the run's own, and in the graph's answer), then deleted; the
//! server's 404 and 409 refusals said in its words.

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
    // (The server takes the graph's settings as context or as `configurable`, not both: the
    // context, in its form; the config keeps a limit.)
    set_text(&root, ".ac-admin-config", r#"{"recursion_limit": 30}"#);
    set_text(&root, ".ac-admin-metadata", r#"{"owner": "tests"}"#);
    // The context as the form the graph's context schema makes: a text, a choice, a bounded number
    // and a box; a number past its bound is refused before anything is sent.
    let field = |f: &str| {
        format!(".ac-admin-new .ac-admin-context-form [data-field='{f}'] :is(input, select)")
    };
    wait_for("the context's form from the graph's schema", 10_000, || {
        find(&root, &field("signature")).is_some()
    })
    .await;
    assert!(
        text(&root, ".ac-admin-new .ac-admin-context-form")
            .contains("A name the agent signs its echoes with."),
        "the schema's description"
    );
    assert!(
        find(&root, ".ac-admin-new .ac-admin-config-form").is_none(),
        "the config's configurable is the context again: not asked twice"
    );
    set_text(&root, &field("signature"), "Ada");
    select(&root, &field("tone"), "dry");
    set_text(&root, &field("max_words"), "900");
    click(&root, ".ac-admin-create");
    wait_for("the bound's refusal", 5_000, || {
        text(&root, ".ac-admin-error").contains("Context: Max words")
    })
    .await;
    set_text(&root, &field("max_words"), "40");
    click(&root, ".ac-admin-create");
    saying(
        &root,
        &format!("Created {name} from the graph lighthouse (version 1)."),
    )
    .await;
    let id = find(&root, ".ac-admin-one")
        .and_then(|e| e.get_attribute("data-assistant"))
        .expect("the new assistant shown");

    // Two edits: two new versions. The edit's form holds the context as saved.
    let edit = |f: &str| {
        format!(".ac-admin-edit .ac-admin-context-form [data-field='{f}'] :is(input, select)")
    };
    wait_for("the edit's context form", 10_000, || {
        find(&root, &edit("signature")).is_some()
    })
    .await;
    let value = |sel: &str| {
        find(&root, sel)
            .and_then(|e| js_sys::Reflect::get(&e, &"value".into()).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    assert_eq!(value(&edit("signature")), "Ada");
    assert_eq!(value(&edit("max_words")), "40");
    assert_eq!(value(&edit("tone")), "dry");
    set_text(&root, &edit("signature"), "Bo");
    select(&root, &edit("tone"), "wet");
    assert_eq!(
        value(".ac-admin-edit .ac-admin-config").replace(char::is_whitespace, ""),
        r#"{"recursion_limit":30}"#,
        "the config to edit, without the copy of the context the server keeps in it"
    );
    set_text(
        &root,
        ".ac-admin-edit .ac-admin-config",
        r#"{"recursion_limit": 40}"#,
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

    // Versions 1 and 3 compared: the limit, the context and the name changed.
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
    assert!(
        rows.iter()
            .any(|r| r.contains("signature") && r.contains("\"Ada\"") && r.contains("\"Bo\"")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("recursion_limit") && r.contains("30") && r.contains("40")),
        "{rows:?}"
    );
    assert_eq!(text(&root, ".ac-admin-diff h4"), "Version 1 → version 3");

    // Version 1 made the latest, then used by a run: the run's config carries its tone.
    click(
        &root,
        ".ac-admin-version[data-version='1'] .ac-admin-make-latest",
    );
    // This server restores the version's config but keeps the last save's context: said, with
    // what runs get instead.
    wait_for("the latest version's refusal", 10_000, || {
        text(&root, ".ac-admin-error").contains("but the server kept another context")
    })
    .await;
    let e = text(&root, ".ac-admin-error");
    assert!(
        e.starts_with("Version 1 of") && e.contains("\"Bo\"") && e.contains("\"Ada\""),
        "{e}"
    );
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
        runs[0]["kwargs"]["config"]["recursion_limit"],
        serde_json::json!(30)
    );
    // The context the page said runs get, and the graph read it.
    assert_eq!(
        runs[0]["kwargs"]["context"],
        serde_json::json!({"signature": "Bo", "tone": "wet", "max_words": 40})
    );
    let answer = ai_text(&root);
    assert!(answer.contains("Signed, Bo."), "{answer}");

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

    // A config the server's schema refuses: its 422, in its words.
    select(&root, ".ac-admin-graph", "lighthouse");
    set_text(&root, ".ac-admin-config", r#"{"recursion_limit": "lots"}"#);
    click(&root, ".ac-admin-create");
    wait_for("the validation refusal", 10_000, || {
        text(&root, ".ac-admin-error").contains("\"lots\" is not of type \"integer\"")
    })
    .await;
    assert!(
        text(&root, ".ac-admin-error").contains("HTTP 422"),
        "{}",
        text(&root, ".ac-admin-error")
    );
    set_text(&root, ".ac-admin-config", "");

    // An id the server already holds: its 409, in its words; nothing is created.
    let taken = find(&root, ".ac-assistant-row")
        .and_then(|e| e.get_attribute("data-assistant"))
        .expect("an assistant listed");
    let version = |list: &serde_json::Value| {
        list.as_array()
            .and_then(|l| {
                l.iter()
                    .find(|a| a["assistant_id"] == serde_json::json!(taken))
            })
            .map(|a| (a["version"].clone(), a["name"].clone()))
    };
    let before = version(&api(requests::search_assistants(100, 0)).await);
    assert!(before.is_some(), "the taken assistant is listed");
    set_text(&root, ".ac-admin-id", &taken);
    click(&root, ".ac-admin-create");
    wait_for("the conflict", 10_000, || {
        text(&root, ".ac-admin-error").contains(&format!("Assistant {taken} already exists"))
    })
    .await;
    // Neither made again nor changed.
    let after = version(&api(requests::search_assistants(100, 0)).await);
    assert_eq!(before, after);
}
