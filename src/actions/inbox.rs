//! The inbox: one watcher per saved server (and the connected one) asks it, again and again, what
//! waits for a person — every 2 s while the page is seen, 15 s while hidden, backing off while it
//! fails, each server on its own so a slow or dead one holds up no other — and the rows are
//! answered from here: one reply per row, or one resume for several questions of one thread.
//!
//! Watching starts on the first visit to the Inbox page and goes on while the app runs (the rail's
//! count and the page's title follow it).

use crate::state::inbox::{Notify, Watch, Watched};
use crate::state::{server_http, AppState, Screen};
use agent_console_core::backend::Backend;
use agent_console_core::domain::ServerProfile;
use agent_console_core::inbox::{self, Act, Item, Reply};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Shows the Inbox page.
pub fn open_page(state: AppState) {
    state.screen.set(Screen::Inbox);
    state.drawer_open.set(false);
    state.update_url();
}

/// The servers watched: every saved profile, and the connected one (by label; one URL once) — a
/// server being connected to, or that failed to connect, is not watched until it is connected.
pub fn profiles(state: AppState) -> Vec<ServerProfile> {
    let mut list: Vec<ServerProfile> = state
        .servers
        .saved
        .with_untracked(|l| l.iter().map(|e| e.profile.clone()).collect());
    let connected = state.server.with_untracked(Option::is_some);
    if let Some(p) = state.profile.get_untracked().filter(|_| connected) {
        let same = |q: &ServerProfile| q.label == p.label || q.base_url == p.base_url;
        if !list.iter().any(same) {
            list.push(p);
        }
    }
    list
}

/// Starts watching (once): a supervisor that keeps one watcher per server in [`profiles`].
pub fn watch(state: AppState) {
    if state.inbox.watching.get_untracked() {
        return;
    }
    state.inbox.watching.set(true);
    state.spawn_latest("inbox", async move {
        loop {
            reconcile(state);
            crate::platform::sleep_ms(1_000).await;
        }
    });
}

/// Starts a watcher for each new or changed server; a forgotten or changed one's watcher stops and
/// what it found goes with it (rows, the backend answers go through, the marks on its rows).
fn reconcile(state: AppState) {
    let wanted = profiles(state);
    let ib = state.inbox;
    let mut start = Vec::new();
    let mut stale = Vec::new();
    ib.watchers.update_value(|w| {
        w.retain(|label, _| {
            let keep = wanted.iter().any(|p| &p.label == label);
            if !keep {
                stale.push(label.clone());
            }
            keep
        });
        for p in &wanted {
            if w.get(&p.label).is_some_and(|(old, _)| old == p) {
                continue;
            }
            if w.contains_key(&p.label) {
                stale.push(p.label.clone());
            }
            // Generations only grow: a watcher of a label forgotten and saved again never wakes as current.
            let generation = ib.next_generation.get_value();
            ib.next_generation.set_value(generation + 1);
            w.insert(p.label.clone(), (p.clone(), generation));
            start.push((p.clone(), generation));
        }
    });
    if !stale.is_empty() {
        forget_servers(state, &stale);
    }
    for (profile, generation) in start {
        state.spawn(watcher(state, profile, generation));
    }
}

/// Drops what the watchers of `labels` found: their standing, rows, backends and the marks on rows.
fn forget_servers(state: AppState, labels: &[String]) {
    let ib = state.inbox;
    ib.servers
        .update(|l| l.retain(|s| !labels.contains(&s.label)));
    ib.items.update(|items| {
        for label in labels {
            inbox::forget(items, label);
        }
    });
    ib.backends
        .update_value(|b| b.retain(|label, _| !labels.contains(label)));
    forget_settled(state);
    set_title(state);
}

fn current(state: AppState, label: &str, generation: u32) -> bool {
    state
        .inbox
        .watchers
        .with_value(|w| w.get(label).map(|(_, g)| *g) == Some(generation))
}

/// Says where a server stands; a look that changes nothing there writes nothing (the rail and the
/// page are not redrawn at every look).
fn set_watch(state: AppState, label: &str, watch: Watch) {
    let servers = state.inbox.servers;
    if servers.with_untracked(|l| l.iter().any(|s| s.label == label && s.watch == watch)) {
        return;
    }
    servers.update(|l| match l.iter_mut().find(|s| s.label == label) {
        Some(s) => s.watch = watch,
        None => l.push(Watched {
            label: label.to_owned(),
            watch,
        }),
    });
}

