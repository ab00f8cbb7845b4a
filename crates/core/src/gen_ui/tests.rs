use super::*;
use serde_json::json;

fn push(id: &str, name: &str, props: Value, merge: bool, message: Option<&str>) -> Value {
    let mut meta = json!({"merge": merge, "run_id": "run-1", "tags": null, "name": null});
    if let Some(m) = message {
        meta["message_id"] = json!(m);
    }
    json!({"type": "ui", "id": id, "name": name, "props": props, "metadata": meta})
}

fn reduce(events: &[Value]) -> UiMessages {
    let mut all = UiMessages::default();
    for e in events {
        all.apply(parse(e).expect("a UI event"));
    }
    all
}

#[test]
fn a_push_is_kept_under_its_message_and_a_merge_updates_only_the_props_it_names() {
    let all = reduce(&[
        push(
            "p",
            "progress",
            json!({"step": 0, "of": 3, "label": "Charting"}),
            false,
            Some("ai-1"),
        ),
        push("w", "weather", json!({"city": "Bodo"}), false, Some("ai-1")),
        push("p", "progress", json!({"step": 2}), true, Some("ai-1")),
    ]);
    assert_eq!(
        all.ids_for("ai-1"),
        ["p", "w"],
        "replaced in place, order kept"
    );
    assert!(all.has_for("ai-1") && !all.has_for("ai-2"));
    let p = all.get("p").unwrap();
    assert_eq!(
        Value::Object(p.props.clone()),
        json!({"step": 2, "of": 3, "label": "Charting"})
    );
    assert_eq!(p.run_id.as_deref(), Some("run-1"));
}

#[test]
fn a_push_without_merge_replaces_the_props_and_a_merge_is_shallow() {
    let all = reduce(&[
        push(
            "a",
            "card",
            json!({"x": 1, "nested": {"k": 1, "j": 2}}),
            false,
            None,
        ),
        push("a", "card", json!({"nested": {"k": 3}}), true, None),
    ]);
    assert_eq!(
        Value::Object(all.get("a").unwrap().props.clone()),
        json!({"x": 1, "nested": {"k": 3}})
    );
    let all = reduce(&[
        push("a", "card", json!({"x": 1}), false, None),
        push("a", "card", json!({"y": 2}), false, None),
    ]);
    assert_eq!(
        Value::Object(all.get("a").unwrap().props.clone()),
        json!({"y": 2})
    );
}

#[test]
fn remove_ui_deletes_and_an_unknown_id_is_ignored() {
    let mut all = reduce(&[push("a", "card", json!({}), false, Some("m"))]);
    assert!(!all.apply(parse(&json!({"type": "remove-ui", "id": "nope"})).unwrap()));
    assert!(all.apply(parse(&json!({"type": "remove-ui", "id": "a"})).unwrap()));
    assert!(all.is_empty());
}

#[test]
fn the_js_sdks_metadata_id_links_too_and_unlinked_ones_are_kept_apart() {
    let js =
        json!({"type": "ui", "id": "j", "name": "card", "props": {}, "metadata": {"id": "ai-2"}});
    let all = reduce(&[
        js,
        push("loose", "card", json!({}), false, None),
        push("gone", "card", json!({}), false, Some("ai-9")),
    ]);
    assert_eq!(all.ids_for("ai-2"), ["j"]);
    assert_eq!(all.ids_apart(|m| m == "ai-2"), ["loose", "gone"]);
}

