//! The Messages tab: the thread's messages (a window over threads of more than 200), the view kept at
//! the end while streaming, the message a link opens at.

use super::*;
use crate::state::session::MessageRow;
use crate::state::use_app_state;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub(super) fn MessagesTab() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let list = NodeRef::<leptos::html::Div>::new();
    // Long threads are a window over their rows: heights measured once shown (kept with each row),
    // estimated before; the view opens at the newest message and sticks to it while the user is at
    // the end.
    let measured = RwSignal::new(0u64);
    let overscan = RwSignal::new(FIRST_OVERSCAN_PX);
    let scroll_top = RwSignal::new(f64::MAX);
    let viewport = RwSignal::new(900.0);
    let stick = StoredValue::new(true);
    // Where the view last put itself (at the end: its top, and the list's height then): only the user
    // scrolling up from there lets go.
    let pinned = StoredValue::new((f64::NAN, f64::NAN));
    // When the user last wheeled or touched the list, pressed a key that scrolls, or let go of a
    // pointer pressed on it; and whether one is pressed on it now (a scrollbar dragged): a move up
    // then is theirs.
    let touched_at = StoredValue::new(f64::NEG_INFINITY);
    let pressed = StoredValue::new(false);
    let on_list = move |ev: &web_sys::Event| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        list.get_untracked()
            .is_some_and(|l| target.is_some_and(|t| l.contains(Some(&t))))
    };
    let now = || js_sys::Date::now();
    for event in ["wheel", "touchmove"] {
        crate::platform::watch_window_event(event, move |ev: web_sys::Event| {
            if on_list(&ev) {
                let _ = touched_at.try_set_value(now());
            }
        });
    }
    crate::platform::watch_window_event("pointerdown", move |ev: web_sys::Event| {
        let _ = pressed.try_set_value(on_list(&ev));
    });
    crate::platform::watch_window_event("pointerup", move |_: web_sys::Event| {
        if pressed.try_get_value() == Some(true) {
            pressed.set_value(false);
            touched_at.set_value(now());
        }
    });
    crate::platform::watch_window_event("keydown", move |ev: web_sys::KeyboardEvent| {
        let scrolls = matches!(
            ev.key().as_str(),
            "PageUp" | "PageDown" | "ArrowUp" | "ArrowDown" | "Home" | "End" | " "
        );
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| {
                e.closest("input, textarea, select, [contenteditable]")
                    .ok()
                    .flatten()
                    .is_some()
            });
        if scrolls && !typing {
            let _ = touched_at.try_set_value(now());
        }
    });
    // Whether frames are watching the end settle after the view was put there.
    let settling = StoredValue::new(false);
    // A linked message (deep link `message=`, a message's *Link*): shown once its row is there.
    let target = state.open_message;
    let reached = StoredValue::new(None::<String>);
    let reached_at = StoredValue::new(0.0f64);
    let pending = move || {
        target
            .get_untracked()
            .filter(|t| reached.with_value(|r| r.as_ref() != Some(t)))
    };
    let window = Memo::new(move |_| {
        measured.track();
        let (top, vh) = (scroll_top.get(), viewport.get());
        session.rows.with(|rows| {
            if rows.len() <= WINDOW_FROM {
                return Window {
                    from: 0,
                    to: rows.len(),
                    above: 0.0,
                    below: 0.0,
                };
            }
            let each = rows.iter().map(|r| r.height().unwrap_or(ESTIMATE_PX));
            // Not scrolled yet: at the end.
            let total: f64 = if top == f64::MAX {
                each.clone().sum()
            } else {
                0.0
            };
            let top = if top == f64::MAX { total - vh } else { top };
            window_of(each, top, vh, overscan.get())
        })
    });
    // Frames come after the tab may have gone (another thread opened, a thread moved): its values
    // are then disposed, and a frame's work is dropped.
    let alive = move || stick.try_get_value().is_some();
    // `settle`: after the rows changed (not while a reply streams, which follows every frame anyway).
    let to_end = move |settle: bool| {
        if !alive() {
            return;
        }
        let Some(end) = put_at_end(list, pinned) else {
            return;
        };
        // Rows that came into view may render taller than their placeholders (a short thread's
        // rows are `content-visibility: auto`) and move the end away: followed until it holds.
        if settle && !settling.get_value() {
            settling.set_value(true);
            settle_at_end(list, stick, pinned, settling, end, SETTLE_FRAMES);
        }
    };
    // After the window renders: measure its rows; the next frame's layout is the real one.
    Effect::new(move |_| {
        window.track();
        crate::platform::next_frame(move || {
            if !alive() {
                return;
            }
            let Some(el) = list.get_untracked() else {
                return;
            };
            let Some(rows) = el.first_element_child().map(|ol| ol.children()) else {
                return;
            };
            let mut changed = false;
            // The rows rendered are the window's: each DOM row is found among them by its id.
            let w = window.get_untracked();
            session.rows.with_untracked(|all| {
                let shown = &all[w.from.min(all.len())..w.to.min(all.len())];
                let by_id: std::collections::HashMap<&str, &MessageRow> =
                    shown.iter().map(|r| (r.id.as_str(), r)).collect();
                for i in 0..rows.length() {
                    let Some(row) = rows.item(i) else { continue };
                    let Some(id) = row.get_attribute("data-message-id") else {
                        continue;
                    };
                    let Some(px) = row
                        .dyn_ref::<web_sys::HtmlElement>()
                        .map(|e| f64::from(e.offset_height()) + GAP_PX)
                    else {
                        continue;
                    };
                    let Some(r) = by_id.get(id.as_str()) else {
                        continue;
                    };
                    if r.height().is_none_or(|old| (old - px).abs() > 1.0) {
                        r.set_height(px);
                        changed = true;
                    }
                }
            });
            if changed && session.rows.with_untracked(Vec::len) > WINDOW_FROM {
                measured.update(|m| *m += 1);
            }
            // The rows in view are shown: the rest of the overscan comes in the next task.
            if overscan.get_untracked() < OVERSCAN_PX {
                state.spawn(async move {
                    crate::platform::next_task().await;
                    if alive() {
                        overscan.set(OVERSCAN_PX);
                    }
                });
            }
            // The linked message: put in view once its row is there, and kept there while the
            // heights around it settle (rows measured after it moved are not all as estimated).
            let now = js_sys::Date::now();
            let settling = changed && now - reached_at.get_value() < ANCHOR_MS;
            if let Some(id) = pending().or_else(|| target.get_untracked().filter(|_| settling)) {
                let sel = format!(".ac-message[data-message-id=\"{}\"]", id.replace('"', ""));
                if let Ok(Some(row)) = el.query_selector(&sel) {
                    row.scroll_into_view();
                    if reached.with_value(|r| r.as_ref() != Some(&id)) {
                        reached.set_value(Some(id));
                        reached_at.set_value(now);
                    }
                    stick.set_value(false);
                    return;
                }
            }
            if stick.get_value() {
                to_end(true);
            }
        });
    });
    // A linked message in a window: scroll to where its row is expected, so the window holds it (the
    // measuring above then puts it in view exactly).
    Effect::new(move |_| {
        target.track();
        let Some(id) = pending() else { return };
        stick.set_value(false);
        let offset = session.rows.with(|rows| {
            if rows.len() <= WINDOW_FROM {
                return None;
            }
            let at = rows.iter().position(|r| r.id == id)?;
            Some(
                rows[..at]
                    .iter()
                    .map(|r| r.height().unwrap_or(ESTIMATE_PX))
                    .sum::<f64>(),
            )
        });
        if let Some(y) = offset {
            scroll_top.set(y);
            if let Some(el) = list.get_untracked() {
                el.set_scroll_top(y as i32);
            }
        }
    });
    // The newest message growing (or a new one): follow it if the user is at the end.
    Effect::new(move |_| {
        session.rows.with(|r| r.last().map(|r| r.text.track()));
        if stick.get_value() {
            // Still stuck when the frame comes: a user who scrolled up meanwhile stays there.
            crate::platform::next_frame(move || {
                if stick.try_get_value() == Some(true) {
                    to_end(false);
                }
            });
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = list.get_untracked() {
            let top = f64::from(el.scroll_top());
            let height = f64::from(el.client_height());
            let at_end = f64::from(el.scroll_height()) - top - height < STICK_PX;
            // Rows measured or grown under the view move the end away while the view stays where it
            // was put: still stuck to it. A move up from there is the user's, and lets go — unless the
            // list changed meanwhile and the user did nothing: then the browser moved the view (a row
            // that went, the "Sending…" echo say, pulled the end up and the view with it).
            let (pinned_top, pinned_height) = pinned.get_value();
            let content_moved = (f64::from(el.scroll_height()) - pinned_height).abs() >= 1.0;
            let users =
                pressed.get_value() || js_sys::Date::now() - touched_at.get_value() < USER_MOVE_MS;
            let held = stick.get_value() && (top >= pinned_top - 1.0 || (content_moved && !users));
            stick.set_value(at_end || held);
            viewport.set(height.max(1.0));
            scroll_top.set(top);
        }
    };
    // The space of the rows out of the window, as the list's padding (the first and last rows stay
    // the list's first and last children).
    let space = move || {
        let w = window.get();
        format!("--ac-above:{}px;--ac-below:{}px", w.above, w.below)
    };
    view! {
        <div class="ac-messages-scroll" node_ref=list on:scroll=on_scroll>
            <ol class="ac-messages" style=space data-rows=move || session.rows.with(Vec::len)
                class:ac-hide-tools=move || state.hide_tools.get()
                class:ac-windowed=move || { session.rows.with(Vec::len) > WINDOW_FROM }
                data-head=move || session.branch.with(|b| b.head.clone().unwrap_or_default())>
                <For each=move || { let w = window.get(); session.rows.with(|r| r[w.from.min(r.len())..w.to.min(r.len())].to_vec()) } key=|r| r.id.clone() let:row>
                    <MessageView row=row />
                </For>
            </ol>
            <UiComponentsApart />
            {move || session.echo.get().map(|m| {
                let files = m.blocks.len().saturating_sub(1);
                view! {
                    <div class="ac-pending-echo" data-role="human" aria-live="polite">
                        <span class="ac-pending-badge">"Sending…"</span>
                        <p class="ac-pending-text">{m.plain_text()}</p>
                        {(files > 0).then(|| view! { <p class="ac-file">{format!("📎 {files} file(s)")}</p> })}
                    </div>
                }
            })}
            <ExamplePrompts />
        </div>
        {move || session.interrupts.get().into_iter().next().map(|i| {
            // A tool request the page's tool is answering now (else the question is the user's: a
            // recording's, or one whose answer could not be sent).
            let running = crate::actions::gen_ui::page_tool_for(state)
                .filter(|(key, _)| state.tool_running.with(|r| r.as_ref() == Some(key)));
            match running {
                Some((_, request)) => view! {
                    <p class="ac-page-tool" role="status">"The page's tool "<code>{request.name}</code>" is answering the agent…"</p>
                }.into_any(),
                None => view! { <InterruptCard interrupt=i /> }.into_any(),
            }
        })}
        {move || {
            let w = session.warnings.get();
            (!w.is_empty()).then(|| view! { <details class="ac-warnings"><summary>{format!("{} part(s) could not be read", w.len())}</summary>
                <ul>{w.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul></details> })
        }}
    }
}
