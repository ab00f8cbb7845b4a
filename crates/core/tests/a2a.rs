//! The A2A adapter over recorded streams and answers (`fixtures/a2a/README.md`): the bundled a2a-sdk
//! agent in both protocol versions, and the real LangGraph server's own `/a2a/{assistant}`. What the
//! reducer builds must be what the task's own updates say (read here without the adapter); any split
//! of the bytes must change nothing.

use agent_console_core::backend::ConnectForm;
use agent_console_core::domain::{Block, Role, RunStatus};
use agent_console_core::{replay, Dialect, StreamPipeline, ThreadView};
use proptest::prelude::*;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/a2a")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Every JSON-RPC result of a recorded stream, read without the adapter.
fn results(body: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(body)
        .lines()
        .filter_map(|l| l.trim_end_matches('\r').strip_prefix("data: "))
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .filter_map(|v| v.get("result").cloned())
        .collect()
}

/// The result unwrapped (1.0 wraps it by kind).
fn inner(r: &Value) -> &Value {
    ["task", "statusUpdate", "artifactUpdate", "message"]
        .iter()
        .find_map(|k| r.get(*k))
        .unwrap_or(r)
}

/// The last state the stream's updates say, lower case.
fn last_state(body: &[u8]) -> String {
    results(body)
        .iter()
        .rev()
        .find_map(|r| inner(r)["status"]["state"].as_str().map(str::to_owned))
        .expect("a state")
        .to_ascii_lowercase()
        .replace("task_state_", "")
        .replace('_', "-")
}

/// The text of each artifact, its chunks joined, in order of first appearance.
fn artifact_texts(body: &[u8]) -> Vec<String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in results(body) {
        let u = inner(&r);
        let Some(a) = u.get("artifact") else { continue };
        let id = a["artifactId"].as_str().unwrap().to_owned();
        let text: String = a["parts"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["text"].as_str())
            .collect();
        match out.iter_mut().find(|(k, _)| *k == id) {
            Some((_, t)) if u["append"] == true => t.push_str(&text),
            Some((_, t)) => *t = text,
            None => out.push((id, text)),
        }
    }
    out.into_iter()
        .map(|(_, t)| t)
        .filter(|t| !t.is_empty())
        .collect()
}

fn ai_texts(view: &ThreadView) -> Vec<String> {
    view.messages
        .iter()
        .filter(|m| m.role == Role::Ai && m.blocks.iter().any(|b| matches!(b, Block::Text { .. })))
        .map(|m| m.plain_text())
        .collect()
}

fn status_of(state: &str) -> RunStatus {
    match state {
        "completed" => RunStatus::Success,
        "failed" => RunStatus::Error,
        "canceled" => RunStatus::Cancelled,
        "input-required" => RunStatus::Interrupted,
        "working" => RunStatus::Running,
        other => panic!("no state {other} in these fixtures"),
    }
}

const STREAMS: [&str; 19] = [
    "sdk03_stream_echo.sse",
    "sdk03_stream_ask.sse",
    "sdk03_stream_answer.sse",
    "sdk03_stream_fail.sse",
    "sdk03_stream_data.sse",
    "sdk03_stream_file.sse",
    "sdk03_stream_slow_cancel.sse",
    "sdk10_stream_echo.sse",
    "sdk10_stream_ask.sse",
    "sdk10_stream_answer.sse",
    "sdk10_stream_fail.sse",
    "sdk10_stream_data.sse",
    "sdk10_stream_slow_cancel.sse",
    "lg_stream_plain.sse",
    "lg_stream_interrupt.sse",
    "lg_stream_resume.sse",
    "lg_stream_cancel.sse",
    "lg_stream_long_heartbeat.sse",
    "lg_stream_crash.sse",
];

#[test]
fn every_recorded_stream_ends_as_its_task_says() {
    for name in STREAMS {
        let body = fixture(name);
        let (_, view) = replay(Dialect::A2a, &body);
        let first = results(&body);
        let task = inner(&first[0]);
        // A resume on the SDK starts with a status update, not the task.
        let id = task["id"].as_str().or(task["taskId"].as_str());
        assert_eq!(view.status, Some(status_of(&last_state(&body))), "{name}");
        assert_eq!(view.run_id.as_deref(), id, "{name}: the run is the task");
        assert_eq!(
            view.thread_id.as_deref(),
            task["contextId"].as_str(),
            "{name}: the thread is the context"
        );
        // The agent's text artifacts, each once, their chunks in order (LangGraph's "Interrupt"
        // holds data only).
        let texts = ai_texts(&view);
        for want in artifact_texts(&body) {
            assert_eq!(
                texts.iter().filter(|t| **t == want).count(),
                1,
                "{name}: {want:?} in {texts:?}"
            );
        }
        assert!(view.warnings.is_empty(), "{name}: {:?}", view.warnings);
    }
}

