//! The client's backend (agent-console-core `backend`) driven against the stand-in servers in process:
//! the Agent Protocol reference server (every stage) and the Yandex AI Assistants stand-in. Their
//! answers are checked against the contracts in `agent_protocol.rs` and `yandex.rs`; here the backend
//! has to make of them what a user sees — capabilities, pages, a thread, a run streamed to its end.

use agent_console_core::attachments::Attachment;
use agent_console_core::backend::{
    Backend, CreateThreadForm, Http, HttpResponse, RunAction, RunFields, RunSearch, RunSettings,
    SendRequest, ServerRunsKind, Start, Started, ThreadQuery, ThreadRuns, HISTORY_LIMIT,
};
use agent_console_core::deeplink::ThreadSearch;
use agent_console_core::dialects::agent_protocol::requests::RunStreamOptions;
use agent_console_core::dialects::responses::requests::RunOptions as ResponsesRunOptions;
use agent_console_core::dialects::yandex::requests::RunOptions as YandexRunOptions;
use agent_console_core::domain::{
    Auth, Block, Dialect, PageCursor, Role, RunStatus, ServerProfile,
};
use agent_console_core::http::{error_from_response, ApiError, HttpRequest};
use agent_console_core::reducer::ThreadView;
use axum::body::Body;
use axum::http::Request;
use axum::Router;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// The core's `Http` over a router: the request as the browser would send it (the profile's
/// credential as a header), the whole answer read.
struct RouterHttp {
    app: Router,
    profile: ServerProfile,
    /// The base URL's path (the Responses stand-in serves under `/v1`).
    prefix: &'static str,
}

