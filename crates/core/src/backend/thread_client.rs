//! The thread-centric protocol's requests and answers (Agent Protocol `streaming/`; LangGraph serves
//! it too): a command (`run.start`, `input.respond`) drives a run; a subscription to the thread's
//! events carries it, opened after the thread's past and reopened after the last `seq` applied. The
//! app does the I/O (probe a path, read a catch-up, follow the subscription) and asks this client for
//! every request and for what each answer means.

use super::Backend;
use crate::decode::RawEvent;
use crate::dialects::agent_protocol::requests::{open_thread_stream, thread_command};
use crate::dialects::thread_protocol::{command_response, seq_of, CHANNELS};
use crate::http::{ApiError, HttpRequest};
use serde_json::{json, Value};

/// LangGraph's subscription path first (the server tested against), then the spec's.
const PATHS: [&str; 2] = ["stream/events", "stream"];

/// The thread-centric protocol client of a server that offers it ([`Backend::thread_client`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadClient(());

/// What a command's answer says: the run it started (where the server names it) and the last `seq`
/// the server had applied before it.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandAccepted {
    pub run_id: Option<String>,
    pub applied_through_seq: Option<u64>,
}

/// Which command a [`ThreadClient::command`] sends.
#[derive(Debug, Clone, PartialEq)]
pub enum ThreadCommand {
    /// Starts a run of `assistant` with the user's message (`content`: its text and files).
    Start {
        assistant: String,
        message_id: String,
        content: Value,
    },
    /// Answers the interrupt `interrupt` (raised in `namespace`); the run resumes.
    Respond {
        interrupt: String,
        namespace: Vec<String>,
        answer: Value,
    },
}

impl Backend {
    /// The thread-centric protocol's client, where the server offers the protocol.
    pub fn thread_client(&self) -> Option<ThreadClient> {
        self.capabilities()
            .thread_protocol
            .then_some(ThreadClient(()))
    }
}

