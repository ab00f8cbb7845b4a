//! One message: a conversation message with its actions and meta, or a subagent's folded under its node.

use super::*;
use crate::actions::conversation::copy_text;
use crate::state::session::MessageRow;
use crate::state::use_app_state;
use crate::views::icons::{icon, Icon};
use crate::views::markdown::{text_view, MarkdownStream};
use agent_console_core::attachments;
use agent_console_core::domain::{Block, Role};
use leptos::prelude::*;

/// A row of the list: the conversation's message, or a subagent's (streamed inside a subgraph).
#[component]
pub(super) fn MessageView(row: MessageRow) -> impl IntoView {
    // The row's signals, held by this view for as long as it shows them.
    let group = RwSignal::from(row.group.clone());
    move || match group.get() {
        None => view! { <ConversationMessage row=row.clone() /> }.into_any(),
        Some(node) => view! { <SubagentMessage row=row.clone() node=node /> }.into_any(),
    }
}

/// A message a subgraph (a subagent) streamed, with its own live text: grouped under the node that
/// ran it, folded by default, apart from the conversation (it is in the subgraph's state, not the
/// thread's).
#[component]
pub(super) fn SubagentMessage(row: MessageRow, node: String) -> impl IntoView {
    let text = RwSignal::from(row.text.clone());
    let words = move || text.with(|t| t.split_whitespace().count());
    let role = row.role.as_str().to_owned();
    let summary = format!("Subagent · {node}");
    view! {
        <li class="ac-subgraph-message" data-subgraph=node data-role=role data-message-id=row.id.clone()>
            <details class="ac-subgraph">
                <summary>{summary}<span class="ac-subgraph-size">{move || format!(" · {} words", words())}</span></summary>
                <div class="ac-subgraph-text ac-markdown"><MarkdownStream text=text /></div>
            </details>
        </li>
    }
}