fn hidden_page() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// One server's watcher: connects (as the rail does, with its own credentials), then looks again
/// and again until its generation passes.
async fn watcher(state: AppState, profile: ServerProfile, generation: u32) {
    let label = profile.label.clone();
    let live = move || current(state, &label, generation);
    let label = profile.label.clone();
    set_watch(state, &label, Watch::Connecting);
    let http = server_http(&profile, state.timeouts.get_value());
    let mut cadence = inbox::Cadence::default();
    let backend: Backend = loop {
        let connected = match super::dialect_code::code_of(profile.dialect).await {
            Ok(code) => Backend::connect_with(code, &profile, &http)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(format!("Connecting failed: {e}.")),
        };
        if !live() {
            return;
        }
        match connected {
            Ok(c) => break c.backend,
            Err(e) => {
                set_watch(state, &label, Watch::Unreachable(e));
                let wait = cadence.next_ms(false, hidden_page(), js_sys::Math::random());
                crate::platform::sleep_ms(wait as i32).await;
            }
        }
    };
    if !backend.capabilities().inbox {
        set_watch(
            state,
            &label,
            Watch::Unsupported(format!(
                "This kind of server ({}) has no search for what waits.",
                backend.capabilities().status
            )),
        );
        return;
    }
    state
        .inbox
        .backends
        .update_value(|b| drop(b.insert(label.clone(), backend.clone())));
    let mut first = true;
    loop {
        let known = state
            .inbox
            .items
            .with_untracked(|l| inbox::known_of(l, &label));
        let looked = backend.waiting(&http, &known).await;
        if !live() {
            return;
        }
        let ok = looked.is_ok();
        match looked {
            Ok(scan) => {
                let mut fresh = Vec::new();
                if !scan.changed.is_empty() || known.len() != scan.present.len() {
                    state
                        .inbox
                        .items
                        .update(|items| fresh = inbox::merge(items, &label, &scan));
                    forget_settled(state);
                    set_title(state);
                }
                set_watch(state, &label, Watch::Live { more: scan.more });
                if !first {
                    notify_new(state, &fresh);
                }
                first = false;
            }
            Err(e) => set_watch(state, &label, Watch::Unreachable(e.to_string())),
        }
        let wait = cadence.next_ms(ok, hidden_page(), js_sys::Math::random());
        crate::platform::sleep_ms(wait as i32).await;
    }
}

/// Drops the marks of rows that are gone or changed (sent, ignored and refused are per version) and
/// the drafts of rows that are gone.
fn forget_settled(state: AppState) {
    let ib = state.inbox;
    let now: BTreeMap<String, String> = ib
        .items
        .with_untracked(|l| l.iter().map(|i| (i.key(), i.version.clone())).collect());
    let stale = |m: &BTreeMap<String, String>| m.iter().any(|(k, v)| now.get(k) != Some(v));
    for marks in [ib.sent, ib.hidden] {
        if marks.with_untracked(stale) {
            marks.update(|m| m.retain(|k, v| now.get(k) == Some(v)));
        }
    }
    if ib
        .refused
        .with_untracked(|m| m.iter().any(|(k, (v, _))| now.get(k) != Some(v)))
    {
        ib.refused
            .update(|m| m.retain(|k, (v, _)| now.get(k) == Some(v)));
    }
    ib.drafts
        .update_value(|d| d.retain(|k, _| now.contains_key(k)));
}

/// `(3) agent-console` while three rows wait — where the app owns the page.
fn set_title(state: AppState) {
    if !state.sync_url.get_value() {
        return;
    }
    let n = untrack(|| state.inbox.total());
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        let base = "agent-console";
        d.set_title(&if n == 0 {
            base.to_owned()
        } else {
            format!("({n}) {base}")
        });
    }
}

/// Raises a notification per new row, if the person turned them on.
fn notify_new(state: AppState, keys: &[String]) {
    if keys.is_empty() || state.inbox.notify.get_untracked() != Notify::On {
        return;
    }
    let items: Vec<Item> = state.inbox.items.with_untracked(|l| {
        l.iter()
            .filter(|i| keys.contains(&i.key()))
            .cloned()
            .collect()
    });
    // A look that finds many at once raises a few and one that says how many more.
    const AT_ONCE: usize = 4;
    if items.len() > AT_ONCE {
        let more = items.len() - AT_ONCE;
        crate::platform::notify::show(
            &format!("{more} more items wait"),
            "Open the Inbox to see them all.",
            "agent-console-inbox-more",
            move || open_page(state),
        );
    }
    for item in items.into_iter().take(AT_ONCE) {
        let tag = format!("{}|{}", item.server, item.thread_id);
        let title = format!("{} · {}", item.server, item.title);
        let open = item.clone();
        crate::platform::notify::show(&title, &item.ask.summary(), &tag, move || {
            open_item(state, &open)
        });
    }
}

