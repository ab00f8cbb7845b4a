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

fn keys(root: &HtmlElement) -> Vec<String> {
    let list = root.query_selector_all(".ac-store-item").unwrap();
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

/// Drives the whole page on the server `root` is connected to.
async fn store_round_trip(root: &HtmlElement) {
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
    // The namespaces are listed; one chosen shows only its items.
    wait_for("both namespaces listed", 10_000, || {
        find(root, &format!(".ac-store-ns[data-ns='{a}']")).is_some()
            && find(root, &format!(".ac-store-ns[data-ns='{b}']")).is_some()
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
    store_round_trip(&mount(LANGGRAPH, None)).await;
}

#[wasm_bindgen_test]
async fn the_store_of_an_agent_protocol_server_is_written_searched_edited_and_emptied() {
    let root = mount_config(AppConfig {
        server: Some(DEVSERVER.to_owned()),
        dialect: Some(Dialect::AgentProtocol),
        sync_url: false,
        ..AppConfig::default()
    });
    store_round_trip(&root).await;
}
