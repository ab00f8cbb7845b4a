//! A2A (Agent2Agent) behind [`Backend`](super::Backend): the connected URL is the agent's (its card
//! at `/.well-known/agent-card.json` below it); a conversation (`contextId`) is a thread, a task a
//! run. A send is `message/stream` (`message/send` for an agent that does not stream); a task that
//! waits for input is an interrupt, answered by a message in the same task; Stop cancels the task.
//! Conversations are listed, and opened, from `ListTasks` where the server answers it; a dropped
//! stream is rejoined by resubscribing where the server can, else by reading the task again
//! (`tasks/get`) until it ends.

use super::*;
use crate::attachments::AttachmentKinds;
use crate::dialects::a2a::requests::{self, Envelope, RunOptions};
use crate::dialects::a2a::stream::{A2aDecoder, A2aStream};
use crate::dialects::a2a::wire::{Call, TaskState, Version};
use crate::dialects::a2a::{convert, wire};
use crate::domain::{Role, ThreadStatus};
use serde_json::json;

/// Tasks listed at most for the conversation list and for one conversation.
const TASKS_PAGE: u32 = 100;
/// Messages of each task's history asked for when a conversation opens (LangGraph allows 10 at most).
const HISTORY: u32 = 10;

#[derive(Debug, Clone)]
pub struct A2a {
    pub(crate) caps: Capabilities,
    version: Version,
    /// The server answers `ListTasks`: conversations are listed and opened from it.
    lists_tasks: bool,
    /// The server can resubscribe to a task (`tasks/resubscribe`, `SubscribeToTask`).
    resubscribes: bool,
    /// The agent streams (its card's `capabilities.streaming`).
    streams: bool,
    /// A structured answer to a waiting task goes as a data part `{"resume": answer}` (LangGraph's
    /// convention, named by its card's extension); elsewhere as the data itself.
    resume_data: bool,
    /// The agent's card as connecting read it (its details).
    card: Value,
}

fn capabilities(status: String, lists: bool) -> Capabilities {
    Capabilities {
        status,
        assistant_noun: "Agent",
        assistant_picker: true,
        assistant_detail: AssistantDetailKind::Agent,
        assistant_search: false,
        threads: true,
        thread_filters: ThreadFilters {
            listed: lists,
            status: false,
            order: false,
            metadata: false,
        },
        // A conversation is made by its first message and cannot be renamed or deleted.
        thread_ops: ThreadOps {
            create: CreateThreadForm::OnFirstMessage,
            rename: false,
            copy: false,
            delete: false,
        },
        thread_status: false,
        state_tab: false,
        thread_runs: Some(if lists {
            ThreadRuns::List
        } else {
            ThreadRuns::Seen
        }),
        server_runs: None,
        stop: Some(STOP_CANCEL),
        resume: true,
        time_travel: false,
        breakpoints: false,
        assistant_admin: false,
        store: false,
        store_ttl: false,
        store_dotted: false,
        crons: false,
        inbox: false,
        attachments: Some(AttachmentKinds {
            images: true,
            files: true,
        }),
        thread_protocol: false,
        run_options: RunOptionsForm::A2a,
        stages: None,
    }
}

/// The agent's URL for what a user typed: a card's URL (`…/.well-known/agent-card.json`) names the
/// agent below which it is served; LangGraph's `?assistant_id=` card names `/a2a/{assistant_id}`.
pub(crate) fn agent_url(typed: &str) -> String {
    let (path, query) = typed.split_once('?').unwrap_or((typed, ""));
    let Some(base) = requests::CARD_PATHS
        .iter()
        .find_map(|p| path.strip_suffix(p))
    else {
        return typed.to_owned();
    };
    let assistant = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("assistant_id="))
        .filter(|a| !a.is_empty());
    match assistant {
        Some(a) => format!("{}/a2a/{a}", base.trim_end_matches('/')),
        None => base.to_owned(),
    }
}

impl A2a {
    /// One call and its result (its JSON-RPC error as an [`ApiError`]).
    async fn call(&self, h: &impl Http, req: HttpRequest) -> Result<Value, ApiError> {
        let purpose = req.purpose;
        let r = h.send(&req).await?;
        convert::result(&r.body, purpose)
    }

    async fn list(
        &self,
        h: &impl Http,
        context: Option<&str>,
        history: u32,
    ) -> Result<Vec<Value>, ApiError> {
        Ok(self.list_more(h, context, history).await?.0)
    }

