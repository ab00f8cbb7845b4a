//! A message's branch controls: `‹ n / m ›` between the branches at its fork, edit, regenerate.

use crate::actions::branches::{edit_message, regenerate, show_branch};
use crate::state::session::MessageRow;
use crate::state::use_app_state;
use crate::views::icons::{icon, Icon};
use agent_console_core::domain::Role;
use leptos::prelude::*;

/// A message's time travel, where the server has it: `‹ 2 / 3 ›` among the branches of the fork
/// above it, *Edit* (a human message) or *Regenerate* (a reply) — each a run from the checkpoint
/// before the message, making a new branch. Nothing while a run streams.
#[component]
pub(super) fn BranchControls(row: MessageRow) -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let id = StoredValue::new(row.id.clone());
    let info = Memo::new(move |_| {
        session
            .branch
            .with(|b| id.with_value(|id| b.messages.get(id).cloned()))
    });
    let idle = move || !session.streaming.get() && !session.sending.get();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let text = RwSignal::from(row.text.clone());
    let human = row.role == Role::Human;
    // A tool's result or a system message is not written anew on its own.
    let kind_ok = human || row.role == Role::Ai;
    let rewritable = move || {
        kind_ok
            && state.caps().time_travel
            && info.with(|m| m.as_ref().is_some_and(|m| m.run_from.is_some()))
    };
    let go = move |head: Option<String>| {
        if let Some(h) = head {
            show_branch(state, h);
        }
    };
    let switch = move || {
        let sw = info.get()?.switch?;
        let prev = sw
            .index
            .checked_sub(1)
            .and_then(|i| sw.heads.get(i).cloned());
        let next = sw.heads.get(sw.index + 1).cloned();
        let (has_prev, has_next) = (prev.is_some(), next.is_some());
        Some(view! {
            <span class="ac-branch" role="group" aria-label="Branches of this message">
                <button type="button" class="ac-branch-prev" aria-label="Previous branch"
                    disabled=move || !has_prev || !idle() on:click=move |_| go(prev.clone())>"‹"</button>
                <span class="ac-branch-label">{sw.label()}</span>
                <button type="button" class="ac-branch-next" aria-label="Next branch"
                    disabled=move || !has_next || !idle() on:click=move |_| go(next.clone())>"›"</button>
            </span>
        })
    };
    // `↑` in the empty composer asked for this message's editor.
    let editor = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        let asked = state
            .edit_request
            .with(|r| id.with_value(|id| r.as_ref() == Some(id)));
        if !asked {
            return;
        }
        state.edit_request.set(None);
        if rewritable() && idle() {
            draft.set(text.get_untracked());
            editing.set(true);
            crate::platform::next_frame(move || {
                if let Some(t) = editor.get_untracked() {
                    let _ = t.focus();
                }
            });
        } else {
            // Not editable here (yet): its text comes back into the composer.
            state.draft.set(text.get_untracked());
        }
    });
    let submit = move |_| {
        let t = draft.get_untracked();
        if t.trim().is_empty() {
            return;
        }
        editing.set(false);
        let message = id.get_value();
        state.spawn(async move {
            // Refused: the editor comes back with the text (on success the row is gone: a new branch).
            if !edit_message(state, message, t.clone()).await {
                let _ = draft.try_set(t);
                let _ = editing.try_set(true);
            }
        });
    };
    view! {
        {switch}
        {move || (rewritable() && !editing.get()).then(|| if human {
            view! { <button type="button" class="ac-edit ac-icon" disabled=move || !idle() aria-label="Edit" title="Edit this message and run again from it"
                on:click=move |_| { draft.set(text.get_untracked()); editing.set(true); }>{icon(Icon::Edit)}</button> }.into_any()
        } else {
            view! { <button type="button" class="ac-regenerate ac-icon" disabled=move || !idle() aria-label="Regenerate" title="Run again from before this reply"
                on:click=move |_| regenerate(state, id.get_value())>{icon(Icon::Again)}</button> }.into_any()
        })}
        {move || editing.get().then(|| view! {
            <div class="ac-editor">
                <textarea class="ac-edit-text" aria-label="The edited message" node_ref=editor prop:value=move || draft.get()
                    on:input=move |e| draft.set(event_target_value(&e))></textarea>
                <button type="button" class="ac-edit-send" disabled=move || !idle() on:click=submit>"Send edit"</button>
                <button type="button" class="ac-edit-cancel" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        })}
    }
}
