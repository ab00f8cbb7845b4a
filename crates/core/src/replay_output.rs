//! The JSON the `stream-replay` CLI prints: one line per normalized event, or the final state.

use crate::domain::Block;
use crate::event::EventBatch;
use crate::reducer::ThreadView;
use serde_json::{json, Value};

/// One line per normalized event: the event's fields plus its key and namespace.
pub fn event_lines(batches: &[EventBatch]) -> Vec<String> {
    let mut out = Vec::new();
    for b in batches {
        for e in &b.events {
            let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                if let Some(k) = &b.key {
                    map.insert("key".into(), serde_json::to_value(k).unwrap_or(Value::Null));
                }
                if !b.namespace.is_empty() {
                    map.insert("namespace".into(), json!(b.namespace));
                }
            }
            out.push(v.to_string());
        }
    }
    out
}

/// The timeline as the UI draws it: one line per bar in reading order (`"bar"`: name, kind, depth,
/// start and end in ms from the run's start, whether the start was reported, what it wrote), then
/// one per marker (`"marker"`: kind, time, text), then the stream's end.
pub fn timeline_lines(tl: &crate::timeline::Timeline) -> Vec<String> {
    let mut out = Vec::new();
    for i in tl.rows() {
        let b = &tl.bars[i];
        let mut v = serde_json::to_value(b).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut v {
            map.remove("parent");
            map.insert("bar".into(), json!(i));
            map.insert("depth".into(), json!(b.depth(&tl.bars)));
            map.insert(
                "duration_ms".into(),
                json!(b.end_ms.map(|e| round1(e - b.start_ms))),
            );
        }
        out.push(v.to_string());
    }
    for m in &tl.markers {
        out.push(json!({"marker": m.kind, "at_ms": m.at_ms, "text": m.text}).to_string());
    }
    out.push(json!({"end_ms": tl.ended_ms}).to_string());
    out
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The final reduced state: `status`, `run_id`, `interrupts`, `values`, `messages` (id, role, full text,
/// tool calls), `errors`, `warnings`, plus counts.
pub fn state_json(view: &ThreadView) -> Value {
    let messages: Vec<Value> = view
        .messages
        .iter()
        .map(|m| {
            let tool_calls: Vec<Value> = m
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::ToolCall { id, name, args, .. } => {
                        Some(json!({"id": id, "name": name, "args": args}))
                    }
                    _ => None,
                })
                .collect();
            let mut o = json!({"id": m.id, "role": m.role.as_str(), "text": m.plain_text()});
            if !tool_calls.is_empty() {
                o["tool_calls"] = json!(tool_calls);
            }
            o
        })
        .collect();
    json!({
        "status": view.status.as_ref().map(|s| s.as_str()),
        "run_id": view.run_id,
        "interrupts": view.interrupts.iter().map(|i| json!({"id": i.id, "value": i.value})).collect::<Vec<_>>(),
        "values": view.values.value(),
        "messages": messages,
        "errors": view.errors,
        "warnings": view.warnings,
        "last_key": view.last_key.as_ref().map(|k| k.resume_token()),
        "events_applied": view.applied,
        "duplicates_skipped": view.duplicates,
        "unknown_events": view.unknown.len(),
    })
}
