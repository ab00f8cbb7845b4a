//! Property tests: decoding is chunk-boundary invariant, and no input makes any stage panic.
//! Case counts follow PROPTEST_CASES (scripts/test.sh sets 10,000).

use agent_console_core::decode::{Decoder, NdjsonDecoder, RawEvent, SseDecoder};
use agent_console_core::replay_output::state_json;
use agent_console_core::{exchange, replay, Dialect, StreamPipeline, ThreadView};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;

fn fixture_body(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/langgraph")
        .join(name);
    exchange::parse(&std::fs::read(p).expect("fixture")).body
}

/// A real stream with CRLF line ends and multi-byte characters (—).
fn interrupt_stream() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| fixture_body("stream_interrupt.http"))
}

fn yandex_stream() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| {
        let mut s = String::new();
        let mut text = String::new();
        for (i, w) in ["Привет, ", "это ", "ответ ", "{с} ", "\"кавычками\" ", "🦀."].iter().enumerate() {
            text.push_str(w);
            let t = serde_json::to_string(&text).unwrap();
            s.push_str(&format!(
                "{{\"result\":{{\"event_type\":\"PARTIAL_MESSAGE\",\"stream_cursor\":{{\"current_event_idx\":\"{i}\",\"num_user_events_received\":\"1\"}},\"partial_message\":{{\"content\":[{{\"text\":{{\"content\":{t}}}}}]}}}}}}\r\n"
            ));
        }
        s.into_bytes()
    })
}

/// Splits `bytes` at the given cut points (taken modulo the length).
fn split<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.sort_unstable();
    let mut out = Vec::new();
    let mut prev = 0;
    for p in points {
        out.push(&bytes[prev..p]);
        prev = p;
    }
    out.push(&bytes[prev..]);
    out
}

fn decode_all(mut d: impl Decoder, chunks: &[&[u8]]) -> Vec<RawEvent> {
    let mut out = Vec::new();
    for c in chunks {
        d.feed(c, &mut out);
    }
    d.finish();
    out
}

proptest! {
    #[test]
    fn sse_any_split_gives_the_same_events(cuts in proptest::collection::vec(any::<usize>(), 0..40)) {
        let whole = decode_all(SseDecoder::new(), &[interrupt_stream()]);
        prop_assert_eq!(decode_all(SseDecoder::new(), &split(interrupt_stream(), &cuts)), whole);
    }

    #[test]
    fn ndjson_any_split_gives_the_same_values(cuts in proptest::collection::vec(any::<usize>(), 0..40)) {
        let whole = decode_all(NdjsonDecoder::new(), &[yandex_stream()]);
        prop_assert_eq!(whole.len(), 6);
        prop_assert_eq!(decode_all(NdjsonDecoder::new(), &split(yandex_stream(), &cuts)), whole);
    }

    #[test]
    fn pipeline_any_split_gives_the_same_state(cuts in proptest::collection::vec(any::<usize>(), 0..20)) {
        let (_, want) = replay(Dialect::LangGraph, interrupt_stream());
        let mut p = StreamPipeline::new(Dialect::LangGraph);
        let mut view = ThreadView::new();
        for c in split(interrupt_stream(), &cuts) {
            p.feed_into(c, &mut view);
        }
        view.finish_stream();
        prop_assert_eq!(state_json(&view), state_json(&want));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), cut in any::<usize>()) {
        for dialect in [Dialect::LangGraph, Dialect::AgentProtocol, Dialect::Yandex] {
            let mut p = StreamPipeline::new(dialect);
            let mut view = ThreadView::new();
            for c in split(&bytes, &[cut]) {
                p.feed_into(c, &mut view);
            }
            p.finish();
            view.finish_stream();
        }
    }

    /// Well-formed SSE framing around arbitrary data, under every event name the adapters know, so
    /// the JSON paths of each adapter see garbage too.
    #[test]
    fn known_event_names_with_garbage_data_never_panic(
        name in prop::sample::select(vec![
            "metadata", "values", "updates", "messages", "messages/partial", "messages/complete", "messages/metadata",
            "custom", "events", "debug", "tasks", "checkpoints", "error", "end", "updates|a:b", "lifecycle", "input.requested",
        ]),
        data in "\\PC{0,200}",
        envelope in any::<bool>(),
    ) {
        let data = if envelope {
            format!("{{\"type\":\"event\",\"seq\":1,\"method\":\"{name}\",\"params\":{{\"namespace\":[],\"data\":{data}}}}}")
        } else {
            data
        };
        let body = format!("event: {name}\ndata: {}\n\n", data.replace('\n', " "));
        for dialect in [Dialect::LangGraph, Dialect::AgentProtocol] {
            let (_, view) = replay(dialect, body.as_bytes());
            let _ = state_json(&view);
        }
        let (_, view) = replay(Dialect::Yandex, data.as_bytes());
        let _ = state_json(&view);
    }
}
