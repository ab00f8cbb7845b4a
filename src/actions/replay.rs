//! Playing a recording in the thread view: open a file (picked or dropped), then play at the
//! recorded pace, ×10 or as fast as possible, pause, step event by event, or jump to any event. Each
//! event goes through the session's reducer and signals exactly as a live run's did (the file was
//! decoded by the same decoder and adapter, core `Player`).

use crate::platform::{read_file, sleep_ms};
use crate::state::replay::{Replay, Speed};
use crate::state::{AppState, Tab};
use agent_console_core::player::Player;
use leptos::prelude::*;

/// Events applied per turn of the event loop at `Speed::Max`.
const MAX_PER_FRAME: usize = 400;

/// Reads `file` and opens it for playing; what is wrong with it is returned in words.
pub async fn open_file(state: AppState, file: web_sys::File) -> Result<(), String> {
    if let Some(too_large) =
        agent_console_core::player::file_too_large(&file.name(), file.size() as u64)
    {
        return Err(too_large);
    }
    let bytes = read_file(&file).await?;
    open_bytes(state, file.name(), &bytes).await
}

/// Opens a recording's bytes: the thread view leaves the thread (its follower stops) and shows the
/// recording, at its first event. The code of its dialect is fetched first where it is a part.
pub async fn open_bytes(state: AppState, name: String, bytes: &[u8]) -> Result<(), String> {
    // A file without its dialect is read as the connected server's.
    let fallback = state.server_now().map(|s| s.backend.dialect());
    let code = super::dialect_code::code_of(Player::dialect_of(bytes, fallback)?).await?;
    let player = Player::open_with(bytes, fallback, |_| code)?;
    state.leave_recording();
    state.session.clear();
    state.tab.set(Tab::Messages);
    state.replay.set(Some(Replay::new(name, player)));
    Ok(())
}

/// Leaves the recording: the thread view shows the open thread again (reloaded), or nothing.
pub fn close(state: AppState) {
    if state.replay.get_untracked().is_none() {
        return;
    }
    state.leave_recording();
    state.session.clear();
    if let Some(id) = state.selected.get_untracked() {
        super::thread::open_thread(state, id);
    }
}

/// Shows the view up to and with the Events tab's event `n` (its number in the tab).
pub fn jump_to_event(state: AppState, n: u64) {
    if let Some(r) = state.replay.get_untracked() {
        let base = r.base.get_value();
        seek(state, r, n.saturating_sub(base) as usize);
    }
}

pub fn pause(r: Replay) {
    r.stop();
}

pub fn set_speed(r: Replay, speed: Speed) {
    r.speed.set(speed);
}

/// Shows the view after the first `n` events (going back replays from the start).
pub fn seek(state: AppState, r: Replay, n: usize) {
    r.stop();
    apply_to(state, r, n);
}

/// One event further.
pub fn step(state: AppState, r: Replay) {
    r.stop();
    let n = r.position.get_untracked() + 1;
    apply_to(state, r, n);
}

/// Applies events until `n` are applied; a clean end of the stream ends the run as it did live.
fn apply_to(state: AppState, r: Replay, n: usize) {
    let len = r.events();
    let n = n.min(len);
    let mut from = r.position.get_untracked();
    if n < from {
        state.session.clear();
        from = 0;
    }
    if from == 0 {
        // The Events tab numbers events on: the first of this playing is `base + 1`.
        r.base.set_value(state.session.events_seen());
    }
    let pairs = r
        .player
        .try_with_value(|p| {
            p.events[from..n]
                .iter()
                .map(|e| (e.raw.clone(), e.batch.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    state.session.apply_events(pairs);
    if n == len && from < len {
        let dialect = r.player.with_value(|p| p.dialect);
        if agent_console_core::backend::clean_end_ends_run(dialect) {
            state.session.apply(|v| v.finish_stream());
        }
    }
    r.position.set(n);
}

/// Plays from where it is to the end (from the start if at the end), at its speed.
pub fn play(state: AppState, r: Replay) {
    r.stop();
    if r.position.get_untracked() >= r.events() {
        apply_to(state, r, 0);
    }
    let generation = r.generation.get_value();
    r.playing.set(true);
    state.spawn(async move {
        loop {
            let alive = || r.generation.try_get_value() == Some(generation);
            let Some(pos) = r.position.try_get_untracked().filter(|_| alive()) else {
                return;
            };
            let len = r.events();
            if pos >= len {
                let _ = r.playing.try_set(false);
                return;
            }
            let speed = r.speed.try_get_untracked().unwrap_or(Speed::Max);
            let next = match speed {
                Speed::Max => {
                    // A pause for the page to paint and take input between batches.
                    sleep_ms(0).await;
                    (pos + MAX_PER_FRAME).min(len)
                }
                Speed::Recorded | Speed::Ten => {
                    let factor = if speed == Speed::Ten { 10.0 } else { 1.0 };
                    // The wait before this event; the events that came with it follow at once.
                    let (gap, next) = r
                        .player
                        .try_with_value(|p| {
                            let mut next = pos + 1;
                            while next < len && p.gap_ms(next) == 0.0 {
                                next += 1;
                            }
                            (p.gap_ms(pos) / factor, next)
                        })
                        .unwrap_or((0.0, len));
                    sleep_ms(gap.min(60_000.0) as i32).await;
                    next
                }
            };
            if !alive() {
                return;
            }
            apply_to(state, r, next);
        }
    });
}
