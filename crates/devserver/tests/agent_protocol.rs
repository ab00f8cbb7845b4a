//! The Agent Protocol stand-in answers as the spec says: every JSON answer is checked against its
//! schema in `openapi.json` 0.1.6 (copied beside this file from langchain-ai/agent-protocol, MIT), and
//! its run streams are read by the client's own pipeline.

use agent_console_core::domain::RunStatus;
use agent_console_core::{replay, Dialect};
use agent_console_devserver::agent_protocol::router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::sync::OnceLock;
use tower::ServiceExt;

mod common;

const SPEC: &str = include_str!("agent-protocol-openapi.json");

fn spec() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| serde_json::from_str(SPEC).expect("openapi.json parses"))
}

fn assert_schema(name: &str, v: &Value) {
    common::assert_schema(spec(), name, v)
}

/// The schema of a route's answer per the spec (`$ref` name, `[name]` for a list), for `status`.
fn spec_answer(method: &str, path: &str, status: u16) -> Option<String> {
    let op = &spec()["paths"][path][method.to_lowercase()];
    assert!(op.is_object(), "the spec has no {method} {path}");
    let resp = &op["responses"][status.to_string()];
    assert!(
        resp.is_object(),
        "the spec allows no {status} for {method} {path}"
    );
    let schema = resp.pointer("/content/application~1json/schema")?;
    let name = |s: &Value| {
        s["$ref"]
            .as_str()
            .map(|r| r.trim_start_matches("#/components/schemas/").to_owned())
    };
    name(schema).or_else(|| name(&schema["items"]).map(|n| format!("[{n}]")))
}

struct Ap {
    app: Router,
}

impl Ap {
    fn new() -> Self {
        Self { app: router() }
    }

    async fn raw(&self, method: &str, uri: &str, body: Option<Value>) -> (StatusCode, String) {
        let (status, text) = common::call(&self.app, method, uri, body, &[]).await;
        (StatusCode::from_u16(status).unwrap(), text)
    }

    /// Calls a route (`spec_path` names it in the spec) and checks the answer's status is the one
    /// expected and its body matches the spec's schema for that status.
    async fn call(
        &self,
        method: &str,
        spec_path: &str,
        uri: &str,
        body: Option<Value>,
        expect: u16,
    ) -> Value {
        let (status, text) = self.raw(method, uri, body).await;
        assert_eq!(status.as_u16(), expect, "{method} {uri}: {text}");
        match spec_answer(method, spec_path, expect) {
            Some(schema) => {
                let v: Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{method} {uri}: not JSON ({e}): {text}"));
                assert_schema(&schema, &v);
                if schema == "ErrorResponse" {
                    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
                }
                v
            }
            None => {
                assert!(
                    text.is_empty(),
                    "{method} {uri}: {expect} has a body: {text}"
                );
                Value::Null
            }
        }
    }

    async fn first_thread(&self, filter: Value) -> Value {
        let mut body = json!({"limit": 1});
        body.as_object_mut()
            .unwrap()
            .extend(filter.as_object().unwrap().clone());
        let list = self
            .call(
                "POST",
                "/threads/search",
                "/threads/search",
                Some(body),
                200,
            )
            .await;
        list[0].clone()
    }

    async fn run_status(&self, run_id: &str) -> String {
        let run = self
            .call(
                "GET",
                "/runs/{run_id}",
                &format!("/runs/{run_id}"),
                None,
                200,
            )
            .await;
        run["status"].as_str().unwrap().to_owned()
    }
}

/// SSE frames `(event, data)` of a stream body.
fn frames(body: &str) -> Vec<(String, String)> {
    body.split("\n\n")
        // Comments (`: subscribed`) are not events.
        .filter(|f| f.lines().any(|l| l.starts_with("data: ")))
        .map(|f| {
            let field = |name: &str| {
                f.lines()
                    .find_map(|l| l.strip_prefix(&format!("{name}: ")))
                    .unwrap_or("")
                    .to_owned()
            };
            (field("event"), field("data"))
        })
        .collect()
}

