//! A2A 0.3 on the wire, checked against the specification's own JSON schema (`a2a-v0.3.0.json`:
//! a2aproject/A2A v0.3.0 `specification/json/a2a.json`, Apache-2.0): every request this client sends
//! (built by the core's `dialects::a2a::requests`), and every answer and stream event the a2a-sdk test
//! agent sent in 0.3 (recorded in `crates/core/tests/fixtures/a2a/`, `sdk03_*`). No stand-in here:
//! the servers are real (the SDK agent, LangGraph); this is where their words meet the contract.
//! The A2A repository publishes no JSON schema for 1.0 (it is the proto's), so 1.0 is checked by the
//! client reading it (`crates/core/tests/a2a.rs`) and the browser suite.

use agent_console_core::attachments::Attachment;
use agent_console_core::dialects::a2a::requests::{self, Envelope, RunOptions};
use agent_console_core::dialects::a2a::wire::{Call, Version};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::OnceLock;

#[allow(dead_code)] // the stand-ins' request helper is not used here
mod common;

const SCHEMA: &str = include_str!("a2a-v0.3.0.json");

fn schema() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| serde_json::from_str(SCHEMA).expect("the schema parses"))
}

/// Fails unless `v` is valid against `definitions.<name>`.
fn assert_schema(name: &str, v: &Value) {
    let mut s = json!({"$ref": format!("#/definitions/{name}")});
    s["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    s["definitions"] = schema()["definitions"].clone();
    common::assert_valid(&s, name, v);
}

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/a2a")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Each `data:` of a recorded stream.
fn events(body: &str) -> Vec<Value> {
    body.lines()
        .filter_map(|l| l.trim_end_matches('\r').strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).expect("an event is JSON"))
        .collect()
}

#[test]
fn the_clients_requests_are_as_the_schema_says() {
    let v = Version::V03;
    let file = Attachment {
        name: "notes.txt".into(),
        mime: "text/plain".into(),
        size: 5,
        base64: "aGVsbG8=".into(),
    };
    let first = requests::message(
        v,
        requests::user_parts(v, "hello", &[file]),
        &Envelope {
            message_id: "m1",
            context: None,
            task: None,
        },
    );
    let options = RunOptions {
        accepted_output_modes: vec!["text/plain".into()],
        metadata: Some(json!({"from": "agent-console"})),
    };
    let stream = requests::call(v, Call::Stream, requests::send_params(first, &options), "t");
    assert_schema("SendStreamingMessageRequest", stream.body.as_ref().unwrap());
    let answer = requests::message(
        v,
        vec![
            requests::text_part(v, "Oslo"),
            requests::data_part(v, json!({"resume": true})),
        ],
        &Envelope {
            message_id: "m2",
            context: Some("ctx"),
            task: Some("task"),
        },
    );
    let send = requests::call(
        v,
        Call::Send,
        requests::send_params(answer, &RunOptions::default()),
        "t",
    );
    assert_schema("SendMessageRequest", send.body.as_ref().unwrap());
    assert_schema(
        "GetTaskRequest",
        requests::get_task(v, "task", Some(10), "t")
            .body
            .as_ref()
            .unwrap(),
    );
    assert_schema(
        "CancelTaskRequest",
        requests::cancel_task(v, "task").body.as_ref().unwrap(),
    );
    assert_schema(
        "TaskResubscriptionRequest",
        requests::subscribe(v, "task").body.as_ref().unwrap(),
    );
}

#[test]
fn the_sdk_agents_streams_are_as_the_schema_says() {
    let mut checked = 0;
    for name in [
        "sdk03_stream_echo.sse",
        "sdk03_stream_ask.sse",
        "sdk03_stream_answer.sse",
        "sdk03_stream_fail.sse",
        "sdk03_stream_data.sse",
        "sdk03_stream_file.sse",
        "sdk03_stream_slow_cancel.sse",
        "sdk03_resubscribe_ask.sse",
        "sdk03_resubscribe_slow.sse",
        "sdk03_stream_slow_ping_cut.sse",
    ] {
        for e in events(&fixture(name)) {
            assert_schema("SendStreamingMessageResponse", &e);
            checked += 1;
        }
    }
    assert!(checked >= 70, "{checked}");
}

#[test]
fn the_sdk_agents_answers_are_as_the_schema_says() {
    let parse = |n: &str| -> Value { serde_json::from_str(&fixture(n)).unwrap() };
    assert_schema("GetTaskSuccessResponse", &parse("sdk03_tasks_get.json"));
    assert_schema("CancelTaskSuccessResponse", &parse("sdk03_cancel.json"));
    let refused = parse("sdk03_error_terminal.json");
    assert_schema("JSONRPCErrorResponse", &refused);
    assert_eq!(
        refused["error"]["code"], -32004,
        "a message to a finished task"
    );
}

/// LangGraph's own A2A (langgraph-api 0.16.7), in 0.3's method names: its stream events too.
#[test]
fn langgraphs_streams_are_as_the_schema_says() {
    let mut checked = 0;
    for name in [
        "lg_stream_plain.sse",
        "lg_stream_interrupt.sse",
        "lg_stream_resume.sse",
        "lg_stream_cancel.sse",
        "lg_stream_crash.sse",
    ] {
        for e in events(&fixture(name)) {
            assert_schema("SendStreamingMessageResponse", &e);
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
}
