//! What the Yandex dialect does when the user acts: connect (the folder's assistants), load a thread's
//! conversation (`Message.List`), send (`Message.Create` → `Run.Create` with `stream: true` →
//! `Run.Listen`, followed by the run follower), create a thread with name, description and labels, and
//! page the folder's runs by token, forward and back. The generic actions in `app.rs`,
//! `servers.rs` and `thread_actions.rs` call these for a Yandex profile.

use crate::app::{show_new_thread, AppState};
use crate::run_follower::{self, Start};
use crate::{storage, transport};
use agent_console_core::dialects::yandex::convert::{self, RunRecord};
use agent_console_core::dialects::yandex::requests;
use agent_console_core::dialects::yandex::stream::PARTIAL_MESSAGE_ID;
use agent_console_core::domain::{
    Assistant, PageCursor, ServerInfo, ServerProfile, Thread, ThreadStatus,
};
use agent_console_core::http::ApiError;
use agent_console_core::paging::TokenPager;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{json, Map, Value};

/// Page sizes offered on the Runs page.
/// At most this many pages of assistants are read when connecting.
const MAX_ASSISTANT_PAGES: usize = 20;

/// The folder every list is read from; a missing one is said plainly.
pub fn folder_of(profile: &ServerProfile) -> Result<String, ApiError> {
    profile
        .folder_id
        .clone()
        .filter(|f| !f.trim().is_empty())
        .ok_or_else(|| ApiError::Status {
            status: 400,
            message: "enter the folder id: Yandex lists assistants, threads and runs per folder"
                .into(),
            purpose: "connecting",
        })
}

/// What connecting learns: a description of the server, and the folder's assistants (every page).
pub async fn probe(profile: &ServerProfile) -> Result<(ServerInfo, Vec<Assistant>), ApiError> {
    let folder = folder_of(profile)?;
    let mut list = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_ASSISTANT_PAGES {
        let resp = transport::send(
            profile,
            &requests::list_assistants(&folder, 100, token.as_deref()),
        )
        .await?;
        let page = convert::assistants_page(&resp.body)?;
        list.extend(page.items);
        match page.next {
            PageCursor::Token(t) => token = Some(t),
            _ => break,
        }
    }
    let info = ServerInfo {
        version: Some(format!("Yandex AI Assistants · folder {folder}")),
        details: json!({ "dialect": "yandex", "folderId": folder, "assistants": list.len() }),
    };
    Ok((info, list))
}

/// One page of the folder's threads from `start` (the first page, or a token).
pub async fn threads_page(
    profile: &ServerProfile,
    page_size: u32,
    start: &PageCursor,
) -> Result<agent_console_core::domain::Page<Thread>, ApiError> {
    let folder = folder_of(profile)?;
    let token = match start {
        PageCursor::Token(t) => Some(t.as_str()),
        _ => None,
    };
    let resp = transport::send(profile, &requests::list_threads(&folder, page_size, token)).await?;
    convert::threads_page(&resp.body)
}

/// Loads a thread's conversation; if this tab was following one of its runs before a reload and the
/// run still goes on, listens to it again.
pub async fn load_thread(state: AppState, profile: ServerProfile, thread_id: String) {
    let still_selected = move |t: &str| state.selected.get_untracked().as_deref() == Some(t);
    match transport::send(&profile, &requests::list_messages(&thread_id))
        .await
        .and_then(|r| convert::messages(&r.body))
    {
        Ok(messages) if still_selected(&thread_id) => {
            state.session.load(messages, Vec::new(), Value::Null)
        }
        Ok(_) => return,
        Err(e) => {
            state.session.error.set(Some(e.to_string()));
            return;
        }
    }
    let Some(run_id) = storage::remembered_run(&profile.base_url, &thread_id) else {
        return;
    };
    let active = transport::send(&profile, &requests::get_run(&run_id))
        .await
        .and_then(|r| convert::run(&r.body))
        .is_ok_and(|r| r.run_status().is_active());
    if !active {
        storage::forget_run(&profile.base_url, &thread_id);
        return;
    }
    if still_selected(&thread_id) && !state.session.streaming.get_untracked() {
        let listen = requests::listen(&run_id, None);
        run_follower::follow_run(
            state,
            thread_id,
            listen,
            Start::Listen {
                run_id,
                local: None,
            },
        )
        .await;
    }
}

