//! Yandex Cloud AI Assistants REST behind [`Backend`](super::Backend): every list is per folder and paged
//! by token; a send is `Message.Create` → `Run.Create` (`stream: true`) → `Run.Listen`; runs cannot be
//! stopped and threads have no status, state or filters.

use super::*;
use crate::dialects::yandex::stream::PARTIAL_MESSAGE_ID;
use crate::dialects::yandex::{convert, requests};
use crate::event::EventKey;
use serde_json::json;

/// At most this many pages of assistants are read when connecting.
const MAX_ASSISTANT_PAGES: usize = 20;

#[derive(Debug, Clone)]
pub struct Yandex {
    pub(crate) caps: Capabilities,
    folder: String,
}

fn capabilities(folder: &str) -> Capabilities {
    Capabilities {
        status: format!("Yandex AI Assistants · folder {folder}"),
        assistant_noun: "Assistant",
        assistant_picker: true,
        assistant_detail: AssistantDetailKind::Model,
        assistant_search: false,
        threads: true,
        thread_filters: ThreadFilters {
            listed: true,
            status: false,
            order: false,
            metadata: false,
        },
        thread_ops: ThreadOps {
            create: CreateThreadForm::Named,
            rename: true,
            copy: false,
            delete: true,
        },
        thread_status: false,
        state_tab: false,
        thread_runs: Some(ThreadRuns::LastOnly),
        server_runs: Some(ServerRuns {
            label: "Runs in folder",
            kind: ServerRunsKind::Folder,
        }),
        stop: None,
        resume: false,
        time_travel: false,
        breakpoints: false,
        assistant_admin: false,
        store: false,
        store_ttl: false,
        store_dotted: false,
        crons: false,
        inbox: false,
        attachments: None,
        thread_protocol: false,
        run_options: RunOptionsForm::Yandex,
        stages: None,
    }
}

/// The folder every list is read from; a missing one is said plainly.
fn folder_of(profile: &ServerProfile) -> Result<String, ApiError> {
    profile
        .folder_id
        .clone()
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty())
        .ok_or_else(|| ApiError::Status {
            status: 400,
            message: "enter the folder id: Yandex lists assistants, threads and runs per folder"
                .into(),
            purpose: "connecting",
        })
}

impl DialectSpec for Yandex {
    const DIALECT: Dialect = Dialect::Yandex;
    const CLEAN_END_ENDS_RUN: bool = false;

    fn connect_form() -> ConnectForm {
        ConnectForm {
            hint: Some("Yandex sends no CORS headers: use a same-origin proxy path. /yandex → rest-assistant.api.cloud.yandex.net; /yandex-demo → the bundled stand-in (key demo-api-key, folder b1gdemofolder0000001)."),
            proxy_path: Some("/yandex"),
            folder: true,
            key_or_iam: true,
            key_label: "API key or IAM token",
            ..ConnectForm::plain(Self::DIALECT, "Yandex AI Assistants")
        }
    }

    fn decoder() -> Box<dyn Decoder> {
        Box::new(crate::decode::NdjsonDecoder::new())
    }

    fn adapter() -> Box<dyn StreamAdapter> {
        Box::new(crate::dialects::yandex::stream::YandexStream)
    }

    /// Connecting lists the folder's assistants, every page.
    #[cfg(feature = "yandex")]
    async fn connect(profile: &ServerProfile, h: &impl Http) -> Result<Connected, ApiError> {
        let folder = folder_of(profile)?;
        let mut assistants = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_ASSISTANT_PAGES {
            let r = h
                .send(&requests::list_assistants(&folder, 100, token.as_deref()))
                .await?;
            let page = convert::assistants_page(&r.body)?;
            assistants.extend(page.items);
            match page.next {
                PageCursor::Token(t) => token = Some(t),
                _ => break,
            }
        }
        let info = crate::domain::ServerInfo {
            version: Some(format!("Yandex AI Assistants · folder {folder}")),
            details: json!({ "dialect": "yandex", "folderId": folder, "assistants": assistants.len() }),
        };
        Ok(Connected {
            backend: Backend::of(Yandex {
                caps: capabilities(&folder),
                folder,
            }),
            info,
            assistants,
        })
    }
}

impl ServerApi for Yandex {
    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    fn join(&self, _thread: &str, run: &str) -> (HttpRequest, Start) {
        let start = Start::Listen {
            run_id: run.to_owned(),
            local: None,
        };
        (requests::listen(run, None), start)
    }

    fn rejoin(&self, _thread: &str, run: &str, view: &ThreadView) -> HttpRequest {
        let next = match view.last_key {
            Some(EventKey::Cursor(n)) => Some(n.saturating_add(1)),
            _ => None,
        };
        requests::listen(run, next)
    }

    /// A run's partial message streams under one fixed id: an earlier run's partial text (a failed or
    /// tool-calling run) is kept under an id of its own before the next run streams.
    fn prepare_view(&self, view: &mut ThreadView, fresh: &str) -> Changes {
        view.rename_message(PARTIAL_MESSAGE_ID, &format!("{PARTIAL_MESSAGE_ID}-{fresh}"))
    }

    async fn assistant_detail(&self, h: &impl Http, id: &str) -> Result<AssistantDetail, ApiError> {
        let r = h.send(&requests::get_assistant(id)).await?;
        Ok(AssistantDetail::Model {
            assistant: Box::new(convert::assistant(&r.body)?),
        })
    }

