//! Conformance over every recorded LangGraph fixture (tests/fixtures/langgraph, copied from real traffic of
//! langgraph-api 0.16.7): what the stream engine reduces must match what the server itself reports.

use agent_console_core::decode::{Decoder, SseDecoder};
use agent_console_core::dialects::langchain::messages_from_values;
use agent_console_core::domain::{Block, Role, RunStatus};
use agent_console_core::event::{EventBatch, StreamEvent};
use agent_console_core::{exchange, replay, Dialect, StreamPipeline, ThreadView};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/langgraph")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

fn body(name: &str) -> Vec<u8> {
    exchange::parse(&fixture(name)).body
}

fn stream_fixtures() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/langgraph");
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| {
            let ex = exchange::parse(&fixture(n));
            ex.header("content-type")
                .is_some_and(|c| c.starts_with("text/event-stream"))
        })
        .collect();
    v.sort();
    v
}

/// The last `values` event's messages, read independently of the reducer.
fn final_values_messages(body: &[u8]) -> Option<Vec<agent_console_core::domain::Message>> {
    let mut d = SseDecoder::new();
    let mut raw = Vec::new();
    d.feed(body, &mut raw);
    let last = raw.iter().rev().find(|r| r.event == "values")?;
    let v: Value = serde_json::from_str(&last.data).ok()?;
    Some(messages_from_values(v.get("messages")?).0)
}

/// Applies only token deltas (no snapshots, no whole messages): the text as streamed.
fn streamed_text_only(body: &[u8]) -> ThreadView {
    let mut p = StreamPipeline::new(Dialect::LangGraph);
    let mut view = ThreadView::new();
    for (_, b) in p.feed(body) {
        let events = b
            .events
            .into_iter()
            .filter(|e| matches!(e, StreamEvent::MessageDelta { .. }))
            .collect();
        view.apply(&EventBatch {
            key: b.key,
            namespace: b.namespace,
            events,
            fingerprint: b.fingerprint,
        });
    }
    view
}

#[test]
fn every_stream_fixture_replays_without_warnings() {
    let names = stream_fixtures();
    assert!(
        names.len() >= 20,
        "expected the stream fixtures, found {names:?}"
    );
    for name in names {
        let b = body(&name);
        let (batches, view) = replay(Dialect::LangGraph, &b);
        // A join after the run ended has an empty body.
        assert!(!batches.is_empty() || b.is_empty(), "{name}: no events");
        assert!(view.warnings.is_empty(), "{name}: {:?}", view.warnings);
        let unknown: Vec<_> = view.unknown.iter().map(|(e, _)| e.clone()).collect();
        assert!(unknown.is_empty(), "{name}: unknown events {unknown:?}");
    }
}

