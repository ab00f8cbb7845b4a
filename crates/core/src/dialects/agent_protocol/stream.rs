//! Agent Protocol streams: run streams (`POST /runs/stream`, `GET /runs/{id}/stream`) use the stream-mode
//! event names LangGraph uses (`values`, `messages`, `updates`, `custom`, `metadata`, `error`, `end`);
//! thread streams use the thread-centric protocol's envelopes. The adapter tells them apart per event.

use crate::decode::RawEvent;
use crate::dialects::langgraph::stream::run_stream_events;
use crate::dialects::thread_protocol::{looks_like_thread_protocol, ThreadProtocolStream};
use crate::dialects::StreamAdapter;
use crate::event::{EventBatch, EventKey};

#[derive(Debug, Default)]
pub struct AgentProtocolStream {
    thread_protocol: Option<ThreadProtocolStream>,
    anonymous: u64,
}

impl StreamAdapter for AgentProtocolStream {
    fn adapt(&mut self, raw: RawEvent) -> EventBatch {
        if self.thread_protocol.is_none() && looks_like_thread_protocol(&raw) {
            self.thread_protocol = Some(ThreadProtocolStream::default());
        }
        if let Some(tp) = &mut self.thread_protocol {
            return tp.adapt(raw);
        }
        let key = raw
            .id
            .clone()
            .filter(|s| !s.is_empty())
            .map(EventKey::SseId);
        let mut parts = raw.event.split('|');
        let mode = parts.next().unwrap_or_default().to_owned();
        let namespace = parts.map(str::to_owned).collect();
        let events = run_stream_events(&mode, raw, &mut self.anonymous);
        EventBatch {
            key,
            namespace,
            events,
        }
    }
}
