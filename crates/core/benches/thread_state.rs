//! Reading a long thread's state: `GET /threads/{id}/state` of 10,000 messages (~2 MB, the shape
//! `langgraph dev` answers, from the recorded fixture) into the messages the app shows and the values
//! the State tab shows. In the browser this is one task on the main thread (BENCHMARKS.md, the
//! 10,000-message thread's longest task). Run: `cargo bench -p agent-console-core --bench thread_state`.

use agent_console_core::dialects::langgraph::convert;
use agent_console_core::exchange;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use serde_json::Value;
use std::path::PathBuf;

const MESSAGES: usize = 10_000;

/// The fixture's state with its two messages replaced by `MESSAGES` of the benchmark's own
/// (tests/bench_page.py `long_thread`): human and AI in turn, each with the fields the server adds.
fn long_state() -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/langgraph/state_interrupted.http");
    let body = String::from_utf8(exchange::parse(&std::fs::read(p).expect("fixture")).body)
        .expect("utf-8");
    let mut state: Value = serde_json::from_str(&body).expect("the fixture's JSON");
    let template = state["values"]["messages"].clone();
    let words =
        "the quick brown fox jumps over the lazy dog while seven amber herons cross the fjord";
    let messages: Vec<Value> = (0..MESSAGES)
        .map(|i| {
            let mut m = template[i % 2].clone();
            m["id"] = format!("m{i}").into();
            let extra = if i % 3 == 0 { words } else { "" };
            m["content"] = format!("message {i}: {words} {extra}").trim_end().into();
            m
        })
        .collect();
    state["values"]["messages"] = messages.into();
    serde_json::to_string(&state).expect("JSON")
}

fn bench(c: &mut Criterion) {
    let body = long_state();
    let snap = convert::thread_state(&body).expect("the state");
    assert_eq!(snap.messages.len(), MESSAGES);
    assert_eq!(snap.messages[MESSAGES - 1].id, format!("m{}", MESSAGES - 1));
    let mut g = c.benchmark_group("thread_state_10000_messages");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.sample_size(20);
    g.bench_function("convert_thread_state", |b| {
        b.iter(|| convert::thread_state(black_box(&body)).map(|s| s.messages.len()))
    });
    g.bench_function("serde_json_value_alone", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&body)).map(|v| v.is_object()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
