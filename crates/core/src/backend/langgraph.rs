//! The LangGraph Platform API (`langgraph dev`, LangGraph Server) behind [`Backend`](super::Backend).

use super::*;
use crate::attachments::{self, AttachmentKinds};
use crate::dialects::langchain;
use crate::dialects::langgraph::{convert, requests};
use crate::domain::ThreadStatus;

#[derive(Debug, Clone)]
pub struct LangGraph {
    pub(crate) caps: Capabilities,
}

pub(crate) fn capabilities(version: Option<&str>) -> Capabilities {
    Capabilities {
        status: version
            .map(|v| format!("langgraph-api {v}"))
            .unwrap_or_else(|| "LangGraph".into()),
        assistant_noun: "Assistant",
        assistant_picker: true,
        assistant_detail: AssistantDetailKind::Graph,
        assistant_search: false,
        threads: true,
        thread_filters: ThreadFilters {
            listed: true,
            status: true,
            order: true,
            metadata: true,
        },
        thread_ops: ThreadOps {
            create: CreateThreadForm::Plain,
            rename: true,
            copy: true,
            delete: true,
        },
        thread_status: true,
        state_tab: true,
        thread_runs: Some(ThreadRuns::List),
        server_runs: None,
        stop: Some(STOP_INTERRUPT_OR_ROLLBACK),
        resume: true,
        time_travel: true,
        breakpoints: true,
        assistant_admin: true,
        store: true,
        store_ttl: true,
        store_dotted: true,
        crons: false,
        inbox: true,
        attachments: Some(AttachmentKinds {
            images: true,
            files: true,
        }),
        thread_protocol: true,
        run_options: RunOptionsForm::LangGraph,
        stages: None,
    }
}

fn no_assistant(purpose: &'static str) -> ApiError {
    ApiError::Status {
        status: 400,
        message: "no assistant to run: the server listed none".into(),
        purpose,
    }
}

/// The thread routes LangGraph and Agent Protocol servers share (same paths and bodies).
pub(crate) mod threads {
    use super::*;

    /// `order`: the server sorts both ways (LangGraph; the Agent Protocol's spec has no order).
    /// `lean`: it takes `select` and `extract` (LangGraph), so a page carries no thread's values;
    /// a server that refuses them (422) is asked again without.
    pub async fn page(
        h: &impl Http,
        q: &ThreadQuery,
        at: &PageCursor,
        order: bool,
        lean: bool,
    ) -> Result<Page<Thread>, ApiError> {
        if let ThreadSearch::Id(id) = &q.search {
            return get(h, id).await.map(one);
        }
        let query = requests::ThreadQuery {
            status: q.status.clone(),
            metadata: match &q.search {
                ThreadSearch::Metadata(m) => Some(Value::Object(m.clone())),
                _ => None,
            },
            oldest_first: order && q.oldest_first,
            lean,
        };
        let offset = offset_of(at);
        let r = match h
            .send(&requests::search_threads(THREADS_PAGE, offset, &query))
            .await
        {
            Err(ApiError::Status { status: 422, .. }) if lean => {
                let plain = requests::ThreadQuery {
                    lean: false,
                    ..query
                };
                h.send(&requests::search_threads(THREADS_PAGE, offset, &plain))
                    .await?
            }
            r => r?,
        };
        convert::threads_page(&r.body, r.header("x-pagination-next"))
    }

    pub async fn get(h: &impl Http, id: &str) -> Result<Thread, ApiError> {
        let r = h.send(&requests::get_thread(id)).await?;
        convert::thread_detail(&r.body)
    }

    /// A thread's status, asked so that its values do not come along (`requests::thread_status`);
    /// a server that cannot say that way is asked with `GET /threads/{id}`, read for its status alone.
    pub async fn status(h: &impl Http, id: &str) -> Result<ThreadStatus, ApiError> {
        if let Ok(r) = h.send(&requests::thread_status(id)).await {
            if let Some(s) = convert::status_in_search(&r.body, id) {
                return Ok(s);
            }
        }
        let r = h.send(&requests::get_thread(id)).await?;
        convert::thread_status_of(&r.body)
    }

