//! The whole flow for one stream: bytes → decoder → adapter → reducer. The browser's stream reader and
//! the `stream-replay` CLI both drive this, so what the CLI prints is what the UI shows.

use crate::backend::{code_of, DialectCode};
use crate::decode::{Decoder, RawEvent};
use crate::dialects::StreamAdapter;
use crate::domain::Dialect;
use crate::event::EventBatch;
use crate::reducer::{Changes, ThreadView};

pub struct StreamPipeline {
    code: &'static dyn DialectCode,
    decoder: Box<dyn Decoder>,
    adapter: Box<dyn StreamAdapter>,
    raw: Vec<RawEvent>,
}

impl StreamPipeline {
    /// The pipeline of `dialect`, with this build's code of it ([`code_of`]).
    pub fn new(dialect: Dialect) -> Self {
        Self::of(code_of(dialect))
    }

    /// The pipeline of the dialect whose code is `code` (a connected backend's: [`crate::Backend::pipeline`]).
    pub fn of(code: &'static dyn DialectCode) -> Self {
        Self {
            code,
            decoder: code.decoder(),
            adapter: code.adapter(),
            raw: Vec::new(),
        }
    }

    /// A new connection that continues exactly after the last event applied (a thread subscription
    /// reopened with `since` = the last `seq`): a fresh decoder (the old connection's partial frame is
    /// gone), the same adapter, whose context — the message being streamed — still holds.
    pub fn reconnected(&mut self) {
        self.decoder = self.code.decoder();
        self.raw.clear();
    }

    /// `raw` normalized by `adapter`, carrying its fingerprint (an event sent twice is told apart).
    fn adapt(adapter: &mut dyn StreamAdapter, raw: RawEvent) -> EventBatch {
        let print = crate::event::fingerprint(&raw.event, &raw.data);
        let mut batch = adapter.adapt(raw);
        batch.fingerprint = print;
        batch
    }

    /// Feeds one chunk and returns the normalized batches it completed (with their raw events, for an
    /// event inspector).
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<(RawEvent, EventBatch)> {
        self.decoder.feed(chunk, &mut self.raw);
        let mut out: Vec<(RawEvent, EventBatch)> = self
            .raw
            .drain(..)
            .map(|raw| (raw.clone(), Self::adapt(self.adapter.as_mut(), raw)))
            .collect();
        out.extend(self.dropped());
        out
    }

    /// Feeds one chunk straight into a view, without keeping raw events.
    pub fn feed_into(&mut self, chunk: &[u8], view: &mut ThreadView) -> Changes {
        self.decoder.feed(chunk, &mut self.raw);
        let mut changes = Changes::default();
        for raw in self.raw.drain(..) {
            changes.merge(view.apply(&Self::adapt(self.adapter.as_mut(), raw)));
        }
        for (_, batch) in self.dropped() {
            changes.merge(view.apply(&batch));
        }
        changes
    }

    /// What the decoder dropped (an event too large, a line that is not JSON), as malformed events:
    /// the view lists them among its warnings.
    fn dropped(&mut self) -> Vec<(RawEvent, EventBatch)> {
        self.decoder
            .take_problems()
            .into_iter()
            .map(|reason| {
                let raw = RawEvent {
                    id: None,
                    event: "(decoder)".to_owned(),
                    data: String::new(),
                };
                let batch = EventBatch::new(
                    None,
                    vec![crate::event::StreamEvent::Malformed {
                        event: raw.event.clone(),
                        data: String::new(),
                        reason,
                    }],
                );
                (raw, batch)
            })
            .collect()
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
        if crate::backend::clean_end_ends_run(self.code.dialect()) {
            view.finish_stream()
        } else {
            Changes::default()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::StreamEvent;

    fn frame(seq: u64, data: &str) -> String {
        format!(
            "event: messages\ndata: {{\"type\":\"event\",\"seq\":{seq},\"method\":\"messages\",\"params\":{{\"namespace\":[],\"data\":{data}}}}}\nid: {seq}\n\n"
        )
    }

    #[test]
    fn a_reconnected_subscription_keeps_the_message_being_streamed() {
        let start = frame(1, r#"{"event":"message-start","role":"ai","id":"m1"}"#);
        let delta = frame(
            2,
            r#"{"event":"content-block-delta","index":0,"delta":{"type":"text-delta","text":"Hi"}}"#,
        );
        let events = |p: &mut StreamPipeline, bytes: &str| -> Vec<StreamEvent> {
            p.feed(bytes.as_bytes())
                .into_iter()
                .flat_map(|(_, b)| b.events)
                .collect()
        };
        let mut p = StreamPipeline::new(Dialect::LangGraph);
        events(&mut p, &start);
        // The old connection broke mid-frame; the new one starts after seq 1.
        p.feed(b"event: messages\ndata: {\"ty");
        p.reconnected();
        let got = events(&mut p, &delta);
        assert!(
            matches!(&got[..], [StreamEvent::MessageDelta { id, text, .. }] if id == "m1" && text == "Hi"),
            "{got:?}"
        );
        // A fresh pipeline has lost which message the delta belongs to.
        let mut fresh = StreamPipeline::new(Dialect::LangGraph);
        assert!(matches!(
            &events(&mut fresh, &delta)[..],
            [StreamEvent::Malformed { .. }]
        ));
    }
}
