//! The Agent Protocol (openapi 0.1.6) behind [`Backend`](super::Backend). Its stages are optional, so
//! connecting probes each (a 404 or 405 means absent) and the capabilities follow what answered: no
//! Agents stage → no picker and runs without `agent_id` (the server's default agent); no Threads stage
//! → stateless runs only; no `/runs/search` → no server-wide runs page.

use super::langgraph::threads;
use super::*;
use crate::attachments::{self, AttachmentKinds};
use crate::dialects::agent_protocol::{convert, requests};
use crate::domain::ThreadStatus;
use crate::http::Method;
use serde_json::json;

/// Agents per page of `POST /agents/search` (connecting lists the first page).
pub const AGENTS_PAGE: u32 = 50;

#[derive(Debug, Clone)]
pub struct AgentProtocol {
    pub(crate) caps: Capabilities,
    stages: Stages,
}

fn capabilities(stages: Stages) -> Capabilities {
    Capabilities {
        status: format!("Agent Protocol · stages: {}", stages.names()),
        assistant_noun: "Agent",
        assistant_picker: stages.agents,
        assistant_detail: AssistantDetailKind::Agent,
        assistant_search: stages.agents,
        threads: stages.threads,
        thread_filters: ThreadFilters {
            listed: true,
            status: true,
            // The spec's thread search has no order.
            order: false,
            metadata: true,
        },
        thread_ops: ThreadOps {
            create: CreateThreadForm::Plain,
            rename: true,
            copy: true,
            delete: true,
        },
        thread_status: true,
        state_tab: stages.threads,
        thread_runs: stages.runs_search.then_some(ThreadRuns::List),
        server_runs: stages.runs_search.then_some(ServerRuns {
            label: "Runs",
            kind: ServerRunsKind::Search,
        }),
        stop: Some(STOP_INTERRUPT_OR_ROLLBACK),
        resume: true,
        // A subscription needs a thread.
        time_travel: false,
        breakpoints: false,
        assistant_admin: false,
        store: stages.store,
        store_ttl: false,
        store_dotted: false,
        crons: false,
        inbox: stages.threads && stages.runs_search,
        attachments: Some(AttachmentKinds {
            images: true,
            files: true,
        }),
        thread_protocol: stages.threads,
        run_options: RunOptionsForm::AgentProtocol,
        stages: Some(stages),
    }
}

/// Whether a stage's route exists: it answered (even with a 4xx about the body), or a 404/405 said no.
async fn probe(h: &impl Http, req: HttpRequest) -> Result<Option<HttpResponse>, ApiError> {
    match h.send(&req).await {
        Ok(r) => Ok(Some(r)),
        Err(ApiError::Status {
            status: 404 | 405, ..
        }) => Ok(None),
        Err(ApiError::Status {
            status: 400 | 422, ..
        }) => Ok(Some(HttpResponse::default())),
        Err(e) => Err(e),
    }
}

impl DialectSpec for AgentProtocol {
    const DIALECT: Dialect = Dialect::AgentProtocol;

    fn connect_form() -> ConnectForm {
        ConnectForm {
            hint: Some("Any server of Agent Protocol 0.1.6 (/agents, /threads, /runs; the stages it has). /ap-demo → the bundled reference server."),
            ..ConnectForm::plain(Self::DIALECT, "Agent Protocol")
        }
    }

    fn decoder() -> Box<dyn Decoder> {
        Box::new(crate::decode::SseDecoder::new())
    }

    fn adapter() -> Box<dyn StreamAdapter> {
        Box::new(crate::dialects::agent_protocol::stream::AgentProtocolStream::default())
    }

    #[cfg(feature = "agent-protocol")]
    async fn connect(_profile: &ServerProfile, h: &impl Http) -> Result<Connected, ApiError> {
        let agents = probe(h, requests::search_agents(None, None, AGENTS_PAGE, 0)).await?;
        let assistants = match &agents {
            Some(r) if !r.body.is_empty() => convert::agents(&r.body)?,
            _ => Vec::new(),
        };
        let threads = probe(
            h,
            HttpRequest::new(Method::Post, "/threads/search", "probing the Threads stage")
                .json(json!({"limit": 1, "offset": 0})),
        )
        .await?;
        let runs = probe(
            h,
            HttpRequest::new(Method::Post, "/runs/search", "probing the Runs stage")
                .json(json!({"limit": 1, "offset": 0})),
        )
        .await?;
        let store = probe(
            h,
            HttpRequest::new(Method::Post, "/store/namespaces", "probing the Store stage")
                .json(json!({"limit": 1, "offset": 0})),
        )
        .await?;
        let stages = Stages {
            agents: agents.is_some(),
            threads: threads.is_some(),
            runs_search: runs.is_some(),
            store: store.is_some(),
        };
        if !stages.agents && !stages.threads && !stages.runs_search {
            return Err(ApiError::Status {
                status: 404,
                message: "no Agent Protocol stage answered (POST /agents/search, /threads/search and /runs/search are all missing) — is this the API's base URL?".into(),
                purpose: "connecting",
            });
        }
        let info = crate::domain::ServerInfo {
            version: Some("Agent Protocol".into()),
            details: json!({"agents": assistants.len(), "stages": stages.names()}),
        };
        Ok(Connected {
            backend: Backend::of(AgentProtocol {
                caps: capabilities(stages),
                stages,
            }),
            info,
            assistants,
        })
    }
}