/// `key=value` lines → a labels object; a line without `=` is refused.
pub fn parse_labels(text: &str) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (k, v) = line
            .split_once('=')
            .ok_or_else(|| format!("A label is written key=value: \"{line}\""))?;
        if k.trim().is_empty() {
            return Err(format!("A label needs a key: \"{line}\""));
        }
        out.insert(k.trim().to_owned(), Value::String(v.trim().to_owned()));
    }
    Ok(out)
}

/// Creates a thread in the folder, puts it first in the list and selects it.
pub async fn create_thread(
    state: AppState,
    name: &str,
    description: &str,
    labels: &Map<String, Value>,
) -> Result<String, ApiError> {
    let profile = state.profile_now().ok_or_else(|| ApiError::Dropped {
        detail: "not connected".into(),
    })?;
    let folder = folder_of(&profile)?;
    let resp = transport::send(
        &profile,
        &requests::create_thread(&folder, name, description, labels),
    )
    .await?;
    Ok(show_new_thread(state, convert::thread(&resp.body)?))
}

/// A new thread's name from the first words of its first message.
fn name_from(text: &str) -> String {
    let mut name: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((i, _)) = name.char_indices().nth(40) {
        name.truncate(i);
        name.push('…');
    }
    name
}

/// Posts `text` to the open thread (creating one if none is open), starts a streamed run of the
/// chosen assistant and follows it. Once the server has the message, the composer is cleared; if
/// the run cannot start, the message stays shown with the error.
pub fn send_text(state: AppState, text: String, assistant: String) {
    let Some(profile) = state.profile_now() else {
        return;
    };
    let options = match state.run_options.yandex() {
        Ok(o) => o,
        Err(problem) => {
            state.session.error.set(Some(problem));
            return;
        }
    };
    let session = state.session;
    spawn_local(async move {
        let thread_id = match state.selected.get_untracked() {
            Some(t) => t,
            None => match create_thread(state, &name_from(&text), "", &Map::new()).await {
                Ok(t) => t,
                Err(e) => {
                    session.fail(e.to_string());
                    return;
                }
            },
        };
        let posted = transport::send(&profile, &requests::create_message(&thread_id, &text))
            .await
            .and_then(|r| convert::message_one(&r.body));
        let local = match posted {
            Ok(m) => m,
            Err(e) => {
                session.fail(e.to_string());
                return;
            }
        };
        // A partial message a failed or tool-calling run left keeps its text under an id of its own.
        session.apply(|v| {
            let old = format!("{PARTIAL_MESSAGE_ID}-{}", transport::random_id());
            v.rename_message(PARTIAL_MESSAGE_ID, &old)
        });
        // The thread holds the text now: the composer may let it go.
        if state.draft.get_untracked() == text {
            state.draft.set(String::new());
        }
        let run = transport::send(
            &profile,
            &requests::create_run(&assistant, &thread_id, &options, true),
        )
        .await
        .and_then(|r| convert::run(&r.body));
        let run_id = match run {
            Ok(r) if !r.id.is_empty() => r.id,
            Ok(_) => {
                session.push_local(local);
                session.fail("The server started a run but did not say its id.".into());
                return;
            }
            Err(e) => {
                session.push_local(local);
                session.fail(e.to_string());
                return;
            }
        };
        let listen = requests::listen(&run_id, None);
        let start = Start::Listen {
            run_id,
            local: Some(local.clone()),
        };
        if !run_follower::follow_run(state, thread_id, listen, start).await {
            session.push_local(local);
        }
    });
}