    /// The newest tasks (of a conversation: only its own, whatever a server's filter let by), and
    /// whether the server has more than a page.
    async fn list_more(
        &self,
        h: &impl Http,
        context: Option<&str>,
        history: u32,
    ) -> Result<(Vec<Value>, bool), ApiError> {
        let result = self
            .call(h, requests::list_tasks(context, TASKS_PAGE, history))
            .await?;
        let (mut tasks, more) = convert::tasks(&result);
        if let Some(c) = context {
            tasks.retain(|t| wire::str_of(t, "contextId") == c);
        }
        Ok((tasks, more))
    }

    async fn task(
        &self,
        h: &impl Http,
        id: &str,
        purpose: &'static str,
    ) -> Result<Value, ApiError> {
        let result = self
            .call(h, requests::get_task(self.version, id, Some(0), purpose))
            .await?;
        convert::task_of(&result).cloned().ok_or_else(|| {
            crate::http::not_as_promised(purpose, "tasks/get answers a task", &result.to_string())
        })
    }

    /// A message to the agent, streamed where it streams.
    fn send_request(
        &self,
        message: Value,
        options: &RunOptions,
        purpose: &'static str,
    ) -> HttpRequest {
        let call = if self.streams {
            Call::Stream
        } else {
            Call::Send
        };
        requests::call(
            self.version,
            call,
            requests::send_params(message, options),
            purpose,
        )
        .streaming()
    }

    /// Whether the server knows a method, asked with an id no task has: "task not found" (or a
    /// stream) says it does; "method not found", any other error, or no answer, that it does not
    /// (a method it lacks is then never relied on).
    async fn knows(h: &impl Http, req: HttpRequest) -> Result<bool, ApiError> {
        let body = match h.send(&req).await {
            Ok(r) => r.body,
            Err(ApiError::Status { status, .. }) if status >= 400 => return Ok(false),
            Err(e) => return Err(e),
        };
        // One JSON answer, or the first event of a stream.
        let first = body
            .lines()
            .map(|l| l.trim_start_matches("data:").trim())
            .find(|l| l.starts_with('{'))
            .unwrap_or(body.trim());
        let code = serde_json::from_str::<Value>(first)
            .ok()
            .and_then(|v| v.get("error")?.get("code")?.as_i64());
        Ok(matches!(code, None | Some(-32001)))
    }
}

impl DialectSpec for A2a {
    const DIALECT: Dialect = Dialect::A2a;
    /// A stream that closes before its task's final state is a drop: the task is read again.
    const CLEAN_END_ENDS_RUN: bool = false;

    fn connect_form() -> ConnectForm {
        ConnectForm {
            hint: Some("The agent's URL, or its card's (…/.well-known/agent-card.json). A LangGraph server's assistants: http://host:port/a2a/{assistant id}. The bundled demo agent: http://127.0.0.1:2180."),
            folder: true,
            folder_label: "Protocol version: 0.3 or 1.0 (optional; else the card decides)",
            ..ConnectForm::plain(Self::DIALECT, "A2A (Agent2Agent)")
        }
    }

    fn server_url(typed: &str) -> String {
        agent_url(typed)
    }

    fn decoder() -> Box<dyn Decoder> {
        Box::new(A2aDecoder::default())
    }

    fn adapter() -> Box<dyn StreamAdapter> {
        Box::new(A2aStream::default())
    }

