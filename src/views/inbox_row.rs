//! One row of the Inbox (its server, assistant, thread, what is asked, how long it has waited) and
//! the focused row's answer: what it asks in full, and its replies — accept, edit the proposed
//! action's arguments, respond with text, ignore, open the thread.

use crate::actions::inbox::open_item;
use crate::state::use_app_state;
use agent_console_core::inbox::{age, Ask, Item, Reply};
use leptos::prelude::*;

/// A row's height in pixels (the list draws only the rows in view).
pub const ROW_PX: i32 = 44;

/// What the focused row's answer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Idle,
    Edit,
    Respond,
}

#[component]
pub fn Row(
    item: Item,
    now: RwSignal<f64>,
    #[prop(into)] focused: Signal<bool>,
    #[prop(into)] selected: Signal<bool>,
    on_focus: Callback<()>,
    on_select: Callback<String>,
) -> impl IntoView {
    let state = use_app_state();
    let key = item.key();
    let refused = {
        let key = key.clone();
        move || state.inbox.refused.with(|m| m.get(&key).cloned())
    };
    let since = item.since_ms;
    let k2 = key.clone();
    view! {
        <div class="ac-inbox-row" data-key=key.clone() data-thread=item.thread_id.clone()
            data-server=item.server.clone() data-kind=item.ask.kind().as_str()
            style:height=format!("{ROW_PX}px")
            aria-current=move || focused.get().then_some("true") class:ac-focused=move || focused.get()
            on:click=move |_| on_focus.run(())>
            <input type="checkbox" class="ac-inbox-select" aria-label="Select"
                prop:checked=move || selected.get()
                on:click=move |ev| ev.stop_propagation()
                on:change=move |_| on_select.run(k2.clone()) />
            <span class="ac-inbox-where"><span class="ac-inbox-server-name">{item.server.clone()}</span>
                {item.graph_id.clone().or_else(|| item.assistant_id.clone()).map(|a| view! { " · "<span class="ac-inbox-assistant">{a}</span> })}</span>
            <span class="ac-inbox-title">{item.title.clone()}</span>
            <span class="ac-inbox-summary">{item.ask.summary()}</span>
            <span class="ac-inbox-age">{move || since.map(|s| age(s, now.get())).unwrap_or_default()}</span>
            {move || refused().map(|e| view! { <span class="ac-error ac-inbox-refused" role="alert">{e}</span> })}
        </div>
    }
}