    pub async fn create(h: &impl Http) -> Result<Thread, ApiError> {
        let r = h
            .send(&requests::create_thread(Value::Object(Map::new())))
            .await?;
        convert::thread_detail(&r.body)
    }

    pub async fn rename(h: &impl Http, id: &str, title: &str) -> Result<Thread, ApiError> {
        let r = h.send(&requests::rename_thread(id, title.trim())).await?;
        convert::thread_detail(&r.body)
    }

    pub async fn delete(h: &impl Http, id: &str) -> Result<(), ApiError> {
        h.send(&requests::delete_thread(id)).await.map(|_| ())
    }

    pub async fn copy(h: &impl Http, id: &str) -> Result<Thread, ApiError> {
        let r = h.send(&requests::copy_thread(id)).await?;
        convert::thread_detail(&r.body)
    }
}

/// The thread operations of a server with LangGraph's thread routes (`POST /threads`,
/// `PATCH/DELETE /threads/{id}`, `/copy`), inside an `impl ServerApi`.
macro_rules! thread_routes {
    () => {
        async fn create_thread(&self, h: &impl Http, _new: &NewThread) -> Result<Thread, ApiError> {
            threads::create(h).await
        }

        async fn rename_thread(
            &self,
            h: &impl Http,
            id: &str,
            title: &str,
        ) -> Result<Thread, ApiError> {
            threads::rename(h, id, title).await
        }

        async fn delete_thread(&self, h: &impl Http, id: &str) -> Result<(), ApiError> {
            threads::delete(h, id).await
        }

        async fn copy_thread(&self, h: &impl Http, id: &str) -> Result<Thread, ApiError> {
            threads::copy(h, id).await
        }
    };
}
pub(crate) use thread_routes;

impl DialectSpec for LangGraph {
    const DIALECT: Dialect = Dialect::LangGraph;

    fn connect_form() -> ConnectForm {
        ConnectForm::plain(Self::DIALECT, "LangGraph Platform")
    }

    fn decoder() -> Box<dyn Decoder> {
        Box::new(crate::decode::SseDecoder::new())
    }

    fn adapter() -> Box<dyn StreamAdapter> {
        Box::new(crate::dialects::langgraph::stream::LangGraphStream::default())
    }

    #[cfg(feature = "langgraph")]
    async fn connect(_profile: &ServerProfile, h: &impl Http) -> Result<Connected, ApiError> {
        let info = convert::info(&h.send(&requests::info()).await?.body)?;
        // "Connected" only once the app can run something: the assistant list decides what runs.
        let assistants =
            convert::assistants(&h.send(&requests::search_assistants(100, 0)).await?.body)?;
        let mut caps = capabilities(info.version.as_deref());
        // Scheduled runs only where the server says it runs them.
        caps.crons = info.details["flags"]["crons"].as_bool().unwrap_or(false);
        Ok(Connected {
            backend: Backend::of(LangGraph { caps }),
            info,
            assistants,
        })
    }
}

impl ServerApi for LangGraph {
    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    fn join(&self, thread: &str, run: &str) -> (HttpRequest, Start) {
        (
            requests::join_stream(thread, run, Some("0")),
            Start::JoinFromStart,
        )
    }

    fn rejoin(&self, thread: &str, run: &str, view: &ThreadView) -> HttpRequest {
        requests::join_stream(thread, run, Some(&resume_token(view)))
    }

    async fn assistant_detail(&self, h: &impl Http, id: &str) -> Result<AssistantDetail, ApiError> {
        let schemas =
            convert::assistant_schemas(&h.send(&requests::assistant_schemas(id)).await?.body)?;
        let graph = self
            .assistant_graph(h, id, false)
            .await
            .map_err(|e| e.to_string());
        Ok(AssistantDetail::Graph { schemas, graph })
    }

    /// No values written as `__end__` clears the pending tasks (langgraph #2432).
    async fn end_pause(
        &self,
        h: &impl Http,
        thread: &str,
        checkpoint: &str,
    ) -> Result<(), ApiError> {
        h.send(&requests::update_state(
            thread,
            Value::Null,
            checkpoint,
            Some("__end__"),
        ))
        .await
        .map(|_| ())
    }

