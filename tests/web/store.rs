//! The Store page against the real LangGraph server and the Agent Protocol reference server: items
//! written in two namespaces, the namespaces listed, a search under one and by filter, an item's
//! value edited and deleted after a second click; a bad value refused before it is sent.

use super::*;

async fn saying(root: &HtmlElement, what: &str) {
    wait_for(&format!("the page to say {what:?}"), 10_000, || {
        text(root, ".ac-store-said").contains(what)
    })
    .await;
}

/// The items the search lists (not the one linked above it).
fn keys(root: &HtmlElement) -> Vec<String> {
    let list = root
        .query_selector_all(".ac-store-main > .ac-store-items > .ac-store-item")
        .unwrap();
    (0..list.length())
        .filter_map(|i| {
            let e: Element = list.item(i)?.unchecked_into();
            Some(format!(
                "{}/{}",
                e.get_attribute("data-ns")?,
                e.get_attribute("data-key")?
            ))
        })
        .collect()
}

async fn write(root: &HtmlElement, ns: &str, key: &str, value: &str) {
    set_text(root, ".ac-store-new-ns", ns);
    set_text(root, ".ac-store-new-key", key);
    set_text(root, ".ac-store-new-value", value);
    click(root, ".ac-store-put");
    saying(root, &format!("Saved {key} in {ns}.")).await;
}

