//! Requests of the Responses API, below the base URL (`…/v1`).

use crate::http::{percent_encode, HttpRequest, Method};
use serde_json::{json, Map, Value};

/// What a send asks of the model, from the run options form.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    /// The model to run (overrides the picker's choice when not empty).
    pub model: String,
    /// System / developer instructions for this response.
    pub instructions: String,
    /// `background: true`: the response runs on after a dropped connection, its stream can be
    /// resumed (`starting_after`) and it can be cancelled. Servers that do not run responses in the
    /// background refuse it: untick it there.
    pub background: bool,
    pub max_output_tokens: Option<u64>,
    pub temperature: Option<f64>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            model: String::new(),
            instructions: String::new(),
            background: true,
            max_output_tokens: None,
            temperature: None,
        }
    }
}

pub fn list_models() -> HttpRequest {
    HttpRequest::new(Method::Get, "/models", "listing models")
}

/// Conversations, newest first, after `after` (not in OpenAI's own API; servers that list them).
pub fn list_conversations(limit: u32, after: Option<&str>) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Get, "/conversations", "listing conversations")
        .query("limit", limit.to_string())
        .query("order", "desc");
    if let Some(a) = after {
        r = r.query("after", a);
    }
    r
}

pub fn create_conversation(metadata: &Map<String, Value>) -> HttpRequest {
    HttpRequest::new(Method::Post, "/conversations", "creating a conversation")
        .json(json!({ "metadata": metadata }))
}

pub fn get_conversation(id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/conversations/{}", percent_encode(id)),
        "opening the conversation",
    )
}

/// Replaces the conversation's metadata (the title lives there).
pub fn update_conversation(id: &str, metadata: &Map<String, Value>) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        format!("/conversations/{}", percent_encode(id)),
        "renaming the conversation",
    )
    .json(json!({ "metadata": metadata }))
}

pub fn delete_conversation(id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        format!("/conversations/{}", percent_encode(id)),
        "deleting the conversation",
    )
}

/// One page of a conversation's items, oldest first.
pub fn conversation_items(id: &str, limit: u32, after: Option<&str>) -> HttpRequest {
    let mut r = HttpRequest::new(
        Method::Get,
        format!("/conversations/{}/items", percent_encode(id)),
        "loading the conversation",
    )
    .query("limit", limit.to_string())
    .query("order", "asc");
    if let Some(a) = after {
        r = r.query("after", a);
    }
    r
}

/// A user message as an input item.
pub fn user_message(text: &str) -> Value {
    user_message_with(text, &[])
}

/// The user's message with its files (`input_image`, `input_file` parts after the text).
pub fn user_message_with(text: &str, files: &[crate::attachments::Attachment]) -> Value {
    let mut content = vec![json!({"type": "input_text", "text": text})];
    content.extend(
        files
            .iter()
            .map(crate::attachments::Attachment::responses_part),
    );
    json!({"type": "message", "role": "user", "content": content})
}

/// The caller's answer to a function call.
pub fn function_call_output(call_id: &str, output: &str) -> Value {
    json!({"type": "function_call_output", "call_id": call_id, "output": output})
}

/// What a new response continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context<'a> {
    /// Nothing: the first response of a chain.
    Fresh,
    /// A conversation's items (`conversation`).
    Conversation(&'a str),
    /// The chain ending at this response (`previous_response_id`), for servers with no
    /// conversations.
    After(&'a str),
}

/// `POST /responses` in its context; with `stream`, its events are the answer (else the response
/// object, at once for a background response). `title` goes into the metadata (a chain's name
/// travels with its newest response).
pub fn create_response(
    model: &str,
    context: Context<'_>,
    input: Vec<Value>,
    o: &RunOptions,
    stream: bool,
    title: Option<&str>,
) -> HttpRequest {
    let mut body = json!({
        "model": model,
        "input": input,
        "stream": stream,
        "store": true,
    });
    if o.background {
        body["background"] = json!(true);
    }
    match context {
        Context::Fresh => {}
        Context::Conversation(c) => body["conversation"] = json!(c),
        Context::After(r) => body["previous_response_id"] = json!(r),
    }
    if let Some(t) = title.filter(|t| !t.is_empty()) {
        body["metadata"] = json!({ "title": t });
    }
    if !o.instructions.trim().is_empty() {
        body["instructions"] = json!(o.instructions);
    }
    if let Some(n) = o.max_output_tokens {
        body["max_output_tokens"] = json!(n);
    }
    if let Some(t) = o.temperature {
        body["temperature"] = json!(t);
    }
    let r = HttpRequest::new(Method::Post, "/responses", "starting the response").json(body);
    if stream {
        r.streaming()
    } else {
        r
    }
}

pub fn get_model(id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/models/{}", percent_encode(id)),
        "reading the model",
    )
}