    async fn waiting(
        &self,
        h: &impl Http,
        known: &std::collections::BTreeMap<String, String>,
    ) -> Result<crate::inbox::WaitingScan, ApiError> {
        super::waiting::scan(h, known, true).await
    }

    /// `POST /threads/{id}/runs` with `command.resume` — keyed by interrupt id, so several questions
    /// of one thread are answered at once and the others asked again — or `input: null`; refused if
    /// the thread is busy.
    async fn run_waiting(
        &self,
        h: &impl Http,
        thread: &str,
        assistant: Option<&str>,
        answers: &[(Option<String>, Value)],
    ) -> Result<(), ApiError> {
        let assistant = assistant.ok_or_else(|| no_assistant("answering from the inbox"))?;
        let mut body =
            serde_json::json!({"assistant_id": assistant, "multitask_strategy": "reject"});
        if answers.is_empty() {
            body["input"] = Value::Null;
        } else {
            let resume =
                crate::inbox::resume_value(answers).map_err(|message| ApiError::Status {
                    status: 400,
                    message,
                    purpose: "answering from the inbox",
                })?;
            body["command"] = serde_json::json!({ "resume": resume });
        }
        super::waiting::run_on(h, thread, answers, true, body).await
    }

    async fn assistant_graph(
        &self,
        h: &impl Http,
        id: &str,
        xray: bool,
    ) -> Result<Option<crate::graph::AgentGraph>, ApiError> {
        // The graph route is optional (not every server serves it): a 404 or 405 means none.
        match h.send(&requests::assistant_graph(id, xray)).await {
            Ok(r) => convert::assistant_graph(&r.body).map(Some),
            Err(ApiError::Status {
                status: 404 | 405, ..
            }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn threads(
        &self,
        h: &impl Http,
        q: &ThreadQuery,
        at: &PageCursor,
    ) -> Result<Page<Thread>, ApiError> {
        threads::page(h, q, at, true, true).await
    }

    super::langgraph::thread_routes!();

    async fn open_thread(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError> {
        let snap = self.thread_state(h, id).await?;
        // The status is only a hint for joining a run: a thread that cannot be read says "not busy".
        let status = threads::status(h, id).await.ok();
        let busy = status == Some(ThreadStatus::Busy);
        Ok(ThreadSnapshot {
            busy: Some(busy),
            // Only a thread the server says is interrupted is paused (a run going on, or one that
            // failed, has nodes due too).
            pause: snap
                .pause
                .filter(|_| status == Some(ThreadStatus::Interrupted)),
            ..snap
        })
    }

    /// `GET /threads/{id}/state` alone.
    async fn thread_state(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError> {
        let body = h.send(&requests::thread_state(id)).await?.body;
        let state = convert::state_text(&body)?;
        // A long thread's messages are read a part at a time, the platform given its turn between.
        let long = state.messages.len() > MESSAGES_READ_AT_ONCE;
        let mut messages = Vec::with_capacity(state.messages.len());
        let mut problems = Vec::from_iter(state.problem.clone());
        for (i, part) in state.messages.chunks(MESSAGES_READ_AT_ONCE).enumerate() {
            if long {
                h.pause().await;
            }
            let first = i * MESSAGES_READ_AT_ONCE;
            langchain::read_message_slices(part, first, &mut messages, &mut problems);
        }
        let values = state.values();
        let mut pause = state.pause;
        // Where the server keeps no `writes`, the nodes due one checkpoint before made this one.
        if let Some(p) = pause.as_mut().filter(|p| p.wrote.is_empty()) {
            if let Some(parent) = &p.parent {
                let r = h.send(&requests::thread_state_at(id, parent)).await;
                match r.map(|r| convert::next_of(&r.body)) {
                    Ok(Ok(next)) => p.wrote = next,
                    Ok(Err(e)) | Err(e) => problems.push(e.to_string()),
                }
            }
        }
        Ok(ThreadSnapshot {
            messages,
            values,
            interrupts: state.interrupts,
            problems,
            busy: None,
            pause,
        })
    }

    async fn history(
        &self,
        h: &impl Http,
        id: &str,
        before: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Checkpoint>, ApiError> {
        let r = h.send(&requests::thread_history(id, limit, before)).await?;
        convert::history(&r.body)
    }

    fn rerun(
        &self,
        thread: &str,
        assistant: Option<&str>,
        checkpoint: &str,
        settings: Option<RunSettings>,
    ) -> Result<HttpRequest, ApiError> {
        let mut options = match settings {
            Some(RunSettings::LangGraph(o)) => o,
            _ => requests::RunOptions::new(
                assistant.ok_or_else(|| no_assistant("running from the checkpoint"))?,
            ),
        };
        options.checkpoint_id = Some(checkpoint.to_owned());
        Ok(requests::stream_run_from_checkpoint(thread, &options))
    }

    async fn fork(
        &self,
        h: &impl Http,
        thread: &str,
        checkpoint: &str,
        values: Value,
        as_node: Option<&str>,
    ) -> Result<String, ApiError> {
        let r = h
            .send(&requests::update_state(thread, values, checkpoint, as_node))
            .await?;
        convert::forked(&r.body)
    }

    async fn thread_runs(
        &self,
        h: &impl Http,
        thread: &str,
        offset: u64,
    ) -> Result<Vec<Run>, ApiError> {
        let r = h
            .send(&requests::list_runs(thread, THREAD_RUNS_PAGE, offset))
            .await?;
        convert::runs(&r.body)
    }

    async fn send(&self, h: &impl Http, req: SendRequest) -> Result<Started, SendFailure> {
        let RunSettings::LangGraph(mut options) = req.settings else {
            return Err(unsupported("starting the run").into());
        };
        let (thread, new_thread) = match req.thread {
            Some(t) => (t, None),
            None => {
                let t = threads::create(h).await?;
                (t.id.clone(), Some(t))
            }
        };
        let local = attachments::local_message(req.message_id.clone(), &req.text, &req.attachments);
        options.checkpoint_id = req.checkpoint;
        let content = attachments::langchain_content(&req.text, &req.attachments);
        let request =
            requests::stream_run_with_message(&thread, &options, content, &req.message_id);
        Ok(Started {
            thread: Some(thread),
            new_thread,
            request,
            start: Start::NewRun(Some(local)),
            text_stored: false,
        })
    }

    fn resume(
        &self,
        thread: &str,
        assistant: Option<&str>,
        _interrupt: Option<&str>,
        answer: Value,
        settings: Option<RunSettings>,
    ) -> Result<(HttpRequest, Start), ApiError> {
        let assistant = assistant.ok_or_else(|| no_assistant("answering the interrupt"))?;
        // The answer runs on with the defaults, pausing where the user's breakpoints say.
        let mut options = requests::RunOptions::new(assistant);
        if let Some(RunSettings::LangGraph(o)) = settings {
            options.interrupt_before = o.interrupt_before;
            options.interrupt_after = o.interrupt_after;
        }
        Ok((
            requests::stream_resume(thread, &options, answer),
            Start::NewRun(None),
        ))
    }

    async fn run_status(
        &self,
        h: &impl Http,
        thread: &str,
        run: &str,
    ) -> Result<RunStatus, ApiError> {
        let r = h.send(&requests::get_run(thread, run)).await?;
        convert::run_detail(&r.body).map(|r| r.status)
    }

    async fn active_run(&self, h: &impl Http, thread: &str) -> Option<String> {
        let r = h.send(&requests::list_runs(thread, 10, 0)).await.ok()?;
        convert::runs(&r.body)
            .ok()?
            .into_iter()
            .find(|r| r.status.is_active())
            .map(|r| r.id)
    }

    async fn stop(
        &self,
        h: &impl Http,
        thread: &str,
        run: &str,
        action: &str,
    ) -> Result<(), ApiError> {
        h.send(&requests::cancel_run(thread, run, action))
            .await
            .map(|_| ())
    }
}
