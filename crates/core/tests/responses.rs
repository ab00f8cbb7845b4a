//! The Responses API adapter over recorded streams: `devui_echo.sse` from a real server (Microsoft
//! Agent Framework DevUI 1.x, a scripted agent: reasoning, words, usage; it sends no `event:` lines,
//! no `.done` events and ends with `data: [DONE]`), the others from the bundled stand-in (OpenAI's
//! event set in full). What the reducer builds must be what the terminal response object says; any
//! split of the bytes, and any replay of events already applied, must change nothing.

use agent_console_core::domain::{Block, Role, RunStatus};
use agent_console_core::event::{EventBatch, StreamEvent};
use agent_console_core::{replay, Dialect, StreamPipeline, ThreadView};
use proptest::prelude::*;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/responses")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// The terminal event's response object, read without the adapter.
fn terminal(body: &[u8]) -> Value {
    String::from_utf8_lossy(body)
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .collect::<Vec<_>>()
        .into_iter()
        .rfind(|v| {
            matches!(
                v["type"].as_str(),
                Some("response.completed" | "response.failed" | "response.incomplete")
            )
        })
        .expect("a terminal event")["response"]
        .clone()
}

fn output_texts(response: &Value) -> Vec<String> {
    response["output"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["type"] == "message")
        .map(|i| {
            i["content"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|p| p["text"].as_str())
                .collect()
        })
        .collect()
}

fn ai_texts(view: &ThreadView) -> Vec<String> {
    view.messages
        .iter()
        .filter(|m| m.role == Role::Ai && m.blocks.iter().any(|b| matches!(b, Block::Text { .. })))
        .map(|m| m.plain_text())
        .collect()
}

#[test]
fn every_recorded_stream_ends_as_its_response_says() {
    for (name, status) in [
        ("devui_echo.sse", RunStatus::Success),
        ("standin_echo.sse", RunStatus::Success),
        ("standin_failed.sse", RunStatus::Error),
        ("standin_incomplete.sse", RunStatus::Error),
    ] {
        let body = fixture(name);
        let (batches, view) = replay(Dialect::Responses, &body);
        let want = terminal(&body);
        assert_eq!(view.status, Some(status), "{name}");
        assert_eq!(ai_texts(&view), output_texts(&want), "{name}");
        assert_eq!(
            view.run_id.as_deref(),
            want["id"].as_str(),
            "{name}: the run is named"
        );
        assert!(view.warnings.is_empty(), "{name}: {:?}", view.warnings);
        assert!(view.unknown.is_empty(), "{name}: {:?}", view.unknown);
        assert_eq!(
            view.usage.map(|u| u.completion),
            Some(want["usage"]["output_tokens"].as_u64()),
            "{name}: usage"
        );
        // Every event is keyed by its sequence number, in order.
        let keys: Vec<_> = batches.iter().filter_map(|b| b.key.clone()).collect();
        assert!(keys.len() + 1 >= batches.len(), "{name}: keyed");
    }
}