#[test]
fn streamed_tokens_add_up_to_the_final_values_message() {
    let mut checked = 0;
    for name in stream_fixtures() {
        let b = body(&name);
        let Some(final_messages) = final_values_messages(&b) else {
            continue;
        };
        let streamed = streamed_text_only(&b);
        for m in &streamed.messages {
            let Some(fin) = final_messages.iter().find(|f| f.id == m.id) else {
                continue;
            };
            assert_eq!(m.plain_text(), fin.plain_text(), "{name}: message {}", m.id);
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "only {checked} streamed messages were compared"
    );
}

#[test]
fn reduced_state_equals_the_final_values_message_list() {
    for name in stream_fixtures() {
        let b = body(&name);
        let Some(final_messages) = final_values_messages(&b) else {
            continue;
        };
        let (_, view) = replay(Dialect::LangGraph, &b);
        let got: Vec<(String, String)> = view
            .messages
            .iter()
            .map(|m| (m.id.clone(), m.plain_text()))
            .collect();
        let want: Vec<(String, String)> = final_messages
            .iter()
            .map(|m| (m.id.clone(), m.plain_text()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn messages_tuple_stream_text() {
    let (_, view) = replay(Dialect::LangGraph, &body("stream_messages-tuple.http"));
    let ai = view
        .messages
        .iter()
        .find(|m| m.role == Role::Ai)
        .expect("an ai message");
    assert_eq!(
        ai.plain_text(),
        "Quartz echo: Fixture: mode messages-tuple — seven amber herons crossed the fjord at dawn."
    );
    assert_eq!(view.status, Some(RunStatus::Success));
    assert_eq!(
        view.run_id.as_deref(),
        Some("01a20b1a-c2d7-764a-b5b7-95981ad2be5f")
    );
}

#[test]
fn messages_partial_mode_replaces_rather_than_appends() {
    let (_, view) = replay(Dialect::LangGraph, &body("stream_messages.http"));
    assert_eq!(view.messages.len(), 1);
    assert_eq!(
        view.messages[0].plain_text(),
        "Quartz echo: Fixture: mode messages — seven amber herons crossed the fjord at dawn."
    );
}

#[test]
fn updates_only_mode_still_shows_the_reply() {
    let (_, view) = replay(Dialect::LangGraph, &body("stream_updates.http"));
    assert!(view.messages.iter().any(|m| m
        .plain_text()
        .starts_with("Quartz echo: Fixture: mode updates")));
}

#[test]
fn interrupt_is_pending_with_its_value() {
    let (_, view) = replay(Dialect::LangGraph, &body("stream_interrupt.http"));
    assert_eq!(view.status, Some(RunStatus::Interrupted));
    assert_eq!(view.interrupts.len(), 1);
    assert_eq!(
        view.interrupts[0].id.as_deref(),
        Some("04786425a53d1b2e6c43dc0f84973959")
    );
    assert_eq!(view.interrupts[0].value["question"], "Publish the echo?");
}

#[test]
fn resume_clears_the_interrupt_and_adds_the_review() {
    let (_, view) = replay(Dialect::LangGraph, &body("stream_resume.http"));
    assert!(view.interrupts.is_empty());
    assert_eq!(view.status, Some(RunStatus::Success));
    assert_eq!(
        view.messages.last().map(|m| m.plain_text()).as_deref(),
        Some("Reviewer said yes. Archived.")
    );
}

#[test]
fn tool_call_and_result() {
    let (_, view) = replay(Dialect::LangGraph, &body("stream_tool_call.http"));
    let call = view
        .messages
        .iter()
        .flat_map(|m| m.blocks.iter())
        .find_map(|b| match b {
            Block::ToolCall { name, args, id, .. } => {
                Some((name.clone(), args.clone(), id.clone()))
            }
            _ => None,
        });
    let (name, args, id) = call.expect("a tool call");
    assert_eq!(name, "forecast");
    assert_eq!(args["city"], "Reykjavik");
    let result = view
        .messages
        .iter()
        .find(|m| m.role == Role::Tool)
        .expect("a tool message");
    assert!(
        matches!(&result.blocks[0], Block::ToolResult { call_id, text } if *call_id == id && text == "Fog over Reykjavik, 4 degrees.")
    );
    assert_eq!(
        view.messages.last().unwrap().plain_text(),
        "The lighthouse keeper reports: Fog over Reykjavik, 4 degrees. Over and out."
    );
}

#[test]
fn run_error_event_inside_a_200_stream() {
    let (_, view) = replay(Dialect::LangGraph, &body("error_bad_input.http"));
    assert_eq!(view.status, Some(RunStatus::Error));
    assert_eq!(view.errors[0].code.as_deref(), Some("InvalidUpdateError"));
    assert!(view.errors[0]
        .message
        .starts_with("Expected dict, got not an object"));
}

#[test]
fn subgraph_and_debug_modes_are_read() {
    for name in [
        "stream_debug.http",
        "stream_tasks.http",
        "stream_checkpoints.http",
        "stream_events.http",
    ] {
        let (batches, _) = replay(Dialect::LangGraph, &body(name));
        assert!(
            batches
                .iter()
                .flat_map(|b| &b.events)
                .any(|e| matches!(e, StreamEvent::Trace { .. })),
            "{name}"
        );
    }
}

#[test]
fn rejoin_after_a_drop_yields_the_exact_text() {
    // The cancelled run's stream, cut where the recorded join (Last-Event-ID) picked up, plus the join.
    let full = body("resumable_cancelled_run.curl");
    let join = body("join_from_last_event_id.curl");
    let (_, whole) = replay(Dialect::LangGraph, &full);

    let mut join_raw = Vec::new();
    SseDecoder::new().feed(&join, &mut join_raw);
    let first_join_id = join_raw[0].id.clone().expect("join events carry ids");

    let mut p = StreamPipeline::new(Dialect::LangGraph);
    let mut view = ThreadView::new();
    for (raw, b) in p.feed(&full) {
        if raw.id.as_deref() == Some(first_join_id.as_str()) {
            break;
        }
        view.apply(&b);
    }
    assert!(
        view.messages.last().unwrap().plain_text().len()
            < whole.messages.last().unwrap().plain_text().len()
    );
    let mut p2 = StreamPipeline::new(Dialect::LangGraph);
    for (_, b) in p2.feed(&join) {
        view.apply(&b);
    }
    assert_eq!(
        view.messages.last().unwrap().plain_text(),
        whole.messages.last().unwrap().plain_text()
    );
    assert!(whole
        .messages
        .last()
        .unwrap()
        .plain_text()
        .ends_with("w146 "));
}

#[test]
fn replaying_overlapping_events_duplicates_nothing() {
    let full = body("stream_resumable.http");
    let (_, once) = replay(Dialect::LangGraph, &full);
    let mut view = ThreadView::new();
    let mut p = StreamPipeline::new(Dialect::LangGraph);
    let batches: Vec<_> = p.feed(&full).into_iter().map(|(_, b)| b).collect();
    let half = batches.len() / 2;
    for b in &batches[..half] {
        view.apply(b);
    }
    // A reconnect that replays from an earlier id: everything from a quarter in arrives again.
    view.begin_replay();
    for b in &batches[half / 2..] {
        view.apply(b);
    }
    assert_eq!(view.duplicates as usize, half - half / 2);
    let texts = |v: &ThreadView| {
        v.messages
            .iter()
            .map(|m| m.plain_text())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&view), texts(&once));
}

#[test]
fn thread_protocol_interrupt_and_since_replay() {
    let (_, view) = replay(
        Dialect::LangGraph,
        &body("protocol_v2_events_interrupt.curl"),
    );
    assert_eq!(view.status, Some(RunStatus::Interrupted));
    assert_eq!(
        view.interrupts[0].id.as_deref(),
        Some("08c476ca3cf1c8bf5209ae7cbdea361c")
    );
    assert_eq!(
        view.messages
            .iter()
            .find(|m| m.role == Role::Ai)
            .unwrap()
            .plain_text(),
        "Quartz echo: protocol please approve — seven amber herons crossed the fjord at dawn."
    );
    // Reconnecting with since=20 replays 21.. : applied on top, the overlap is skipped, the run completes.
    let mut v = view.clone();
    let mut p = StreamPipeline::new(Dialect::AgentProtocol);
    v.begin_replay();
    for (_, b) in p.feed(&body("protocol_v2_since20_after_respond.curl")) {
        v.apply(&b);
    }
    assert_eq!(v.duplicates, 4, "seq 21..=24 were already applied");
    assert_eq!(v.status, Some(RunStatus::Success));
    assert!(v.interrupts.is_empty());
}

#[test]
fn stream_replay_cli_prints_state() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/langgraph/stream_interrupt.http");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stream-replay"))
        .args(["--dialect", "langgraph", "--state"])
        .arg(&path)
        .output()
        .expect("run stream-replay");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["status"], "interrupted");
    assert_eq!(
        v["interrupts"][0]["value"]["options"],
        serde_json::json!(["yes", "no"])
    );
    assert_eq!(v["messages"][1]["role"], "ai");
    assert!(v["messages"][1]["text"]
        .as_str()
        .unwrap()
        .ends_with("fjord at dawn."));

    let events = std::process::Command::new(env!("CARGO_BIN_EXE_stream-replay"))
        .args(["--dialect", "langgraph"])
        .arg(&path)
        .output()
        .expect("run stream-replay");
    let lines: Vec<Value> = String::from_utf8_lossy(&events.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["kind"], "run_started");
    assert!(lines.iter().any(|l| l["kind"] == "interrupts"));
}