#[tokio::test]
async fn agents_search_get_and_schemas() {
    let ap = Ap::new();
    let all = ap
        .call(
            "POST",
            "/agents/search",
            "/agents/search",
            Some(json!({})),
            200,
        )
        .await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["capabilities"]["ap.io.streaming"], true);
    let by_name = ap
        .call(
            "POST",
            "/agents/search",
            "/agents/search",
            Some(json!({"name": "summ"})),
            200,
        )
        .await;
    assert_eq!(by_name[0]["agent_id"], "summarizer");
    let by_meta = ap
        .call(
            "POST",
            "/agents/search",
            "/agents/search",
            Some(json!({"metadata": {"team": "batch"}})),
            200,
        )
        .await;
    assert_eq!(by_meta.as_array().unwrap().len(), 1);
    let paged = ap
        .call(
            "POST",
            "/agents/search",
            "/agents/search",
            Some(json!({"limit": 1, "offset": 1})),
            200,
        )
        .await;
    assert_eq!(paged.as_array().unwrap().len(), 1);
    assert_eq!(paged[0]["agent_id"], all[1]["agent_id"]);
    ap.call(
        "POST",
        "/agents/search",
        "/agents/search",
        Some(json!({"limit": 0})),
        422,
    )
    .await;
    ap.call(
        "POST",
        "/agents/search",
        "/agents/search",
        Some(json!({"name": 5})),
        422,
    )
    .await;
    let demo = ap
        .call("GET", "/agents/{agent_id}", "/agents/demo", None, 200)
        .await;
    assert_eq!(demo["name"], "Demo agent");
    ap.call("GET", "/agents/{agent_id}", "/agents/nope", None, 404)
        .await;
    let schemas = ap
        .call(
            "GET",
            "/agents/{agent_id}/schemas",
            "/agents/demo/schemas",
            None,
            200,
        )
        .await;
    for s in [
        "input_schema",
        "output_schema",
        "state_schema",
        "config_schema",
    ] {
        assert!(schemas[s].is_object(), "{s}");
    }
    ap.call(
        "GET",
        "/agents/{agent_id}/schemas",
        "/agents/nope/schemas",
        None,
        404,
    )
    .await;
}

#[tokio::test]
async fn threads_create_search_patch_copy_history_delete() {
    let ap = Ap::new();
    let t = ap
        .call(
            "POST",
            "/threads",
            "/threads",
            Some(json!({"metadata": {"k": "v"}})),
            200,
        )
        .await;
    let id = t["thread_id"].as_str().unwrap().to_owned();
    assert_eq!(t["status"], "idle");
    ap.call(
        "POST",
        "/threads",
        "/threads",
        Some(json!({"thread_id": id})),
        409,
    )
    .await;
    let same = ap
        .call(
            "POST",
            "/threads",
            "/threads",
            Some(json!({"thread_id": id, "if_exists": "do_nothing"})),
            200,
        )
        .await;
    assert_eq!(same["metadata"]["k"], "v");
    ap.call(
        "POST",
        "/threads",
        "/threads",
        Some(json!({"thread_id": "x1"})),
        422,
    )
    .await;
    ap.call(
        "POST",
        "/threads",
        "/threads",
        Some(json!({"if_exists": "maybe"})),
        422,
    )
    .await;
    // Search: newest first, filters, paging.
    let all = ap
        .call(
            "POST",
            "/threads/search",
            "/threads/search",
            Some(json!({"limit": 100})),
            200,
        )
        .await;
    assert_eq!(all.as_array().unwrap().len(), 5);
    assert_eq!(all[0]["thread_id"], id.as_str());
    let interrupted = ap
        .call(
            "POST",
            "/threads/search",
            "/threads/search",
            Some(json!({"status": "interrupted"})),
            200,
        )
        .await;
    assert_eq!(interrupted.as_array().unwrap().len(), 1);
    assert!(interrupted[0]["values"]["__interrupt__"].is_array());
    let ana = ap
        .call(
            "POST",
            "/threads/search",
            "/threads/search",
            Some(json!({"metadata": {"user": "ana"}})),
            200,
        )
        .await;
    assert_eq!(ana.as_array().unwrap().len(), 2);
    let by_values = ap
        .call(
            "POST",
            "/threads/search",
            "/threads/search",
            Some(json!({"values": {"turns": 1}})),
            200,
        )
        .await;
    assert_eq!(by_values.as_array().unwrap().len(), 4);
    let page2 = ap
        .call(
            "POST",
            "/threads/search",
            "/threads/search",
            Some(json!({"limit": 2, "offset": 2})),
            200,
        )
        .await;
    assert_eq!(page2[0]["thread_id"], all[2]["thread_id"]);
    ap.call(
        "POST",
        "/threads/search",
        "/threads/search",
        Some(json!({"status": "sleeping"})),
        422,
    )
    .await;
    ap.call(
        "POST",
        "/threads/search",
        "/threads/search",
        Some(json!({"limit": 1001})),
        422,
    )
    .await;
    ap.call(
        "POST",
        "/threads/search",
        "/threads/search",
        Some(json!("[")),
        422,
    )
    .await;
    // Patch merges metadata; values and messages make a checkpoint.
    let uri = format!("/threads/{id}");
    let patched = ap
        .call(
            "PATCH",
            "/threads/{thread_id}",
            &uri,
            Some(json!({"metadata": {"n": 1},
            "values": {"x": 2}, "messages": [{"role": "user", "content": "noted"}]})),
            200,
        )
        .await;
    assert_eq!(patched["metadata"], json!({"k": "v", "n": 1}));
    assert_eq!(patched["values"]["x"], 2);
    assert_eq!(patched["messages"][0]["content"], "noted");
    ap.call(
        "PATCH",
        "/threads/{thread_id}",
        &uri,
        Some(json!({"messages": [{"content": "x"}]})),
        422,
    )
    .await;
    let history = ap
        .call(
            "GET",
            "/threads/{thread_id}/history",
            &format!("{uri}/history"),
            None,
            200,
        )
        .await;
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[0]["values"]["x"], 2, "newest first");
    let older = ap
        .call(
            "GET",
            "/threads/{thread_id}/history",
            &format!(
                "{uri}/history?limit=5&before={}",
                history[0]["checkpoint"]["checkpoint_id"].as_str().unwrap()
            ),
            None,
            200,
        )
        .await;
    assert_eq!(older.as_array().unwrap().len(), 1);
    assert_eq!(older[0]["checkpoint"], history[1]["checkpoint"]);
    ap.call(
        "GET",
        "/threads/{thread_id}/history",
        &format!("{uri}/history?limit=0"),
        None,
        422,
    )
    .await;
    let copy = ap
        .call(
            "POST",
            "/threads/{thread_id}/copy",
            &format!("{uri}/copy"),
            None,
            200,
        )
        .await;
    assert_ne!(copy["thread_id"], id.as_str());
    assert_eq!(copy["values"]["x"], 2);
    let copy_uri = format!("/threads/{}", copy["thread_id"].as_str().unwrap());
    let copy_history = ap
        .call(
            "GET",
            "/threads/{thread_id}/history",
            &format!("{copy_uri}/history"),
            None,
            200,
        )
        .await;
    assert_eq!(copy_history.as_array().unwrap().len(), 2);
    ap.call("DELETE", "/threads/{thread_id}", &uri, None, 204)
        .await;
    ap.call("GET", "/threads/{thread_id}", &uri, None, 404)
        .await;
    ap.call("DELETE", "/threads/{thread_id}", &uri, None, 404)
        .await;
    ap.call(
        "POST",
        "/threads/{thread_id}/copy",
        &format!("{uri}/copy"),
        None,
        404,
    )
    .await;
    ap.call(
        "GET",
        "/threads/{thread_id}/history",
        &format!("{uri}/history"),
        None,
        404,
    )
    .await;
}

