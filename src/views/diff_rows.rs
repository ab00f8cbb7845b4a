//! Value changes between two JSON documents as table rows (the State tab's comparison of two
//! checkpoints, the Assistants page's of two versions): kind, JSON path, before, after — text nodes.

use agent_console_core::diff::ValueChange;
use leptos::prelude::*;

pub fn change_rows(changes: &[ValueChange]) -> impl IntoView {
    let json = |v: &serde_json::Value| serde_json::to_string(v).unwrap_or_default();
    changes
        .iter()
        .map(|c| {
            let (kind, old, new) = match c {
                ValueChange::Added { after, .. } => ("added", String::new(), json(after)),
                ValueChange::Removed { before, .. } => ("removed", json(before), String::new()),
                ValueChange::Changed { before, after, .. } => ("changed", json(before), json(after)),
            };
            view! {
                <tr class=format!("ac-diff-{kind}") data-path=c.path().to_owned()>
                    <td>{kind}</td><td class="ac-mono">{c.path().to_owned()}</td>
                    <td class="ac-mono ac-diff-old">{old}</td><td class="ac-mono ac-diff-new">{new}</td>
                </tr>
            }
        })
        .collect_view()
}