#[test]
fn reasoning_streams_into_its_own_item() {
    let (_, view) = replay(Dialect::Responses, &fixture("standin_echo.sse"));
    let reasoning: Vec<_> = view
        .messages
        .iter()
        .flat_map(|m| &m.blocks)
        .filter_map(|b| match b {
            Block::Reasoning { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(reasoning, ["Echoing the user's words."]);
    assert_eq!(
        ai_texts(&view),
        ["Quartz echo: ünïcødé \"quoted\" 🦀 words — seven amber herons crossed the fjord at dawn."]
    );
    let (_, devui) = replay(Dialect::Responses, &fixture("devui_echo.sse"));
    assert!(devui.messages.iter().any(|m| m.blocks
        == [Block::Reasoning {
            text: "thinking about it".into()
        }]));
}

#[test]
fn a_function_call_to_answer_is_an_interrupt() {
    let (_, view) = replay(Dialect::Responses, &fixture("standin_call.sse"));
    assert_eq!(view.status, Some(RunStatus::Interrupted));
    assert_eq!(view.interrupts.len(), 1);
    let i = &view.interrupts[0];
    assert_eq!(i.value["function"], "get_weather");
    assert_eq!(i.value["arguments"], r#"{"input":"Oslo"}"#);
    let call = view
        .messages
        .iter()
        .flat_map(|m| &m.blocks)
        .find_map(|b| match b {
            Block::ToolCall { name, args, id, .. } => {
                Some((name.clone(), args.clone(), id.clone()))
            }
            _ => None,
        });
    let (name, args, id) = call.expect("the call is shown");
    assert_eq!(name, "get_weather");
    assert_eq!(args["input"], "Oslo");
    assert_eq!(id, i.id);
}

#[test]
fn a_failed_response_says_the_servers_error() {
    let (_, view) = replay(Dialect::Responses, &fixture("standin_failed.sse"));
    assert_eq!(view.errors.len(), 1);
    assert_eq!(
        view.errors[0].message,
        "The model failed: a scripted failure."
    );
    let (_, incomplete) = replay(Dialect::Responses, &fixture("standin_incomplete.sse"));
    assert!(incomplete.errors[0].message.contains("max_output_tokens"));
}

#[test]
fn events_applied_twice_are_dropped_and_a_gap_is_said() {
    let body = fixture("standin_echo.sse");
    let mut p = StreamPipeline::new(Dialect::Responses);
    let batches: Vec<EventBatch> = p.feed(&body).into_iter().map(|(_, b)| b).collect();
    let (_, want) = replay(Dialect::Responses, &body);
    // A resume (the follower marks it) that sends the last ten events again.
    let mut view = ThreadView::new();
    for b in &batches {
        view.apply(b);
    }
    view.begin_replay();
    for b in &batches[batches.len() - 10..] {
        view.apply(b);
    }
    assert_eq!(ai_texts(&view), ai_texts(&want));
    assert_eq!(view.duplicates, 10);
    // Three deltas lost: said, and the text is whole from the terminal response.
    let mut view = ThreadView::new();
    let mut p = StreamPipeline::new(Dialect::Responses);
    let text = String::from_utf8(body).unwrap();
    let events: Vec<&str> = text.split("\n\n").filter(|e| !e.is_empty()).collect();
    let kept: String = events
        .iter()
        .enumerate()
        .filter(|(i, _)| !(12..15).contains(i))
        .map(|(_, e)| format!("{e}\n\n"))
        .collect();
    for (_, b) in p.feed(kept.as_bytes()) {
        view.apply(&b);
    }
    assert_eq!(ai_texts(&view), ai_texts(&want));
    assert!(
        view.warnings.iter().any(|w| w.contains("never arrived")),
        "{:?}",
        view.warnings
    );
    // A kind this client does not know is kept.
    let later = p.feed(b"data: {\"type\":\"response.new_kind\",\"sequence_number\":99}\n\n");
    assert!(later[0]
        .1
        .events
        .iter()
        .any(|e| matches!(e, StreamEvent::Unknown { event, .. } if event == "response.new_kind")));
}

fn split<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut at: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    at.sort_unstable();
    let mut out = Vec::new();
    let mut prev = 0;
    for c in at {
        out.push(&bytes[prev..c]);
        prev = c;
    }
    out.push(&bytes[prev..]);
    out
}

proptest! {
    #[test]
    fn any_split_gives_the_same_view(cuts in proptest::collection::vec(any::<usize>(), 0..30), which in 0usize..3) {
        let name = ["standin_echo.sse", "standin_call.sse", "devui_echo.sse"][which];
        let body = fixture(name);
        let (_, want) = replay(Dialect::Responses, &body);
        let mut p = StreamPipeline::new(Dialect::Responses);
        let mut view = ThreadView::new();
        for c in split(&body, &cuts) {
            p.feed_into(c, &mut view);
        }
        p.finish_into(&mut view);
        prop_assert_eq!(serde_json::to_value(&view).unwrap(), serde_json::to_value(&want).unwrap());
    }
}