impl ServerApi for AgentProtocol {
    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    fn join(&self, _thread: &str, run: &str) -> (HttpRequest, Start) {
        (requests::join_run(run, None), Start::JoinFromStart)
    }

    fn rejoin(&self, _thread: &str, run: &str, view: &ThreadView) -> HttpRequest {
        requests::join_run(run, Some(&resume_token(view)))
    }

    async fn search_assistants(
        &self,
        h: &impl Http,
        name: &str,
        metadata: Option<Value>,
        offset: u64,
    ) -> Result<Vec<Assistant>, ApiError> {
        let r = h
            .send(&requests::search_agents(
                Some(name),
                metadata,
                AGENTS_PAGE,
                offset,
            ))
            .await?;
        convert::agents(&r.body)
    }

    async fn assistant_detail(&self, h: &impl Http, id: &str) -> Result<AssistantDetail, ApiError> {
        let agent = convert::agent(&h.send(&requests::get_agent(id)).await?.body)?;
        let schemas = crate::dialects::langgraph::convert::assistant_schemas(
            &h.send(&requests::agent_schemas(id)).await?.body,
        )?;
        Ok(AssistantDetail::Agent {
            agent: Box::new(agent),
            schemas,
        })
    }

    async fn waiting(
        &self,
        h: &impl Http,
        known: &std::collections::BTreeMap<String, String>,
    ) -> Result<crate::inbox::WaitingScan, ApiError> {
        super::waiting::scan(h, known, false).await
    }

    /// `POST /runs` on the thread with the answer as its input (how the spec resumes a thread: one
    /// question at a time).
    async fn run_waiting(
        &self,
        h: &impl Http,
        thread: &str,
        assistant: Option<&str>,
        answers: &[(Option<String>, Value)],
    ) -> Result<(), ApiError> {
        let input = match answers {
            [] => Value::Null,
            [(_, v)] => v.clone(),
            _ => {
                return Err(ApiError::Status {
                    status: 400,
                    message: "this server takes one answer at a time".into(),
                    purpose: "answering from the inbox",
                })
            }
        };
        let mut body = serde_json::json!({"thread_id": thread, "input": input});
        if let Some(a) = assistant.filter(|_| self.stages.agents) {
            body["agent_id"] = Value::from(a);
        }
        super::waiting::run_on(h, thread, answers, false, body).await
    }

    /// The spec sends no `x-pagination-next`: a full page may have a next one.
    async fn threads(
        &self,
        h: &impl Http,
        q: &ThreadQuery,
        at: &PageCursor,
    ) -> Result<Page<Thread>, ApiError> {
        let mut page = threads::page(h, q, at, false, false).await?;
        if page.next == PageCursor::End && !matches!(q.search, ThreadSearch::Id(_)) {
            page.next = next_by_full_page(page.items.len(), THREADS_PAGE, offset_of(at));
        }
        Ok(page)
    }

    super::langgraph::thread_routes!();