#[tokio::test]
async fn a_streamed_run_reads_back_through_the_client_pipeline() {
    let ap = Ap::new();
    let thread = ap
        .first_thread(json!({"metadata": {"title": "Greetings"}}))
        .await;
    let tid = thread["thread_id"].as_str().unwrap();
    let (status, body) = ap
        .raw("POST", "/runs/stream", Some(json!({"thread_id": tid,
            "messages": [{"role": "user", "content": "weather in Oslo"}],
            "stream_mode": ["values", "messages", "updates", "custom"], "metadata": {"via": "test"}})))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let events: Vec<String> = frames(&body).into_iter().map(|(e, _)| e).collect();
    assert_eq!(events.first().map(String::as_str), Some("metadata"));
    assert_eq!(events.last().map(String::as_str), Some("end"));
    for e in ["values", "messages", "updates", "custom"] {
        assert!(events.iter().any(|x| x == e), "no {e} in {events:?}");
    }
    let (_, view) = replay(Dialect::AgentProtocol, body.as_bytes());
    assert!(view.warnings.is_empty(), "{:?}", view.warnings);
    assert!(view.unknown.is_empty());
    assert_eq!(view.status, Some(RunStatus::Success));
    let last = view.messages.last().unwrap();
    assert_eq!(last.plain_text(), "It is sunny and 21 °C in Oslo.");
    assert!(view
        .messages
        .iter()
        .any(|m| m.plain_text().contains("Sunny, 21 °C in Oslo")));
    // The thread keeps it; the run is found by its thread, agent, status and metadata.
    let after = ap
        .call(
            "GET",
            "/threads/{thread_id}",
            &format!("/threads/{tid}"),
            None,
            200,
        )
        .await;
    assert_eq!(after["status"], "idle");
    assert_eq!(after["values"]["turns"], 2);
    let runs = ap
        .call("POST", "/runs/search", "/runs/search",
            Some(json!({"thread_id": tid, "agent_id": "demo", "status": "success", "metadata": {"via": "test"}})), 200)
        .await;
    assert_eq!(runs.as_array().unwrap().len(), 1);
    assert_eq!(
        runs[0]["on_completion"], "keep",
        "the spec's default with a thread"
    );
    assert_eq!(
        runs[0]["stream_mode"],
        json!(["values", "messages", "updates", "custom"])
    );
    // Joining the finished run replays the same events.
    let run_id = runs[0]["run_id"].as_str().unwrap();
    let (_, joined) = ap.raw("GET", &format!("/runs/{run_id}/stream"), None).await;
    assert_eq!(joined, body);
}

