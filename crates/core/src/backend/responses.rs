//! The OpenAI-compatible Responses API behind [`Backend`](super::Backend): conversations are threads
//! (listed where the server lists them — OpenAI's own API does not), a conversation's items its
//! messages, `GET /models` the picker. A send is one streamed `POST /responses` in the conversation;
//! a dropped background response resumes with `starting_after`; Stop cancels it; a function call the
//! caller must answer is an interrupt, answered with a `function_call_output` item.
//!
//! A server with no conversations at all has chains instead: a thread is the chain of
//! `previous_response_id` ending at its newest response, whose id is the thread's — so a reply
//! moves the thread to the new response ([`Backend::thread_after_run`]), and opening one walks the
//! chain back (each response's input items, then its output).

use super::*;
use crate::attachments::{self, AttachmentKinds};
use crate::dialects::responses::requests::{self, Context, RunOptions};
use crate::dialects::responses::{convert, stream::ResponsesStream};
use crate::domain::Role;
use crate::event::EventKey;
use serde_json::json;

/// Conversation items read per page when a thread opens, and pages at most.
const ITEMS_PAGE: u32 = 100;
const MAX_ITEM_PAGES: usize = 50;
/// Responses of a chain read back at most when a thread opens.
const MAX_CHAIN: usize = 500;
/// Responses read back at most for a chain's title.
const TITLE_HOPS: usize = 8;

#[derive(Debug, Clone)]
pub struct Responses {
    pub(crate) caps: Capabilities,
    /// The folder (Yandex) or project (OpenAI) sent as `OpenAI-Project`, when the profile names one.
    project: Option<String>,
    /// The server lists conversations (`GET /conversations`).
    lists_conversations: bool,
    /// The server has no conversations: threads are chains of `previous_response_id`.
    chains: bool,
}