impl ThreadClient {
    /// The paths a server may serve the subscription at, in the order to try them.
    pub fn paths(&self) -> &'static [&'static str] {
        &PATHS
    }

    /// Whether a failed probe means "not this path" (try the next) rather than a failure to say.
    pub fn not_this_path(&self, e: &ApiError) -> bool {
        matches!(
            e,
            ApiError::Status {
                status: 404 | 405,
                ..
            }
        )
    }

    /// What to say when no path answered (`last`: the last path's refusal).
    pub fn no_stream(&self, last: Option<ApiError>) -> ApiError {
        ApiError::Status {
            status: 404,
            message: format!(
                "the server offers no thread-centric stream (POST /threads/{{id}}/stream/events and /stream: {})",
                last.map(|e| e.to_string()).unwrap_or_default()
            ),
            purpose: "subscribing to the thread",
        }
    }

    /// A subscription opened to learn whether `path` exists: it asks for nothing that happened.
    pub fn probe(&self, thread: &str, path: &str) -> HttpRequest {
        open_thread_stream(thread, path, &["lifecycle"], Some(u64::MAX >> 11))
    }

    /// A subscription that replays the thread's buffered past (lifecycle, values, input), to learn its
    /// last `seq`.
    pub fn catch_up(&self, thread: &str, path: &str) -> HttpRequest {
        open_thread_stream(thread, path, &["lifecycle", "values", "input"], Some(0))
    }

    /// The subscription a run is followed through: every channel a thread view shows, after `since`.
    pub fn subscribe(&self, thread: &str, path: &str, since: Option<u64>) -> HttpRequest {
        open_thread_stream(thread, path, &CHANNELS, since)
    }

    /// The `seq` of an event a subscription brought.
    pub fn seq_of(&self, raw: &RawEvent) -> Option<u64> {
        seq_of(raw)
    }

    /// Where a run's subscription opens: after the thread's past as this tab knows it (`past`) and
    /// after what the server applied before the command, whichever is later.
    pub fn since(&self, past: Option<u64>, applied: Option<u64>) -> Option<u64> {
        match (past, applied) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// The command's request (`id`: this client's next command id).
    pub fn command(&self, thread: &str, id: u64, command: &ThreadCommand) -> HttpRequest {
        let (method, params) = match command {
            // The spec (protocol.cddl) spells it `assistantId`, LangGraph `assistant_id`: both are
            // sent (LangGraph accepts the pair).
            ThreadCommand::Start {
                assistant,
                message_id,
                content,
            } => (
                "run.start",
                json!({
                    "assistant_id": assistant,
                    "assistantId": assistant,
                    "input": {"messages": [{"role": "human", "content": content, "id": message_id}]},
                }),
            ),
            // The spec's `interruptId` and LangGraph's `interrupt_id`, both.
            ThreadCommand::Respond {
                interrupt,
                namespace,
                answer,
            } => (
                "input.respond",
                json!({
                    "namespace": namespace,
                    "interrupt_id": interrupt,
                    "interruptId": interrupt,
                    "response": answer,
                }),
            ),
        };
        thread_command(thread, id, method, params)
    }

    /// Reads the command's answer: accepted (and the run it started), or what the server refused.
    pub fn accepted(
        &self,
        command: &ThreadCommand,
        body: &str,
    ) -> Result<CommandAccepted, ApiError> {
        let purpose = match command {
            ThreadCommand::Start { .. } => "starting the run (run.start)",
            ThreadCommand::Respond { .. } => "answering the interrupt (input.respond)",
        };
        let done = command_response(body, purpose)?;
        Ok(CommandAccepted {
            run_id: done
                .result
                .get("run_id")
                .or_else(|| done.result.get("runId"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            applied_through_seq: done.applied_through_seq,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    const C: ThreadClient = ThreadClient(());

    #[test]
    fn a_start_command_names_the_assistant_both_ways_and_keeps_the_message_id() {
        let cmd = ThreadCommand::Start {
            assistant: "agent".into(),
            message_id: "m1".into(),
            content: json!("hi"),
        };
        let req = C.command("t 1", 7, &cmd);
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.path, "/threads/t%201/commands");
        let body = req.body.clone().unwrap();
        assert_eq!(body["id"], 7);
        assert_eq!(body["method"], "run.start");
        assert_eq!(body["params"]["assistant_id"], "agent");
        assert_eq!(body["params"]["assistantId"], "agent");
        assert_eq!(body["params"]["input"]["messages"][0]["id"], "m1");
        let answer = r#"{"type":"success","result":{"runId":"r9"},"meta":{"appliedThroughSeq":4}}"#;
        assert_eq!(
            C.accepted(&cmd, answer).unwrap(),
            CommandAccepted {
                run_id: Some("r9".into()),
                applied_through_seq: Some(4)
            }
        );
    }

    #[test]
    fn a_refused_command_is_said_with_what_it_was_for() {
        let cmd = ThreadCommand::Respond {
            interrupt: "i".into(),
            namespace: vec!["n".into()],
            answer: json!({"ok": true}),
        };
        let body = C.command("t", 1, &cmd).body.unwrap();
        assert_eq!(body["method"], "input.respond");
        assert_eq!(body["params"]["interruptId"], "i");
        assert_eq!(body["params"]["interrupt_id"], "i");
        let e = C
            .accepted(
                &cmd,
                r#"{"type":"error","error":"invalid","message":"no such interrupt"}"#,
            )
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no such interrupt") && e.contains("input.respond"),
            "{e}"
        );
        assert!(C.accepted(&cmd, "{}").is_err());
        assert!(C.accepted(&cmd, "not json").is_err());
    }

    #[test]
    fn subscriptions_ask_for_what_each_is_for() {
        let body = |r: HttpRequest| -> Value { r.body.unwrap() };
        let s = body(C.subscribe("t", "stream", Some(5)));
        assert_eq!(s["since"], 5);
        assert_eq!(s["channels"].as_array().unwrap().len(), CHANNELS.len());
        assert!(body(C.subscribe("t", "stream", None))
            .get("since")
            .is_none());
        assert_eq!(body(C.catch_up("t", "stream/events"))["since"], 0);
        assert!(body(C.probe("t", "stream"))["since"].as_u64().unwrap() > 1 << 50);
        assert_eq!(
            C.probe("t", "stream/events").path,
            "/threads/t/stream/events"
        );
        assert_eq!(C.since(Some(3), Some(9)), Some(9));
        assert_eq!(C.since(None, Some(2)), Some(2));
        assert_eq!(C.since(Some(4), None), Some(4));
        assert_eq!(C.since(None, None), None);
        let not_found = ApiError::Status {
            status: 405,
            message: String::new(),
            purpose: "p",
        };
        assert!(C.not_this_path(&not_found));
        assert!(C
            .no_stream(Some(not_found))
            .to_string()
            .contains("no thread-centric stream"));
    }
}