#[tokio::test]
async fn background_runs_wait_cancel_delete_and_search() {
    let ap = Ap::new();
    let run = ap
        .call(
            "POST",
            "/runs",
            "/runs",
            Some(json!({"if_not_exists": "create",
            "thread_id": "0f0e0d0c-0b0a-4908-8706-050403020100",
            "messages": [{"role": "user", "content": "go slow please"}]})),
            200,
        )
        .await;
    assert_eq!(run["status"], "pending");
    let rid = run["run_id"].as_str().unwrap().to_owned();
    let tid = "0f0e0d0c-0b0a-4908-8706-050403020100";
    let thread = ap
        .call(
            "GET",
            "/threads/{thread_id}",
            &format!("/threads/{tid}"),
            None,
            200,
        )
        .await;
    assert_eq!(
        thread["status"], "busy",
        "if_not_exists create made the thread"
    );
    // A second run on the busy thread: 409.
    let busy = ap
        .call(
            "POST",
            "/runs/stream",
            "/runs",
            Some(json!({"thread_id": tid, "input": "hi"})),
            409,
        )
        .await;
    assert!(busy["message"].as_str().unwrap().contains(&rid), "{busy}");
    assert_eq!(busy["code"], "conflict");
    let pending = ap
        .call(
            "POST",
            "/runs/search",
            "/runs/search",
            Some(json!({"status": "pending"})),
            200,
        )
        .await;
    assert_eq!(pending[0]["run_id"], rid.as_str());
    // Cancel (once it said a word or two): the run stops with what it said so far, status interrupted.
    tokio::time::sleep(std::time::Duration::from_millis(900)).await;
    ap.call(
        "POST",
        "/runs/{run_id}/cancel",
        &format!("/runs/{rid}/cancel?wait=true"),
        None,
        204,
    )
    .await;
    assert_eq!(ap.run_status(&rid).await, "interrupted");
    let waited = ap
        .call(
            "GET",
            "/runs/{run_id}/wait",
            &format!("/runs/{rid}/wait"),
            None,
            200,
        )
        .await;
    let said = waited["messages"].as_array().unwrap().last().unwrap()["content"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        "Slowly: go slow please".starts_with(&said) && said.len() < 22,
        "{said:?}"
    );
    ap.call(
        "POST",
        "/runs/{run_id}/cancel",
        &format!("/runs/{rid}/cancel?action=explode"),
        None,
        422,
    )
    .await;
    ap.call(
        "DELETE",
        "/runs/{run_id}",
        &format!("/runs/{rid}"),
        None,
        204,
    )
    .await;
    ap.call("GET", "/runs/{run_id}", &format!("/runs/{rid}"), None, 404)
        .await;
    ap.call(
        "GET",
        "/runs/{run_id}/wait",
        &format!("/runs/{rid}/wait"),
        None,
        404,
    )
    .await;
    ap.call(
        "POST",
        "/runs/{run_id}/cancel",
        &format!("/runs/{rid}/cancel"),
        None,
        404,
    )
    .await;
    // A missing thread with the default if_not_exists (reject): 404; a bad body: 422.
    ap.call(
        "POST",
        "/runs",
        "/runs",
        Some(json!({"thread_id": "00000000-0000-4000-8000-000000000000"})),
        404,
    )
    .await;
    ap.call(
        "POST",
        "/runs",
        "/runs",
        Some(json!({"stream_mode": "everything"})),
        422,
    )
    .await;
    ap.call(
        "POST",
        "/runs",
        "/runs",
        Some(json!({"agent_id": "ghost"})),
        404,
    )
    .await;
    // Rollback: the run is gone and the thread is as before it.
    let before = ap
        .call(
            "GET",
            "/threads/{thread_id}",
            &format!("/threads/{tid}"),
            None,
            200,
        )
        .await;
    let run = ap
        .call(
            "POST",
            "/runs",
            "/runs",
            Some(json!({"thread_id": tid, "input": "slow again"})),
            200,
        )
        .await;
    let rid = run["run_id"].as_str().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    ap.call(
        "POST",
        "/runs/{run_id}/cancel",
        &format!("/runs/{rid}/cancel?action=rollback"),
        None,
        204,
    )
    .await;
    ap.call("GET", "/runs/{run_id}", &format!("/runs/{rid}"), None, 404)
        .await;
    let after = ap
        .call(
            "GET",
            "/threads/{thread_id}",
            &format!("/threads/{tid}"),
            None,
            200,
        )
        .await;
    assert_eq!(after["messages"], before["messages"]);
    assert_eq!(after["status"], "idle");
}

