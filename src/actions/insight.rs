//! Run insight: what the flight recorder kept, listed and written out as files.

use crate::state::AppState;
use agent_console_core::timeline::{self, Timeline};
use agent_console_core::StreamPipeline;
use leptos::prelude::*;

/// One recording as the Events tab lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordingRow {
    /// Its place in the recorder (newest last), for [`recording_file`].
    pub index: usize,
    /// Its number in the session (`Recording::seq`).
    pub seq: u64,
    pub thread_id: String,
    pub label: String,
    pub bytes: usize,
    pub connections: usize,
}

/// The recordings, newest first; how many were let go; the recorder's bound in bytes.
pub fn recordings(state: AppState) -> (Vec<RecordingRow>, u32, usize) {
    state
        .recorder
        .try_with_value(|r| {
            let rows = r
                .runs
                .iter()
                .enumerate()
                .rev()
                .map(|(index, rec)| RecordingRow {
                    index,
                    seq: rec.seq,
                    thread_id: rec.thread_id.clone(),
                    label: rec.label.clone(),
                    bytes: rec.bytes(),
                    connections: rec.connections.len(),
                })
                .collect();
            (rows, r.dropped, r.limit_bytes)
        })
        .unwrap_or_default()
}

/// Recording `index` as a file: its name and the exchange text `stream-replay` reads.
pub fn recording_file(state: AppState, index: usize) -> Option<(String, Vec<u8>)> {
    state
        .recorder
        .try_with_value(|r| {
            r.runs
                .get(index)
                .map(|rec| (rec.file_name(), rec.to_exchange()))
        })
        .flatten()
}

/// Offers recording `index` for saving through `anchor`, the `<a download>` being clicked.
pub fn offer_recording(state: AppState, index: usize, anchor: &web_sys::HtmlAnchorElement) {
    if let Some((name, bytes)) = recording_file(state, index) {
        crate::platform::offer_download(anchor, &name, &bytes, "text/plain");
    }
}

/// The timeline of recording `seq`: the live one while its run is followed (and after), else drawn
/// again from the recording's bytes; `None` once the recorder let it go.
pub fn timeline_of(state: AppState, seq: u64) -> Option<Timeline> {
    let live = state
        .session
        .timeline
        .try_with_value(|t| {
            t.as_ref()
                .filter(|(s, _)| *s == seq)
                .map(|(_, t)| t.clone())
        })
        .flatten();
    // A recording is read with its dialect's code as far as it is here (in the split build, a
    // dialect's code is here once a server of it was connected, or a recording of it played).
    live.or_else(|| {
        state
            .recorder
            .try_with_value(|r| {
                r.runs.iter().find(|rec| rec.seq == seq).and_then(|rec| {
                    timeline::of_recording_in(rec, |d| {
                        super::dialect_code::loaded(d).map(StreamPipeline::of)
                    })
                })
            })
            .flatten()
    })
}
