//! A run's meters, from what its stream brought and when: time to first token, tokens per second
//! (and a sparkline of them), duration, streamed tokens, events, bytes, reconnects, and the token
//! usage the server reported. What a stream does not carry stays `None` — never estimated.

use crate::domain::Message;
use crate::event::{EventBatch, StreamEvent};
use std::collections::{BTreeMap, HashSet};

/// The sparkline's bucket (ms of the run per bar).
pub const BUCKET_MS: f64 = 250.0;
/// At most this many buckets are kept (a longer run's sparkline shows its last minute or so).
const MAX_BUCKETS: usize = 240;

pub use crate::domain::Usage;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunMeters {
    /// When the run was asked for (ms, the caller's clock).
    pub started_ms: f64,
    pub first_token_ms: Option<f64>,
    pub last_token_ms: Option<f64>,
    pub ended_ms: Option<f64>,
    /// Streamed pieces of text (each delta the server sent: with token streaming, one token).
    pub tokens: u64,
    pub events: u64,
    pub bytes: u64,
    pub reconnects: u32,
    /// The run's usage as the server reported it for the run (Responses `usage`).
    pub reported: Option<Usage>,
    /// Each message this run made, with the usage the server reported on it (`usage_metadata`).
    pub message_usage: BTreeMap<String, Usage>,
    /// The messages this run streamed or finished (a snapshot's older messages are not its own).
    made: HashSet<String>,
    /// Tokens per `BUCKET_MS` from the first token on (the oldest dropped past `MAX_BUCKETS`).
    pub buckets: Vec<u32>,
    /// Buckets dropped from the front.
    pub buckets_dropped: usize,
}

impl RunMeters {
    pub fn new(started_ms: f64) -> Self {
        Self {
            started_ms,
            ..Self::default()
        }
    }

    /// A chunk of `n` bytes arrived.
    pub fn bytes(&mut self, n: usize) {
        self.bytes += n as u64;
    }

    /// Events arrived at `at_ms`.
    pub fn events(&mut self, at_ms: f64, batches: &[&EventBatch]) {
        for b in batches {
            self.events += 1;
            for e in &b.events {
                match e {
                    StreamEvent::MessageDelta { id, text, .. } => {
                        self.made(id);
                        if !text.is_empty() {
                            self.token(at_ms);
                        }
                    }
                    StreamEvent::MessageStarted { id, .. }
                    | StreamEvent::ToolCallDelta { message_id: id, .. } => self.made(id),
                    StreamEvent::MessageDone { message, .. } => {
                        self.made(&message.id);
                        self.message(message);
                    }
                    StreamEvent::MessageSnapshot { message } => self.message(message),
                    StreamEvent::MessagesSnapshot { messages } => {
                        messages.iter().for_each(|m| self.message(m))
                    }
                    StreamEvent::Usage {
                        prompt,
                        completion,
                        total,
                    } => {
                        self.reported = Some(Usage {
                            prompt: *prompt,
                            completion: *completion,
                            total: *total,
                            reasoning: None,
                        })
                    }
                    _ => {}
                }
            }
        }
    }

    fn made(&mut self, id: &str) {
        if !self.made.contains(id) {
            self.made.insert(id.to_owned());
        }
    }

    /// A message's usage, counted for the run if the run made the message.
    fn message(&mut self, m: &Message) {
        if let (Some(u), true) = (m.usage, self.made.contains(&m.id)) {
            self.message_usage.insert(m.id.clone(), u);
        }
    }

    /// The run's token usage: as reported for the run, else the sum of its messages' (`None` when
    /// the server said nothing).
    pub fn usage(&self) -> Option<Usage> {
        self.reported
            .or_else(|| self.message_usage.values().copied().reduce(Usage::plus))
    }

    fn token(&mut self, at_ms: f64) {
        self.tokens += 1;
        let first = *self.first_token_ms.get_or_insert(at_ms);
        self.last_token_ms = Some(at_ms);
        let bucket = ((at_ms - first).max(0.0) / BUCKET_MS) as usize;
        let at = bucket.saturating_sub(self.buckets_dropped);
        if bucket < self.buckets_dropped {
            return;
        }
        if at >= self.buckets.len() {
            self.buckets.resize(at + 1, 0);
        }
        self.buckets[at] += 1;
        if self.buckets.len() > MAX_BUCKETS {
            let over = self.buckets.len() - MAX_BUCKETS;
            self.buckets.drain(..over);
            self.buckets_dropped += over;
        }
    }

    pub fn end(&mut self, at_ms: f64) {
        self.ended_ms.get_or_insert(at_ms);
    }

    /// Time to first token (ms).
    pub fn ttft_ms(&self) -> Option<f64> {
        self.first_token_ms.map(|t| t - self.started_ms)
    }