#[tokio::test]
async fn stateless_runs_and_the_summarizer() {
    let ap = Ap::new();
    let threads_before = ap
        .call(
            "POST",
            "/threads/search",
            "/threads/search",
            Some(json!({"limit": 100})),
            200,
        )
        .await;
    let waited = ap
        .call(
            "POST",
            "/runs/wait",
            "/runs/wait",
            Some(
                json!({"agent_id": "summarizer", "input": {"text": "one two three four five six"}}),
            ),
            200,
        )
        .await;
    assert_eq!(waited["values"]["summary"], "one two three four five");
    assert_eq!(waited["run"]["status"], "success");
    assert_eq!(
        waited["run"]["on_completion"], "delete",
        "the spec's default without a thread"
    );
    assert!(waited["run"].get("thread_id").is_none());
    let threads_after = ap
        .call(
            "POST",
            "/threads/search",
            "/threads/search",
            Some(json!({"limit": 100})),
            200,
        )
        .await;
    assert_eq!(
        threads_after, threads_before,
        "the temporary thread was deleted"
    );
    // on_completion keep: the thread stays.
    ap.call(
        "POST",
        "/runs/wait",
        "/runs/wait",
        Some(json!({"input": "hi", "on_completion": "keep"})),
        200,
    )
    .await;
    let kept = ap
        .call(
            "POST",
            "/threads/search",
            "/threads/search",
            Some(json!({"metadata": {"stateless": true}})),
            200,
        )
        .await;
    assert_eq!(kept.as_array().unwrap().len(), 1);
    assert_eq!(kept[0]["messages"][1]["content"][0]["text"], "Echo: hi");
    // Stateless stream of the default agent.
    let (_, body) = ap
        .raw(
            "POST",
            "/runs/stream",
            Some(
                json!({"input": {"messages": [{"role": "user", "content": "hello"}]},
            "stream_mode": "messages"}),
            ),
        )
        .await;
    let (_, view) = replay(Dialect::AgentProtocol, body.as_bytes());
    assert_eq!(view.messages.last().unwrap().plain_text(), "Echo: hello");
    let tokens = frames(&body)
        .iter()
        .filter(|(e, _)| e == "messages")
        .count();
    assert_eq!(tokens, 2, "one chunk per word");
}

#[tokio::test]
async fn an_interrupt_then_the_answer_resumes() {
    let ap = Ap::new();
    let waited = ap
        .call("POST", "/runs/wait", "/runs/wait",
            Some(json!({"if_not_exists": "create", "thread_id": "11111111-2222-4333-8444-555555555555",
                "messages": [{"role": "user", "content": "approve the order"}]})), 200)
        .await;
    assert_eq!(waited["run"]["status"], "interrupted");
    assert!(waited["values"]["__interrupt__"][0]["value"]["question"]
        .as_str()
        .unwrap()
        .contains("approve"));
    let thread = ap
        .first_thread(json!({"status": "interrupted", "values": {"turns": 1}}))
        .await;
    assert!(thread.is_object());
    let resumed = ap
        .call(
            "POST",
            "/runs/wait",
            "/runs/wait",
            Some(json!({"thread_id": "11111111-2222-4333-8444-555555555555", "input": "yes"})),
            200,
        )
        .await;
    assert_eq!(resumed["run"]["status"], "success");
    assert_eq!(
        resumed["messages"].as_array().unwrap().last().unwrap()["content"][0]["text"],
        "Resumed with your answer: yes. Done."
    );
    // A failing run: status error, an `error` event on its stream.
    let failed = ap
        .call(
            "POST",
            "/runs/wait",
            "/runs/wait",
            Some(json!({"input": "fail now"})),
            200,
        )
        .await;
    assert_eq!(failed["run"]["status"], "error");
    let rid = failed["run"]["run_id"].as_str().unwrap();
    let (_, body) = ap.raw("GET", &format!("/runs/{rid}/stream"), None).await;
    let (_, view) = replay(Dialect::AgentProtocol, body.as_bytes());
    assert!(
        matches!(view.status, Some(RunStatus::Error)),
        "{:?}",
        view.status
    );
}