/// Turns notifications on or off; on asks the browser's permission (call it from the click).
pub fn toggle_notifications(state: AppState) {
    let notify = state.inbox.notify;
    if notify.get_untracked() == Notify::On {
        return notify.set(Notify::Off);
    }
    if crate::platform::notify::permission().as_deref() == Some("granted") {
        return notify.set(Notify::On);
    }
    // Asked now, in the click; answered in a task of this app's.
    let asked = crate::platform::notify::request();
    state.spawn(async move {
        notify.set(if asked.await == "granted" {
            Notify::On
        } else {
            Notify::Refused
        });
    });
}

/// Opens a row's thread: on the connected server, or after connecting to the row's.
pub fn open_item(state: AppState, item: &Item) {
    // A notification may be clicked after the app is gone.
    let profile = state
        .inbox
        .watchers
        .try_with_value(|w| w.get(&item.server).map(|(p, _)| p.clone()))
        .flatten();
    let Some(profile) = profile else { return };
    state.screen.set(Screen::Thread);
    let connected_here = state
        .profile
        .with_untracked(|p| p.as_ref().is_some_and(|p| p.base_url == profile.base_url))
        && state.server.with_untracked(Option::is_some);
    if connected_here {
        super::thread::open_thread(state, item.thread_id.clone());
    } else {
        super::connect::connect(state, profile, Some(item.thread_id.clone()));
    }
    state.update_url();
}

/// One thread's rows answered together: the rows, their answers, and whether it runs on without one.
type Batch = (Vec<Item>, Vec<(Option<String>, serde_json::Value)>, bool);

/// Replies to each row of `keys` with `reply`: the questions of one thread answered in one resume.
/// Each row is marked sent at once (the server's next look removes it); a refusal is put back on its
/// row in the server's words.
pub fn reply(state: AppState, keys: &[String], reply: Reply) {
    let ib = state.inbox;
    let rows: Vec<Item> = ib.items.with_untracked(|l| {
        l.iter()
            .filter(|i| keys.contains(&i.key()))
            .cloned()
            .collect()
    });
    // (server, thread) → the rows answered, their answers, and whether it runs on without one.
    let mut by_thread: BTreeMap<(String, String), Batch> = BTreeMap::new();
    for item in rows {
        match inbox::act(&item.ask, &reply) {
            Err(e) => ib
                .refused
                .update(|m| drop(m.insert(item.key(), (item.version.clone(), e)))),
            Ok(Act::Hide) => ib
                .hidden
                .update(|m| drop(m.insert(item.key(), item.version.clone()))),
            Ok(act) => {
                let entry = by_thread
                    .entry((item.server.clone(), item.thread_id.clone()))
                    .or_default();
                match act {
                    Act::Resume(v) => entry.1.push((item.interrupt_id.clone(), v)),
                    _ => entry.2 = true,
                }
                entry.0.push(item);
            }
        }
    }
    for ((server, thread), (items, answers, run_on)) in by_thread {
        let marks: Vec<(String, String)> =
            items.iter().map(|i| (i.key(), i.version.clone())).collect();
        ib.sent.update(|m| m.extend(marks.iter().cloned()));
        ib.refused
            .update(|m| marks.iter().for_each(|(k, _)| drop(m.remove(k))));
        set_title(state);
        let assistant = items.first().and_then(|i| i.assistant_id.clone());
        state.spawn(async move {
            let r = send(state, &server, &thread, assistant, answers, run_on).await;
            if let Err(e) = r {
                let _ = ib
                    .sent
                    .try_update(|m| marks.iter().for_each(|(k, _)| drop(m.remove(k))));
                let _ = ib.refused.try_update(|m| {
                    marks
                        .iter()
                        .for_each(|(k, v)| drop(m.insert(k.clone(), (v.clone(), e.clone()))))
                });
                set_title(state);
            }
        });
    }
}

async fn send(
    state: AppState,
    server: &str,
    thread: &str,
    assistant: Option<String>,
    answers: Vec<(Option<String>, serde_json::Value)>,
    run_on: bool,
) -> Result<(), String> {
    let ib = state.inbox;
    let backend = ib.backends.with_value(|b| b.get(server).cloned());
    let profile = ib
        .watchers
        .with_value(|w| w.get(server).map(|(p, _)| p.clone()));
    let (Some(backend), Some(profile)) = (backend, profile) else {
        return Err(format!("{server} is not connected yet."));
    };
    let http = server_http(&profile, state.timeouts.get_value());
    if answers.is_empty() && !run_on {
        return Ok(());
    }
    backend
        .run_waiting(&http, thread, assistant.as_deref(), &answers)
        .await
        .map_err(|e| e.to_string())
}
