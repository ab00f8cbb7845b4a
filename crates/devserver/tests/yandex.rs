//! The Yandex stand-in answers as the contract (../shared/contracts/yandex.md) says the real server does.

use agent_console_devserver::yandex::store::{DEMO_FOLDER, DEMO_RUNS, HUGE_TOTAL_TOKENS};
use agent_console_devserver::yandex::{router, Credentials};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const KEY: &str = "Api-Key demo-api-key";

async fn call(app: &Router, method: &str, uri: &str, body: Option<Value>) -> (StatusCode, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", KEY);
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let req = req
        .body(body.map(|b| Body::from(b.to_string())).unwrap_or_default())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn get_json(app: &Router, uri: &str) -> Value {
    let (status, body) = call(app, "GET", uri, None).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn lines(body: &str) -> Vec<Value> {
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["result"].clone())
        .collect()
}

#[tokio::test]
async fn every_call_needs_the_authorization_header() {
    let app = router(Credentials::default());
    let req = Request::get(format!("/assistants/v1/runs?folderId={DEMO_FOLDER}"))
        .body(Body::empty())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let body: Value =
        serde_json::from_slice(&resp.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["code"], 16);
    assert!(body["message"].as_str().unwrap().contains("Authorization"));
    assert_eq!(body["details"], json!([]));
    let wrong = Request::get(format!("/assistants/v1/runs?folderId={DEMO_FOLDER}"))
        .header("authorization", "Api-Key nope")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.clone().oneshot(wrong).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let bearer = Request::get(format!("/assistants/v1/runs?folderId={DEMO_FOLDER}"))
        .header("authorization", "Bearer demo-iam-token")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.oneshot(bearer).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn runs_page_by_token_newest_first_and_end_on_an_empty_page() {
    let app = router(Credentials::default());
    let mut seen: Vec<Value> = Vec::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        let page = get_json(
            &app,
            &format!("/assistants/v1/runs?folderId={DEMO_FOLDER}&pageSize=10&pageToken={token}"),
        )
        .await;
        let runs = page["runs"].as_array().unwrap().clone();
        let next = page["next_page_token"].as_str().unwrap().to_owned();
        if runs.is_empty() {
            assert_eq!(next, "", "an empty page carries no token");
            break;
        }
        assert!(!next.is_empty(), "every non-empty page carries a token");
        pages += 1;
        seen.extend(runs);
        token = next;
    }
    assert_eq!(pages, 4, "32 runs in pages of 10");
    assert_eq!(seen.len(), DEMO_RUNS);
    let created: Vec<&str> = seen
        .iter()
        .map(|r| r["created_at"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] > w[1]), "newest first");
    let mut ids: Vec<&str> = seen.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), DEMO_RUNS, "no run twice");
    // Without pageSize: everything, and still a token (as observed).
    let all = get_json(&app, &format!("/assistants/v1/runs?folderId={DEMO_FOLDER}")).await;
    assert_eq!(all["runs"].as_array().unwrap().len(), DEMO_RUNS);
    assert_ne!(all["next_page_token"], "");
    // Every state is there, written as the real server writes it.
    for status in [
        "COMPLETED",
        "FAILED",
        "TOOL_CALLS",
        "PENDING",
        "IN_PROGRESS",
        "RUN_STATUS_UNSPECIFIED",
    ] {
        assert!(
            seen.iter().any(|r| r["state"]["status"] == status),
            "{status}"
        );
    }
    let pending = seen
        .iter()
        .find(|r| r["state"]["status"] == "PENDING")
        .unwrap();
    assert_eq!(
        pending["state"],
        json!({"status": "PENDING"}),
        "unset oneof members are omitted"
    );
    assert_eq!(pending["usage"], Value::Null, "unset objects are null");
    let failed = seen
        .iter()
        .find(|r| r["state"]["status"] == "FAILED")
        .unwrap();
    assert!(failed["state"]["error"]["message"].is_string());
    let tools = seen
        .iter()
        .find(|r| r["state"]["status"] == "TOOL_CALLS")
        .unwrap();
    assert_eq!(
        tools["state"]["tool_call_list"]["tool_calls"][0]["function_call"]["name"],
        "get_weather"
    );
    let done = seen
        .iter()
        .find(|r| r["state"]["status"] == "COMPLETED")
        .unwrap();
    let m = &done["state"]["completed_message"];
    assert_eq!(m["author"]["role"], "ASSISTANT");
    assert!(m["content"]["content"][0]["text"]["content"].is_string());
    assert!(
        done["usage"]["total_tokens"].is_string(),
        "int64 as strings"
    );
    assert!(seen
        .iter()
        .any(|r| r["usage"]["total_tokens"] == HUGE_TOTAL_TOKENS));
    assert!(seen.iter().any(
        |r| r["custom_completion_options"]["temperature"] == Value::Null
            && r["custom_completion_options"]["max_tokens"].is_string()
    ));
    assert!(seen
        .iter()
        .any(|r| r["custom_completion_options"].is_null()));
    assert!(seen
        .iter()
        .all(|r| r["labels"].is_object() && r["tools"].is_array()));
    // snake_case keys, never camelCase.
    let text = serde_json::to_string(&seen).unwrap();
    for camel in [
        "assistantId",
        "createdAt",
        "nextPageToken",
        "totalTokens",
        "completedMessage",
    ] {
        assert!(!text.contains(camel), "{camel}");
    }
}