#[tokio::test]
async fn closing_the_stream_cancels_unless_on_disconnect_continue() {
    let ap = Ap::new();
    for (mode, expect) in [("cancel", "interrupted"), ("continue", "success")] {
        let req = Request::post("/runs/stream")
            .header("content-type", "application/json")
            .body(Body::from(
                json!({"input": "hello", "on_completion": "keep", "on_disconnect": mode,
                    "stream_mode": "messages"})
                .to_string(),
            ))
            .unwrap();
        let resp = ap.app.clone().oneshot(req).await.unwrap();
        let mut body = resp.into_body();
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        let meta = String::from_utf8(first.to_vec()).unwrap();
        let (_, data) = frames(&meta).remove(0);
        let run_id = serde_json::from_str::<Value>(&data).unwrap()["run_id"]
            .as_str()
            .unwrap()
            .to_owned();
        drop(body);
        let waited = ap
            .call(
                "GET",
                "/runs/{run_id}/wait",
                &format!("/runs/{run_id}/wait"),
                None,
                200,
            )
            .await;
        assert_eq!(waited["run"]["status"], expect, "on_disconnect {mode}");
    }
}

#[tokio::test]
async fn the_store_puts_gets_searches_and_deletes() {
    let ap = Ap::new();
    for (ns, key, v) in [
        (json!(["users", "ana"]), "prefs", json!({"theme": "dark"})),
        (json!(["users", "ben"]), "prefs", json!({"theme": "light"})),
        (
            json!(["docs"]),
            "readme",
            json!({"theme": "dark", "len": 3}),
        ),
    ] {
        ap.call(
            "PUT",
            "/store/items",
            "/store/items",
            Some(json!({"namespace": ns, "key": key, "value": v})),
            204,
        )
        .await;
    }
    ap.call(
        "PUT",
        "/store/items",
        "/store/items",
        Some(json!({"namespace": ["x"], "key": "k"})),
        422,
    )
    .await;
    let item = ap
        .call(
            "GET",
            "/store/items",
            "/store/items?key=prefs&namespace=users&namespace=ana",
            None,
            200,
        )
        .await;
    assert_eq!(item["value"]["theme"], "dark");
    ap.call(
        "GET",
        "/store/items",
        "/store/items?namespace=users",
        None,
        400,
    )
    .await;
    ap.call(
        "GET",
        "/store/items",
        "/store/items?key=nope&namespace=users",
        None,
        404,
    )
    .await;
    let found = ap
        .call(
            "POST",
            "/store/items/search",
            "/store/items/search",
            Some(json!({"namespace_prefix": ["users"], "filter": {"theme": "dark"}})),
            200,
        )
        .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let spaces = ap
        .call(
            "POST",
            "/store/namespaces",
            "/store/namespaces",
            Some(json!({"max_depth": 1})),
            200,
        )
        .await;
    assert_eq!(spaces, json!([["docs"], ["users"]]));
    let spaces = ap
        .call(
            "POST",
            "/store/namespaces",
            "/store/namespaces",
            Some(json!({"prefix": ["users"]})),
            200,
        )
        .await;
    assert_eq!(spaces, json!([["users", "ana"], ["users", "ben"]]));
    ap.call(
        "DELETE",
        "/store/items",
        "/store/items",
        Some(json!({"namespace": ["docs"], "key": "readme"})),
        204,
    )
    .await;
    ap.call(
        "DELETE",
        "/store/items",
        "/store/items",
        Some(json!({"namespace": ["docs"], "key": "readme"})),
        404,
    )
    .await;
}