pub fn get_response(id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/responses/{}", percent_encode(id)),
        "reading the response",
    )
}

/// A background response's stream again, after event `starting_after` (from the start: `None`).
pub fn stream_response(id: &str, starting_after: Option<u64>) -> HttpRequest {
    let mut r = HttpRequest::new(
        Method::Get,
        format!("/responses/{}", percent_encode(id)),
        "resuming the response's stream",
    )
    .query("stream", "true");
    if let Some(n) = starting_after {
        r = r.query("starting_after", n.to_string());
    }
    r.streaming()
}

/// One page of the input items a response was created with, oldest first.
pub fn input_items(id: &str, limit: u32, after: Option<&str>) -> HttpRequest {
    let mut r = HttpRequest::new(
        Method::Get,
        format!("/responses/{}/input_items", percent_encode(id)),
        "loading the response chain",
    )
    .query("limit", limit.to_string())
    .query("order", "asc");
    if let Some(a) = after {
        r = r.query("after", a);
    }
    r
}

/// Whether the server has conversations though it does not list them: a create with a body no
/// server accepts (`metadata` must be an object) is refused with a 400 where the route exists, a
/// 404 where it does not.
pub fn probe_conversations() -> HttpRequest {
    HttpRequest::new(Method::Post, "/conversations", "asking for conversations")
        .json(json!({ "metadata": "agent-console asks whether conversations exist" }))
}

pub fn cancel_response(id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        format!("/responses/{}/cancel", percent_encode(id)),
        "stopping the response",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_request_names_what_the_options_say() {
        let o = RunOptions {
            instructions: "be brief".into(),
            max_output_tokens: Some(50),
            ..RunOptions::default()
        };
        let r = create_response(
            "m",
            Context::Conversation("conv_1"),
            vec![user_message("hi")],
            &o,
            true,
            None,
        );
        let b = r.body.unwrap();
        assert_eq!(b["stream"], true);
        assert_eq!(b["background"], true);
        assert_eq!(b["conversation"], "conv_1");
        assert_eq!(b["instructions"], "be brief");
        assert_eq!(b["input"][0]["content"][0]["text"], "hi");
        assert!(b.get("temperature").is_none());
        assert!(b.get("previous_response_id").is_none() && b.get("metadata").is_none());
        let chained = create_response(
            "m",
            Context::After("resp_1"),
            vec![],
            &o,
            true,
            Some("A chain"),
        );
        let b = chained.body.unwrap();
        assert_eq!(b["previous_response_id"], "resp_1");
        assert_eq!(b["metadata"]["title"], "A chain");
        assert!(b.get("conversation").is_none());
        let plain = create_response(
            "m",
            Context::Fresh,
            vec![],
            &RunOptions {
                background: false,
                ..o
            },
            false,
            None,
        );
        assert!(!plain.streaming);
        let b = plain.body.unwrap();
        assert_eq!(b["stream"], false);
        assert!(b.get("background").is_none() && b.get("conversation").is_none());
        assert_eq!(
            stream_response("resp 1", Some(7)).url("http://h/v1"),
            "http://h/v1/responses/resp%201?stream=true&starting_after=7"
        );
    }
}