#[tokio::test]
async fn errors_are_google_rpc_status_with_the_mapped_http_code() {
    let app = router(Credentials::default());
    let (s, b) = call(&app, "GET", "/assistants/v1/runs/nope", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let v: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(v["code"], 5);
    let (s, b) = call(&app, "GET", "/assistants/v1/runs", None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(serde_json::from_str::<Value>(&b).unwrap()["code"], 3);
    let (s, _) = call(
        &app,
        "POST",
        "/assistants/v1/runs",
        Some(json!({"threadId": "x"})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn threads_and_messages_are_created_listed_renamed_and_deleted() {
    let app = router(Credentials::default());
    let (s, b) = call(
        &app,
        "POST",
        "/assistants/v1/threads",
        Some(json!({"folderId": DEMO_FOLDER, "name": "Fresh", "labels": {"k": "v"}})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let t: Value = serde_json::from_str(&b).unwrap();
    let tid = t["id"].as_str().unwrap().to_owned();
    assert_eq!(t["description"], "", "defaults are written out");
    assert_eq!(t["expiration_config"]["ttl_days"], "7");
    let first = get_json(
        &app,
        &format!("/assistants/v1/threads?folderId={DEMO_FOLDER}&pageSize=2"),
    )
    .await;
    assert_eq!(first["threads"][0]["id"], tid.as_str(), "newest first");
    let (s, b) = call(
        &app,
        "PATCH",
        &format!("/assistants/v1/threads/{tid}"),
        Some(json!({"updateMask": "name", "name": "Renamed", "description": "ignored"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let t: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(
        (t["name"].as_str(), t["description"].as_str()),
        (Some("Renamed"), Some(""))
    );
    for text in ["one", "two"] {
        let (s, _) = call(
            &app,
            "POST",
            "/assistants/v1/messages",
            Some(json!({"threadId": tid, "content": {"content": [{"text": {"content": text}}]}})),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
    }
    let (_, body) = call(
        &app,
        "GET",
        &format!("/assistants/v1/messages?threadId={tid}"),
        None,
    )
    .await;
    let msgs = lines(&body);
    let texts: Vec<&str> = msgs
        .iter()
        .map(|m| {
            m["content"]["content"][0]["text"]["content"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(texts, vec!["two", "one"], "a stream, newest first");
    assert_eq!(msgs[0]["author"]["role"], "USER");
    let (s, b) = call(
        &app,
        "DELETE",
        &format!("/assistants/v1/threads/{tid}"),
        None,
    )
    .await;
    assert_eq!((s, b.as_str()), (StatusCode::OK, "{}"));
    let (s, _) = call(&app, "GET", &format!("/assistants/v1/threads/{tid}"), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn new_thread(app: &Router, text: &str) -> String {
    let (_, b) = call(
        app,
        "POST",
        "/assistants/v1/threads",
        Some(json!({"folderId": DEMO_FOLDER,
            "messages": [{"content": {"content": [{"text": {"content": text}}]}}]})),
    )
    .await;
    serde_json::from_str::<Value>(&b).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// `Run.Create` with `stream: true`; the new run's id.
async fn start_streamed_run(app: &Router, assistant: &str, thread: &str) -> String {
    let (s, b) = call(
        app,
        "POST",
        "/assistants/v1/runs",
        Some(json!({"assistantId": assistant, "threadId": thread, "stream": true})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    serde_json::from_str::<Value>(&b).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn first_assistant(app: &Router) -> String {
    let a = get_json(
        app,
        &format!("/assistants/v1/assistants?folderId={DEMO_FOLDER}"),
    )
    .await;
    a["assistants"][0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_streamed_run_is_listened_to_live_resumed_by_index_and_settles() {
    let app = router(Credentials::default());
    let tid = new_thread(&app, "hello there").await;
    let aid = first_assistant(&app).await;
    let (s, b) = call(
        &app,
        "POST",
        "/assistants/v1/runs",
        Some(json!({"assistantId": aid, "threadId": tid, "stream": true,
            "customCompletionOptions": {"maxTokens": 300, "temperature": 0.5}})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let run: Value = serde_json::from_str(&b).unwrap();
    let rid = run["id"].as_str().unwrap().to_owned();
    assert_eq!(run["state"]["status"], "PENDING");
    assert_eq!(
        run["custom_completion_options"],
        json!({"max_tokens": "300", "temperature": 0.5})
    );

    let (_, body) = call(
        &app,
        "GET",
        &format!("/assistants/v1/runs/listen?runId={rid}"),
        None,
    )
    .await;
    let events = lines(&body);
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.last(), Some(&"DONE"));
    assert!(kinds[..kinds.len() - 1]
        .iter()
        .all(|k| *k == "PARTIAL_MESSAGE"));
    let idx: Vec<String> = events
        .iter()
        .map(|e| {
            e["stream_cursor"]["current_event_idx"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let expected: Vec<String> = (0..events.len()).map(|i| i.to_string()).collect();
    assert_eq!(idx, expected, "cursors count 0, 1, 2, …");
    let partials: Vec<&str> = events[..events.len() - 1]
        .iter()
        .map(|e| {
            e["partial_message"]["content"][0]["text"]["content"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        partials.windows(2).all(|w| w[1].starts_with(w[0])),
        "cumulative: {partials:?}"
    );
    let done =
        &events[events.len() - 1]["completed_message"]["content"]["content"][0]["text"]["content"];
    assert!(done.as_str().unwrap().ends_with("hello there"), "{done}");
    assert_eq!(Some(&done.as_str().unwrap()), partials.last());

    // Finished: Get says COMPLETED with usage; listening again gives the one DONE.
    let got = get_json(&app, &format!("/assistants/v1/runs/{rid}")).await;
    assert_eq!(got["state"]["status"], "COMPLETED");
    assert!(got["usage"]["total_tokens"].is_string());
    let (_, again) = call(
        &app,
        "GET",
        &format!("/assistants/v1/runs/listen?runId={rid}&eventsStartIdx=2"),
        None,
    )
    .await;
    let again = lines(&again);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["event_type"], "DONE");
    let last = get_json(
        &app,
        &format!("/assistants/v1/runs:getByThread?threadId={tid}"),
    )
    .await;
    assert_eq!(last["id"], rid.as_str());
}

#[tokio::test]
async fn listening_mid_run_from_an_index_skips_what_came_before() {
    let app = router(Credentials::default());
    let tid = new_thread(&app, "a long one please").await;
    let aid = first_assistant(&app).await;
    let rid = start_streamed_run(&app, &aid, &tid).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (_, body) = call(
        &app,
        "GET",
        &format!("/assistants/v1/runs/listen?runId={rid}&eventsStartIdx=3"),
        None,
    )
    .await;
    let events = lines(&body);
    assert_eq!(events[0]["stream_cursor"]["current_event_idx"], "3");
    assert_eq!(events.last().unwrap()["event_type"], "DONE");
    let text = events.last().unwrap()["completed_message"]["content"]["content"][0]["text"]
        ["content"]
        .as_str()
        .unwrap();
    assert!(
        text.starts_with("Long answer: y0") && text.ends_with("y59 end."),
        "{text}"
    );
}

#[tokio::test]
async fn failing_and_tool_calling_runs_end_as_the_contract_says() {
    let app = router(Credentials::default());
    let aid = first_assistant(&app).await;
    for (text, kind, status) in [
        ("please fail", "ERROR", "FAILED"),
        ("weather in Bergen", "TOOL_CALLS", "TOOL_CALLS"),
    ] {
        let tid = new_thread(&app, text).await;
        let rid = start_streamed_run(&app, &aid, &tid).await;
        let (_, body) = call(
            &app,
            "GET",
            &format!("/assistants/v1/runs/listen?runId={rid}"),
            None,
        )
        .await;
        let last = lines(&body).pop().unwrap();
        assert_eq!(last["event_type"], kind);
        let run = get_json(&app, &format!("/assistants/v1/runs/{rid}")).await;
        assert_eq!(run["state"]["status"], status);
        if status == "FAILED" {
            assert_eq!(run["state"]["error"]["code"], 13);
        } else {
            assert_eq!(
                run["state"]["tool_call_list"]["tool_calls"][0]["function_call"]["arguments"]
                    ["city"],
                "Bergen"
            );
        }
    }
}