#[tokio::test]
async fn seeded_runs_cover_every_status_and_page() {
    let ap = Ap::new();
    let all = ap
        .call(
            "POST",
            "/runs/search",
            "/runs/search",
            Some(json!({"limit": 100})),
            200,
        )
        .await;
    let statuses: std::collections::BTreeSet<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    for s in ["success", "error", "timeout", "interrupted"] {
        assert!(statuses.contains(s), "no seeded {s} run");
    }
    let created: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["created_at"].as_str().unwrap())
        .collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted, "newest first");
    let p2 = ap
        .call(
            "POST",
            "/runs/search",
            "/runs/search",
            Some(json!({"limit": 5, "offset": 5})),
            200,
        )
        .await;
    assert_eq!(p2[0], all[5]);
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|r| r.get("thread_id").is_none()),
        "a stateless run"
    );
    ap.call(
        "POST",
        "/runs/search",
        "/runs/search",
        Some(json!({"status": "done"})),
        422,
    )
    .await;
    ap.call(
        "POST",
        "/runs/search",
        "/runs/search",
        Some(json!({"thread_id": "t1"})),
        422,
    )
    .await;
}

#[tokio::test]
async fn a_webhook_gets_the_finished_run() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut s, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = s.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_lowercase()
                            .strip_prefix("content-length: ")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap();
                if body.len() >= len {
                    s.write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
                        .await
                        .unwrap();
                    return (head.to_owned(), body.to_owned());
                }
            }
        }
    });
    let ap = Ap::new();
    ap.call(
        "POST",
        "/runs/wait",
        "/runs/wait",
        Some(json!({"input": "hi", "webhook": format!("http://127.0.0.1:{port}/hook")})),
        200,
    )
    .await;
    let (head, body) = tokio::time::timeout(std::time::Duration::from_secs(5), got)
        .await
        .unwrap()
        .unwrap();
    assert!(head.starts_with("POST /hook HTTP/1.1"), "{head}");
    let run: Value = serde_json::from_str(&body).unwrap();
    assert_schema("Run", &run);
    assert_eq!(run["status"], "success");
}

#[test]
fn the_schema_check_refuses_what_the_spec_refuses() {
    let bad = [
        ("Run", json!({"run_id": "r", "status": "pending"})),
        (
            "Run",
            json!({"run_id": "6a3c0f61-3e0c-4e5e-8a3c-1f0e9d8c7b6a", "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z", "status": "done", "metadata": {}}),
        ),
        (
            "Thread",
            json!({"thread_id": "t", "created_at": "x", "updated_at": "x", "metadata": {}, "status": "idle"}),
        ),
        ("Agent", json!({"agent_id": "a", "name": "n"})),
    ];
    for (name, v) in bad {
        let r = std::panic::catch_unwind(|| assert_schema(name, &v));
        assert!(r.is_err(), "{name} accepted {v}");
    }
    assert_schema(
        "Agent",
        &json!({"agent_id": "a", "name": "n", "capabilities": {}}),
    );
}