#[test]
fn a_task_waiting_for_input_is_an_interrupt_with_its_question() {
    for (name, question, options) in [
        ("sdk03_stream_ask.sse", "Which city?", vec![]),
        ("sdk10_stream_ask.sse", "Which city?", vec![]),
        (
            "lg_stream_interrupt.sse",
            "Publish the echo?",
            vec!["yes", "no"],
        ),
    ] {
        let body = fixture(name);
        let (_, view) = replay(Dialect::A2a, &body);
        assert_eq!(view.status, Some(RunStatus::Interrupted), "{name}");
        assert_eq!(view.interrupts.len(), 1, "{name}");
        let i = &view.interrupts[0];
        assert_eq!(i.question(), Some(question), "{name}");
        assert_eq!(i.options(), options, "{name}");
        assert_eq!(
            i.id.as_deref(),
            inner(&results(&body)[0])["id"].as_str(),
            "{name}: answered in its task"
        );
    }
    // LangGraph's reply so far came as progress (a new message id each update): one message, and
    // the interrupt's artifact is not one.
    let (_, view) = replay(Dialect::A2a, &fixture("lg_stream_interrupt.sse"));
    let texts = ai_texts(&view);
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(
        texts[0].starts_with("Quartz echo: please approve this"),
        "{texts:?}"
    );
    assert!(!view
        .messages
        .iter()
        .any(|m| m.blocks.iter().any(|b| matches!(b, Block::Json { .. }))));
}

#[test]
fn langgraph_progress_gives_way_to_its_reply() {
    let body = fixture("lg_stream_plain.sse");
    let (_, view) = replay(Dialect::A2a, &body);
    assert_eq!(ai_texts(&view), artifact_texts(&body));
    assert_eq!(
        view.messages
            .iter()
            .filter(|m| m.role == Role::Human)
            .count(),
        1
    );
}

#[test]
fn a_failure_is_said_in_the_agents_words() {
    for (name, words) in [
        ("sdk03_stream_fail.sse", "The agent failed on purpose"),
        ("sdk10_stream_fail.sse", "The agent failed on purpose"),
        ("lg_stream_crash.sse", "The graph crashed on purpose."),
    ] {
        let (_, view) = replay(Dialect::A2a, &fixture(name));
        assert_eq!(view.status, Some(RunStatus::Error), "{name}");
        assert!(
            view.errors.iter().any(|e| e.message.starts_with(words)),
            "{name}: {:?}",
            view.errors
        );
    }
}

