//! The debugger: where runs pause (breakpoints, per node, before or after), and a thread paused at
//! one continued, stepped node by node, edited where it stands then continued, or ended there.

use super::branches::{fork_from, run_from};
use super::live_server;
use crate::state::AppState;
use agent_console_core::debugger::{Pause, Walk};
use agent_console_core::domain::Checkpoint;
use agent_console_core::graph::AgentGraph;
use agent_console_core::timeline::{Bar, BarKind};
use leptos::prelude::*;

/// The chosen assistant's graph for the Graph tab (`None` inside: the server draws none); `xray`:
/// subgraphs drawn as their own nodes. Its request stops if the tab is left first.
pub async fn graph(
    state: AppState,
    id: Option<String>,
    xray: bool,
) -> Option<Result<Option<AgentGraph>, String>> {
    let (s, id) = (state.server_now()?, id?);
    let http = s.http.aborted_on_cleanup();
    Some(
        s.backend
            .assistant_graph(&http, &id, xray)
            .await
            .map_err(|e| e.to_string()),
    )
}

/// Pauses runs before (or after) `node`, or no longer.
pub fn toggle(state: AppState, node: &str, before: bool) {
    state
        .breakpoints
        .update(|b| b.side_mut(before).toggle(node));
}

/// Pauses runs before (or after) the nodes named in `typed` (comma-separated; `*`: every node).
pub fn set_nodes(state: AppState, before: bool, typed: &str) {
    let names: std::collections::BTreeSet<String> = typed
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    state.breakpoints.update(|b| {
        let side = b.side_mut(before);
        if names.contains("*") {
            side.all = true;
        }
        side.nodes = names.into_iter().filter(|n| n != "*").collect();
    });
}

/// Pauses runs before (or after) every node, or no longer.
pub fn every_node(state: AppState, before: bool, on: bool) {
    state.breakpoints.update(|b| b.side_mut(before).all = on);
}

/// No breakpoints for the chosen assistant.
pub fn clear(state: AppState) {
    state.breakpoints.update(|b| *b = Default::default());
}

/// The pause of the open thread, with the server and thread to act on (none while a recording
/// plays or a run streams: the pause is then not the thread's now).
fn paused(state: AppState) -> Option<(crate::state::Server, String, Pause)> {
    let session = state.session;
    if session.streaming.get_untracked() {
        return None;
    }
    let pause = session.pause.get_untracked()?;
    Some((live_server(state)?, state.selected.get_untracked()?, pause))
}

/// Runs on from the pause: to the next breakpoint (`step: false`), or to the next node.
pub fn go_on(state: AppState, step: bool) {
    let Some((s, thread, pause)) = paused(state) else {
        return;
    };
    let Some(from) = pause.checkpoint else {
        state
            .session
            .fail("The server did not name the checkpoint the run paused at: it cannot be continued from here.".into());
        return;
    };
    let keep = state
        .session
        .with_view(|v| v.messages.clone())
        .unwrap_or_default();
    state.spawn(async move { run_from(state, s, thread, from, keep, step).await });
}

/// Writes the user's edit of the values (JSON text) at the pause, as the node that wrote last, and
/// runs on from there. What went wrong (bad JSON, the server refusing) is for the form to show.
pub async fn edit_and_go_on(state: AppState, edited: String) -> Result<(), String> {
    let Some((_, _, pause)) = paused(state) else {
        return Err("The thread is not paused now.".into());
    };
    let c = Checkpoint {
        id: pause.checkpoint.clone(),
        parent_id: None,
        created_at: None,
        next: pause.next.clone(),
        step: None,
        source: None,
        values: state.session.values.with_untracked(|v| v.value().clone()),
        metadata: serde_json::Value::Null,
    };
    let as_node = pause.as_node().unwrap_or_default().to_owned();
    fork_from(state, c, edited, as_node, true).await
}

/// Ends the paused run where it stands: the nodes due are dropped, the thread is shown as the
/// server then holds it, and what was done is said.
pub async fn end_here(state: AppState) -> Result<(), String> {
    let Some((s, thread, pause)) = paused(state) else {
        return Err("The thread is not paused now.".into());
    };
    let from = pause
        .checkpoint
        .ok_or("The server did not name the checkpoint the run paused at.")?;
    s.backend
        .end_pause(&s.http, &thread, &from)
        .await
        .map_err(|e| e.to_string())?;
    if state.selected.get_untracked().as_deref() != Some(thread.as_str()) {
        return Ok(());
    }
    let said = format!(
        "Ended the run before {}: the thread is idle as it stands.",
        pause.next.join(", ")
    );
    match s.backend.thread_state(&s.http, &thread).await {
        Ok(snap) => state.session.load_snapshot(snap),
        Err(e) => return Err(format!("{said} Reading the thread again failed: {e}")),
    }
    state.session.notice.set(Some(said));
    super::branches::refresh_branches(state).await;
    Ok(())
}

/// Reads the timeline of the last run followed here, if it ran on the open thread.
fn with_timeline<R>(
    state: AppState,
    f: impl FnOnce(&agent_console_core::timeline::Timeline) -> R,
) -> Option<R> {
    let thread = state.selected.get_untracked()?;
    let ours = |seq: u64| {
        state
            .recorder
            .try_with_value(|r| {
                r.runs
                    .iter()
                    .any(|rec| rec.seq == seq && rec.thread_id == thread)
            })
            .unwrap_or(false)
    };
    state
        .session
        .timeline
        .try_with_value(|t| t.as_ref().filter(|(seq, _)| ours(*seq)).map(|(_, t)| f(t)))
        .flatten()
}

/// What the last run on the open thread did on the graph (nothing, before one ran here).
pub fn walk(state: AppState) -> Walk {
    with_timeline(state, Walk::of).unwrap_or_default()
}

/// What node `node` did the last time it ran in that run, in words.
pub fn last_bar(state: AppState, node: &str) -> Option<String> {
    with_timeline(state, |t| {
        let bar: &Bar = t
            .bars
            .iter()
            .rev()
            .find(|b| b.kind == BarKind::Node && b.parent.is_none() && b.name == node)?;
        let wrote = if bar.wrote.is_empty() {
            "nothing".to_owned()
        } else {
            bar.wrote.join(", ")
        };
        Some(match bar.end_ms {
            None if state.session.streaming.get_untracked() => "Running now.".to_owned(),
            // A bar a stopped or failed run left open: it never said it ended.
            None => "No end reported: the run stopped before it.".to_owned(),
            Some(end) if bar.start_reported => format!(
                "Last ran for {} ms, at {} ms into the run; wrote {wrote}.",
                (end - bar.start_ms).round(),
                bar.start_ms.round()
            ),
            Some(end) => format!(
                "Last ended at {} ms into the run; wrote {wrote}.",
                end.round()
            ),
        })
    })
    .flatten()
}
