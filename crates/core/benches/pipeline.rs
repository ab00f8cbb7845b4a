//! Throughput of decode + normalize + reduce on a large LangGraph `messages-tuple` stream, against a
//! baseline built the common way: `eventsource-stream` for SSE and `serde_json::Value` for every event.
//! Run: `cargo bench -p agent-console-core --bench pipeline`. Figures go to BENCHMARKS.md.

use agent_console_core::{exchange, Dialect, StreamPipeline, ThreadView};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use eventsource_stream::Eventsource;
use futures::StreamExt;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

const CHUNK: usize = 16 * 1024;

const TOKENS: usize = 4000;

/// One long run as `langgraph dev` streams it (CRLF, real chunk and metadata JSON from the recorded
/// fixture): metadata, the human message, 4,000 token chunks of one AI message, the final values.
/// About 7 MB.
fn large_stream() -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/langgraph/stream_messages-tuple.http");
    let body = String::from_utf8(exchange::parse(&std::fs::read(p).expect("fixture")).body)
        .expect("utf-8");
    let template = body
        .split("\r\n\r\n")
        .find(|e| e.starts_with("event: messages\r\n") && e.contains("\"content\":\"Quartz \""))
        .expect("a token chunk in the fixture")
        .to_owned();
    let mut out =
        String::from("event: metadata\r\ndata: {\"run_id\":\"bench-run\",\"attempt\":1}\r\n\r\n");
    out.push_str("event: values\r\ndata: {\"messages\":[{\"content\":\"tell me\",\"type\":\"human\",\"id\":\"h1\"}]}\r\n\r\n");
    let mut full = String::new();
    for i in 0..TOKENS {
        let token = format!("w{i} ");
        full.push_str(&token);
        out.push_str(&template.replace(
            "\"content\":\"Quartz \"",
            &format!("\"content\":\"{token}\""),
        ));
        out.push_str("\r\n\r\n");
    }
    let ai_id = template
        .split("\"id\":\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("chunk id");
    out.push_str(&format!(
        "event: values\r\ndata: {{\"messages\":[{{\"content\":\"tell me\",\"type\":\"human\",\"id\":\"h1\"}},{{\"content\":\"{full}\",\"type\":\"ai\",\"id\":\"{ai_id}\"}}]}}\r\n\r\n"
    ));
    out.into_bytes()
}

fn ours(bytes: &[u8]) -> usize {
    let mut p = StreamPipeline::new(Dialect::LangGraph);
    let mut view = ThreadView::new();
    for c in bytes.chunks(CHUNK) {
        p.feed_into(c, &mut view);
    }
    view.finish_stream();
    view.messages
        .iter()
        .filter(|m| m.id != "h1")
        .map(|m| m.plain_text().len())
        .sum()
}

/// The same job the common way: every event's data parsed into a `Value`, tokens appended by id,
/// snapshots stored.
fn baseline(bytes: &[u8]) -> usize {
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = bytes
        .chunks(CHUNK)
        .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
        .collect();
    let mut stream = futures::stream::iter(chunks).eventsource();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut values = Value::Null;
    futures::executor::block_on(async {
        while let Some(Ok(ev)) = stream.next().await {
            let Ok(v) = serde_json::from_str::<Value>(&ev.data) else {
                continue;
            };
            match ev.event.as_str() {
                "messages" => {
                    let m = &v[0];
                    if let (Some(id), Some(t)) = (m["id"].as_str(), m["content"].as_str()) {
                        texts.entry(id.to_owned()).or_default().push_str(t);
                    }
                }
                "values" => values = v,
                _ => {}
            }
        }
    });
    black_box(values);
    texts.values().map(String::len).sum()
}

fn bench(c: &mut Criterion) {
    let bytes = large_stream();
    assert_eq!(
        ours(&bytes),
        baseline(&bytes),
        "both pipelines must produce the same text"
    );
    let mut g = c.benchmark_group("messages_tuple_stream");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(30);
    g.bench_function("agent_console_pipeline", |b| {
        b.iter(|| ours(black_box(&bytes)))
    });
    g.bench_function("baseline_eventsource_stream_serde_value", |b| {
        b.iter(|| baseline(black_box(&bytes)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