#[component]
pub(super) fn ConversationMessage(row: MessageRow) -> impl IntoView {
    let state = use_app_state();
    let role = row.role.as_str().to_owned();
    let linked = {
        let id = row.id.clone();
        move || {
            state
                .open_message
                .with(|m| m.as_deref() == Some(id.as_str()))
        }
    };
    let link = {
        let id = row.id.clone();
        move |_| {
            state.open_message.set(Some(id.clone()));
            state.update_url();
        }
    };
    let label = match row.role {
        Role::Human => "You".to_owned(),
        Role::Ai => "Assistant".to_owned(),
        Role::Tool => format!("Tool {}", row.name.clone().unwrap_or_default()),
        Role::System => "System".to_owned(),
        Role::Unknown(ref r) => r.clone(),
    };
    let text = RwSignal::from(row.text.clone());
    let extras = RwSignal::from(row.extras.clone());
    let usage = RwSignal::from(row.usage.clone());
    let reasoning = RwSignal::from(row.reasoning.clone());
    let has_reasoning = Memo::new(move |_| !reasoning.with(String::is_empty));
    // Copy: the message as markdown (what the agent wrote is markdown; what a user typed, as typed).
    let copied = RwSignal::new(None::<Result<(), String>>);
    let copy = move |_| {
        let t = text.get_untracked();
        state.spawn(async move {
            let r = copy_text(t).await;
            let _ = copied.try_set(Some(r));
        });
    };
    // A reply that only calls tools is hidden with them (not if it shows the agent's components).
    let has_components = {
        let id = row.id.clone();
        Memo::new(move |_| state.session.ui.with(|u| u.has_for(&id)))
    };
    let only_tools = move || {
        !has_components.get()
            && text.with(|t| t.trim().is_empty())
            && extras
                .with(|e| !e.is_empty() && e.iter().all(|b| matches!(b, Block::ToolCall { .. })))
    };
    let actions = view! { <BranchControls row=row.clone() /> };
    // Agent output is untrusted: markdown becomes elements and text nodes, never HTML. What the user
    // typed is shown as typed; a tool's result is raw data, folded like the call that asked for it.
    let body = match row.role {
        Role::Ai | Role::System | Role::Unknown(_) => view! {
            <div class="ac-text ac-markdown" aria-live="polite"><MarkdownStream text=text /></div>
        }
        .into_any(),
        Role::Human => {
            view! { <div class="ac-text ac-plain">{move || text_view(text.get())}</div> }.into_any()
        }
        Role::Tool => view! {
            <details class="ac-tool-result" open=true>
                <summary>"Result"</summary>
                <pre class="ac-text">{move || text_view(text.get())}</pre>
            </details>
        }
        .into_any(),
    };
    view! {
        <li class="ac-message" class:ac-linked=linked data-role=role data-message-id=row.id.clone()
            data-only-tools=move || only_tools().to_string() data-has-ui=move || has_components.get().to_string()>
            <div class="ac-author">{label}
                <button type="button" class="ac-message-link ac-icon" aria-label="Link to this message" title="Link to this message (the address then opens the thread here)" on:click=link>"#"</button>
                <button type="button" class="ac-copy-message ac-icon" aria-label="Copy this message as markdown" title="Copy this message as markdown" on:click=copy>
                    {move || match copied.get() { Some(Ok(())) => "Copied".into_any(), Some(Err(_)) => "Not copied".into_any(), None => icon(Icon::Copy).into_any() }}</button>
                {move || copied.get().and_then(Result::err).map(|e| view! { <span class="ac-error ac-copy-error" role="alert">{e}</span> })}
                <MessageMeta id=row.id.clone() usage=usage />
                {move || usage.get().map(|u| {
                    let n = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |v| v.to_string());
                    view! { <span class="ac-usage" title="Token usage the server reported for this message"
                        data-completion=n(u.completion)>
                        {format!("{} in · {} out", n(u.prompt), n(u.completion))}</span> }
                })}
            </div>
            // Reasoning: folded above the answer; the same element stays, so it streams on while open.
            {move || has_reasoning.get().then(|| view! {
                <details class="ac-reasoning">
                    <summary>"Reasoning"{move || usage.get().and_then(|u| u.reasoning).map(|n| format!(" · {n} tokens"))}</summary>
                    <p class="ac-reasoning-text">{move || reasoning.get()}</p>
                </details>
            })}
            {body}
            {actions}
            {move || extras.get().into_iter().map(|b| match b {
                Block::ToolCall { name, args, .. } => view! {
                    <details class="ac-tool-call" open=true>
                        <summary>{format!("Tool call: {name}")}</summary>
                        <pre>{serde_json::to_string_pretty(&args).unwrap_or_default()}</pre>
                    </details>
                }.into_any(),
                Block::Image { url } => crate::views::markdown::image_view(url, String::new()),
                Block::File { name, mime, size } => view! {
                    <p class="ac-file">{format!("📎 {}{}{}", name.unwrap_or_else(|| "a file".into()),
                        mime.map(|m| format!(" · {m}")).unwrap_or_default(),
                        size.map(|s| format!(" · {}", attachments::human_size(s))).unwrap_or_default())}</p>
                }.into_any(),
                // Data (an A2A data part, a JSON content block): a tree to open, never markup.
                Block::Json { value } => view! { <div class="ac-json">{crate::views::json_tree::json_tree(&value)}</div> }.into_any(),
                Block::Text { .. } | Block::ToolResult { .. } | Block::Reasoning { .. } => ().into_any(),
            }).collect_view()}
            <UiComponents message_id=row.id.clone() any=has_components />
        </li>
    }
}

/// A message's details on demand: its id, the checkpoint it first appears in on the branch shown
/// (where the server keeps a history), the usage the server reported.
#[component]
pub(super) fn MessageMeta(
    id: String,
    usage: RwSignal<Option<agent_console_core::domain::Usage>>,
) -> impl IntoView {
    let state = use_app_state();
    let open = RwSignal::new(false);
    let checkpoint = {
        let id = id.clone();
        move || {
            state
                .session
                .branch
                .with(|b| b.messages.get(&id).map(|m| m.first_seen.clone()))
        }
    };
    let n = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |v| v.to_string());
    view! {
        <button type="button" class="ac-message-meta-toggle ac-icon" aria-label="This message's details" title="This message's details (id, checkpoint, usage)"
            aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>{icon(Icon::Info)}</button>
        {move || open.get().then(|| view! {
            <dl class="ac-message-meta">
                <dt>"id"</dt><dd class="ac-mono" data-field="id">{id.clone()}</dd>
                <dt>"checkpoint"</dt><dd class="ac-mono" data-field="checkpoint">{let c = checkpoint.clone(); move || c().unwrap_or_else(|| "—".into())}</dd>
                <dt>"usage"</dt><dd data-field="usage">{move || usage.get().map_or_else(|| "not reported".to_owned(), |u| format!("{} in · {} out · {} total", n(u.prompt), n(u.completion), n(u.total)))}</dd>
            </dl>
        })}
    }
}