#[test]
fn data_and_file_parts_are_a_tree_and_an_attachment() {
    for name in ["sdk03_stream_data.sse", "sdk10_stream_data.sse"] {
        let (_, view) = replay(Dialect::A2a, &fixture(name));
        let json: Vec<&Value> = view
            .messages
            .iter()
            .flat_map(|m| &m.blocks)
            .filter_map(|b| match b {
                Block::Json { value } => Some(value),
                _ => None,
            })
            .collect();
        // The SDK sends whole numbers of data parts as floats.
        assert_eq!(json.len(), 1, "{name}");
        assert_eq!(json[0]["city"], "Paris", "{name}");
        let temps: Vec<f64> = json[0]["temps"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        assert_eq!(temps, vec![1.0, 2.0, 3.0], "{name}");
    }
    let (_, view) = replay(Dialect::A2a, &fixture("sdk03_stream_file.sse"));
    let file = view
        .messages
        .iter()
        .flat_map(|m| &m.blocks)
        .find_map(|b| match b {
            Block::File { name, mime, size } => Some((name.clone(), mime.clone(), *size)),
            _ => None,
        })
        .expect("a file block");
    assert_eq!(
        file,
        (
            Some("hello.txt".into()),
            Some("text/plain".into()),
            Some(10)
        )
    );
}

#[test]
fn a_resubscription_starts_from_the_task_and_shows_nothing_twice() {
    for name in ["sdk03_resubscribe_slow.sse", "sdk10_subscribe_slow.sse"] {
        let body = fixture(name);
        let (_, view) = replay(Dialect::A2a, &body);
        // The ticks (the cancel's own message aside).
        let texts: Vec<String> = ai_texts(&view)
            .into_iter()
            .filter(|t| t.contains("tick"))
            .collect();
        assert_eq!(texts.len(), 1, "{name}: {texts:?}");
        // Every tick once, in order, from the task's artifact to the last appended chunk.
        let ticks: Vec<u32> = texts[0]
            .split("tick ")
            .filter_map(|t| t.trim().parse().ok())
            .collect();
        assert!(ticks.len() > 4, "{name}: {ticks:?}");
        assert!(
            ticks.windows(2).all(|w| w[1] == w[0] + 1),
            "{name}: {ticks:?}"
        );
    }
}

#[test]
fn a_task_read_whole_is_one_answer_to_the_same_view() {
    // How a run is followed where the server cannot resubscribe: tasks/get, read as a stream.
    for (name, status) in [
        ("lg_tasks_get.json", RunStatus::Success),
        ("lg_tasks_get_interrupted.json", RunStatus::Interrupted),
        ("sdk03_tasks_get.json", RunStatus::Success),
        ("sdk10_get_task.json", RunStatus::Success),
    ] {
        let body = fixture(name);
        let (_, view) = replay(Dialect::A2a, &body);
        let v: Value = serde_json::from_slice(&body).unwrap();
        let task = inner(&v["result"]);
        assert_eq!(view.status, Some(status), "{name}");
        assert_eq!(view.run_id.as_deref(), task["id"].as_str(), "{name}");
        assert!(!view.messages.is_empty(), "{name}");
        // Read twice (the follow reads it again until the task ends): the same view.
        let mut twice = body.clone();
        twice.extend_from_slice(&body);
        let (_, again) = replay(Dialect::A2a, &twice);
        assert_eq!(again.messages, view.messages, "{name}");
    }
}

#[test]
fn errors_are_named_by_their_code() {
    let bad = br#"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid assistant ID: must be a UUID"}}"#;
    let (_, view) = replay(Dialect::A2a, bad);
    assert_eq!(view.status, Some(RunStatus::Error));
    assert_eq!(
        view.errors[0].message,
        "JSON-RPC error -32602 (invalid params): Invalid assistant ID: must be a UUID"
    );
    // A task over or gone (a resubscription after its end, LangGraph's answer to a message to a
    // finished task): kept, not a failure of the run — the server's task settles it.
    let (batches, view) = replay(Dialect::A2a, &fixture("lg_error_terminal.json"));
    assert!(
        view.errors.is_empty() && view.status.is_none(),
        "{:?}",
        view.errors
    );
    assert!(batches.iter().flat_map(|b| &b.events).any(|e| matches!(e, agent_console_core::event::StreamEvent::Trace { stream, .. } if stream == "a2a-error")));
}

#[test]
fn a_card_url_names_its_agent() {
    let form = ConnectForm::of(Dialect::A2a);
    for (typed, agent) in [
        ("http://127.0.0.1:2180", "http://127.0.0.1:2180"),
        (
            "http://127.0.0.1:2180/.well-known/agent-card.json",
            "http://127.0.0.1:2180",
        ),
        (
            "http://h/agents/x/.well-known/agent.json",
            "http://h/agents/x",
        ),
        (
            "http://127.0.0.1:2150/.well-known/agent-card.json?assistant_id=abc",
            "http://127.0.0.1:2150/a2a/abc",
        ),
        (
            "http://127.0.0.1:2150/a2a/abc",
            "http://127.0.0.1:2150/a2a/abc",
        ),
    ] {
        assert_eq!(form.server_url(typed), agent);
    }
    // Other dialects keep what was typed.
    let lg = ConnectForm::of(Dialect::LangGraph);
    assert_eq!(
        lg.server_url("http://h/.well-known/agent-card.json"),
        "http://h/.well-known/agent-card.json"
    );
}

fn view_of_chunks(chunks: &[&[u8]]) -> ThreadView {
    let mut p = StreamPipeline::new(Dialect::A2a);
    let mut view = ThreadView::new();
    for c in chunks {
        for (_, b) in p.feed(c) {
            view.apply(&b);
        }
    }
    p.finish_into(&mut view);
    view
}

proptest! {
    #[test]
    fn any_split_of_the_bytes_gives_the_same_view(
        which in 0..STREAMS.len(),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let body = fixture(STREAMS[which]);
        let (_, whole) = replay(Dialect::A2a, &body);
        let mut at: Vec<usize> = cuts.iter().map(|i| i.index(body.len() + 1)).collect();
        at.sort_unstable();
        at.dedup();
        let mut chunks: Vec<&[u8]> = Vec::new();
        let mut from = 0;
        for a in at {
            chunks.push(&body[from..a]);
            from = a;
        }
        chunks.push(&body[from..]);
        let split = view_of_chunks(&chunks);
        prop_assert_eq!(split.messages, whole.messages);
        prop_assert_eq!(split.status, whole.status);
        prop_assert_eq!(split.interrupts, whole.interrupts);
    }
}

/// A scripted A2A server: the card at its path, and each JSON-RPC method's answer by name (an
/// unscripted method: -32601, as a server without it answers).
struct Scripted {
    card: Option<Value>,
    answers: Vec<(&'static str, Value)>,
    asked: std::cell::RefCell<Vec<agent_console_core::http::HttpRequest>>,
}

impl agent_console_core::backend::Http for Scripted {
    async fn send(
        &self,
        req: &agent_console_core::http::HttpRequest,
    ) -> Result<agent_console_core::backend::HttpResponse, agent_console_core::http::ApiError> {
        self.asked.borrow_mut().push(req.clone());
        let ok = |body: String| agent_console_core::backend::HttpResponse {
            status: 200,
            headers: Vec::new(),
            body,
        };
        if req.path.contains(".well-known") {
            return match &self.card {
                Some(c) if req.path.ends_with("agent-card.json") => Ok(ok(c.to_string())),
                _ => Err(agent_console_core::http::ApiError::Status {
                    status: 404,
                    message: "Not Found".into(),
                    purpose: req.purpose,
                }),
            };
        }
        let method = req
            .body
            .as_ref()
            .and_then(|b| b["method"].as_str())
            .unwrap_or_default()
            .to_owned();
        let answer = self
            .answers
            .iter()
            .find(|(m, _)| *m == method)
            .map(|(_, a)| serde_json::json!({"jsonrpc": "2.0", "id": 1, "result": a}))
            .unwrap_or_else(|| serde_json::json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32601, "message": "Method not found"}}));
        Ok(ok(answer.to_string()))
    }
}

