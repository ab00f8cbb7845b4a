//! The Inbox page (a part of its own): every thread that waits for a person on every watched server,
//! oldest first — filtered by server, kind and assistant, each server's standing said, answered in
//! place by mouse or keys (`j`/`k` move, `a` accept, `e` edit, `r` respond, `i` ignore, `o`/Enter
//! open, `x` select, `?` the keys), several selected rows accepted at once.

use crate::actions::inbox::{open_item, reply, toggle_notifications, watch};
use crate::state::inbox::{Notify, Watch};
use crate::state::use_app_state;
use crate::views::inbox_row::{Answer, Mode, Row, ROW_PX};
use agent_console_core::inbox::{Item, Kind, Reply};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// What the page's keys do (`?` lists them).
pub const KEYS: [(&str, &str); 9] = [
    ("j / k", "the next / previous item"),
    ("a", "accept (every selected item, if any)"),
    ("e", "edit the proposed action's arguments"),
    ("r", "respond with text"),
    ("i", "ignore (hidden here until the thread changes)"),
    ("o / Enter", "open the item's thread"),
    ("x", "select or unselect the item"),
    ("Esc", "cancel an edit or a response"),
    ("?", "show or hide this list"),
];

/// Rows drawn beyond the visible ones, above and below.
const OVERSCAN: usize = 6;