    /// Tokens per second between the first and the last token (at least two tokens).
    pub fn tokens_per_s(&self) -> Option<f64> {
        let (a, b) = (self.first_token_ms?, self.last_token_ms?);
        (self.tokens > 1 && b > a).then(|| (self.tokens - 1) as f64 * 1000.0 / (b - a))
    }

    /// From the request to the end (or to `now_ms` while the run goes on).
    pub fn duration_ms(&self, now_ms: f64) -> f64 {
        self.ended_ms.unwrap_or(now_ms) - self.started_ms
    }

    /// The sparkline's bars, each 0..=1 of the busiest bucket.
    pub fn sparkline(&self) -> Vec<f64> {
        let max = self.buckets.iter().copied().max().unwrap_or(0);
        if max == 0 {
            return Vec::new();
        }
        self.buckets
            .iter()
            .map(|&n| f64::from(n) / f64::from(max))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    fn delta(text: &str) -> EventBatch {
        EventBatch::new(
            None,
            vec![StreamEvent::MessageDelta {
                id: "m".into(),
                role: Role::Ai,
                text: text.into(),
            }],
        )
    }

    #[test]
    fn tokens_time_to_first_and_rate_from_the_deltas() {
        let mut m = RunMeters::new(1_000.0);
        m.bytes(10);
        let status = EventBatch::new(
            None,
            vec![StreamEvent::Status {
                status: crate::domain::RunStatus::Running,
            }],
        );
        m.events(1_100.0, &[&status]);
        assert_eq!((m.tokens, m.ttft_ms(), m.tokens_per_s()), (0, None, None));
        m.events(1_300.0, &[&delta("a "), &delta("")]);
        m.events(1_800.0, &[&delta("b "), &delta("c")]);
        m.bytes(90);
        assert_eq!(m.tokens, 3, "an empty delta is no token");
        assert_eq!(m.events, 5);
        assert_eq!(m.bytes, 100);
        assert_eq!(m.ttft_ms(), Some(300.0));
        assert_eq!(m.tokens_per_s(), Some(4.0));
        assert_eq!(m.buckets, vec![1, 0, 2]);
        assert_eq!(m.sparkline(), vec![0.5, 0.0, 1.0]);
        assert_eq!(m.duration_ms(2_000.0), 1_000.0);
        m.end(2_500.0);
        m.end(9_000.0);
        assert_eq!(m.duration_ms(10_000.0), 1_500.0, "the first end counts");
    }

    #[test]
    fn usage_is_what_the_server_said_and_a_long_run_keeps_its_last_buckets() {
        let mut m = RunMeters::new(0.0);
        let usage = EventBatch::new(
            None,
            vec![StreamEvent::Usage {
                prompt: Some(12),
                completion: None,
                total: Some(40),
            }],
        );
        assert_eq!(m.usage(), None);
        m.events(1.0, &[&usage]);
        assert_eq!(
            m.usage().map(|u| (u.prompt, u.completion, u.total)),
            Some((Some(12), None, Some(40)))
        );
        for i in 0..1_000 {
            m.events(f64::from(i) * BUCKET_MS, &[&delta("x")]);
        }
        assert_eq!(m.buckets.len(), MAX_BUCKETS);
        assert_eq!(m.buckets_dropped, 1_000 - MAX_BUCKETS);
        assert!(m.buckets.iter().all(|&n| n == 1));
        assert_eq!(m.tokens, 1_000);
    }

    #[test]
    fn a_runs_usage_is_the_sum_of_its_own_messages_usage() {
        let msg = |id: &str, prompt, completion| Message {
            usage: Some(Usage {
                prompt: Some(prompt),
                completion: Some(completion),
                total: Some(prompt + completion),
                reasoning: None,
            }),
            ..Message::text(id, Role::Ai, "x")
        };
        let mut m = RunMeters::new(0.0);
        m.events(1.0, &[&delta("a")]);
        let done = EventBatch::new(
            None,
            vec![
                StreamEvent::MessageDone {
                    message: msg("m", 10, 1),
                    replaces: None,
                },
                StreamEvent::MessageDone {
                    message: msg("n", 12, 3),
                    replaces: None,
                },
            ],
        );
        m.events(2.0, &[&done]);
        // A snapshot brings an older message of the thread: not this run's.
        let snap = EventBatch::new(
            None,
            vec![StreamEvent::MessagesSnapshot {
                messages: vec![msg("old", 99, 99), msg("m", 10, 1)],
            }],
        );
        m.events(3.0, &[&snap]);
        assert_eq!(m.message_usage.len(), 2);
        assert_eq!(
            m.usage(),
            Some(Usage {
                prompt: Some(22),
                completion: Some(4),
                total: Some(26),
                reasoning: None,
            })
        );
    }
}