fn capabilities(models: usize, lists: bool, chains: bool) -> Capabilities {
    Capabilities {
        status: format!(
            "Responses API · {models} model(s) · {}",
            match (lists, chains) {
                (true, _) => "conversations listed",
                (false, false) => "conversations not listed (open one by id)",
                (false, true) => "no conversations: a thread is a chain of responses (open one by its newest response's id)",
            }
        ),
        assistant_noun: "Model",
        assistant_picker: models > 0,
        assistant_detail: AssistantDetailKind::Model,
        assistant_search: false,
        threads: true,
        thread_filters: ThreadFilters {
            listed: lists,
            status: false,
            order: false,
            metadata: false,
        },
        // A chain's responses cannot be renamed, and deleting one would cut the chain.
        thread_ops: ThreadOps {
            create: if chains {
                CreateThreadForm::OnFirstMessage
            } else {
                CreateThreadForm::Plain
            },
            rename: !chains,
            copy: false,
            delete: !chains,
        },
        thread_status: false,
        state_tab: false,
        thread_runs: Some(if chains {
            ThreadRuns::Chain
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
        attachments: Some(AttachmentKinds { images: true, files: true }),
        thread_protocol: false,
        run_options: RunOptionsForm::Responses,
        stages: None,
    }
}

/// Stop's one action here: `POST /responses/{id}/cancel`.
pub const STOP_CANCEL: &[&str] = &["cancel"];

/// Whether a route exists: 404 / 405 say no.
async fn answers(h: &impl Http, req: &HttpRequest) -> Result<Option<HttpResponse>, ApiError> {
    match h.send(req).await {
        Ok(r) => Ok(Some(r)),
        Err(ApiError::Status {
            status: 404 | 405 | 501,
            ..
        }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether a route exists though the request was refused: a 400 or 422 (the body) says yes.
async fn route_exists(h: &impl Http, req: &HttpRequest) -> Result<bool, ApiError> {
    match answers(h, req).await {
        Ok(found) => Ok(found.is_some()),
        Err(ApiError::Status {
            status: 400 | 422, ..
        }) => Ok(true),
        Err(e) => Err(e),
    }
}

impl Responses {
    fn req(&self, r: HttpRequest) -> HttpRequest {
        match &self.project {
            Some(p) => r.header("OpenAI-Project", p),
            None => r,
        }
    }

    /// Every item of a list paged by `after` (a conversation's, a response's input), oldest first.
    async fn items(
        &self,
        h: &impl Http,
        page_at: impl Fn(Option<&str>) -> HttpRequest,
    ) -> Result<Vec<Value>, ApiError> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_ITEM_PAGES {
            let req = page_at(after.as_deref());
            let purpose = req.purpose;
            let r = h.send(&self.req(req)).await?;
            let page = convert::item_list(&r.body, purpose)?;
            let more = page.has_more;
            after = page.last_id.clone().or_else(|| {
                page.data
                    .last()
                    .and_then(|i| i.get("id"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            all.extend(page.data);
            if !more || after.is_none() {
                break;
            }
        }
        Ok(all)
    }

    /// A chain's responses, newest first, from its newest back along `previous_response_id`.
    async fn chain(
        &self,
        h: &impl Http,
        head: &str,
    ) -> Result<Vec<convert::ResponseRecord>, ApiError> {
        let mut out: Vec<convert::ResponseRecord> = Vec::new();
        let mut next = Some(head.to_owned());
        while let Some(id) = next.take() {
            if out.len() >= MAX_CHAIN || out.iter().any(|r| r.id == id) {
                break;
            }
            let r = h.send(&self.req(requests::get_response(&id))).await?;
            let rec = convert::response(&r.body, "loading the response chain")?;
            next = rec.previous_response_id.clone();
            out.push(rec);
        }
        Ok(out)
    }

    /// A chain's title: its newest response's, or — one made by an answer to a function call
    /// carries none — the nearest before it that has one (a few responses back at most).
    async fn chain_title(&self, h: &impl Http, head: &str) -> Result<Option<String>, ApiError> {
        let mut next = Some(head.to_owned());
        for _ in 0..TITLE_HOPS {
            let Some(id) = next.take() else { break };
            let r = h.send(&self.req(requests::get_response(&id))).await?;
            let rec = convert::response(&r.body, "continuing the response chain")?;
            if rec.title.is_some() {
                return Ok(rec.title);
            }
            next = rec.previous_response_id;
        }
        Ok(None)
    }

    /// A chain's items, oldest first: each response's input, then its output.
    async fn chain_items(&self, h: &impl Http, head: &str) -> Result<Vec<Value>, ApiError> {
        let mut items = Vec::new();
        for rec in self.chain(h, head).await?.into_iter().rev() {
            items.extend(
                self.items(h, |after| requests::input_items(&rec.id, ITEMS_PAGE, after))
                    .await?,
            );
            items.extend(rec.output);
        }
        Ok(items)
    }

    /// What a send continues, and the title it carries: a conversation; or a chain's newest
    /// response (its title read from it), or nothing for a new chain named after `text`.
    async fn context<'a>(
        &self,
        h: &impl Http,
        thread: Option<&'a str>,
        text: &str,
    ) -> Result<(Context<'a>, Option<String>), ApiError> {
        match (self.chains, thread) {
            (false, Some(t)) => Ok((Context::Conversation(t), None)),
            (false, None) => Ok((Context::Fresh, None)),
            (true, None) => Ok((Context::Fresh, Some(name_from(text)))),
            (true, Some(t)) => Ok((Context::After(t), self.chain_title(h, t).await?)),
        }
    }

    /// A send on a server with chains: the new response continues the thread's newest (none: a new
    /// chain), and carries the chain's title. The thread moves to it once it is named.
    async fn send_in_chain(
        &self,
        h: &impl Http,
        thread: Option<String>,
        model: &str,
        options: &RunOptions,
        local: Message,
        input: Value,
    ) -> Result<Started, SendFailure> {
        let text = local.plain_text();
        let (context, title) = self.context(h, thread.as_deref(), &text).await?;
        let create = self.req(requests::create_response(
            model,
            context,
            vec![input],
            options,
            !options.background,
            title.as_deref(),
        ));
        self.start(h, create, thread, None, options, local).await
    }

    /// Starts a created request: streamed as it is; or, in the background, created first (its id
    /// known before any event) and its stream read from the start — a stream cut in its first
    /// bytes is resumed like any other.
    async fn start(
        &self,
        h: &impl Http,
        create: HttpRequest,
        thread: Option<String>,
        new_thread: Option<Thread>,
        options: &RunOptions,
        local: Message,
    ) -> Result<Started, SendFailure> {
        if !options.background {
            return Ok(Started {
                request: create,
                thread,
                new_thread,
                start: Start::NewRun(Some(local)),
                text_stored: false,
            });
        }
        let fail = |error| SendFailure {
            error,
            new_thread: new_thread.clone(),
            posted: None,
        };
        let r = h.send(&create).await.map_err(fail)?;
        let rec = convert::response(&r.body, "starting the response").map_err(fail)?;
        Ok(Started {
            request: self.req(requests::stream_response(&rec.id, None)),
            thread,
            new_thread: new_thread.clone(),
            start: Start::Listen {
                run_id: rec.id,
                local: Some(local),
            },
            text_stored: true,
        })
    }

    /// The model a send runs: the options' model, else the picker's.
    fn model(options: &RunOptions, assistant: Option<&str>) -> Result<String, ApiError> {
        Some(options.model.trim())
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .or_else(|| assistant.map(str::to_owned).filter(|m| !m.is_empty()))
            .ok_or(ApiError::Status {
                status: 400,
                message: "no model to run: pick one, or name it in the run options".into(),
                purpose: "starting the response",
            })
    }
}

impl DialectSpec for Responses {
    const DIALECT: Dialect = Dialect::Responses;
    /// A stream's clean end without `response.completed` (or `.failed`, `.incomplete`) is a drop.
    const CLEAN_END_ENDS_RUN: bool = false;

    fn connect_form() -> ConnectForm {
        ConnectForm {
            hint: Some("The API's base URL, ending in /v1: OpenAI https://api.openai.com/v1; Yandex AI Studio https://ai.api.cloud.yandex.net/v1 (no CORS: use /ai-studio/v1, a same-origin proxy, with the folder id); /responses-demo/v1 → the bundled stand-in (key demo-api-key)."),
            proxy_path: Some("/ai-studio/v1"),
            folder: true,
            folder_label: "Folder or project id (sent as OpenAI-Project; optional)",
            key_or_iam: true,
            bearer_first: true,
            key_label: "API key or token",
            ..ConnectForm::plain(Self::DIALECT, "OpenAI Responses API")
        }
    }

    fn decoder() -> Box<dyn Decoder> {
        Box::new(crate::decode::SseDecoder::new())
    }

    fn adapter() -> Box<dyn StreamAdapter> {
        Box::new(ResponsesStream::default())
    }

    /// Connecting lists the models (a server without `/models` has no picker: name the model in
    /// the run options) and asks whether conversations are listed.
    #[cfg(feature = "responses")]
    async fn connect(profile: &ServerProfile, h: &impl Http) -> Result<Connected, ApiError> {
        let project = profile
            .folder_id
            .as_ref()
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty());
        let mut b = Responses {
            caps: capabilities(0, false, false),
            project,
            lists_conversations: false,
            chains: false,
        };
        let assistants = match answers(h, &b.req(requests::list_models())).await? {
            Some(r) => convert::models(&r.body)?,
            None => Vec::new(),
        };
        b.lists_conversations = answers(h, &b.req(requests::list_conversations(1, None)))
            .await?
            .is_some();
        // Not listed: are there conversations at all (OpenAI's), or only chains?
        b.chains = !b.lists_conversations
            && !route_exists(h, &b.req(requests::probe_conversations())).await?;
        b.caps = capabilities(assistants.len(), b.lists_conversations, b.chains);
        let info = crate::domain::ServerInfo {
            version: Some(b.caps.status.clone()),
            details: json!({
                "dialect": "responses",
                "models": assistants.len(),
                "conversationsListed": b.lists_conversations,
                "chains": b.chains,
            }),
        };
        Ok(Connected {
            backend: Backend::of(b),
            info,
            assistants,
        })
    }
}

impl ServerApi for Responses {
    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    async fn assistant_detail(&self, h: &impl Http, id: &str) -> Result<AssistantDetail, ApiError> {
        let r = h.send(&self.req(requests::get_model(id))).await?;
        let assistant = convert::model_one(&r.body)?;
        Ok(AssistantDetail::Model {
            assistant: Box::new(assistant),
        })
    }

    /// Conversations by `after` token where the server lists them; a typed id is looked up.
    async fn threads(
        &self,
        h: &impl Http,
        q: &ThreadQuery,
        at: &PageCursor,
    ) -> Result<Page<Thread>, ApiError> {
        if let ThreadSearch::Id(id) = &q.search {
            if self.chains {
                let r = h.send(&self.req(requests::get_response(id))).await?;
                let mut head = convert::response(&r.body, "opening the response chain")?;
                if head.title.is_none() {
                    if let Some(before) = head.previous_response_id.clone() {
                        head.title = self.chain_title(h, &before).await?;
                    }
                }
                return Ok(one(convert::chain_head(&head)));
            }
            let r = h.send(&self.req(requests::get_conversation(id))).await?;
            return convert::conversation_one(&r.body, "opening the conversation").map(one);
        }
        if !self.lists_conversations {
            return Ok(Page {
                items: Vec::new(),
                next: PageCursor::End,
            });
        }
        let after = match at {
            PageCursor::Token(t) => Some(t.as_str()),
            _ => None,
        };
        let r = h
            .send(&self.req(requests::list_conversations(THREADS_PAGE, after)))
            .await?;
        convert::conversations_page(&r.body)
    }

    async fn create_thread(&self, h: &impl Http, new: &NewThread) -> Result<Thread, ApiError> {
        let mut metadata = Map::new();
        if !new.name.trim().is_empty() {
            metadata.insert("title".into(), json!(new.name.trim()));
        }
        let r = h
            .send(&self.req(requests::create_conversation(&metadata)))
            .await?;
        convert::conversation_one(&r.body, "creating a conversation")
    }

    /// The title is `metadata.title`; the rest of the metadata is kept.
    async fn rename_thread(
        &self,
        h: &impl Http,
        id: &str,
        title: &str,
    ) -> Result<Thread, ApiError> {
        let r = h.send(&self.req(requests::get_conversation(id))).await?;
        let current = convert::conversation_one(&r.body, "renaming the conversation")?;
        let mut metadata = current.metadata.as_object().cloned().unwrap_or_default();
        metadata.insert("title".into(), json!(title.trim()));
        let r = h
            .send(&self.req(requests::update_conversation(id, &metadata)))
            .await?;
        convert::conversation_one(&r.body, "renaming the conversation")
    }

    async fn delete_thread(&self, h: &impl Http, id: &str) -> Result<(), ApiError> {
        h.send(&self.req(requests::delete_conversation(id)))
            .await
            .map(|_| ())
    }

    /// The conversation's items; calls nobody answered are the interrupts. Whether a response goes
    /// on is not said by the server (a response this tab remembers is rejoined).
    async fn open_thread(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError> {
        let items = if self.chains {
            self.chain_items(h, id).await?
        } else {
            self.items(h, |after| {
                requests::conversation_items(id, ITEMS_PAGE, after)
            })
            .await?
        };
        Ok(ThreadSnapshot {
            messages: convert::messages(&items),
            interrupts: convert::pending_calls(&items),
            values: crate::domain::Values::default(),
            problems: Vec::new(),
            busy: None,
            pause: None,
        })
    }

    async fn send(&self, h: &impl Http, req: SendRequest) -> Result<Started, SendFailure> {
        let RunSettings::Responses(options) = req.settings else {
            return Err(unsupported("starting the response").into());
        };
        let model = Self::model(&options, req.assistant.as_deref())?;
        let local = attachments::local_message(req.message_id, &req.text, &req.attachments);
        let input = requests::user_message_with(&req.text, &req.attachments);
        if self.chains {
            return self
                .send_in_chain(h, req.thread, &model, &options, local, input)
                .await;
        }
        let (thread, new_thread) = match req.thread {
            Some(t) => (t, None),
            None => {
                let new = NewThread {
                    name: name_from(&req.text),
                    ..NewThread::default()
                };
                let t = self.create_thread(h, &new).await?;
                (t.id.clone(), Some(t))
            }
        };
        // A background response is created first (its id known before any event), then its
        // stream read from the start: a stream cut in its first bytes is resumed like any other.
        let create = self.req(requests::create_response(
            &model,
            Context::Conversation(&thread),
            vec![input],
            &options,
            !options.background,
            None,
        ));
        self.start(h, create, Some(thread), new_thread, &options, local)
            .await
    }

    /// The answer is the pending call's output: the form's `output`, a text, or other JSON as its
    /// text.
    fn resume(
        &self,
        thread: &str,
        assistant: Option<&str>,
        interrupt: Option<&str>,
        answer: Value,
        settings: Option<RunSettings>,
    ) -> Result<(HttpRequest, Start), ApiError> {
        let options = match settings {
            Some(RunSettings::Responses(o)) => o,
            _ => RunOptions::default(),
        };
        let call_id = interrupt.ok_or(ApiError::Status {
            status: 400,
            message: "no function call is waiting for an answer".into(),
            purpose: "answering the function call",
        })?;
        let output = answer_words(&answer, "output").unwrap_or_else(|| answer.to_string());
        let model = Self::model(&options, assistant)?;
        // The answer is an item of the conversation: shown at once, then given the server's id.
        let local = Message {
            id: format!("local-output-{call_id}"),
            role: Role::Tool,
            blocks: vec![crate::domain::Block::ToolResult {
                call_id: Some(call_id.to_owned()),
                text: output.clone(),
            }],
            name: None,
            usage: None,
        };
        // In a chain the answer continues the response that called; its title is not read again
        // here (resume sends at once): the thread's list entry keeps its name.
        let context = if self.chains {
            Context::After(thread)
        } else {
            Context::Conversation(thread)
        };
        let req = self.req(requests::create_response(
            &model,
            context,
            vec![requests::function_call_output(call_id, &output)],
            &options,
            true,
            None,
        ));
        Ok((req, Start::NewRun(Some(local))))
    }

    /// A response going on: its stream from the first event, into the conversation as it stands.
    fn join(&self, _thread: &str, run: &str) -> (HttpRequest, Start) {
        let start = Start::Listen {
            run_id: run.to_owned(),
            local: None,
        };
        (self.req(requests::stream_response(run, None)), start)
    }

    fn rejoin(&self, _thread: &str, run: &str, view: &ThreadView) -> HttpRequest {
        let after = match view.last_key {
            Some(EventKey::Seq(n)) => Some(n),
            _ => None,
        };
        self.req(requests::stream_response(run, after))
    }

    async fn run_status(
        &self,
        h: &impl Http,
        _thread: &str,
        run: &str,
    ) -> Result<RunStatus, ApiError> {
        let r = h.send(&self.req(requests::get_response(run))).await?;
        let rec = convert::response(&r.body, "reading the response")?;
        Ok(convert::status(rec.status.as_deref().unwrap_or("unknown")))
    }

    async fn run_fields(&self, h: &impl Http, run: &str) -> Result<RunFields, ApiError> {
        let r = h.send(&self.req(requests::get_response(run))).await?;
        let rec = convert::response(&r.body, "reading the response")?;
        Ok(RunFields {
            id: rec.id.clone(),
            status: convert::status(rec.status.as_deref().unwrap_or("unknown")),
            fields: rec.fields(),
        })
    }

    async fn stop(
        &self,
        h: &impl Http,
        _thread: &str,
        run: &str,
        _action: &str,
    ) -> Result<(), ApiError> {
        h.send(&self.req(requests::cancel_response(run)))
            .await
            .map(|_| ())
    }

    async fn chain_runs(&self, h: &impl Http, thread: &str) -> Result<Vec<RunFields>, ApiError> {
        Ok(self
            .chain(h, thread)
            .await?
            .into_iter()
            .map(|rec| RunFields {
                id: rec.id.clone(),
                status: convert::status(rec.status.as_deref().unwrap_or("unknown")),
                fields: rec.fields(),
            })
            .collect())
    }

    /// In a chain, the thread is its newest response: the one just named. Its name: the first
    /// message the view holds (the chain's title, as a send gave it).
    fn thread_after_run(&self, thread: &str, run: &str, view: &ThreadView) -> Option<Thread> {
        if !self.chains || thread == run {
            return None;
        }
        let first = view
            .messages
            .iter()
            .find(|m| m.role == Role::Human)
            .map(|m| name_from(&m.plain_text()));
        Some(Thread {
            id: run.to_owned(),
            title: first,
            status: crate::domain::ThreadStatus::Unknown(String::new()),
            created_at: None,
            updated_at: None,
            metadata: Value::Null,
            values: Value::Null,
        })
    }
}
