//! The Responses API stand-in answers as OpenAI's published OpenAPI description says: every JSON
//! answer and every stream event is checked against its schema in `openai-responses-openapi.json`
//! (github.com/openai/openai-openapi at f85dbe2, MIT: the Responses, Conversations and Models paths and
//! the schemas they reach, cut down by `scripts/cut-openapi.py`), and its streams are read by the
//! client's own pipeline.

use agent_console_core::domain::RunStatus;
use agent_console_core::{replay, Dialect};
use agent_console_devserver::responses::router;
use agent_console_devserver::yandex::Credentials;
use axum::Router;
use serde_json::{json, Value};
use std::sync::OnceLock;

mod common;

const SPEC: &str = include_str!("openai-responses-openapi.json");

fn spec() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| serde_json::from_str(SPEC).expect("the description parses"))
}

fn assert_schema(name: &str, v: &Value) {
    common::assert_schema(spec(), name, v)
}

/// A request body the client sends, against its schema. The description picks among an input
/// item's shapes by `discriminator`, which JSON Schema does not know: a user message is both an
/// `EasyInputMessage` and an `InputMessage`, so its `oneOf`s are read as `anyOf`s here.
fn assert_request_schema(name: &str, v: &Value) {
    static S: OnceLock<Value> = OnceLock::new();
    let relaxed = S.get_or_init(|| {
        serde_json::from_str(&SPEC.replace("\"oneOf\"", "\"anyOf\""))
            .expect("the description parses")
    });
    common::assert_schema(relaxed, name, v)
}

/// The schema of a stream event of type `kind`: the one of `ResponseStreamEvent`'s choices whose
/// `type` is that (an event of a type the description does not have fails here).
fn event_schema(kind: &str) -> String {
    let schemas = &spec()["components"]["schemas"];
    schemas["ResponseStreamEvent"]["anyOf"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["$ref"].as_str())
        .map(|r| r.trim_start_matches("#/components/schemas/"))
        .find(|name| {
            let t = &schemas[*name]["properties"]["type"];
            t["enum"]
                .as_array()
                .is_some_and(|e| e.iter().any(|x| x == kind))
                || t["const"] == kind
        })
        .unwrap_or_else(|| panic!("the description has no stream event {kind:?}"))
        .to_owned()
}

/// The schema the description names for a route's 200 answer.
fn answer_schema(method: &str, path: &str) -> String {
    let op = &spec()["paths"][path][method.to_lowercase()];
    assert!(op.is_object(), "the description has no {method} {path}");
    op.pointer("/responses/200/content/application~1json/schema/$ref")
        .and_then(Value::as_str)
        .map(|r| r.trim_start_matches("#/components/schemas/").to_owned())
        .unwrap_or_else(|| panic!("no JSON answer for {method} {path}"))
}

struct Api {
    app: Router,
}

impl Api {
    fn new() -> Self {
        Self {
            app: router(Credentials::default()),
        }
    }

    async fn raw(&self, method: &str, uri: &str, body: Option<Value>, auth: &str) -> (u16, String) {
        let headers: &[(&str, &str)] = if auth.is_empty() {
            &[]
        } else {
            &[("authorization", auth)]
        };
        common::call(&self.app, method, uri, body, headers).await
    }

    /// A new, empty conversation's id.
    async fn conversation(&self) -> String {
        let c = self
            .ok(
                "POST",
                "/conversations",
                "/v1/conversations",
                Some(json!({})),
            )
            .await;
        c["id"].as_str().unwrap().to_owned()
    }

    /// A 200 answer of a route (`spec_path` names it), checked against its schema.
    async fn ok(&self, method: &str, spec_path: &str, uri: &str, body: Option<Value>) -> Value {
        let (status, text) = self.raw(method, uri, body, "Bearer demo-api-key").await;
        assert_eq!(status, 200, "{method} {uri}: {text}");
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{uri}: {e}: {text}"));
        assert_schema(&answer_schema(method, spec_path), &v);
        v
    }

    /// An error answer: its status, and the description's error shape.
    async fn err(&self, method: &str, uri: &str, body: Option<Value>, auth: &str) -> (u16, Value) {
        let (status, text) = self.raw(method, uri, body, auth).await;
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_schema("ErrorResponse", &v);
        (status, v)
    }