/// The folder's runs, one token page at a time, and the run whose detail is open.
#[derive(Clone, Copy)]
pub struct RunsPageState {
    pub items: RwSignal<Vec<RunRecord>>,
    pub pager: RwSignal<TokenPager>,
    pub page_size: RwSignal<u32>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// The open run: loaded with `Run.Get` (from the page, or a thread's `Run.GetLastByThread`).
    pub detail: RwSignal<Option<RunRecord>>,
    pub detail_error: RwSignal<Option<String>>,
}

impl RunsPageState {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            pager: RwSignal::new(TokenPager::new()),
            page_size: RwSignal::new(10),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            detail: RwSignal::new(None),
            detail_error: RwSignal::new(None),
        }
    }
}

impl RunsPageState {
    /// Forgets the shown page, its tokens and the open run (another server, another folder).
    pub fn reset(&self) {
        self.items.set(Vec::new());
        self.pager.set(TokenPager::new());
        self.detail.set(None);
        self.error.set(None);
        self.detail_error.set(None);
    }
}

impl Default for RunsPageState {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the Runs page goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Go {
    First,
    Next,
    Prev,
    Reload,
}

/// Loads a page of the folder's runs. An empty page ends the list whatever its token said.
pub fn load_runs(state: AppState, go: Go) {
    let page = state.runs_page;
    let Some(profile) = state.profile_now() else {
        return;
    };
    if page.loading.get_untracked() {
        return;
    }
    let pager = page.pager.get_untracked();
    let token: Option<String> = match go {
        Go::First => None,
        Go::Reload => pager.current(),
        Go::Next => match pager.next_token() {
            Some(t) => Some(t),
            None => return,
        },
        Go::Prev => match pager.prev_token() {
            Some(t) => t,
            None => return,
        },
    };
    let size = page.page_size.get_untracked();
    page.loading.set(true);
    spawn_local(async move {
        let result = async {
            let folder = folder_of(&profile)?;
            let resp = transport::send(
                &profile,
                &requests::list_runs(&folder, size, token.as_deref()),
            )
            .await?;
            convert::runs_page(&resp.body)
        }
        .await;
        page.loading.set(false);
        match result {
            // Past the last page: the list ends here; the page shown stays.
            Ok(p) if p.items.is_empty() && go == Go::Next => {
                page.error.set(None);
                page.pager.update(|pager| pager.reloaded(PageCursor::End));
            }
            Ok(p) => {
                page.error.set(None);
                page.pager.update(|pager| match go {
                    Go::First => {
                        *pager = TokenPager::new();
                        pager.reloaded(p.next.clone());
                    }
                    Go::Reload => pager.reloaded(p.next.clone()),
                    Go::Next => {
                        pager.went_forward(token.clone().unwrap_or_default(), p.next.clone())
                    }
                    Go::Prev => pager.went_back(p.next.clone()),
                });
                page.items.set(p.items);
            }
            Err(e) => page.error.set(Some(e.to_string())),
        }
    });
}

/// Opens a run's detail with `Run.Get` (fresh from the server).
pub fn open_run(state: AppState, run_id: String) {
    let Some(profile) = state.profile_now() else {
        return;
    };
    let page = state.runs_page;
    spawn_local(async move {
        match transport::send(&profile, &requests::get_run(&run_id))
            .await
            .and_then(|r| convert::run(&r.body))
        {
            Ok(r) => {
                page.detail_error.set(None);
                page.detail.set(Some(r));
            }
            Err(e) => page.detail_error.set(Some(e.to_string())),
        }
    });
}

/// A thread's last run (`Run.GetLastByThread`); `Ok(None)` when the thread has none.
pub async fn last_run(
    profile: &ServerProfile,
    thread_id: &str,
) -> Result<Option<RunRecord>, ApiError> {
    match transport::send(profile, &requests::last_run_by_thread(thread_id)).await {
        Ok(r) => convert::run(&r.body).map(Some),
        Err(ApiError::Status { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A Yandex thread has no status to show.
pub fn has_status(t: &Thread) -> bool {
    !matches!(&t.status, ThreadStatus::Unknown(s) if s.is_empty())
}
