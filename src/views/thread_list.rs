//! The thread list: search, status filter, order, infinite paging, and per-thread actions. Windowed:
//! only the rows in view are in the DOM, so thousands of threads scroll smoothly.

use crate::actions::thread::open_thread;
use crate::actions::thread_list::{load_more, load_threads};
use crate::actions::threads::{copy_thread, create_thread, delete_thread, rename_thread};
use crate::state::use_app_state;
use agent_console_core::backend::{CreateThreadForm, NewThread};
use agent_console_core::domain::status_class;
use agent_console_core::domain::{PageCursor, Thread};
use agent_console_core::forms::parse_labels;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Fixed row height (px): windowing computes which rows are visible from the scroll offset.
const ROW_HEIGHT: f64 = 40.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;
/// Start loading the next page this close (px) to the bottom.
const PREFETCH_PX: f64 = 200.0;

#[component]
pub fn ThreadList() -> impl IntoView {
    let state = use_app_state();
    let list = state.threads;
    let scroll_top = RwSignal::new(0.0f64);
    // Measured from the scroller once it is in the page (and whenever the list changes).
    let viewport = RwSignal::new(320.0f64);
    let scroller = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        list.items.track();
        if let Some(el) = scroller.get() {
            let height = el.client_height();
            if height > 0 {
                viewport.set(height as f64);
            }
        }
    });

    let reload = move || {
        // A new query starts at the top of the list.
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
        state.spawn(load_threads(state))
    };
    let named = move || state.caps().thread_ops.create == CreateThreadForm::Named;
    let filters = move || state.caps().thread_filters;
    // Threads with a name, a description and labels: a small form asks for them.
    let creating = RwSignal::new(false);
    let new_thread = move |_| {
        if named() {
            creating.update(|c| *c = !*c);
            return;
        }
        state.spawn(async move {
            if let Err(e) = create_thread(state, NewThread::default()).await {
                list.error.set(Some(e.to_string()));
            }
        })
    };
    let on_scroll = move |ev: web_sys::Event| {
        let el: web_sys::Element = event_target(&ev);
        let top = el.scroll_top() as f64;
        scroll_top.set(top);
        viewport.set(el.client_height() as f64);
        if top + el.client_height() as f64 >= el.scroll_height() as f64 - PREFETCH_PX {
            state.spawn(load_more(state));
        }
    };
    let visible = move || {
        let items = list.items.get();
        let count = (viewport.get() / ROW_HEIGHT) as usize + 2 * OVERSCAN;
        // A list that shrank (a filter, a delete) may leave the scroll offset past its end until the
        // browser's own scroll event arrives: never window past the last full view.
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize)
            .saturating_sub(OVERSCAN)
            .min(items.len().saturating_sub(count));
        items
            .into_iter()
            .enumerate()
            .skip(first)
            .take(count)
            .collect::<Vec<_>>()
    };
    view! {
        <section class="ac-threads">
            <header>
                <h2>"Threads"</h2>
                <button class="ac-new-thread" on:click=new_thread>"New thread"</button>
                <button class="ac-refresh" on:click=move |_| reload() title="Reload the list">"↻"</button>
            </header>
            {move || (creating.get() && named()).then(|| view! { <NewThreadForm done=creating /> })}
            // A server's list may have no filters or order to choose: the id lookup stays.
            <div class="ac-thread-filters" class:ac-yandex-filters=move || !filters().status>
                <input class="ac-thread-search" placeholder="Thread id, or key=value metadata"
                    prop:value=move || list.search.get()
                    on:input=move |ev| list.search.set(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { reload() } />
                <select class="ac-status-filter" aria-label="Threads with this status" hidden=move || !filters().status on:change=move |ev| {
                    let v = event_target_value(&ev);
                    list.status.set((!v.is_empty()).then_some(v));
                    reload();
                }>
                    <option value="">"All"</option>
                    <option value="idle">"Idle"</option>
                    <option value="busy">"Busy"</option>
                    <option value="interrupted">"Interrupted"</option>
                    <option value="error">"Error"</option>
                </select>
                <button class="ac-sort" hidden=move || !filters().order title="Order by last activity" on:click=move |_| {
                    list.oldest_first.update(|o| *o = !*o);
                    reload();
                }>{move || if list.oldest_first.get() { "Oldest first" } else { "Newest first" }}</button>
            </div>
            {move || list.error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            <div class="ac-thread-scroller" tabindex="0" role="region" aria-label="Threads" node_ref=scroller on:scroll=on_scroll>
                <div class="ac-thread-list" style=move || format!("height:{}px", list.items.with(Vec::len) as f64 * ROW_HEIGHT)>
                    <For each=visible key=|(i, t)| (*i, t.id.clone(), t.status.as_str().to_owned(), t.title.clone()) let:row>
                        <ThreadRow index=row.0 thread=row.1 />
                    </For>
                </div>
                {move || (list.next.get() != PageCursor::End).then(|| view! {
                    <button class="ac-more ac-more-threads" on:click=move |_| state.spawn(load_more(state))>
                        {move || if list.loading.get() { "Loading…" } else { "Load more" }}
                    </button>
                })}
            </div>
            {move || (!filters().listed).then(|| view! {
                <p class="ac-hint ac-unlisted">"This server does not list its threads: the ones made or opened here are shown. Open another by its id in the search box."</p>
            })}
            {move || (list.items.with(Vec::is_empty) && !list.loading.get() && list.error.get().is_none())
                .then(|| view! { <p class="ac-empty">"No threads here. Write a message to start one."</p> })}
        </section>
    }
}

#[component]
fn ThreadRow(index: usize, thread: Thread) -> impl IntoView {
    let state = use_app_state();
    let id = thread.id.clone();
    let title = thread
        .title
        .clone()
        .unwrap_or_else(|| format!("Thread {}", thread.id.chars().take(8).collect::<String>()));
    let status = thread.status.as_str().to_owned();
    let caps = state.caps_now();
    let (ops, has_status) = (caps.thread_ops, caps.thread_status);
    let description = thread
        .metadata
        .get("description")
        .and_then(|d| d.as_str())
        .map(str::to_owned);
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    // The `⋯` menu of the selected row is open (kept by the list: a row drawn again keeps it).
    let menu = RowMenu {
        open: state.threads.menu,
        id: StoredValue::new(id.clone()),
    };
    let toggle = NodeRef::<leptos::html::Button>::new();
    let first = NodeRef::<leptos::html::Button>::new();
    // The menu's first item takes the focus when the user opens it, and again when a reload of the
    // list draws the row anew while the focus was in it — not once the user has moved the focus
    // elsewhere; ⋯ takes it back when it closes.
    let refocus = StoredValue::new(false);
    let menu_focus = state.threads.menu_focus;
    Effect::new(move |_| {
        if let Some(b) = first.get() {
            if menu_focus.get_value() {
                let _ = b.focus();
            }
        }
    });
    Effect::new(move |_| {
        if let Some(t) = toggle.get() {
            if refocus.get_value() {
                refocus.set_value(false);
                let _ = t.focus();
            }
        }
    });
    let draft = RwSignal::new(title.clone());
    let selected = {
        let id = id.clone();
        move || state.selected.get().as_deref() == Some(id.as_str())
    };
    let (id_open, id_rename, id_copy, id_delete) = (id.clone(), id.clone(), id.clone(), id.clone());
    let selected_class = selected.clone();
    // Another thread chosen: this row's menu goes.
    let selected_menu = selected.clone();
    Effect::new(move |_| {
        if !selected_menu() {
            menu.set(false);
        }
    });
    view! {
        <div class="ac-thread" data-thread-id=id.clone() class:ac-selected=selected_class
            style=format!("top:{}px;height:{}px", index as f64 * ROW_HEIGHT, ROW_HEIGHT)>
            {move || if editing.get() {
                let id = id_rename.clone();
                view! {
                    <input class="ac-rename-input" prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                            "Enter" => { rename_thread(state, id.clone(), draft.get_untracked()); editing.set(false); }
                            "Escape" => { ev.stop_propagation(); editing.set(false); }
                            _ => {}
                        } />
                }.into_any()
            } else if menu.get() {
                // The row's actions in its place, the first focused; Esc or ✕ closes them, the focus back on ⋯.
                let id_copy = id_copy.clone();
                let close = move || {
                    refocus.set_value(true);
                    menu_focus.set_value(false);
                    menu.set(false);
                };
                view! {
                    <span class="ac-thread-actions" role="menu" aria-label="This thread's actions"
                        // The user took the focus elsewhere (not the row drawn anew, which names no target).
                        on:focusout=move |ev: web_sys::FocusEvent| {
                            let inside = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                                .zip(ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()))
                                .map(|(to, menu)| menu.contains(Some(&to)));
                            if inside == Some(false) { menu_focus.set_value(false); }
                        }
                        on:keydown=move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                            "Escape" | "Tab" => { ev.stop_propagation(); ev.prevent_default(); close(); }
                            key @ ("ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" | "Home" | "End") => {
                                ev.prevent_default();
                                move_in_menu(&ev, key);
                            }
                            _ => {}
                        }>
                        <button role="menuitem" class="ac-rename" node_ref=first on:click=move |_| { menu.set(false); editing.set(true); }>"Rename"</button>
                        {ops.copy.then(|| view! {
                            <button role="menuitem" class="ac-copy" on:click=move |_| { menu.set(false); copy_thread(state, id_copy.clone()); }>"Copy"</button>
                        })}
                        <button role="menuitem" class="ac-delete" on:click=move |_| { menu.set(false); confirming.set(true); }>"Delete"</button>
                        <button role="menuitem" class="ac-thread-menu-close ac-icon" aria-label="Close" title="Close (Esc)" on:click=move |_| close()>"✕"</button>
                    </span>
                }.into_any()
            } else if confirming.get() {
                let id = id_delete.clone();
                view! {
                    <span class="ac-confirm">"Delete this thread?"</span>
                    <button class="ac-confirm-delete" on:click=move |_| { confirming.set(false); delete_thread(state, id.clone()); }>"Delete"</button>
                    <button class="ac-confirm-keep" on:click=move |_| confirming.set(false)>"Keep"</button>
                }.into_any()
            } else {
                let id = id_open.clone();
                let title = title.clone();
                let status = status.clone();
                let selected = selected.clone();
                view! {
                    <span class="ac-thread-title" title=description.clone() on:click=move |_| open_thread(state, id.clone())>{title}</span>
                    {has_status.then(|| view! { <span class=format!("ac-badge {}", status_class(&status)) data-status=status.clone()>{status.clone()}</span> })}
                    {move || selected().then(|| view! {
                        <button type="button" class="ac-thread-menu-toggle ac-icon" node_ref=toggle aria-haspopup="menu"
                            aria-label="This thread's actions" title="Rename, copy or delete this thread"
                            on:click=move |_| { menu_focus.set_value(true); menu.set(true); }>"⋯"</button>
                    })}
                }.into_any()
            }}
        </div>
    }
}