    /// A streamed answer: every event checked against `ResponseStreamEvent`, in sequence.
    async fn stream(&self, method: &str, uri: &str, body: Option<Value>) -> (Vec<Value>, Vec<u8>) {
        let (status, text) = self.raw(method, uri, body, "Bearer demo-api-key").await;
        assert_eq!(status, 200, "{uri}: {text}");
        let events: Vec<Value> = text
            .split("\n\n")
            .filter(|e| !e.trim().is_empty())
            .map(|e| {
                let mut lines = e.lines();
                let kind = lines
                    .next()
                    .and_then(|l| l.strip_prefix("event: "))
                    .expect("event line");
                let data = lines
                    .next()
                    .and_then(|l| l.strip_prefix("data: "))
                    .expect("data line");
                let v: Value = serde_json::from_str(data).unwrap();
                assert_eq!(v["type"], kind);
                assert_schema(&event_schema(kind), &v);
                v
            })
            .collect();
        (events, text.into_bytes())
    }
}

fn seqs(events: &[Value]) -> Vec<u64> {
    events
        .iter()
        .map(|e| e["sequence_number"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn models_and_conversations_answer_as_described() {
    let api = Api::new();
    let models = api.ok("GET", "/models", "/v1/models", None).await;
    assert_eq!(models["data"][0]["id"], "demo-echo");
    api.ok("GET", "/models/{model}", "/v1/models/demo-echo", None)
        .await;
    let c = api
        .ok(
            "POST",
            "/conversations",
            "/v1/conversations",
            Some(json!({"metadata": {"title": "Trip"}})),
        )
        .await;
    let id = c["id"].as_str().unwrap().to_owned();
    let got = api
        .ok(
            "GET",
            "/conversations/{conversation_id}",
            &format!("/v1/conversations/{id}"),
            None,
        )
        .await;
    assert_eq!(got["metadata"]["title"], "Trip");
    let renamed = api
        .ok(
            "POST",
            "/conversations/{conversation_id}",
            &format!("/v1/conversations/{id}"),
            Some(json!({"metadata": {"title": "Oslo"}})),
        )
        .await;
    assert_eq!(renamed["metadata"]["title"], "Oslo");
    // The listing (an extension) holds conversations as described.
    let (status, text) = api
        .raw(
            "GET",
            "/v1/conversations?limit=5",
            None,
            "Bearer demo-api-key",
        )
        .await;
    assert_eq!(status, 200);
    let list: Value = serde_json::from_str(&text).unwrap();
    assert_schema("ConversationResource", &list["data"][0]);
    let items = api
        .ok(
            "GET",
            "/conversations/{conversation_id}/items",
            &format!("/v1/conversations/{id}/items"),
            None,
        )
        .await;
    assert_eq!(items["data"], json!([]));
    let gone = api
        .ok(
            "DELETE",
            "/conversations/{conversation_id}",
            &format!("/v1/conversations/{id}"),
            None,
        )
        .await;
    assert_eq!(gone["deleted"], true);
    let (status, e) = api
        .err(
            "GET",
            &format!("/v1/conversations/{id}"),
            None,
            "Bearer demo-api-key",
        )
        .await;
    assert_eq!(status, 404);
    assert!(e["error"]["message"].as_str().unwrap().contains(&id));
    let (status, e) = api
        .err(
            "POST",
            "/v1/conversations",
            Some(json!({"metadata": {"n": 1}})),
            "Bearer demo-api-key",
        )
        .await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (400, Some("invalid_value"))
    );
}

#[tokio::test]
async fn a_streamed_response_is_described_events_in_order_and_read_whole() {
    let api = Api::new();
    let conv = api.conversation().await;
    let (events, bytes) = api
        .stream("POST", "/v1/responses", Some(json!({"model": "demo-echo", "input": "hello there", "stream": true, "background": true, "conversation": conv})))
        .await;
    assert_eq!(seqs(&events), (0..events.len() as u64).collect::<Vec<_>>());
    let last = events.last().unwrap();
    assert_eq!(last["type"], "response.completed");
    assert_schema("Response", &last["response"]);
    let rid = last["response"]["id"].as_str().unwrap().to_owned();
    // The client's pipeline reads it to the same text.
    let (_, view) = replay(Dialect::Responses, &bytes);
    assert_eq!(view.status, Some(RunStatus::Success));
    let text = view.messages.last().unwrap().plain_text();
    assert_eq!(
        text,
        "Quartz echo: hello there — seven amber herons crossed the fjord at dawn."
    );
    // Resumed after event 9: the rest, once.
    let (rest, _) = api
        .stream(
            "GET",
            &format!("/v1/responses/{rid}?stream=true&starting_after=9"),
            None,
        )
        .await;
    assert_eq!(seqs(&rest), (10..events.len() as u64).collect::<Vec<_>>());
    let r = api
        .ok(
            "GET",
            "/responses/{response_id}",
            &format!("/v1/responses/{rid}"),
            None,
        )
        .await;
    assert_eq!(r["status"], "completed");
    assert_eq!(
        r["usage"]["total_tokens"],
        r["usage"]["input_tokens"].as_u64().unwrap()
            + r["usage"]["output_tokens"].as_u64().unwrap()
    );
    api.ok(
        "GET",
        "/responses/{response_id}/input_items",
        &format!("/v1/responses/{rid}/input_items"),
        None,
    )
    .await;
    // The conversation holds the input and the output, in order.
    let items = api
        .ok(
            "GET",
            "/conversations/{conversation_id}/items",
            &format!("/v1/conversations/{conv}/items?order=asc"),
            None,
        )
        .await;
    let kinds: Vec<&str> = items["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["message", "reasoning", "message"]);
}

#[tokio::test]
async fn a_function_call_is_answered_with_its_output() {
    let api = Api::new();
    let conv = api.conversation().await;
    let (events, _) = api
        .stream("POST", "/v1/responses", Some(json!({"model": "demo-echo", "input": "call get_weather Oslo", "stream": true, "conversation": conv})))
        .await;
    let done = &events.last().unwrap()["response"];
    let call = &done["output"][0];
    assert_eq!(
        (call["type"].as_str(), call["name"].as_str()),
        (Some("function_call"), Some("get_weather"))
    );
    let answer = json!([{"type": "function_call_output", "call_id": call["call_id"], "output": "sunny, 21 °C"}]);
    let (events, bytes) = api
        .stream("POST", "/v1/responses", Some(json!({"model": "demo-echo", "input": answer, "stream": true, "conversation": conv})))
        .await;
    assert_eq!(events.last().unwrap()["type"], "response.completed");
    let (_, view) = replay(Dialect::Responses, &bytes);
    assert_eq!(
        view.messages.last().unwrap().plain_text(),
        "The tool said: sunny, 21 °C."
    );
}

#[tokio::test]
async fn failures_cancels_and_refusals_are_described() {
    let api = Api::new();
    let (events, _) = api
        .stream(
            "POST",
            "/v1/responses",
            Some(json!({"model": "demo-echo", "input": "fail please", "stream": true})),
        )
        .await;
    let last = events.last().unwrap();
    assert_eq!(last["type"], "response.failed");
    assert_eq!(last["response"]["error"]["code"], "server_error");
    // A background response cancelled part-way: its status says so and its stream ends.
    let queued = api
        .ok(
            "POST",
            "/responses",
            "/v1/responses",
            Some(json!({"model": "demo-echo", "input": "a long story", "background": true})),
        )
        .await;
    assert!(matches!(
        queued["status"].as_str(),
        Some("queued" | "in_progress")
    ));
    let rid = queued["id"].as_str().unwrap().to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let cancelled = api
        .ok(
            "POST",
            "/responses/{response_id}/cancel",
            &format!("/v1/responses/{rid}/cancel"),
            None,
        )
        .await;
    assert_eq!(cancelled["status"], "cancelled");
    let (rest, _) = api
        .stream("GET", &format!("/v1/responses/{rid}?stream=true"), None)
        .await;
    assert!(rest.iter().all(|e| e["type"] != "response.completed"));
    // Refusals, with OpenAI's words and codes.
    let (s, e) = api.err("GET", "/v1/models", None, "").await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (401, Some("invalid_api_key"))
    );
    let (s, _) = api.err("GET", "/v1/models", None, "Bearer wrong").await;
    assert_eq!(s, 401);
    let (s, e) = api
        .err(
            "POST",
            "/v1/responses",
            Some(json!({"model": "nope", "input": "x"})),
            "Bearer demo-api-key",
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (400, Some("model_not_found"))
    );
    let (s, _) = api
        .err(
            "POST",
            "/v1/responses",
            Some(json!({"model": "demo-echo", "input": "x", "conversation": "conv_none"})),
            "Api-Key demo-api-key",
        )
        .await;
    assert_eq!(s, 404);
    let plain = api
        .ok(
            "POST",
            "/responses",
            "/v1/responses",
            Some(json!({"model": "demo-echo", "input": "hi"})),
        )
        .await;
    assert_eq!(
        plain["status"], "completed",
        "a response without background is answered when done"
    );
    let (s, _) = api
        .err(
            "GET",
            &format!(
                "/v1/responses/{}?stream=true",
                plain["id"].as_str().unwrap()
            ),
            None,
            "Bearer demo-api-key",
        )
        .await;
    assert_eq!(s, 400, "only background responses stream again");
}

#[tokio::test]
async fn without_conversations_a_chain_goes_on_by_previous_response_id() {
    use agent_console_core::dialects::responses::requests::{
        create_response, probe_conversations, user_message, Context, RunOptions,
    };
    let api = Api::new();
    // The client's probe: no conversations route under /chain (404), one under /v1 (400).
    let probe = probe_conversations().body;
    let (status, _) = api
        .raw(
            "POST",
            "/chain/v1/conversations",
            probe.clone(),
            "Bearer demo-api-key",
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = api
        .err("POST", "/v1/conversations", probe, "Bearer demo-api-key")
        .await;
    assert_eq!(status, 400);
    let plain = RunOptions {
        background: false,
        ..RunOptions::default()
    };
    // The client's requests are as the description has them, and so are the answers.
    let first = create_response(
        "demo-echo",
        Context::Fresh,
        vec![user_message("first words")],
        &plain,
        false,
        Some("first words"),
    )
    .body;
    assert_request_schema("CreateResponse", first.as_ref().unwrap());
    let r1 = api
        .ok("POST", "/responses", "/chain/v1/responses", first)
        .await;
    assert_eq!(r1["metadata"]["title"], "first words");
    let id1 = r1["id"].as_str().unwrap();
    let next = create_response(
        "demo-echo",
        Context::After(id1),
        vec![user_message("and then")],
        &plain,
        false,
        Some("first words"),
    )
    .body;
    assert_request_schema("CreateResponse", next.as_ref().unwrap());
    let r2 = api
        .ok("POST", "/responses", "/chain/v1/responses", next)
        .await;
    assert_eq!(r2["previous_response_id"], id1);
    assert_eq!(r2["status"], "completed");
    // A response's input items are its own, not the chain's.
    let items = api
        .ok(
            "GET",
            "/responses/{response_id}/input_items",
            &format!(
                "/chain/v1/responses/{}/input_items?order=asc",
                r2["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(items["data"].as_array().map(Vec::len), Some(1));
    // Refusals as OpenAI words them: an unknown previous response; a conversation where none are.
    let (status, e) = api
        .err(
            "POST",
            "/chain/v1/responses",
            Some(json!({"model": "demo-echo", "input": "x", "previous_response_id": "resp_nope"})),
            "Bearer demo-api-key",
        )
        .await;
    assert_eq!(status, 404);
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Previous response with id 'resp_nope' not found"));
    let (status, _) = api
        .err(
            "POST",
            "/chain/v1/responses",
            Some(json!({"model": "demo-echo", "input": "x", "conversation": "conv_1"})),
            "Bearer demo-api-key",
        )
        .await;
    assert_eq!(status, 400);
    // With conversations, the two are exclusive.
    let conv = api.conversation().await;
    let (status, e) = api
        .err(
            "POST",
            "/v1/responses",
            Some(json!({"model": "demo-echo", "input": "x", "conversation": conv, "previous_response_id": "resp_x"})),
            "Bearer demo-api-key",
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(e["error"]["code"], "mutually_exclusive_parameters");
}