fn scripted(card: Option<Value>, answers: Vec<(&'static str, Value)>) -> Scripted {
    Scripted {
        card,
        answers,
        asked: Default::default(),
    }
}

fn send_request(thread: Option<&str>) -> agent_console_core::backend::SendRequest {
    agent_console_core::backend::SendRequest {
        thread: thread.map(str::to_owned),
        assistant: None,
        text: "hello".into(),
        attachments: Vec::new(),
        message_id: "0f498eb7-6e72-4f7d-a418-321b563ec923".into(),
        settings: agent_console_core::backend::RunOptionsForm::A2a
            .settings(&Default::default(), None)
            .unwrap(),
        checkpoint: None,
    }
}

#[test]
fn a_server_without_list_tasks_or_resubscribe_is_followed_by_reading_its_task() {
    use agent_console_core::domain::ServerProfile;
    use futures::executor::block_on;
    // A 0.3 card and only the 0.3 core methods.
    let card = serde_json::json!({"name": "plain", "url": "http://x/", "protocolVersion": "0.3.0",
        "capabilities": {"streaming": true}, "skills": []});
    let h = scripted(
        Some(card),
        vec![(
            "tasks/get",
            serde_json::json!({"kind": "task", "id": "t1", "contextId": "c1", "status": {"state": "working"}}),
        )],
    );
    let profile = ServerProfile::new("http://x", Dialect::A2a);
    let c =
        block_on(agent_console_core::backend::Backend::connect(&profile, &h)).expect("connects");
    let caps = c.backend.capabilities();
    assert!(!caps.thread_filters.listed);
    assert!(
        caps.status.contains("A2A 0.3") && caps.status.contains("reading the task"),
        "{}",
        caps.status
    );
    assert_eq!(c.assistants[0].name, "plain");
    // Opening a conversation says what it cannot show.
    let snap = block_on(c.backend.open_thread(&h, "c1")).unwrap();
    assert!(
        snap.messages.is_empty() && snap.problems[0].contains("ListTasks"),
        "{:?}",
        snap.problems
    );
    // A drop is followed by reading the task (a JSON answer read as a stream).
    let rejoin = c.backend.rejoin("c1", "t1", &ThreadView::new());
    assert_eq!(rejoin.body.as_ref().unwrap()["method"], "tasks/get");
    assert!(rejoin.streaming);
    assert_eq!(
        block_on(c.backend.run_status(&h, "c1", "t1")).unwrap(),
        RunStatus::Running
    );
    // A new conversation's first message names it (a UUID), and a stream follows.
    let started = block_on(c.backend.send(&h, send_request(None))).expect("sends");
    let ctx = started.thread.clone().expect("a conversation");
    assert_eq!(ctx.len(), 36, "{ctx}");
    assert_eq!(
        started.new_thread.as_ref().map(|t| t.id.as_str()),
        Some(ctx.as_str())
    );
    let body = started.request.body.clone().unwrap();
    assert_eq!(body["method"], "message/stream");
    assert_eq!(body["params"]["message"]["contextId"], ctx.as_str());
    assert_eq!(body["params"]["message"]["kind"], "message");
    assert!(started
        .request
        .headers
        .iter()
        .all(|(k, _)| k != "A2A-Version"));
}

#[test]
fn version_one_is_spoken_where_the_card_or_the_user_says_so() {
    use agent_console_core::domain::ServerProfile;
    use futures::executor::block_on;
    let card = serde_json::json!({"name": "new", "supportedInterfaces": [{"url": "http://x/", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}],
        "capabilities": {"streaming": true}, "skills": []});
    let h = scripted(
        Some(card.clone()),
        vec![
            ("ListTasks", serde_json::json!({"tasks": []})),
            ("SubscribeToTask", serde_json::json!({})),
        ],
    );
    let c = block_on(agent_console_core::backend::Backend::connect(
        &ServerProfile::new("http://x", Dialect::A2a),
        &h,
    ))
    .unwrap();
    let caps = c.backend.capabilities();
    assert!(
        caps.thread_filters.listed
            && caps.status.contains("A2A 1.0")
            && caps.status.contains("resubscribed"),
        "{}",
        caps.status
    );
    let started = block_on(c.backend.send(&h, send_request(Some("c1")))).unwrap();
    let body = started.request.body.clone().unwrap();
    assert_eq!(body["method"], "SendStreamingMessage");
    assert_eq!(body["params"]["message"]["role"], "ROLE_USER");
    assert!(started
        .request
        .headers
        .iter()
        .any(|(k, v)| k == "A2A-Version" && v == "1.0"));
    // The user's choice wins over the card; a version that is neither is refused in words.
    let mut p = ServerProfile::new("http://x", Dialect::A2a);
    p.folder_id = Some("0.3".into());
    let c = block_on(agent_console_core::backend::Backend::connect(&p, &h)).unwrap();
    assert!(c.backend.capabilities().status.contains("A2A 0.3"));
    p.folder_id = Some("2.0".into());
    let e = block_on(agent_console_core::backend::Backend::connect(&p, &h))
        .err()
        .unwrap();
    assert!(e.to_string().contains("0.3 or 1.0"), "{e}");
    // No card: said, with what to enter.
    let none = scripted(None, Vec::new());
    let e = block_on(agent_console_core::backend::Backend::connect(
        &ServerProfile::new("http://x", Dialect::A2a),
        &none,
    ))
    .err()
    .unwrap();
    assert!(e.to_string().contains("no agent card"), "{e}");
}

#[test]
fn a_cancelled_langgraph_reply_keeps_what_it_streamed() {
    // LangGraph ends a cancelled task's stream with an empty "Assistant Response" and "completed":
    // the reply so far stays, under its own id; nothing empty is shown.
    let (_, view) = replay(Dialect::A2a, &fixture("lg_stream_cancel.sse"));
    let texts = ai_texts(&view);
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].split(' ').count() > 5, "{texts:?}");
    assert!(view
        .messages
        .iter()
        .all(|m| !m.id.starts_with("a2a-progress:")));
    assert!(view.messages.iter().all(|m| !m.plain_text().is_empty()));
}