#[test]
fn cli_rejects_a_bad_dialect() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stream-replay"))
        .args(["--dialect", "soap", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dialect"));
}

#[test]
fn run_history_and_run_list_fixtures_convert() {
    use agent_console_core::dialects::langgraph::convert;
    let run =
        convert::run_detail(std::str::from_utf8(&body("run_get.http")).unwrap()).expect("run");
    assert_eq!(run.id, "01a20b1a-ee4e-7595-9f9e-ec4d514ae36c");
    assert_eq!(run.status, RunStatus::Success);
    assert_eq!(run.multitask_strategy.as_deref(), Some("enqueue"));
    assert_eq!(run.kwargs["stream_mode"][0], "values");
    let runs = convert::runs(std::str::from_utf8(&body("runs_list.http")).unwrap()).expect("runs");
    assert!(!runs.is_empty());
    assert!(runs
        .iter()
        .all(|r| r.thread_id.as_deref() == Some("01a20b1a-bbe7-75ab-b0c5-1563ccb0bafe")));
    let history =
        convert::history(std::str::from_utf8(&body("history.http")).unwrap()).expect("history");
    assert!(history.len() >= 2);
    assert_eq!(
        history[0].id.as_deref(),
        Some("1f1e7a3d-f7cf-67d9-8002-55d15fdd5c3d")
    );
    assert!(history[0].step.is_some());
    assert_eq!(
        history[0].parent_id, history[1].id,
        "newest first, each the child of the next"
    );
}

#[test]
fn threads_pages_follow_x_pagination_next() {
    use agent_console_core::dialects::langgraph::convert;
    use agent_console_core::domain::PageCursor;
    let p1 = exchange::parse(&fixture("threads_search_page1.http"));
    let page1 = convert::threads_page(
        std::str::from_utf8(&p1.body).unwrap(),
        p1.header("x-pagination-next"),
    )
    .unwrap();
    assert_eq!(page1.items.len(), 3);
    assert_eq!(page1.next, PageCursor::Offset(3));
    let p2 = exchange::parse(&fixture("threads_search_page2.http"));
    let page2 = convert::threads_page(
        std::str::from_utf8(&p2.body).unwrap(),
        p2.header("x-pagination-next"),
    )
    .unwrap();
    assert_eq!(page2.next, PageCursor::End);
}

#[test]
fn stream_replay_timeline_agrees_with_the_recording_it_reads() {
    use agent_console_core::recording::Recording;
    use agent_console_core::{http, replay_output, timeline};
    let ex = agent_console_core::exchange::parse(&fixture("stream_subgraphs.http"));
    let req = http::HttpRequest::new(http::Method::Post, "/threads/t/runs/stream", "run");
    let mut rec = Recording::new("run", "langgraph", &req, &[]);
    rec.open(
        &req,
        Some(200),
        &[("content-type".into(), "text/event-stream".into())],
    );
    let text = String::from_utf8(ex.body.clone()).unwrap();
    for (i, frame) in text.split_inclusive("\n\n").enumerate() {
        rec.chunk(25.0 * i as f64, frame.as_bytes());
    }
    let ui = replay_output::timeline_lines(&timeline::of_recording(&rec).expect("a dialect"));
    let path = std::env::temp_dir().join(format!("ac-timeline-{}.http", std::process::id()));
    std::fs::write(&path, rec.to_exchange()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stream-replay"))
        .args(["--timeline"])
        .arg(&path)
        .output()
        .expect("run stream-replay");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success());
    let cli: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(cli, ui, "the CLI prints what the UI draws");
    let bars: Vec<Value> = cli
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let named: Vec<(&str, u64)> = bars
        .iter()
        .filter_map(|b| Some((b["name"].as_str()?, b["depth"].as_u64()?)))
        .collect();
    assert_eq!(
        named,
        [
            ("agent", 0),
            ("research", 0),
            ("gather", 1),
            ("summarize", 1)
        ]
    );
    assert!(
        bars[2]["duration_ms"].as_f64().unwrap() > 0.0,
        "timed by the recording"
    );
}