    /// `GET /threads/{id}`: messages beside values, a pending interrupt in `values.__interrupt__`.
    async fn open_thread(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError> {
        let body = h
            .send(&crate::dialects::langgraph::requests::get_thread(id))
            .await?
            .body;
        let snap = convert::thread_snapshot(&body)?;
        // The status alone: the messages were read above, once.
        let busy = crate::dialects::langgraph::convert::thread_status_of(&body)
            .is_ok_and(|s| s == ThreadStatus::Busy);
        Ok(ThreadSnapshot {
            messages: snap.messages,
            interrupts: snap.interrupts,
            values: snap.values,
            problems: snap.problems,
            busy: Some(busy),
            pause: None,
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
        crate::dialects::langgraph::convert::history(&r.body)
    }

    async fn thread_runs(
        &self,
        h: &impl Http,
        thread: &str,
        offset: u64,
    ) -> Result<Vec<Run>, ApiError> {
        let q = RunQuery {
            thread_id: Some(thread.to_owned()),
            ..RunQuery::default()
        };
        let list = self.search_runs(h, &q, THREAD_RUNS_PAGE, offset).await?;
        Ok(list.iter().map(SearchRunRecord::to_run).collect())
    }

    /// `POST /runs/stream` with every RunStream field of the run options: on the open thread (one is
    /// created when none is open), on the thread id typed in the options, or on none (stateless).
    async fn send(&self, h: &impl Http, req: SendRequest) -> Result<Started, SendFailure> {
        let RunSettings::AgentProtocol {
            mut options,
            stateless,
        } = req.settings
        else {
            return Err(unsupported("starting the run").into());
        };
        // Without the Agents stage the server ignores agent_id: the run goes to its default agent.
        options.agent_id = req.assistant.filter(|_| self.stages.agents);
        options
            .messages
            .push(json!({"role": "user", "content": attachments::langchain_content(&req.text, &req.attachments), "id": req.message_id}));
        let stateless = stateless || !self.stages.threads;
        let mut new_thread = None;
        let thread = match (stateless, options.thread_id.clone(), req.thread) {
            (true, ..) => None,
            (false, Some(typed), _) => Some(typed),
            (false, None, Some(open)) => Some(open),
            (false, None, None) => {
                let t = threads::create(h).await?;
                let id = t.id.clone();
                new_thread = Some(t);
                Some(id)
            }
        };
        options.thread_id = thread.clone();
        let local = attachments::local_message(req.message_id, &req.text, &req.attachments);
        Ok(Started {
            thread,
            new_thread,
            request: requests::stream_run(&options),
            start: Start::NewRun(Some(local)),
            text_stored: false,
        })
    }

    /// The spec has no resume command: a new run on the thread carries the answer as its input (what
    /// the reference server's demo agent reads).
    fn resume(
        &self,
        thread: &str,
        assistant: Option<&str>,
        _interrupt: Option<&str>,
        answer: Value,
        settings: Option<RunSettings>,
    ) -> Result<(HttpRequest, Start), ApiError> {
        let mut options = match settings {
            Some(RunSettings::AgentProtocol { options, .. }) => options,
            _ => RunStreamOptions::default(),
        };
        options.thread_id = Some(thread.to_owned());
        options.agent_id = assistant.map(str::to_owned).filter(|_| self.stages.agents);
        options.input = Some(answer);
        options.messages.clear();
        Ok((requests::stream_run(&options), Start::NewRun(None)))
    }

    /// `GET /runs/{id}`; a server without the Runs routes is asked for the thread's status instead
    /// (idle = the run succeeded, as far as the server tells).
    async fn run_status(
        &self,
        h: &impl Http,
        thread: &str,
        run: &str,
    ) -> Result<RunStatus, ApiError> {
        if !self.stages.runs_search {
            if thread.is_empty() {
                return Err(unsupported("asking how the run ended"));
            }
            let t = threads::get(h, thread).await?;
            return Ok(match t.status {
                ThreadStatus::Busy => RunStatus::Running,
                ThreadStatus::Idle => RunStatus::Success,
                ThreadStatus::Interrupted => RunStatus::Interrupted,
                ThreadStatus::Error => RunStatus::Error,
                ThreadStatus::Unknown(s) => RunStatus::Unknown(s),
            });
        }
        let r = h.send(&requests::get_run(run)).await?;
        convert::run(&r.body).map(|r| r.run_status())
    }

    /// The thread's pending run, if any (`POST /runs/search`).
    async fn active_run(&self, h: &impl Http, thread: &str) -> Option<String> {
        if !self.stages.runs_search {
            return None;
        }
        let q = RunQuery {
            thread_id: Some(thread.to_owned()),
            status: Some("pending".into()),
            ..RunQuery::default()
        };
        let r = h.send(&requests::search_runs(&q, 1, 0)).await.ok()?;
        convert::runs(&r.body)
            .ok()?
            .into_iter()
            .next()
            .map(|r| r.run_id)
    }

    async fn stop(
        &self,
        h: &impl Http,
        _thread: &str,
        run: &str,
        action: &str,
    ) -> Result<(), ApiError> {
        h.send(&requests::cancel_run(run, action, false))
            .await
            .map(|_| ())
    }

    async fn search_runs(
        &self,
        h: &impl Http,
        q: &RunQuery,
        limit: u32,
        offset: u64,
    ) -> Result<Vec<SearchRunRecord>, ApiError> {
        let r = h.send(&requests::search_runs(q, limit, offset)).await?;
        convert::runs(&r.body)
    }

    async fn run_action(
        &self,
        h: &impl Http,
        run: &str,
        action: RunAction,
        stop_action: &str,
    ) -> Result<(String, Option<SearchRunRecord>), ApiError> {
        let said = match action {
            RunAction::Refresh => String::new(),
            // The page shows the run as it is once stopped: wait for that.
            RunAction::Cancel => {
                h.send(&requests::cancel_run(run, stop_action, true))
                    .await?;
                format!("Cancel ({stop_action}) sent.")
            }
            RunAction::Delete => {
                h.send(&requests::delete_run(run)).await?;
                return Ok(("Deleted.".into(), None));
            }
            RunAction::Wait => {
                let r = h.send(&requests::wait_run(run)).await?;
                let (ended, whole) = convert::wait_response(&r.body)?;
                format!(
                    "Ended: {}. Values: {}",
                    ended.status,
                    whole.get("values").cloned().unwrap_or(Value::Null)
                )
            }
        };
        let fresh = convert::run(&h.send(&requests::get_run(run)).await?.body)?;
        Ok((said, Some(fresh)))
    }
}