#[test]
fn langgraphs_review_interrupt_is_its_own_form() {
    let (_, view) = replay(Dialect::A2a, &fixture("lg_stream_interrupt_review.sse"));
    let i = &view.interrupts[0];
    assert_eq!(i.question(), Some("Review the release notes"));
    let fields: Vec<&str> = i.response_schema.as_ref().unwrap()["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(fields, ["reviewer", "approved", "score", "channel"]);
}

/// Events of a stream as SSE, each a JSON-RPC result.
fn sse(results: &[Value]) -> Vec<u8> {
    results
        .iter()
        .map(|r| {
            format!(
                "data: {}\n\n",
                serde_json::json!({"jsonrpc": "2.0", "id": 1, "result": r})
            )
        })
        .collect::<String>()
        .into_bytes()
}

#[test]
fn progress_that_does_not_go_on_stays_and_a_task_read_whole_hides_the_servers_own_words() {
    let status = |state: &str, text: Option<&str>, id: &str| {
        let mut s = serde_json::json!({"kind": "status-update", "taskId": "t", "contextId": "c", "status": {"state": state}});
        if let Some(t) = text {
            s["status"]["message"] = serde_json::json!({"kind": "message", "messageId": id, "role": "agent", "parts": [{"kind": "text", "text": t}]});
        }
        s
    };
    let body = sse(&[
        serde_json::json!({"kind": "task", "id": "t", "contextId": "c", "status": {"state": "submitted"}}),
        status("working", Some("Looking it up"), "p1"),
        status("working", Some("Reading the page"), "p2"),
        serde_json::json!({"kind": "artifact-update", "taskId": "t", "contextId": "c", "artifact": {"artifactId": "a", "parts": [{"kind": "text", "text": "The answer"}]}}),
        status("completed", None, ""),
    ]);
    let (_, view) = replay(Dialect::A2a, &body);
    assert_eq!(
        ai_texts(&view),
        ["Looking it up", "Reading the page", "The answer"]
    );
    assert_eq!(view.status, Some(RunStatus::Success));
    // A completed task read whole (LangGraph's tasks/get) says "Task completed successfully" in
    // its status, a new id each read: not a message.
    let (_, read) = replay(Dialect::A2a, &fixture("lg_tasks_get.json"));
    assert!(
        ai_texts(&read)
            .iter()
            .all(|t| t != "Task completed successfully"),
        "{:?}",
        ai_texts(&read)
    );
}

#[test]
fn conversations_are_named_by_their_earliest_user_message() {
    let v: Value =
        serde_json::from_str(&String::from_utf8(fixture("lg_list_tasks.json")).unwrap()).unwrap();
    let (tasks, more) = agent_console_core::dialects::a2a::convert::tasks(&v["result"]);
    assert!(!more);
    let threads = agent_console_core::dialects::a2a::convert::threads(&tasks);
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].title.as_deref(), Some("please approve this"));
}