#[test]
fn what_is_not_a_ui_message_is_not_read_as_one() {
    for v in [
        json!("text"),
        json!({"type": "progress", "id": "x"}),
        json!({"type": "ui", "name": "no id"}),
        json!({"type": "ui", "id": 7}),
        json!([1, 2]),
        json!({"payload": "x"}),
    ] {
        assert_eq!(parse(&v), None, "{v}");
    }
    // The thread protocol's custom channel wraps it; props that are no object are kept as data.
    let wrapped = json!({"payload": {"type": "ui", "id": "w", "name": "n", "props": [1, "<b>"]}});
    match parse(&wrapped) {
        Some(UiEvent::Push {
            message,
            merge: false,
        }) => {
            assert_eq!(Value::Object(message.props), json!({"value": [1, "<b>"]}))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_states_ui_key_is_read_from_unparsed_values_without_parsing_them() {
    let text = json!({
        "messages": [{"id": "m", "content": "x"}],
        "ui": [push("w", "weather", json!({"city": "Oslo"}), false, Some("m"))],
    })
    .to_string();
    let values = Values::from_json_text(&text);
    let all = UiMessages::from_values(&values).expect("a ui key");
    assert!(!values.is_parsed(), "only the ui key was read");
    assert_eq!(all.ids_for("m"), ["w"]);
    assert_eq!(
        UiMessages::from_values(&Values::from_json_text(r#"{"messages": []}"#)),
        None
    );
    assert_eq!(
        UiMessages::from_values(&Values::from(json!({"ui": []}))),
        Some(UiMessages::default())
    );
    // A "ui" key nested elsewhere is not the state's; an escaped top-level key is read as the key it
    // names once the text is scanned — but text holding "ui" only escaped is not scanned (the quick
    // check looks for the plain key: servers write keys plain).
    let nested_card = push("nested", "card", json!({}), false, None);
    let top_card = push("top", "card", json!({}), false, None);
    let text = format!(r#"{{"other": {{"ui": [{nested_card}]}}, "u\u0069": [{top_card}]}}"#);
    let both = UiMessages::from_values(&Values::from_json_text(&text)).expect("the top-level key");
    let ids: Vec<&str> = both.all().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["top"]);
    let only_escaped = r#"{"u\u0069": [], "messages": []}"#;
    assert_eq!(
        UiMessages::from_values(&Values::from_json_text(only_escaped)),
        None
    );
    assert_eq!(
        UiMessages::from_values(&Values::from_json_text(r#"{"ui": [oops"#)),
        None
    );
}

#[test]
fn the_list_is_bounded_and_says_how_many_it_let_go() {
    let mut all = UiMessages::default();
    for i in 0..MAX_UI_MESSAGES + 7 {
        all.apply(parse(&push(&format!("u{i}"), "card", json!({}), false, None)).unwrap());
    }
    assert_eq!(all.all().len(), MAX_UI_MESSAGES);
    assert_eq!(all.dropped, 7);
    assert_eq!(all.all()[0].id, "u7");
}

#[test]
fn a_thread_view_reduces_custom_events_and_takes_the_states_ui_key_as_the_truth() {
    use crate::event::{EventBatch, StreamEvent};
    use crate::reducer::ThreadView;
    let batch = |e: StreamEvent| EventBatch {
        key: None,
        namespace: Vec::new(),
        events: vec![e],
        fingerprint: 0,
    };
    let mut v = ThreadView::new();
    let c = v.apply(&batch(StreamEvent::Custom {
        value: push(
            "p",
            "progress",
            json!({"step": 1, "of": 3}),
            false,
            Some("ai"),
        ),
    }));
    assert!(c.ui && c.any());
    let c = v.apply(&batch(StreamEvent::Custom {
        value: push("p", "progress", json!({"step": 2}), true, Some("ai")),
    }));
    assert!(c.ui);
    assert_eq!(v.ui.get("p").unwrap().props["step"], json!(2));
    assert_eq!(v.ui.get("p").unwrap().props["of"], json!(3));
    // Any other custom value is no component.
    let c = v.apply(&batch(StreamEvent::Custom {
        value: json!({"progress": 5}),
    }));
    assert!(!c.ui);
    // Values without a ui key leave them; with one, it is the server's reduction.
    let c = v.apply(&batch(StreamEvent::Values {
        values: json!({"messages": []}),
    }));
    assert!(!c.ui && v.ui.get("p").is_some());
    let c = v.apply(&batch(StreamEvent::Values {
        values: json!({"ui": [push("w", "weather", json!({"city": "Oslo"}), false, Some("ai"))]}),
    }));
    assert!(c.ui);
    assert_eq!(v.ui.ids_for("ai"), ["w"]);
    // The same state again changes nothing shown; a settled run's state is read the same way.
    let c = v.load_ui(&Values::from_json_text(r#"{"ui": [{"type": "ui", "id": "w", "name": "weather", "props": {"city": "Oslo"}, "metadata": {"message_id": "ai", "run_id": "run-1"}}]}"#));
    assert!(!c.ui);
    let c = v.load_ui(&Values::from_json_text(r#"{"ui": []}"#));
    assert!(c.ui && v.ui.is_empty());
}

#[test]
fn a_tool_request_is_an_interrupt_naming_a_tool_call() {
    let asked = json!({"type": "tool", "tool_call": {"id": "c1", "name": "get_location", "args": {"accuracy": "city"}}});
    assert_eq!(
        tool_request(&asked),
        Some(ToolRequest {
            id: Some("c1".into()),
            name: "get_location".into(),
            args: json!({"accuracy": "city"}),
        })
    );
    for not in [
        json!({"question": "Publish?"}),
        json!({"type": "tool"}),
        json!({"type": "tool", "tool_call": {"args": {}}}),
        json!({"type": "other", "tool_call": {"name": "x"}}),
        json!("tool"),
    ] {
        assert_eq!(tool_request(&not), None, "{not}");
    }
}

#[test]
fn a_new_branch_keeps_only_the_components_of_the_messages_it_keeps() {
    let mut all = reduce(&[
        push("a", "card", json!({}), false, Some("kept")),
        push("b", "card", json!({}), false, Some("left behind")),
        push("c", "card", json!({}), false, None),
    ]);
    assert!(all.retain_messages(|m| m == "kept"));
    let ids: Vec<&str> = all.all().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["a"]);
    assert!(!all.retain_messages(|m| m == "kept"));
}
