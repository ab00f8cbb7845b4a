//! The whole flow for one stream: bytes → decoder → adapter → reducer. The browser's stream reader and
//! the `stream-replay` CLI both drive this, so what the CLI prints is what the UI shows.

use crate::decode::{Decoder, RawEvent};
use crate::dialects::{adapter_for, decoder_for, StreamAdapter};
use crate::domain::Dialect;
use crate::event::EventBatch;
use crate::reducer::{Changes, ThreadView};

pub struct StreamPipeline {
    dialect: Dialect,
    decoder: Box<dyn Decoder>,
    adapter: Box<dyn StreamAdapter>,
    raw: Vec<RawEvent>,
}

impl StreamPipeline {
    pub fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            decoder: decoder_for(dialect),
            adapter: adapter_for(dialect),
            raw: Vec::new(),
        }
    }

    /// Feeds one chunk and returns the normalized batches it completed (with their raw events, for an
    /// event inspector).
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<(RawEvent, EventBatch)> {
        self.decoder.feed(chunk, &mut self.raw);
        self.raw
            .drain(..)
            .map(|raw| {
                let kept = raw.clone();
                (kept, self.adapter.adapt(raw))
            })
            .collect()
    }

    /// Feeds one chunk straight into a view, without keeping raw events.
    pub fn feed_into(&mut self, chunk: &[u8], view: &mut ThreadView) -> Changes {
        self.decoder.feed(chunk, &mut self.raw);
        let mut changes = Changes::default();
        for raw in self.raw.drain(..) {
            changes.merge(view.apply(&self.adapter.adapt(raw)));
        }
        changes
    }

    /// Ends the stream; returns what was left incomplete, if anything.
    pub fn finish(&mut self) -> Option<String> {
        self.decoder.finish()
    }

    /// Ends the stream and tells the view. LangGraph and Agent Protocol servers close a run stream when
    /// the run ends, so a clean close finishes a still-running run; a Yandex `Run.Listen` stream ends
    /// with `DONE` or `ERROR`, and closing without either is a drop to resume from, not an end.
    pub fn finish_into(&mut self, view: &mut ThreadView) -> Changes {
        if let Some(w) = self.finish() {
            view.warnings.push(w);
        }
        if self.dialect == Dialect::Yandex {
            Changes::default()
        } else {
            view.finish_stream()
        }
    }
}

/// Decodes and reduces a whole body at once.
pub fn replay(dialect: Dialect, body: &[u8]) -> (Vec<EventBatch>, ThreadView) {
    let mut p = StreamPipeline::new(dialect);
    let mut view = ThreadView::new();
    let mut batches = Vec::new();
    for (_, b) in p.feed(body) {
        view.apply(&b);
        batches.push(b);
    }
    p.finish_into(&mut view);
    (batches, view)
}