#[component]
pub fn InboxPage() -> impl IntoView {
    let state = use_app_state();
    watch(state);
    let ib = state.inbox;
    let (server_f, kind_f, assistant_f) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let focus = RwSignal::new(None::<String>);
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let mode = RwSignal::new(Mode::Idle);
    let help = RwSignal::new(false);
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(h) = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || h.clear());
    }
    let rows = Memo::new(move |_| {
        let (s, k, a) = (server_f.get(), kind_f.get(), assistant_f.get());
        ib.items.with(|l| {
            l.iter()
                .filter(|i| ib.shown(i))
                .filter(|i| s.is_empty() || i.server == s)
                .filter(|i| k.is_empty() || i.ask.kind().as_str() == k)
                .filter(|i| a.is_empty() || i.assistant_id.as_deref() == Some(a.as_str()))
                .cloned()
                .collect::<Vec<Item>>()
        })
    });
    // The focus stays on a shown row: when its own went (answered), the one now at its place, so a
    // reviewer goes on down the list.
    let at = StoredValue::new(0usize);
    Effect::new(move || {
        let keys: Vec<String> = rows.with(|r| r.iter().map(Item::key).collect());
        let now =
            focus.with_untracked(|f| f.as_ref().and_then(|f| keys.iter().position(|k| k == f)));
        if let Some(i) = now {
            at.set_value(i);
            return;
        }
        let next = keys
            .get(at.get_value().min(keys.len().saturating_sub(1)))
            .cloned();
        if focus.with_untracked(|f| *f != next) {
            focus.set(next);
            mode.set(Mode::Idle);
        }
    });
    let focused = Memo::new(move |_| {
        let f = focus.get()?;
        rows.with(|r| r.iter().find(|i| i.key() == f).cloned())
    });
    let list = NodeRef::<leptos::html::Div>::new();
    let scroll = RwSignal::new(0i32);
    let height = RwSignal::new(480i32);
    let move_focus = move |by: i32| {
        let keys: Vec<String> = rows.with_untracked(|r| r.iter().map(Item::key).collect());
        if keys.is_empty() {
            return;
        }
        let at = focus
            .with_untracked(|f| f.as_ref().and_then(|f| keys.iter().position(|k| k == f)))
            .unwrap_or(0) as i32;
        let next = (at + by).clamp(0, keys.len() as i32 - 1) as usize;
        focus.set(Some(keys[next].clone()));
        mode.set(Mode::Idle);
        into_view(list, next);
    };
    // `a` and `i` answer the selected rows shown (if any), else the focused one; the answer pane
    // (an edit, a response, its buttons) the focused one alone.
    let targets = move |many: bool| {
        let shown: Vec<String> = rows.with_untracked(|r| r.iter().map(Item::key).collect());
        let sel: Vec<String> =
            selected.with_untracked(|s| s.iter().filter(|k| shown.contains(k)).cloned().collect());
        if many && !sel.is_empty() {
            sel
        } else {
            focus.get_untracked().into_iter().collect()
        }
    };
    let send_to = move |keys: Vec<String>, r: Reply| {
        reply(state, &keys, r);
        selected.update(|s| s.retain(|k| !keys.contains(k)));
        mode.set(Mode::Idle);
    };
    let send = move |r: Reply| send_to(targets(true), r);
    let send_focused = move |r: Reply| send_to(targets(false), r);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        // Keys typed in a field, or pressed on a button (Enter and Space press it), are theirs.
        let typing = crate::views::app::key_is_for(&ev, true);
        let key = ev.key();
        if typing {
            if key == "Escape" {
                // Not the app's Escape too (it would stop the open thread's run).
                ev.stop_propagation();
                mode.set(Mode::Idle);
                refocus(list);
            }
            return;
        }
        let item = focused.get_untracked();
        let allow = item.as_ref().map(|i| i.ask.replies()).unwrap_or_default();
        match key.as_str() {
            "j" | "ArrowDown" => move_focus(1),
            "k" | "ArrowUp" => move_focus(-1),
            "a" => send(Reply::Accept),
            "e" if allow.edit => mode.set(Mode::Edit),
            "r" if allow.respond => mode.set(Mode::Respond),
            "i" => send(Reply::Ignore),
            "o" | "Enter" => {
                if let Some(i) = item {
                    open_item(state, &i);
                }
            }
            "x" => {
                if let Some(k) = focus.get_untracked() {
                    selected.update(|s| {
                        if !s.remove(&k) {
                            s.insert(k);
                        }
                    });
                }
            }
            "?" => help.update(|h| *h = !*h),
            "Escape" => mode.set(Mode::Idle),
            _ => return,
        }
        ev.prevent_default();
        ev.stop_propagation();
    };
    let window = Memo::new(move |_| {
        let n = rows.with(Vec::len);
        let seen = (height.get() / ROW_PX) as usize + 1;
        // A list shortened under its scroll position is drawn from its end, never blank.
        let first = ((scroll.get() / ROW_PX) as usize).min(n.saturating_sub(seen));
        let from = first.saturating_sub(OVERSCAN).min(n);
        let to = (first + seen + OVERSCAN).min(n);
        (from, to, n)
    });
    // The list is never taller than the window: rows enough for the window's height are drawn.
    let window_height = move || {
        web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .map_or(1_000, |h| h as i32)
    };
    height.set(window_height());
    crate::platform::on_window_event("resize", move |_: web_sys::Event| {
        height.set(window_height())
    });
    let servers_watched = move || ib.servers.get();
    // The filters' choices change only when the servers or assistants do (not at every look).
    let labels = Memo::new(move |_| {
        ib.servers
            .with(|l| l.iter().map(|s| s.label.clone()).collect::<Vec<_>>())
    });
    let assistants = Memo::new(move |_| {
        ib.items.with(|l| {
            l.iter()
                .filter_map(|i| {
                    let id = i.assistant_id.clone()?;
                    let name = i
                        .graph_id
                        .clone()
                        .map_or_else(|| id.clone(), |g| format!("{g} ({})", short(&id)));
                    Some((id, name))
                })
                .collect::<std::collections::BTreeMap<String, String>>()
        })
    });
    view! {
        <section class="ac-inbox-page" aria-label="Inbox" on:keydown=on_key>
            <header class="ac-inbox-head">
                <h1 class="ac-page-title">"Inbox "<span class="ac-inbox-total">{move || format!("({})", ib.total())}</span></h1>
                <button type="button" class="ac-inbox-notify" aria-pressed=move || (ib.notify.get() == Notify::On).to_string()
                    on:click=move |_| toggle_notifications(state)>
                    {move || match ib.notify.get() {
                        Notify::On => "Notifications on",
                        Notify::Off => "Notify me of new items",
                        Notify::Refused => "Notifications refused by the browser",
                    }}
                </button>
                <button type="button" class="ac-inbox-help-toggle" aria-expanded=move || help.get().to_string()
                    on:click=move |_| help.update(|h| *h = !*h)>"Keys (?)"</button>
            </header>
            {move || help.get().then(|| view! {
                <dl class="ac-inbox-keys">{KEYS.into_iter().map(|(k, what)| view! { <dt><kbd>{k}</kbd></dt><dd>{what}</dd> }).collect_view()}</dl>
            })}
            <ul class="ac-inbox-servers" aria-label="Watched servers">
                {move || servers_watched().into_iter().map(|s| {
                    let label = s.label.clone();
                    let n = ib.count(&label);
                    let (class, words) = match s.watch {
                        Watch::Connecting => ("ac-inbox-connecting", "connecting…".to_owned()),
                        Watch::Live { more: false, .. } => ("ac-inbox-live", format!("{n} waiting · live")),
                        Watch::Live { more: true, .. } => ("ac-inbox-live", format!("{n} waiting, and more than one look lists")),
                        Watch::Unreachable(e) => ("ac-inbox-unreachable", format!("unreachable: {e}")),
                        Watch::Unsupported(e) => ("ac-inbox-unsupported", e),
                    };
                    let shown = label.clone();
                    view! { <li class=format!("ac-inbox-server {class}") data-server=label><strong>{shown}</strong>" — "{words}</li> }
                }).collect_view()}
            </ul>
            {move || servers_watched().is_empty().then(|| view! {
                <p class="ac-empty ac-inbox-no-server">"No server to watch: connect to one, or save one in the rail."</p>
            })}
            <div class="ac-inbox-filters">
                <label>"Server "<select class="ac-inbox-filter-server" on:change=move |e| server_f.set(event_target_value(&e))>
                    <option value="">"All"</option>
                    {move || labels.get().into_iter().map(|l| view! { <option value=l.clone() selected=server_f.get_untracked() == l>{l.clone()}</option> }).collect_view()}
                </select></label>
                <label>"Kind "<select class="ac-inbox-filter-kind" on:change=move |e| kind_f.set(event_target_value(&e))>
                    <option value="">"All"</option>
                    {Kind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                </select></label>
                <label>"Assistant "<select class="ac-inbox-filter-assistant" on:change=move |e| assistant_f.set(event_target_value(&e))>
                    <option value="">"All"</option>
                    {move || assistants.get().into_iter().map(|(id, name)| view! {
                        <option value=id.clone() selected=assistant_f.get_untracked() == id>{name}</option>
                    }).collect_view()}
                </select></label>
                {move || (!selected.with(BTreeSet::is_empty)).then(|| view! {
                    <button type="button" class="ac-inbox-accept-selected" on:click=move |_| send(Reply::Accept)>
                        {move || format!("Accept the {} selected", selected.with(BTreeSet::len))}</button>
                })}
            </div>
            {move || (rows.with(Vec::is_empty) && !servers_watched().is_empty()).then(|| view! {
                <p class="ac-empty ac-inbox-empty">"Nothing waits for you."</p>
            })}
            <div class="ac-inbox-list" tabindex="0" role="region" aria-label="Waiting items" node_ref=list
                on:scroll=move |_| if let Some(el) = list.get_untracked() { scroll.set(el.scroll_top()) }>
                <div style:height=move || format!("{}px", window.get().0 as i32 * ROW_PX)></div>
                {move || {
                    let (from, to, _) = window.get();
                    rows.with(|r| r[from..to].to_vec()).into_iter().map(|item| {
                        let key = item.key();
                        let k2 = key.clone();
                        let k3 = key.clone();
                        view! {
                            <Row item=item now=now
                                focused=Signal::derive(move || focus.with(|f| f.as_ref() == Some(&k2)))
                                selected=Signal::derive(move || selected.with(|s| s.contains(&k3)))
                                on_focus=Callback::new(move |_| { focus.set(Some(key.clone())); mode.set(Mode::Idle); })
                                on_select=Callback::new(move |k: String| selected.update(|s| if !s.remove(&k) { s.insert(k); }))
                            />
                        }
                    }).collect_view()
                }}
                <div style:height=move || { let (_, to, n) = window.get(); format!("{}px", (n - to) as i32 * ROW_PX) }></div>
            </div>
            {move || focused.get().map(|item| view! { <Answer item=item mode=mode on_reply=Callback::new(move |r| { send_focused(r); refocus(list); }) /> })}
        </section>
    }
}

/// Gives the keys back to the list (after a reply typed in a field).
fn refocus(list: NodeRef<leptos::html::Div>) {
    if let Some(el) = list.get_untracked() {
        let _ = el.focus();
    }
}

/// Scrolls row `i` of the list into view.
fn into_view(list: NodeRef<leptos::html::Div>, i: usize) {
    if let Some(el) = list.get_untracked() {
        let top = i as i32 * ROW_PX;
        let (st, h) = (el.scroll_top(), el.client_height());
        if top < st {
            el.set_scroll_top(top);
        } else if top + ROW_PX > st + h {
            el.set_scroll_top(top + ROW_PX - h);
        }
    }
}

/// An id's first eight characters.
fn short(id: &str) -> String {
    id.chars().take(8).collect()
}