/// Drives the whole page on the server `root` is connected to (`server`, `dialect`).
async fn store_round_trip(root: &HtmlElement, server: &str, dialect: Dialect) {
    connected(root).await;
    click(root, ".ac-screen-store");
    wait_for("the Store page", 15_000, || {
        find(root, ".ac-store-page").is_some()
    })
    .await;
    let run = (js_sys::Math::random() * 1e9) as u64;
    let (a, b) = (format!("t{run}.users"), format!("t{run}.notes"));

    // A value that is not an object is refused in place; nothing is written.
    set_text(root, ".ac-store-new-ns", &a);
    set_text(root, ".ac-store-new-key", "alice");
    set_text(root, ".ac-store-new-value", "[1, 2]");
    click(root, ".ac-store-put");
    wait_for("the refusal", 5_000, || {
        text(root, ".ac-store-error").contains("Value: a JSON object is needed")
    })
    .await;

    write(root, &a, "alice", r#"{"likes": "tea", "level": 1}"#).await;
    write(root, &a, "bob", r#"{"likes": "coffee", "level": 2}"#).await;
    write(root, &b, "n1", r#"{"text": "hello"}"#).await;
    // The namespaces are listed as a tree (their common root a row of its own, above them); one
    // chosen shows only its items.
    wait_for("both namespaces listed", 10_000, || {
        find(root, &format!(".ac-store-ns[data-ns='{a}']")).is_some()
            && find(root, &format!(".ac-store-ns[data-ns='{b}']")).is_some()
    })
    .await;
    let top = format!("t{run}");
    let row = find(
        root,
        &format!(".ac-store-ns.ac-store-ns-prefix[data-ns='{top}']"),
    )
    .expect("the common root, a prefix row");
    assert_eq!(row.text_content().unwrap_or_default(), top);
    assert_eq!(text(root, &format!(".ac-store-ns[data-ns='{a}']")), "users");
    click(root, &format!(".ac-store-ns[data-ns='{top}']"));
    wait_for("every item under the root", 10_000, || {
        let mut k = keys(root);
        k.sort();
        k == [format!("{b}/n1"), format!("{a}/alice"), format!("{a}/bob")]
    })
    .await;
    click(root, &format!(".ac-store-ns[data-ns='{a}']"));
    wait_for("the users' items", 10_000, || {
        let mut k = keys(root);
        k.sort();
        k == [format!("{a}/alice"), format!("{a}/bob")]
    })
    .await;
    // A filter: only bob.
    set_text(root, ".ac-store-filter", r#"{"likes": "coffee"}"#);
    click(root, ".ac-store-search");
    wait_for("the filtered items", 10_000, || {
        keys(root) == [format!("{a}/bob")]
    })
    .await;
    set_text(root, ".ac-store-filter", "");

    // An item linked: shown by itself (read by its key) above the search; the link a new app
    // opens (`page=store&ns=…&key=…`) shows it the same, and a key the store lacks is said.
    click(root, ".ac-store-item[data-key='bob'] .ac-store-alone");
    wait_for("bob alone", 10_000, || {
        text(
            root,
            ".ac-store-one .ac-store-item[data-key='bob'] .ac-store-value",
        )
        .contains("coffee")
    })
    .await;
    click(root, ".ac-store-one .ac-store-close");
    wait_for("the item closed", 5_000, || {
        find(root, ".ac-store-one").is_none()
    })
    .await;
    for (key, shows) in [
        ("bob", "coffee".to_owned()),
        ("nobody", format!("The store has no item nobody in {a}.")),
    ] {
        let linked = mount_config(AppConfig {
            server: Some(server.to_owned()),
            dialect: Some(dialect),
            page: Some("store".into()),
            store_ns: Some(a.clone()),
            store_key: Some(key.into()),
            sync_url: false,
            ..AppConfig::default()
        });
        wait_for(&format!("the linked {key}"), 15_000, || {
            text(&linked, ".ac-store-one").contains(&shows)
        })
        .await;
        wait_for("the search of the linked namespace", 10_000, || {
            let mut k = keys(&linked);
            k.sort();
            k == [format!("{a}/alice"), format!("{a}/bob")]
        })
        .await;
    }

    click(root, &format!(".ac-store-ns[data-ns='{b}']"));
    wait_for("the notes' item", 10_000, || {
        keys(root) == [format!("{b}/n1")]
    })
    .await;
    assert!(text(root, ".ac-store-item .ac-store-value").contains("hello"));

    // Edited in place: the new value shown.
    click(root, ".ac-store-item .ac-store-edit");
    wait_for("the editor", 5_000, || {
        find(root, ".ac-store-edit-value").is_some()
    })
    .await;
    set_text(root, ".ac-store-edit-value", r#"{"text": "hello again"}"#);
    click(root, ".ac-store-save");
    saying(root, &format!("Saved n1 in {b}.")).await;
    wait_for("the edited value", 10_000, || {
        text(root, ".ac-store-item .ac-store-value").contains("hello again")
    })
    .await;

    // Deleted after a second click.
    click(root, ".ac-store-item .ac-store-delete");
    wait_for("the confirmation", 5_000, || {
        text(root, ".ac-store-item .ac-store-delete").contains("for good")
    })
    .await;
    assert!(keys(root).len() == 1, "one click deletes nothing");
    click(root, ".ac-store-item .ac-store-delete");
    saying(root, &format!("Deleted n1 from {b}.")).await;
    wait_for("the item gone", 10_000, || keys(root).is_empty()).await;
    for k in ["alice", "bob"] {
        click(root, &format!(".ac-store-ns[data-ns='{a}']"));
        wait_for("the users' items again", 10_000, || {
            keys(root).contains(&format!("{a}/{k}"))
        })
        .await;
        let sel = format!(".ac-store-item[data-key='{k}'] .ac-store-delete");
        click(root, &sel);
        click(root, &sel);
        saying(root, &format!("Deleted {k} from {a}.")).await;
    }
}

#[wasm_bindgen_test]
async fn the_store_of_a_langgraph_server_is_written_searched_edited_and_emptied() {
    let root = mount(LANGGRAPH, None);
    store_round_trip(&root, LANGGRAPH, Dialect::LangGraph).await;

    // LangGraph takes a time to live: a bad one refused unsent, one in minutes said and sent.
    let ns = format!("t{}.ttl", (js_sys::Math::random() * 1e9) as u64);
    set_text(&root, ".ac-store-new-ns", &ns);
    set_text(&root, ".ac-store-new-key", "brief");
    set_text(&root, ".ac-store-new-value", r#"{"for": "a while"}"#);
    set_text(&root, ".ac-store-new-ttl", "soon");
    click(&root, ".ac-store-put");
    wait_for("the TTL refused", 5_000, || {
        text(&root, ".ac-store-error").contains("TTL: minutes, a number above 0")
    })
    .await;
    set_text(&root, ".ac-store-new-ttl", "90");
    click(&root, ".ac-store-put");
    saying(&root, &format!("Saved brief in {ns}, to live 90 min.")).await;
    let parts: Vec<String> = ns.split('.').map(str::to_owned).collect();
    let item = api(agent_console_core::dialects::store::get(
        &parts, "brief", true,
    ))
    .await;
    assert_eq!(item["value"], serde_json::json!({"for": "a while"}));
    api(agent_console_core::dialects::store::delete(&parts, "brief")).await;

    // The server's own refusal, in its words: a namespace under its reserved root.
    set_text(&root, ".ac-store-new-ns", "langgraph.notes");
    set_text(&root, ".ac-store-new-key", "brief");
    set_text(&root, ".ac-store-new-ttl", "");
    click(&root, ".ac-store-put");
    wait_for("the server's refusal", 10_000, || {
        text(&root, ".ac-store-error").contains("Root label for namespace cannot be \"langgraph\"")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_store_of_an_agent_protocol_server_is_written_searched_edited_and_emptied() {
    let root = mount_config(AppConfig {
        server: Some(DEVSERVER.to_owned()),
        dialect: Some(Dialect::AgentProtocol),
        sync_url: false,
        ..AppConfig::default()
    });
    store_round_trip(&root, DEVSERVER, Dialect::AgentProtocol).await;
}
