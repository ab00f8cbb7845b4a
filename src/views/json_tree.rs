//! A collapsible JSON tree, built from text nodes only (values from servers are untrusted).

use leptos::prelude::*;
use serde_json::Value;

/// Levels open when first shown.
const OPEN_DEPTH: usize = 2;

/// Renders `value` as a tree: objects and arrays are `<details>` with a one-line summary.
pub fn json_tree(value: &Value) -> AnyView {
    node(None, value, 0)
}

fn summary(v: &Value) -> String {
    match v {
        Value::Object(m) => format!(
            "{{…}} {} key{}",
            m.len(),
            if m.len() == 1 { "" } else { "s" }
        ),
        Value::Array(a) => format!(
            "[…] {} item{}",
            a.len(),
            if a.len() == 1 { "" } else { "s" }
        ),
        other => other.to_string(),
    }
}

fn node(key: Option<String>, v: &Value, depth: usize) -> AnyView {
    let label = key.map(|k| format!("{k}: ")).unwrap_or_default();
    let children: Vec<(String, &Value)> = match v {
        Value::Object(m) if !m.is_empty() => m.iter().map(|(k, x)| (k.clone(), x)).collect(),
        Value::Array(a) if !a.is_empty() => a.iter().enumerate().map(|(i, x)| (i.to_string(), x)).collect(),
        _ => {
            return view! { <div class="ac-json-leaf"><span class="ac-json-key">{label}</span><span class="ac-json-value">{v.to_string()}</span></div> }
                .into_any()
        }
    };
    let items = children
        .into_iter()
        .map(|(k, x)| view! { <li>{node(Some(k), x, depth + 1)}</li> })
        .collect_view();
    view! {
        <details class="ac-json-node" open=depth < OPEN_DEPTH>
            <summary><span class="ac-json-key">{label}</span><span class="ac-json-summary">{summary(v)}</span></summary>
            <ul class="ac-json-children">{items}</ul>
        </details>
    }
    .into_any()
}
