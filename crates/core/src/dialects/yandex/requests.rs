//! Requests of the Yandex Assistants REST API (query parameters and bodies are camelCase; int64 values
//! are sent as strings).

use crate::http::{percent_encode, HttpRequest, Method};
use serde_json::{json, Map, Value};

fn paged(
    path: &str,
    purpose: &'static str,
    folder_id: &str,
    page_size: u32,
    page_token: Option<&str>,
) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Get, path, purpose)
        .query("folderId", folder_id)
        .query("pageSize", page_size.to_string());
    if let Some(t) = page_token.filter(|t| !t.is_empty()) {
        r = r.query("pageToken", t);
    }
    r
}

pub fn list_runs(folder_id: &str, page_size: u32, page_token: Option<&str>) -> HttpRequest {
    paged(
        "/assistants/v1/runs",
        "listing runs",
        folder_id,
        page_size,
        page_token,
    )
}

pub fn list_threads(folder_id: &str, page_size: u32, page_token: Option<&str>) -> HttpRequest {
    paged(
        "/assistants/v1/threads",
        "listing threads",
        folder_id,
        page_size,
        page_token,
    )
}

pub fn list_assistants(folder_id: &str, page_size: u32, page_token: Option<&str>) -> HttpRequest {
    paged(
        "/assistants/v1/assistants",
        "listing assistants",
        folder_id,
        page_size,
        page_token,
    )
}

/// `Run.Listen` from event `start_idx` (to resume after a drop).
pub fn listen(run_id: &str, start_idx: Option<u64>) -> HttpRequest {
    let mut r = HttpRequest::new(
        Method::Get,
        "/assistants/v1/runs/listen",
        "listening to the run",
    )
    .query("runId", run_id)
    .header("accept", "application/json")
    .streaming();
    if let Some(i) = start_idx {
        r = r.query("eventsStartIdx", i.to_string());
    }
    r
}

pub fn get_run(run_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/assistants/v1/runs/{}", percent_encode(run_id)),
        "loading the run",
    )
}

/// `Run.GetLastByThread`.
pub fn last_run_by_thread(thread_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        "/assistants/v1/runs:getByThread",
        "loading the thread's last run",
    )
    .query("threadId", thread_id)
}

/// What `Run.Create` may carry beyond the assistant and thread; `None` leaves the assistant's own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunOptions {
    pub max_tokens: Option<u64>,
    pub temperature: Option<f64>,
    pub max_prompt_tokens: Option<u64>,
}

/// `Run.Create`; with `stream`, the run's events can be listened to as they happen.
pub fn create_run(
    assistant_id: &str,
    thread_id: &str,
    options: &RunOptions,
    stream: bool,
) -> HttpRequest {
    let mut body = Map::new();
    body.insert("assistantId".into(), json!(assistant_id));
    body.insert("threadId".into(), json!(thread_id));
    body.insert("stream".into(), json!(stream));
    let mut completion = Map::new();
    if let Some(n) = options.max_tokens {
        completion.insert("maxTokens".into(), json!(n.to_string()));
    }
    if let Some(t) = options.temperature {
        completion.insert("temperature".into(), json!(t));
    }
    if !completion.is_empty() {
        body.insert("customCompletionOptions".into(), Value::Object(completion));
    }
    if let Some(n) = options.max_prompt_tokens {
        body.insert(
            "customPromptTruncationOptions".into(),
            json!({ "maxPromptTokens": n.to_string() }),
        );
    }
    HttpRequest::new(Method::Post, "/assistants/v1/runs", "starting the run")
        .json(Value::Object(body))
}

fn thread_path(thread_id: &str) -> String {
    format!("/assistants/v1/threads/{}", percent_encode(thread_id))
}

/// `Thread.Create` with a name, description and labels (empty ones are left out).
pub fn create_thread(
    folder_id: &str,
    name: &str,
    description: &str,
    labels: &Map<String, Value>,
) -> HttpRequest {
    let mut body = Map::new();
    body.insert("folderId".into(), json!(folder_id));
    if !name.trim().is_empty() {
        body.insert("name".into(), json!(name.trim()));
    }
    if !description.trim().is_empty() {
        body.insert("description".into(), json!(description.trim()));
    }
    if !labels.is_empty() {
        body.insert("labels".into(), Value::Object(labels.clone()));
    }
    HttpRequest::new(Method::Post, "/assistants/v1/threads", "creating a thread")
        .json(Value::Object(body))
}

/// `Thread.Update` of the name only (`updateMask: "name"`).
pub fn rename_thread(thread_id: &str, name: &str) -> HttpRequest {
    HttpRequest::new(Method::Patch, thread_path(thread_id), "renaming the thread")
        .json(json!({ "updateMask": "name", "name": name }))
}

pub fn delete_thread(thread_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        thread_path(thread_id),
        "deleting the thread",
    )
}

pub fn get_thread(thread_id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, thread_path(thread_id), "loading the thread")
}

/// `Message.List`: a stream of the thread's messages, newest first.
pub fn list_messages(thread_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        "/assistants/v1/messages",
        "loading the thread's messages",
    )
    .query("threadId", thread_id)
}

/// `Message.Create`: the user's text as one text part.
pub fn create_message(thread_id: &str, text: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        "/assistants/v1/messages",
        "sending the message",
    )
    .json(json!({
        "threadId": thread_id,
        "author": { "role": "USER" },
        "content": { "content": [ { "text": { "content": text } } ] },
    }))
}

pub fn get_assistant(assistant_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/assistants/v1/assistants/{}", percent_encode(assistant_id)),
        "loading the assistant",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_create_sends_int64_as_strings_and_leaves_unset_options_out() {
        let o = RunOptions {
            max_tokens: Some(9_007_199_254_740_993),
            temperature: Some(0.5),
            max_prompt_tokens: None,
        };
        let r = create_run("a", "t", &o, true);
        let b = r.body.unwrap();
        assert_eq!(
            b["customCompletionOptions"]["maxTokens"],
            "9007199254740993"
        );
        assert_eq!(b["customCompletionOptions"]["temperature"], 0.5);
        assert!(b.get("customPromptTruncationOptions").is_none());
        assert_eq!(b["stream"], true);
        let plain = create_run("a", "t", &RunOptions::default(), true)
            .body
            .unwrap();
        assert!(plain.get("customCompletionOptions").is_none());
    }

    #[test]
    fn lists_are_paged_by_folder_and_token() {
        let r = list_runs("f", 10, Some("tok"));
        assert_eq!(
            r.url("http://h"),
            "http://h/assistants/v1/runs?folderId=f&pageSize=10&pageToken=tok"
        );
        assert_eq!(list_threads("f", 5, None).query.len(), 2);
        assert_eq!(
            listen("r", Some(3)).url(""),
            "/assistants/v1/runs/listen?runId=r&eventsStartIdx=3"
        );
        assert_eq!(rename_thread("t", "x").body.unwrap()["updateMask"], "name");
    }
}