/// The focused row in full, with its replies.
#[component]
pub fn Answer(item: Item, mode: RwSignal<Mode>, on_reply: Callback<Reply>) -> impl IntoView {
    let state = use_app_state();
    let allow = item.ask.replies();
    let accept_label = item.ask.accept_label();
    let args = item
        .ask
        .editable_args()
        .map(|a| serde_json::to_string_pretty(&a).unwrap_or_default());
    // What was typed for this row and not sent comes back (after a look, a move, a refusal).
    let drafts = state.inbox.drafts;
    let key = item.key();
    let (kept_edit, kept_response) = drafts
        .with_value(|d| d.get(&key).cloned())
        .unwrap_or_default();
    let edit_text = RwSignal::new(kept_edit.or_else(|| args.clone()).unwrap_or_default());
    let response = RwSignal::new(kept_response);
    let key = StoredValue::new(key);
    let keep = move || {
        let draft = (Some(edit_text.get_untracked()), response.get_untracked());
        key.with_value(|k| drafts.update_value(|d| drop(d.insert(k.clone(), draft))));
    };
    let fault = RwSignal::new(None::<String>);
    let send_edit =
        move || match serde_json::from_str::<serde_json::Value>(&edit_text.get_untracked()) {
            Ok(v) => on_reply.run(Reply::Edit(v)),
            Err(e) => fault.set(Some(format!("The arguments are not JSON: {e}"))),
        };
    let send_response = move || on_reply.run(Reply::Respond(response.get_untracked()));
    let open = item.clone();
    let (edit_el, response_el) = (
        NodeRef::<leptos::html::Textarea>::new(),
        NodeRef::<leptos::html::Input>::new(),
    );
    // The field of the reply chosen takes the keys.
    Effect::new(move || {
        let _ = match mode.get() {
            Mode::Edit => edit_el.get().map(|e| e.focus()),
            Mode::Respond => response_el.get().map(|e| e.focus()),
            Mode::Idle => None,
        };
    });
    view! {
        <div class="ac-inbox-answer" aria-label="The item">
            <h2 class="ac-inbox-answer-title">{item.title.clone()}</h2>
            <p class="ac-inbox-asks">{asks_in_full(&item.ask)}</p>
            {args.map(|a| view! { <pre class="ac-inbox-args">{a}</pre> })}
            <div class="ac-inbox-replies">
                {allow.accept.then(|| view! {
                    <button type="button" class="ac-inbox-accept" on:click=move |_| on_reply.run(Reply::Accept)>
                        {accept_label.clone()}<kbd>"a"</kbd></button>
                })}
                {allow.edit.then(|| view! {
                    <button type="button" class="ac-inbox-edit-open" on:click=move |_| mode.set(Mode::Edit)>"Edit"<kbd>"e"</kbd></button>
                })}
                {allow.respond.then(|| view! {
                    <button type="button" class="ac-inbox-respond-open" on:click=move |_| mode.set(Mode::Respond)>"Respond"<kbd>"r"</kbd></button>
                })}
                <button type="button" class="ac-inbox-ignore" on:click=move |_| on_reply.run(Reply::Ignore)>"Ignore"<kbd>"i"</kbd></button>
                <button type="button" class="ac-inbox-open" on:click=move |_| open_item(state, &open)>"Open the thread"<kbd>"o"</kbd></button>
            </div>
            {move || match mode.get() {
                Mode::Edit => Some(view! {
                    <div class="ac-inbox-editing">
                        <label>"Arguments (JSON)"
                            <textarea class="ac-inbox-edit" rows="6" node_ref=edit_el prop:value=move || edit_text.get()
                                on:input=move |e| { edit_text.set(event_target_value(&e)); keep() }
                                on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) { send_edit() } />
                        </label>
                        <button type="button" class="ac-inbox-send-edit" on:click=move |_| send_edit()>"Send the edit"</button>
                    </div>
                }.into_any()),
                Mode::Respond => Some(view! {
                    <div class="ac-inbox-responding">
                        <label>"Response"
                            <input class="ac-inbox-response" node_ref=response_el prop:value=move || response.get()
                                on:input=move |e| { response.set(event_target_value(&e)); keep() }
                                on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Enter" { send_response() } />
                        </label>
                        <button type="button" class="ac-inbox-send-response" on:click=move |_| send_response()>"Send"</button>
                    </div>
                }.into_any()),
                Mode::Idle => None,
            }}
            {move || fault.get().map(|f| view! { <p class="ac-error" role="alert">{f}</p> })}
        </div>
    }
}

/// What an item asks, in full words.
fn asks_in_full(ask: &Ask) -> String {
    match ask {
        Ask::Human {
            action,
            description,
            ..
        } => match description {
            Some(d) => format!("{d} (action {action})"),
            None => format!("Review the action {action}."),
        },
        Ask::Decisions { actions, .. } => actions
            .iter()
            .map(|a| {
                let d = a.description.clone().unwrap_or_default();
                format!(
                    "{} {} — {d} (allowed: {})",
                    a.name,
                    a.args,
                    a.allowed.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        Ask::Question { text, options } if options.is_empty() => text.clone(),
        Ask::Question { text, options } => format!("{text} (choices: {})", options.join(", ")),
        Ask::Failed(e) => format!("The last run failed: {e}"),
        Ask::Paused => {
            "The run stopped with steps still due (a breakpoint, or a run stopped mid-step).".into()
        }
    }
}