impl Http for RouterHttp {
    async fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        let mut b = Request::builder()
            .method(req.method.as_str())
            .uri(req.url(self.prefix));
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        if let Some((k, v)) = self.profile.auth.header() {
            b = b.header(k, v);
        }
        if req.body.is_some() {
            b = b.header("content-type", "application/json");
        }
        let body = req
            .body
            .as_ref()
            .map(|v| Body::from(v.to_string()))
            .unwrap_or_default();
        let resp = self
            .app
            .clone()
            .oneshot(b.body(body).unwrap())
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    v.to_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if !(200..300).contains(&status) {
            return Err(error_from_response(status, &body, req.purpose));
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

fn ap() -> (RouterHttp, ServerProfile) {
    let profile = ServerProfile::new("http://ap", Dialect::AgentProtocol);
    let h = RouterHttp {
        app: agent_console_devserver::agent_protocol::router(),
        profile: profile.clone(),
        prefix: "",
    };
    (h, profile)
}

fn yandex() -> (RouterHttp, ServerProfile) {
    let mut profile = ServerProfile::new("http://y", Dialect::Yandex);
    profile.auth = Auth::YandexApiKey("demo-api-key".into());
    profile.folder_id = Some(agent_console_devserver::yandex::store::DEMO_FOLDER.into());
    let h = RouterHttp {
        app: agent_console_devserver::yandex::router(Default::default()),
        profile: profile.clone(),
        prefix: "",
    };
    (h, profile)
}

fn responses() -> (RouterHttp, ServerProfile) {
    let mut profile = ServerProfile::new("http://r/v1", Dialect::Responses);
    profile.auth = Auth::Bearer("demo-api-key".into());
    let h = RouterHttp {
        app: agent_console_devserver::responses::router(Default::default()),
        profile: profile.clone(),
        prefix: "/v1",
    };
    (h, profile)
}

/// Reads a started run's whole stream through the backend's pipeline into a view.
async fn stream_into_view(b: &Backend, h: &RouterHttp, req: &HttpRequest) -> ThreadView {
    let body = h.send(req).await.expect("the stream opens").body;
    let mut p = b.pipeline();
    let mut v = ThreadView::new();
    // In pieces, as a network would deliver them.
    for chunk in body.as_bytes().chunks(7) {
        p.feed_into(chunk, &mut v);
    }
    p.finish_into(&mut v);
    v
}

fn all_threads() -> ThreadQuery {
    ThreadQuery {
        search: ThreadSearch::None,
        status: None,
        oldest_first: false,
    }
}

#[tokio::test]
async fn agent_protocol_every_stage_found_and_a_run_streamed_and_settled() {
    let (h, profile) = ap();
    let c = Backend::connect(&profile, &h).await.expect("connects");
    let b = c.backend;
    let caps = b.capabilities();
    let stages = caps.stages.expect("stages");
    assert!(stages.agents && stages.threads && stages.runs_search && stages.store);
    assert_eq!(
        caps.status,
        "Agent Protocol · stages: agents, threads, runs search, store"
    );
    assert!(caps.assistant_picker && caps.assistant_search);
    assert_eq!(
        caps.server_runs.map(|r| r.kind),
        Some(ServerRunsKind::Search)
    );
    assert_eq!(caps.thread_runs, Some(ThreadRuns::List));
    assert!(
        c.assistants.iter().any(|a| a.id == "demo"),
        "{:?}",
        c.assistants
    );

    let page = b
        .threads(&h, &all_threads(), &PageCursor::Offset(0))
        .await
        .expect("threads");
    assert!(page.items.len() >= 4);
    let interrupted = page
        .items
        .iter()
        .find(|t| t.status.as_str() == "interrupted")
        .expect("a seeded interrupted thread");
    let snap = b.open_thread(&h, &interrupted.id).await.expect("opens");
    assert_eq!(snap.interrupts.len(), 1);
    assert_eq!(snap.busy, Some(false));

    // A run with no thread open: the backend creates one and streams the agent's echo into it.
    let started = b
        .send(
            &h,
            SendRequest {
                thread: None,
                assistant: Some("demo".into()),
                text: "hello there".into(),
                message_id: "m-1".into(),
                // An image goes as the message's content list (text block, image_url block).
                attachments: vec![Attachment::from_bytes("dot.png", "image/png", b"\x89PNG")],
                checkpoint: None,
                settings: RunSettings::AgentProtocol {
                    options: RunStreamOptions {
                        stream_mode: vec!["values".into(), "messages".into()],
                        ..RunStreamOptions::default()
                    },
                    stateless: false,
                },
            },
        )
        .await
        .expect("starts");
    let thread = started.thread.clone().expect("a thread");
    assert_eq!(started.new_thread.as_ref().map(|t| &t.id), Some(&thread));
    assert!(matches!(started.start, Start::NewRun(Some(ref m)) if m.id == "m-1"));
    let body = started.request.body.clone().expect("a body");
    assert_eq!(
        body["messages"][0]["content"],
        json!([{"type": "text", "text": "hello there"},
               {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw=="}}])
    );
    let view = stream_into_view(&b, &h, &started.request).await;
    let reply = view
        .messages
        .iter()
        .rev()
        .find(|m| m.role == Role::Ai)
        .expect("a reply")
        .plain_text();
    assert!(reply.contains("hello there"), "{reply}");
    // The stored message keeps its image (read back as an image block).
    let stored = b.open_thread(&h, &thread).await.expect("reopens");
    let human = stored
        .messages
        .iter()
        .find(|m| m.role == Role::Human)
        .expect("the message");
    assert!(
        human.blocks.iter().any(
            |bl| matches!(bl, Block::Image { url } if url == "data:image/png;base64,iVBORw==")
        ),
        "{:?}",
        human.blocks
    );
    assert!(view.warnings.is_empty(), "{:?}", view.warnings);
    let run = view.run_id.clone().expect("the stream named its run");
    let status = b.run_status(&h, &thread, &run).await.expect("status");
    assert_eq!(status, RunStatus::Success);

    // The server-wide search finds it; waiting on it says how it ended.
    let q = RunSearch {
        thread_id: Some(thread.clone()),
        ..RunSearch::default()
    };
    let found = b.search_runs(&h, &q, 10, 0).await.expect("search");
    assert_eq!(found.len(), 1);
    let (said, fresh) = b
        .run_action(&h, &run, RunAction::Wait, "interrupt")
        .await
        .expect("wait");
    assert!(said.starts_with("Ended: success"), "{said}");
    assert_eq!(fresh.map(|r| r.run_id), Some(run.clone()));
    assert_eq!(b.thread_runs(&h, &thread, 0).await.expect("runs").len(), 1);
    assert!(!b
        .history(&h, &thread, None, HISTORY_LIMIT)
        .await
        .expect("history")
        .is_empty());
}

#[tokio::test]
async fn yandex_folder_pages_a_thread_and_a_listened_run() {
    let (h, profile) = yandex();
    let c = Backend::connect(&profile, &h).await.expect("connects");
    let b = c.backend;
    let caps = b.capabilities();
    assert_eq!(caps.stop, None, "Yandex runs cannot be stopped");
    assert_eq!(
        caps.server_runs.map(|r| r.kind),
        Some(ServerRunsKind::Folder)
    );
    assert_eq!(caps.thread_runs, Some(ThreadRuns::LastOnly));
    assert!(!caps.state_tab && !caps.thread_filters.status && !caps.thread_protocol);
    assert_eq!(c.assistants.len(), 3);

    let first = b.folder_runs(&h, 10, None).await.expect("a page of runs");
    assert_eq!(first.items.len(), 10);
    let PageCursor::Token(token) = first.next else {
        panic!("a next page token: {:?}", first.next)
    };
    let second = b.folder_runs(&h, 10, Some(&token)).await.expect("page 2");
    assert!(second.items.iter().all(|r| !first.items.contains(r)));

    let threads = b
        .threads(&h, &all_threads(), &PageCursor::Offset(0))
        .await
        .expect("threads");
    assert!(!threads.items.is_empty());

    let started = b
        .send(
            &h,
            SendRequest {
                thread: None,
                assistant: Some(c.assistants[0].id.clone()),
                text: "hello yandex".into(),
                message_id: "ignored".into(),
                attachments: Vec::new(),
                checkpoint: None,
                settings: RunSettings::Yandex(YandexRunOptions::default()),
            },
        )
        .await
        .expect("starts");
    assert!(started.text_stored, "Message.Create stored the text first");
    let thread = started.thread.clone().expect("a thread");
    assert_eq!(
        started.new_thread.as_ref().and_then(|t| t.title.clone()),
        Some("hello yandex".into())
    );
    let Start::Listen { run_id, local } = started.start.clone() else {
        panic!("a Yandex run is listened to: {:?}", started.start)
    };
    assert_eq!(local.map(|m| m.plain_text()), Some("hello yandex".into()));
    let view = stream_into_view(&b, &h, &started.request).await;
    let reply = view.messages.last().expect("a reply").plain_text();
    assert!(reply.contains("hello yandex"), "{reply}");
    assert_eq!(
        b.run_status(&h, &thread, &run_id).await.expect("status"),
        RunStatus::Success
    );
    let last = b.last_run(&h, &thread).await.expect("last run");
    assert_eq!(last.map(|r| r.id), Some(run_id));
    let snap = b.open_thread(&h, &thread).await.expect("opens");
    assert_eq!(snap.busy, None, "Yandex threads have no status");
    assert!(snap
        .messages
        .iter()
        .any(|m| m.plain_text() == "hello yandex"));
}

#[tokio::test]
async fn responses_conversations_a_streamed_reply_a_call_answered_and_a_cancel() {
    let (h, profile) = responses();
    let c = Backend::connect(&profile, &h).await.expect("connects");
    let b = c.backend;
    let caps = b.capabilities();
    assert_eq!(
        c.assistants
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>(),
        ["demo-echo", "demo-echo-mini"]
    );
    assert!(caps.assistant_picker && caps.resume && caps.stop.is_some());
    assert!(
        caps.status.contains("conversations listed"),
        "{}",
        caps.status
    );
    let settings = || RunSettings::Responses(ResponsesRunOptions::default());
    let send = |thread: Option<String>, text: &str| SendRequest {
        thread,
        assistant: Some("demo-echo".into()),
        text: text.into(),
        message_id: "local-1".into(),
        attachments: Vec::new(),
        checkpoint: None,
        settings: settings(),
    };
    // A send without a thread makes a conversation named after the text.
    let started = b
        .send(&h, send(None, "hello responses"))
        .await
        .expect("starts");
    let thread = started.thread.clone().expect("a conversation");
    assert_eq!(
        started.new_thread.and_then(|t| t.title),
        Some("hello responses".into())
    );
    // In the background: created first (its id known), then its stream read from the start.
    let Start::Listen { run_id, local } = started.start.clone() else {
        panic!("a background response is listened to: {:?}", started.start)
    };
    assert_eq!(
        local.map(|m| m.plain_text()),
        Some("hello responses".into())
    );
    assert!(started
        .request
        .url("")
        .ends_with(&format!("/responses/{run_id}?stream=true")));
    let view = stream_into_view(&b, &h, &started.request).await;
    let run = view.run_id.clone().expect("the stream names the response");
    assert_eq!(view.status, Some(RunStatus::Success));
    assert_eq!(
        b.run_status(&h, &thread, &run).await.unwrap(),
        RunStatus::Success
    );
    // The rejoin asks after the last event applied.
    let rejoin = b.rejoin(&thread, &run, &view);
    assert!(
        rejoin
            .url("")
            .contains(&format!("starting_after={}", view.applied - 1)),
        "{}",
        rejoin.url("")
    );
    let snap = b.open_thread(&h, &thread).await.expect("opens");
    let roles: Vec<Role> = snap.messages.iter().map(|m| m.role.clone()).collect();
    assert_eq!(roles, [Role::Human, Role::Ai, Role::Ai]);
    assert_eq!(snap.messages[0].plain_text(), "hello responses");
    let listed = b
        .threads(&h, &all_threads(), &PageCursor::Offset(0))
        .await
        .expect("listed");
    assert_eq!(listed.items[0].id, thread);
    // Renamed: the title changes, the rest of the metadata stays.
    let renamed = b
        .rename_thread(&h, &thread, "Renamed")
        .await
        .expect("renames");
    assert_eq!(renamed.title.as_deref(), Some("Renamed"));
    // A function call: an interrupt, answered with its output.
    let started = b
        .send(&h, send(Some(thread.clone()), "call get_weather Oslo"))
        .await
        .unwrap();
    let view = stream_into_view(&b, &h, &started.request).await;
    assert_eq!(view.status, Some(RunStatus::Interrupted));
    let call_id = view.interrupts[0].id.clone().expect("the call id");
    let snap = b.open_thread(&h, &thread).await.unwrap();
    assert_eq!(snap.interrupts.len(), 1, "the thread says the call waits");
    let answer = serde_json::json!({"output": "sunny"});
    let (req, start) = b
        .resume(
            &thread,
            Some("demo-echo"),
            Some(&call_id),
            answer,
            Some(settings()),
        )
        .unwrap();
    // The answer is shown at once, as the tool's result.
    let Start::NewRun(Some(local)) = start else {
        panic!("the answer is a local message: {start:?}")
    };
    assert_eq!(
        (local.plain_text(), local.role),
        ("sunny".to_owned(), Role::Tool)
    );
    let view = stream_into_view(&b, &h, &req).await;
    assert_eq!(
        view.messages.last().unwrap().plain_text(),
        "The tool said: sunny."
    );
    assert!(b
        .open_thread(&h, &thread)
        .await
        .unwrap()
        .interrupts
        .is_empty());
    // Stop cancels a background response.
    let queued = h
        .send(&HttpRequest::new(agent_console_core::http::Method::Post, "/responses", "t").json(
            serde_json::json!({"model": "demo-echo", "input": "a long story", "background": true, "conversation": thread}),
        ))
        .await
        .unwrap();
    let rid = serde_json::from_str::<serde_json::Value>(&queued.body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    b.stop(&h, &thread, &rid, "cancel").await.expect("cancels");
    assert_eq!(
        b.run_status(&h, &thread, &rid).await.unwrap(),
        RunStatus::Cancelled
    );
    let models_missing = b
        .send(
            &h,
            SendRequest {
                assistant: None,
                ..send(Some(thread.clone()), "x")
            },
        )
        .await;
    assert!(
        models_missing.is_err(),
        "no model named: refused before any request"
    );
    b.delete_thread(&h, &thread).await.expect("deletes");
    assert!(b.open_thread(&h, &thread).await.is_err());
}

/// The stand-in without conversations: threads are chains of `previous_response_id`.
fn responses_chain() -> (RouterHttp, ServerProfile) {
    let mut profile = ServerProfile::new("http://r/chain/v1", Dialect::Responses);
    profile.auth = Auth::Bearer("demo-api-key".into());
    let h = RouterHttp {
        app: agent_console_devserver::responses::router(Default::default()),
        profile: profile.clone(),
        prefix: "/chain/v1",
    };
    (h, profile)
}

#[tokio::test]
async fn responses_without_conversations_a_thread_is_a_chain_that_moves_to_its_newest_response() {
    let (h, profile) = responses_chain();
    let b = Backend::connect(&profile, &h)
        .await
        .expect("connects")
        .backend;
    let caps = b.capabilities().clone();
    assert!(
        caps.status.contains("chain of responses"),
        "{}",
        caps.status
    );
    assert_eq!(caps.thread_ops.create, CreateThreadForm::OnFirstMessage);
    assert!(!caps.thread_ops.rename && !caps.thread_ops.delete);
    assert_eq!(caps.thread_runs, Some(ThreadRuns::Chain));
    let send = |thread: Option<String>, text: &str| SendRequest {
        thread,
        assistant: Some("demo-echo".into()),
        text: text.into(),
        message_id: "local-1".into(),
        attachments: Vec::new(),
        checkpoint: None,
        settings: RunSettings::Responses(ResponsesRunOptions::default()),
    };
    // Run a send to its end; the thread then is the response it named.
    async fn settle(b: &Backend, h: &RouterHttp, thread: &str, started: Started) -> String {
        let Start::Listen { run_id, .. } = started.start.clone() else {
            panic!("a background response: {:?}", started.start)
        };
        let view = stream_into_view(b, h, &started.request).await;
        assert_eq!(view.run_id.as_deref(), Some(run_id.as_str()));
        let moved = b
            .thread_after_run(thread, &run_id, &view)
            .expect("the thread moves to the new response");
        assert_eq!(moved.id, run_id);
        assert!(b.thread_after_run(&run_id, &run_id, &view).is_none());
        run_id
    }
    // The first send makes no thread of its own: the chain starts with its response.
    let started = b.send(&h, send(None, "first words")).await.expect("starts");
    assert!(started.thread.is_none() && started.new_thread.is_none());
    let first = settle(&b, &h, "", started).await;
    let started = b
        .send(&h, send(Some(first.clone()), "second thought"))
        .await
        .expect("continues the chain");
    let second = settle(&b, &h, &first, started).await;
    // Opened at its newest response: the whole chain, oldest first.
    let snap = b.open_thread(&h, &second).await.expect("opens");
    let humans: Vec<String> = snap
        .messages
        .iter()
        .filter(|m| m.role == Role::Human)
        .map(|m| m.plain_text())
        .collect();
    assert_eq!(humans, ["first words", "second thought"]);
    assert!(snap
        .messages
        .last()
        .unwrap()
        .plain_text()
        .starts_with("Quartz echo: second thought"));
    // Its name travels with the newest response; an older one opens the shorter chain.
    let by_id = |id: &str| ThreadQuery {
        search: ThreadSearch::Id(id.into()),
        ..all_threads()
    };
    let found = b
        .threads(&h, &by_id(&second), &PageCursor::Offset(0))
        .await
        .expect("found by id");
    assert_eq!(found.items[0].title.as_deref(), Some("first words"));
    let older = b.open_thread(&h, &first).await.unwrap();
    assert_eq!(older.messages.len() + 3, snap.messages.len());
    // The Runs tab: the chain's responses, newest first, each naming the one before.
    let runs = b.chain_runs(&h, &second).await.expect("the chain's runs");
    assert_eq!(
        runs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        [second.as_str(), first.as_str()]
    );
    let previous = |r: &RunFields| {
        r.fields
            .iter()
            .find(|(k, _)| *k == "previous_response_id")
            .and_then(|(_, v)| v.clone())
    };
    assert_eq!(previous(&runs[0]), Some(first.clone()));
    assert_eq!(previous(&runs[1]), None);
    // A function call waits in the chain; the answer continues the response that called.
    let started = b
        .send(&h, send(Some(second.clone()), "call get_weather Oslo"))
        .await
        .unwrap();
    let called = settle(&b, &h, &second, started).await;
    let snap = b.open_thread(&h, &called).await.unwrap();
    assert_eq!(snap.interrupts.len(), 1, "the chain says the call waits");
    let call_id = snap.interrupts[0].id.clone().expect("the call id");
    // Another message instead of the answer: the server's refusal, readable.
    let refused = b
        .send(&h, send(Some(called.clone()), "never mind"))
        .await
        .expect_err("refused")
        .error
        .to_string();
    assert!(refused.contains("No tool output found"), "{refused}");
    let (req, _) = b
        .resume(
            &called,
            Some("demo-echo"),
            Some(&call_id),
            serde_json::json!({"output": "sunny"}),
            None,
        )
        .unwrap();
    assert_eq!(req.body.as_ref().unwrap()["previous_response_id"], *called);
    let view = stream_into_view(&b, &h, &req).await;
    let answered = view.run_id.clone().expect("named");
    let snap = b.open_thread(&h, &answered).await.unwrap();
    assert!(snap.interrupts.is_empty());
    assert_eq!(
        snap.messages.last().unwrap().plain_text(),
        "The tool said: sunny."
    );
    // The answer's response carries no title; the chain keeps its name, and so does the next send.
    let found = b
        .threads(&h, &by_id(&answered), &PageCursor::Offset(0))
        .await
        .unwrap();
    assert_eq!(found.items[0].title.as_deref(), Some("first words"));
    let started = b
        .send(&h, send(Some(answered.clone()), "and after that"))
        .await
        .unwrap();
    let after = settle(&b, &h, &answered, started).await;
    let r = h
        .send(&agent_console_core::dialects::responses::requests::get_response(&after))
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["metadata"]["title"], "first words");
    // A response that is not there: the server's 404, said.
    let gone = b
        .threads(&h, &by_id("resp_missing"), &PageCursor::Offset(0))
        .await
        .expect_err("not found")
        .to_string();
    assert!(gone.contains("not found"), "{gone}");
}