/// Reads a thread subscription until `done` holds for the frames so far (or 10 s pass).
async fn read_subscription(
    ap: &Ap,
    thread: &str,
    body: Value,
    done: impl Fn(&[(String, String)]) -> bool,
) -> Vec<(String, String)> {
    let req = Request::post(format!("/threads/{thread}/stream"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let resp = ap.app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let mut stream = resp.into_body();
    let mut text = String::new();
    let read = async {
        loop {
            let frame = stream.frame().await.unwrap().unwrap();
            text.push_str(std::str::from_utf8(&frame.into_data().unwrap()).unwrap());
            if done(&frames(&text)) {
                break;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), read)
        .await
        .expect("the subscription delivered what was awaited");
    frames(&text)
}

fn ended(fs: &[(String, String)]) -> bool {
    fs.iter().any(|(e, d)| {
        e == "lifecycle"
            && ["completed", "interrupted", "failed"]
                .iter()
                .any(|p| d.contains(p))
    })
}

#[tokio::test]
async fn the_thread_centric_stream_runs_by_command_and_replays_by_seq() {
    let ap = Ap::new();
    let tid = "22222222-3333-4444-8555-666666666666";
    // run.start creates the thread (protocol.cddl: lazily on the first run.start).
    let started = ap
        .call(
            "POST",
            "/threads/{thread_id}/commands",
            &format!("/threads/{tid}/commands"),
            Some(
                json!({"id": 1, "method": "run.start", "params": {"assistantId": "demo",
                "input": {"messages": [{"role": "human", "content": "hello protocol"}]}}}),
            ),
            200,
        )
        .await;
    assert_schema("StreamingCommandResponse", &started);
    assert_eq!(started["type"], "success");
    assert!(started["result"]["runId"].is_string());
    let all = json!({"channels": ["values", "updates", "messages", "tools", "lifecycle", "input", "custom"], "since": 0});
    let fs = read_subscription(&ap, tid, all.clone(), ended).await;
    for (_, data) in &fs {
        assert_schema("StreamingEvent", &serde_json::from_str(data).unwrap());
    }
    let body: String = fs
        .iter()
        .map(|(e, d)| format!("event: {e}\ndata: {d}\n\n"))
        .collect();
    let (_, view) = replay(Dialect::AgentProtocol, body.as_bytes());
    assert!(view.warnings.is_empty(), "{:?}", view.warnings);
    assert_eq!(view.status, Some(RunStatus::Success));
    assert_eq!(
        view.messages.last().unwrap().plain_text(),
        "Echo: hello protocol"
    );
    // since: only what came after.
    let seqs: Vec<u64> = fs
        .iter()
        .map(|(_, d)| {
            serde_json::from_str::<Value>(d).unwrap()["seq"]
                .as_u64()
                .unwrap()
        })
        .collect();
    let mid = seqs[seqs.len() / 2];
    let later = read_subscription(&ap, tid, json!({"channels": ["values", "updates", "messages", "tools", "lifecycle", "input", "custom"], "since": mid}), ended).await;
    let first = serde_json::from_str::<Value>(&later[0].1).unwrap()["seq"]
        .as_u64()
        .unwrap();
    assert_eq!(first, mid + 1);
    // Channels filter.
    let life = read_subscription(&ap, tid, json!({"channels": ["lifecycle"]}), ended).await;
    assert!(life.iter().all(|(e, _)| e == "lifecycle"));
    assert_eq!(life.len(), 2, "running and completed");
    // An interrupt answered with input.respond.
    ap.call("POST", "/threads/{thread_id}/commands", &format!("/threads/{tid}/commands"),
        Some(json!({"id": 2, "method": "run.start", "params": {"assistant_id": "demo", "input": "approve it"}})), 200)
        .await;
    let fs = read_subscription(
        &ap,
        tid,
        json!({"channels": ["input", "lifecycle"], "since": seqs.last().unwrap()}),
        ended,
    )
    .await;
    let asked: Value =
        serde_json::from_str(&fs.iter().find(|(e, _)| e == "input.requested").unwrap().1).unwrap();
    let interrupt = asked["params"]["data"]["interruptId"]
        .as_str()
        .unwrap()
        .to_owned();
    let wrong = ap
        .call("POST", "/threads/{thread_id}/commands", &format!("/threads/{tid}/commands"),
            Some(json!({"id": 3, "method": "input.respond", "params": {"namespace": [], "interruptId": "nope", "response": "yes"}})), 200)
        .await;
    assert_schema("StreamingCommandResponse", &wrong);
    assert_eq!(wrong["error"], "no_such_interrupt");
    let ok = ap
        .call("POST", "/threads/{thread_id}/commands", &format!("/threads/{tid}/commands"),
            Some(json!({"id": 4, "method": "input.respond", "params": {"namespace": [], "interruptId": interrupt, "response": "yes"}})), 200)
        .await;
    assert_eq!(ok["type"], "success");
    let applied = ok["meta"]["appliedThroughSeq"].as_u64().unwrap();
    let fs = read_subscription(
        &ap,
        tid,
        json!({"channels": ["values", "messages", "lifecycle"], "since": applied}),
        ended,
    )
    .await;
    let body: String = fs
        .iter()
        .map(|(e, d)| format!("event: {e}\ndata: {d}\n\n"))
        .collect();
    let (_, view) = replay(Dialect::AgentProtocol, body.as_bytes());
    assert_eq!(
        view.messages.last().unwrap().plain_text(),
        "Resumed with your answer: yes. Done."
    );
    // Refusals.
    let unknown = ap
        .call(
            "POST",
            "/threads/{thread_id}/commands",
            &format!("/threads/{tid}/commands"),
            Some(json!({"id": 5, "method": "state.fly", "params": {}})),
            200,
        )
        .await;
    assert_eq!(unknown["error"], "unknown_command");
    ap.call(
        "POST",
        "/threads/{thread_id}/commands",
        &format!("/threads/{tid}/commands"),
        Some(json!({"method": "run.start"})),
        422,
    )
    .await;
    ap.call(
        "POST",
        "/threads/{thread_id}/stream",
        &format!("/threads/{tid}/stream"),
        Some(json!({"channels": ["radio"]})),
        422,
    )
    .await;
    ap.call(
        "POST",
        "/threads/{thread_id}/stream",
        &format!("/threads/{tid}/stream"),
        Some(json!({"channels": []})),
        422,
    )
    .await;
    ap.call(
        "POST",
        "/threads/{thread_id}/stream",
        "/threads/00000000-0000-4000-8000-000000000000/stream",
        Some(json!({"channels": ["values"]})),
        404,
    )
    .await;
}