#[test]
fn answers_each_have_their_own_id_and_langgraph_takes_structured_ones_as_resume() {
    use agent_console_core::domain::ServerProfile;
    use futures::executor::block_on;
    let lg_card: Value =
        serde_json::from_str(&String::from_utf8(fixture("lg_card.json")).unwrap()).unwrap();
    let h = scripted(
        Some(lg_card),
        vec![("ListTasks", serde_json::json!({"tasks": []}))],
    );
    let c = block_on(agent_console_core::backend::Backend::connect(
        &ServerProfile::new("http://x", Dialect::A2a),
        &h,
    ))
    .unwrap();
    let answer = |v: Value| {
        c.backend
            .resume("c", None, Some("t"), v, None)
            .unwrap()
            .0
            .body
            .unwrap()
    };
    let a = answer(serde_json::json!("yes"));
    let b = answer(serde_json::json!("yes"));
    assert_ne!(
        a["params"]["message"]["messageId"],
        b["params"]["message"]["messageId"]
    );
    assert_eq!(a["params"]["message"]["parts"][0]["text"], "yes");
    assert_eq!(a["params"]["message"]["taskId"], "t");
    let form = answer(serde_json::json!({"reviewer": "ann", "score": 4}));
    assert_eq!(
        form["params"]["message"]["parts"][0]["data"],
        serde_json::json!({"resume": {"reviewer": "ann", "score": 4}})
    );
    // Another agent gets the data as it is; an unknown method (or any error) is not relied on.
    let sdk_card: Value =
        serde_json::from_str(&String::from_utf8(fixture("sdk_card.json")).unwrap()).unwrap();
    let h = scripted(
        Some(sdk_card),
        vec![("tasks/resubscribe", serde_json::json!(null))],
    );
    let c = block_on(agent_console_core::backend::Backend::connect(
        &ServerProfile::new("http://x", Dialect::A2a),
        &h,
    ))
    .unwrap();
    let body = c
        .backend
        .resume("c", None, Some("t"), serde_json::json!({"k": 1}), None)
        .unwrap()
        .0
        .body
        .unwrap();
    assert_eq!(
        body["params"]["message"]["parts"][0]["data"],
        serde_json::json!({"k": 1})
    );
    assert!(c.backend.capabilities().status.contains("resubscribed"));
    assert!(
        !c.backend.capabilities().thread_filters.listed,
        "ListTasks: -32601"
    );
}
