//! Run insight: what the flight recorder kept, listed and written out as files.

use crate::state::AppState;
use leptos::prelude::*;

/// One recording as the Events tab lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordingRow {
    /// Its place in the recorder (newest last), for [`recording_file`].
    pub index: usize,
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