/// A new thread's name, description and labels (`key=value`, one per line), then `Thread.Create`.
#[component]
fn NewThreadForm(done: RwSignal<bool>) -> impl IntoView {
    let state = use_app_state();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let labels = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let parsed = match parse_labels(&labels.get_untracked()) {
            Ok(l) => l,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        state.spawn(async move {
            let new = NewThread {
                name: name.get_untracked(),
                description: description.get_untracked(),
                labels: parsed,
            };
            match create_thread(state, new).await {
                Ok(_) => done.set(false),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="ac-new-thread-form" on:submit=submit>
            <label>"Name"<input class="ac-new-thread-name" prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev)) /></label>
            <label>"Description"<input class="ac-new-thread-description" prop:value=move || description.get()
                on:input=move |ev| description.set(event_target_value(&ev)) /></label>
            <label>"Labels (key=value, one per line)"<textarea class="ac-new-thread-labels" prop:value=move || labels.get()
                on:input=move |ev| labels.set(event_target_value(&ev))></textarea></label>
            {move || error.get().map(|e| view! { <p class="ac-error" role="alert">{e}</p> })}
            <button class="ac-create-thread" type="submit">"Create thread"</button>
        </form>
    }
}

/// A row's `⋯` menu: open when the list's open menu is this row's.
#[derive(Clone, Copy)]
struct RowMenu {
    open: RwSignal<Option<String>>,
    id: StoredValue<String>,
}

impl RowMenu {
    fn get(&self) -> bool {
        self.open
            .with(|m| self.id.with_value(|id| m.as_deref() == Some(id.as_str())))
    }

    fn set(&self, open: bool) {
        let mine = self
            .open
            .with_untracked(|m| self.id.with_value(|id| m.as_deref() == Some(id.as_str())));
        if open {
            self.open.set(Some(self.id.get_value()));
        } else if mine {
            self.open.set(None);
        }
    }
}

/// The arrow keys, Home and End move the focus among a menu's items (wrapping around).
fn move_in_menu(ev: &web_sys::KeyboardEvent, key: &str) {
    let Some(menu) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(items) = menu.query_selector_all("[role='menuitem']") else {
        return;
    };
    let n = items.length();
    if n == 0 {
        return;
    }
    let at = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
        .and_then(|t| (0..n).find(|&i| items.item(i).as_ref() == Some(&t)));
    let next = match (key, at) {
        ("Home", _) | (_, None) => 0,
        ("End", _) => n - 1,
        ("ArrowRight" | "ArrowDown", Some(i)) => (i + 1) % n,
        (_, Some(i)) => (i + n - 1) % n,
    };
    if let Some(item) = items
        .item(next)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = item.focus();
    }
}