    /// Yandex lists have no filters or order: a page by token, or a thread by id.
    async fn threads(
        &self,
        h: &impl Http,
        q: &ThreadQuery,
        at: &PageCursor,
    ) -> Result<Page<Thread>, ApiError> {
        if let ThreadSearch::Id(id) = &q.search {
            let r = h.send(&requests::get_thread(id)).await?;
            return convert::thread(&r.body).map(one);
        }
        let token = match at {
            PageCursor::Token(t) => Some(t.as_str()),
            _ => None,
        };
        let r = h
            .send(&requests::list_threads(&self.folder, THREADS_PAGE, token))
            .await?;
        convert::threads_page(&r.body)
    }

    async fn create_thread(&self, h: &impl Http, new: &NewThread) -> Result<Thread, ApiError> {
        let r = h
            .send(&requests::create_thread(
                &self.folder,
                &new.name,
                &new.description,
                &new.labels,
            ))
            .await?;
        convert::thread(&r.body)
    }

    async fn rename_thread(
        &self,
        h: &impl Http,
        id: &str,
        title: &str,
    ) -> Result<Thread, ApiError> {
        let r = h.send(&requests::rename_thread(id, title.trim())).await?;
        convert::thread(&r.body)
    }

    async fn delete_thread(&self, h: &impl Http, id: &str) -> Result<(), ApiError> {
        h.send(&requests::delete_thread(id)).await.map(|_| ())
    }

    /// The conversation (`Message.List`); whether a run goes on is not said by the server.
    async fn open_thread(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError> {
        let r = h.send(&requests::list_messages(id)).await?;
        Ok(ThreadSnapshot {
            messages: convert::messages(&r.body)?,
            interrupts: Vec::new(),
            values: crate::domain::Values::default(),
            problems: Vec::new(),
            busy: None,
            pause: None,
        })
    }

    async fn last_run(
        &self,
        h: &impl Http,
        thread: &str,
    ) -> Result<Option<FolderRunRecord>, ApiError> {
        match h.send(&requests::last_run_by_thread(thread)).await {
            Ok(r) => convert::run(&r.body).map(Some),
            Err(ApiError::Status { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Posts the message to the thread (creating one, named after the text, when none is open), then
    /// starts a streamed run of the chosen assistant; the run is followed with `Run.Listen`.
    async fn send(&self, h: &impl Http, req: SendRequest) -> Result<Started, SendFailure> {
        let RunSettings::Yandex(options) = req.settings else {
            return Err(unsupported("starting the run").into());
        };
        if !req.attachments.is_empty() {
            // Its messages are text (capabilities offer no attachments): never drop a file silently.
            return Err(unsupported("sending files (AI Assistants messages are text only)").into());
        }
        let Some(assistant) = req.assistant else {
            return Err(ApiError::Status {
                status: 400,
                message: "no assistant to run: the folder lists none".into(),
                purpose: "starting the run",
            }
            .into());
        };
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
        let fail = |error, posted, new_thread: &Option<Thread>| SendFailure {
            error,
            new_thread: new_thread.clone(),
            posted,
        };
        let posted = match h
            .send(&requests::create_message(&thread, &req.text))
            .await
            .and_then(|r| convert::message_one(&r.body))
        {
            Ok(m) => m,
            Err(e) => return Err(fail(e, None, &new_thread)),
        };
        let run = h
            .send(&requests::create_run(&assistant, &thread, &options, true))
            .await
            .and_then(|r| convert::run(&r.body));
        let run_id = match run {
            Ok(r) if !r.id.is_empty() => r.id,
            Ok(_) => {
                let e = ApiError::Decode {
                    purpose: "starting the run",
                    detail: "the server started a run but did not say its id".into(),
                    body_start: String::new(),
                };
                return Err(fail(e, Some(posted), &new_thread));
            }
            Err(e) => return Err(fail(e, Some(posted), &new_thread)),
        };
        Ok(Started {
            thread: Some(thread),
            new_thread,
            request: requests::listen(&run_id, None),
            start: Start::Listen {
                run_id,
                local: Some(posted),
            },
            text_stored: true,
        })
    }

    async fn run_status(
        &self,
        h: &impl Http,
        _thread: &str,
        run: &str,
    ) -> Result<RunStatus, ApiError> {
        self.folder_run(h, run).await.map(|r| r.run_status())
    }

    async fn run_outcome(
        &self,
        h: &impl Http,
        _thread: &str,
        run: &str,
    ) -> Result<(RunStatus, Option<crate::domain::Usage>), ApiError> {
        self.folder_run(h, run)
            .await
            .map(|r| (r.run_status(), r.usage))
    }

    async fn folder_run(&self, h: &impl Http, run: &str) -> Result<FolderRunRecord, ApiError> {
        let r = h.send(&requests::get_run(run)).await?;
        convert::run(&r.body)
    }

    async fn folder_runs(
        &self,
        h: &impl Http,
        page_size: u32,
        token: Option<&str>,
    ) -> Result<Page<FolderRunRecord>, ApiError> {
        let r = h
            .send(&requests::list_runs(&self.folder, page_size, token))
            .await?;
        convert::runs_page(&r.body)
    }
}

#[cfg(test)]
impl Yandex {
    /// A backend for `folder` without connecting (tests of pure request building).
    pub(crate) fn for_folder(folder: &str) -> Self {
        Self {
            caps: capabilities(folder),
            folder: folder.to_owned(),
        }
    }
}