    /// Reads the card (its current path, then the one before 0.3), chooses the version, and asks
    /// whether the server lists tasks and resubscribes.
    #[cfg(feature = "a2a")]
    async fn connect(profile: &ServerProfile, h: &impl Http) -> Result<Connected, ApiError> {
        let mut card = None;
        for path in requests::CARD_PATHS {
            match h.send(&requests::card(path)).await {
                Ok(r) => {
                    card = Some(crate::http::parse_json::<Value>(
                        &r.body,
                        "reading the agent's card",
                    )?);
                    break;
                }
                Err(ApiError::Status {
                    status: 404 | 405, ..
                }) => continue,
                Err(e) => return Err(e),
            }
        }
        let card = card.ok_or(ApiError::Status {
            status: 404,
            message: "no agent card at /.well-known/agent-card.json (nor agent.json) below this URL: enter the agent's URL, or its card's".into(),
            purpose: "reading the agent's card",
        })?;
        if !card.is_object() || wire::opt(&card, "name").is_none() {
            return Err(crate::http::not_as_promised(
                "reading the agent's card",
                "an agent card is a JSON object with a name",
                &card.to_string(),
            ));
        }
        let version = match profile.folder_id.as_deref().map(str::trim) {
            Some("1.0" | "1") => Version::V10,
            Some("0.3" | "0.3.0") => Version::V03,
            Some(other) if !other.is_empty() => {
                return Err(ApiError::Status {
                    status: 400,
                    message: format!("the protocol version is 0.3 or 1.0, not \"{other}\""),
                    purpose: "connect",
                })
            }
            _ => convert::version_of(&card),
        };
        let streams = card
            .get("capabilities")
            .and_then(|c| c.get("streaming"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut b = A2a {
            caps: capabilities(String::new(), false),
            version,
            lists_tasks: false,
            resubscribes: false,
            streams,
            resume_data: convert::langgraph_card(&card),
            card: card.clone(),
        };
        // An optional method that fails in any way (a 5xx included) is not offered: the rest works.
        b.lists_tasks = match b.call(h, requests::list_tasks(None, 1, 0)).await {
            Ok(_) => true,
            Err(ApiError::Status { .. } | ApiError::Decode { .. }) => false,
            Err(e) => return Err(e),
        };
        if streams {
            let probe = requests::subscribe(version, "agent-console-probe");
            b.resubscribes = A2a::knows(h, probe).await?;
        }
        let status = format!(
            "A2A {} · {} · {} · {}",
            version.label(),
            if streams {
                "streams"
            } else {
                "does not stream"
            },
            if b.lists_tasks {
                "conversations listed"
            } else {
                "conversations not listed (ListTasks not offered: the ones made or opened here)"
            },
            if b.resubscribes {
                "a dropped stream is resubscribed"
            } else {
                "a dropped stream is followed by reading the task"
            },
        );
        b.caps = capabilities(status, b.lists_tasks);
        let agent = convert::agent(&card);
        let info = crate::domain::ServerInfo {
            version: Some(b.caps.status.clone()),
            details: json!({
                "dialect": "a2a",
                "protocolVersion": version.label(),
                "card": card,
            }),
        };
        Ok(Connected {
            backend: Backend::of(b),
            info,
            assistants: vec![agent],
        })
    }
}

impl ServerApi for A2a {
    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    /// The card, as connecting read it.
    async fn assistant_detail(
        &self,
        _h: &impl Http,
        _id: &str,
    ) -> Result<AssistantDetail, ApiError> {
        let card = &self.card;
        let null = Value::Null;
        Ok(AssistantDetail::Agent {
            agent: Box::new(convert::agent(card)),
            schemas: crate::dialects::langgraph::convert::AssistantSchemas {
                input: card
                    .get("defaultInputModes")
                    .cloned()
                    .unwrap_or(null.clone()),
                output: card
                    .get("defaultOutputModes")
                    .cloned()
                    .unwrap_or(null.clone()),
                state: Value::Null,
                config: card.get("skills").cloned().unwrap_or(null.clone()),
                context: card.get("capabilities").cloned().unwrap_or(null),
            },
        })
    }

    /// The conversations of the newest tasks; an id typed is looked up among its tasks.
    async fn threads(
        &self,
        h: &impl Http,
        q: &ThreadQuery,
        _at: &PageCursor,
    ) -> Result<Page<Thread>, ApiError> {
        if let ThreadSearch::Id(id) = &q.search {
            if self.lists_tasks {
                let mine = self.list(h, Some(id), HISTORY).await?;
                if let Some(t) = convert::threads(&mine).into_iter().next() {
                    return Ok(one(t));
                }
                return Err(ApiError::Status {
                    status: 404,
                    message: "no task of this server is in that conversation".into(),
                    purpose: "opening the conversation",
                });
            }
            return Ok(one(Thread {
                id: id.clone(),
                title: None,
                status: ThreadStatus::Unknown(String::new()),
                created_at: None,
                updated_at: None,
                metadata: Value::Null,
                values: Value::Null,
            }));
        }
        if !self.lists_tasks {
            return Ok(Page {
                items: Vec::new(),
                next: PageCursor::End,
            });
        }
        let tasks = self.list(h, None, HISTORY).await?;
        Ok(Page {
            items: convert::threads(&tasks),
            next: PageCursor::End,
        })
    }

    async fn create_thread(&self, _h: &impl Http, _new: &NewThread) -> Result<Thread, ApiError> {
        Err(unsupported(
            "creating a conversation (its first message makes it)",
        ))
    }

    async fn rename_thread(
        &self,
        _h: &impl Http,
        _id: &str,
        _title: &str,
    ) -> Result<Thread, ApiError> {
        Err(unsupported("renaming a conversation"))
    }

    async fn delete_thread(&self, _h: &impl Http, _id: &str) -> Result<(), ApiError> {
        Err(unsupported("deleting a conversation"))
    }

    /// The conversation's tasks, oldest first: each one's messages; a task that waits is the
    /// interrupt; one going on makes the thread busy.
    async fn open_thread(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError> {
        if !self.lists_tasks {
            return Ok(ThreadSnapshot {
                messages: Vec::new(),
                interrupts: Vec::new(),
                values: crate::domain::Values::default(),
                problems: vec!["This server does not list a conversation's tasks (no ListTasks): only what streams here is shown.".into()],
                busy: None,
                pause: None,
            });
        }
        let (listed, more) = self.list_more(h, Some(id), HISTORY).await?;
        let tasks = convert::oldest_first(listed);
        let mut messages: Vec<crate::domain::Message> = Vec::new();
        let mut interrupts = Vec::new();
        let mut busy = false;
        for t in &tasks {
            for m in convert::task_messages(t) {
                // A server may repeat the conversation's earlier messages in each task's history.
                match messages.iter_mut().find(|x| x.id == m.id) {
                    Some(x) => *x = m,
                    None => messages.push(m),
                }
            }
            let state = TaskState::of(t);
            busy |= matches!(state, TaskState::Submitted | TaskState::Working);
            interrupts.clear();
            if state == TaskState::InputRequired {
                let arts = t
                    .get("artifacts")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let status = t.get("status").cloned().unwrap_or(Value::Null);
                let data = convert::interrupt_data(&arts);
                interrupts.push(convert::question(
                    wire::str_of(t, "id"),
                    &status,
                    data.as_ref(),
                ));
            }
        }
        // What is not shown is said: the server lists a page of tasks, and each task's history to
        // its last few messages.
        let problems = if more {
            vec![format!("This conversation has more than {TASKS_PAGE} tasks: the newest {TASKS_PAGE} are shown, each with its last {HISTORY} messages at most.")]
        } else {
            Vec::new()
        };
        Ok(ThreadSnapshot {
            messages,
            interrupts,
            values: crate::domain::Values::default(),
            problems,
            busy: Some(busy),
            pause: None,
        })
    }

    async fn thread_runs(
        &self,
        h: &impl Http,
        thread: &str,
        offset: u64,
    ) -> Result<Vec<Run>, ApiError> {
        if offset > 0 {
            return Ok(Vec::new());
        }
        Ok(self
            .list(h, Some(thread), 0)
            .await?
            .iter()
            .map(convert::run)
            .collect())
    }

    async fn send(&self, _h: &impl Http, req: SendRequest) -> Result<Started, SendFailure> {
        let options = match req.settings {
            RunSettings::A2a(o) => o,
            _ => RunOptions::default(),
        };
        let v = self.version;
        // A new conversation is named here, so that a stream cut before its first event still
        // leaves a conversation to look in (both servers here take a client's UUID; one that makes
        // its own has its id followed: `thread_after_run`).
        let (thread, new_thread) = match req.thread {
            Some(t) => (t, None),
            None => {
                let id = context_for(&req.message_id);
                let t = Thread {
                    id: id.clone(),
                    title: Some(name_from(&req.text)),
                    status: ThreadStatus::Unknown(String::new()),
                    created_at: None,
                    updated_at: None,
                    metadata: Value::Null,
                    values: Value::Null,
                };
                (id, Some(t))
            }
        };
        let message = requests::message(
            v,
            requests::user_parts(v, &req.text, &req.attachments),
            &Envelope {
                message_id: &req.message_id,
                context: Some(thread.as_str()),
                task: None,
            },
        );
        let local =
            crate::attachments::local_message(req.message_id.clone(), &req.text, &req.attachments);
        Ok(Started {
            request: self.send_request(message, &options, "sending the message"),
            thread: Some(thread),
            new_thread,
            start: Start::NewRun(Some(local)),
            text_stored: false,
        })
    }

    /// The answer is a message in the waiting task: text as a text part, anything else as a data
    /// part.
    fn resume(
        &self,
        thread: &str,
        _assistant: Option<&str>,
        interrupt: Option<&str>,
        answer: Value,
        settings: Option<RunSettings>,
    ) -> Result<(HttpRequest, Start), ApiError> {
        let options = match settings {
            Some(RunSettings::A2a(o)) => o,
            _ => RunOptions::default(),
        };
        let task = interrupt.ok_or(ApiError::Status {
            status: 400,
            message: "no task is waiting for an answer".into(),
            purpose: "answering the agent",
        })?;
        let v = self.version;
        let (part, shown) = match answer_words(&answer, "text") {
            Some(s) => (requests::text_part(v, &s), s),
            None => {
                let other = answer;
                let shown = other.to_string();
                let data = if self.resume_data {
                    json!({ "resume": other })
                } else {
                    other
                };
                (requests::data_part(v, data), shown)
            }
        };
        // Its own id each time (the same words may answer twice in one task).
        static ANSWERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = ANSWERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let message_id = format!(
            "a2a-answer-{:x}-{n}",
            crate::event::fingerprint(task, &shown)
        );
        let message = requests::message(
            v,
            vec![part],
            &Envelope {
                message_id: &message_id,
                context: Some(thread),
                task: Some(task),
            },
        );
        let local = crate::domain::Message {
            id: message_id.clone(),
            role: Role::Human,
            blocks: vec![crate::domain::Block::Text { text: shown }],
            name: None,
            usage: None,
        };
        Ok((
            self.send_request(message, &options, "answering the agent"),
            Start::NewRun(Some(local)),
        ))
    }

    /// A task going on, into the conversation as opened: resubscribed, or read.
    fn join(&self, _thread: &str, run: &str) -> (HttpRequest, Start) {
        (self.follow(run), Start::NewRun(None))
    }

    fn rejoin(&self, _thread: &str, run: &str, _view: &ThreadView) -> HttpRequest {
        self.follow(run)
    }

    async fn run_status(
        &self,
        h: &impl Http,
        _thread: &str,
        run: &str,
    ) -> Result<RunStatus, ApiError> {
        let t = self.task(h, run, "reading the task").await?;
        Ok(TaskState::of(&t).run_status())
    }

    async fn active_run(&self, h: &impl Http, thread: &str) -> Option<String> {
        if !self.lists_tasks {
            return None;
        }
        let tasks = self.list(h, Some(thread), 0).await.ok()?;
        tasks
            .iter()
            .find(|t| matches!(TaskState::of(t), TaskState::Submitted | TaskState::Working))
            .and_then(|t| wire::opt(t, "id"))
    }

    /// Cancels the task; one that already ended is not an error (its end is read next).
    async fn stop(
        &self,
        h: &impl Http,
        _thread: &str,
        run: &str,
        _action: &str,
    ) -> Result<(), ApiError> {
        match self.call(h, requests::cancel_task(self.version, run)).await {
            Ok(_) => Ok(()),
            Err(e) if convert::error_code(&e) == Some(-32002) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn run_fields(&self, h: &impl Http, run: &str) -> Result<RunFields, ApiError> {
        let t = self.task(h, run, "reading the task").await?;
        Ok(RunFields {
            id: wire::str_of(&t, "id").to_owned(),
            status: TaskState::of(&t).run_status(),
            fields: convert::fields(&t),
        })
    }

    /// A conversation the server named otherwise than this client asked: the thread is the
    /// server's `contextId`, named by its first message.
    fn thread_after_run(&self, thread: &str, _run: &str, view: &ThreadView) -> Option<Thread> {
        let ctx = view
            .thread_id
            .clone()
            .filter(|c| !c.is_empty() && c != thread)?;
        let first = view
            .messages
            .iter()
            .find(|m| m.role == Role::Human)
            .map(|m| name_from(&m.plain_text()));
        Some(Thread {
            id: ctx,
            title: first,
            status: ThreadStatus::Unknown(String::new()),
            created_at: None,
            updated_at: None,
            metadata: Value::Null,
            values: Value::Null,
        })
    }
}

/// The `contextId` of a new conversation started by message `message_id` (a UUID v4): another
/// UUID v4, its last group reversed.
fn context_for(message_id: &str) -> String {
    match message_id.rsplit_once('-') {
        Some((head, last)) if last.len() == 12 => {
            format!("{head}-{}", last.chars().rev().collect::<String>())
        }
        _ => format!("ctx-{message_id}"),
    }
}

impl A2a {
    /// How a task going on is followed: its stream again where the server resubscribes, else the
    /// task read whole (each read a "stream" of one answer; the follow reads it again until it ends).
    fn follow(&self, run: &str) -> HttpRequest {
        if self.resubscribes {
            requests::subscribe(self.version, run)
        } else {
            requests::get_task(self.version, run, Some(HISTORY), "reading the task").streaming()
        }
    }
}
