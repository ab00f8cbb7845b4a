//! What each dialect implements for [`Backend`](super::Backend). An operation a dialect does not offer
//! keeps the default, which says so; its capabilities keep the UI from offering it.

use super::*;

#[allow(async_fn_in_trait)] // as `Http`: single-threaded, statically dispatched
pub(crate) trait ServerApi {
    fn capabilities(&self) -> &Capabilities;

    async fn search_assistants(
        &self,
        _h: &impl Http,
        _name: &str,
        _metadata: Option<Value>,
        _offset: u64,
    ) -> Result<Vec<Assistant>, ApiError> {
        Err(unsupported("searching agents"))
    }

    async fn assistant_detail(&self, h: &impl Http, id: &str) -> Result<AssistantDetail, ApiError>;

    async fn end_pause(
        &self,
        _h: &impl Http,
        _thread: &str,
        _checkpoint: &str,
    ) -> Result<(), ApiError> {
        Err(unsupported("ending a paused run"))
    }

    async fn waiting(
        &self,
        _h: &impl Http,
        _known: &std::collections::BTreeMap<String, String>,
    ) -> Result<crate::inbox::WaitingScan, ApiError> {
        Err(unsupported("listing the threads that wait"))
    }

    async fn run_waiting(
        &self,
        _h: &impl Http,
        _thread: &str,
        _assistant: Option<&str>,
        _answers: &[(Option<String>, Value)],
    ) -> Result<(), ApiError> {
        Err(unsupported("answering from the inbox"))
    }

    /// The assistant's graph (`None`: the server draws none); `xray`: subgraphs as their nodes.
    async fn assistant_graph(
        &self,
        _h: &impl Http,
        _id: &str,
        _xray: bool,
    ) -> Result<Option<crate::graph::AgentGraph>, ApiError> {
        Ok(None)
    }

    async fn threads(
        &self,
        h: &impl Http,
        q: &ThreadQuery,
        at: &PageCursor,
    ) -> Result<Page<Thread>, ApiError>;

    async fn create_thread(&self, h: &impl Http, new: &NewThread) -> Result<Thread, ApiError>;

    async fn rename_thread(&self, h: &impl Http, id: &str, title: &str)
        -> Result<Thread, ApiError>;

    async fn delete_thread(&self, h: &impl Http, id: &str) -> Result<(), ApiError>;

    async fn copy_thread(&self, _h: &impl Http, _id: &str) -> Result<Thread, ApiError> {
        Err(unsupported("copying the thread"))
    }

    async fn open_thread(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError>;

    /// What the thread holds now, without asking whether a run is going (a run's end is checked
    /// against it); where opening a thread takes one request anyway, the same.
    async fn thread_state(&self, h: &impl Http, id: &str) -> Result<ThreadSnapshot, ApiError> {
        self.open_thread(h, id).await
    }

    async fn history(
        &self,
        _h: &impl Http,
        _id: &str,
        _before: Option<&str>,
        _limit: u32,
    ) -> Result<Vec<Checkpoint>, ApiError> {
        Err(unsupported("loading the thread's history"))
    }

    fn rerun(
        &self,
        _thread: &str,
        _assistant: Option<&str>,
        _checkpoint: &str,
        _settings: Option<RunSettings>,
    ) -> Result<HttpRequest, ApiError> {
        Err(unsupported("running from a checkpoint"))
    }

    async fn fork(
        &self,
        _h: &impl Http,
        _thread: &str,
        _checkpoint: &str,
        _values: Value,
        _as_node: Option<&str>,
    ) -> Result<String, ApiError> {
        Err(unsupported("forking a checkpoint"))
    }

    async fn thread_runs(
        &self,
        _h: &impl Http,
        _thread: &str,
        _offset: u64,
    ) -> Result<Vec<Run>, ApiError> {
        Err(unsupported("listing the thread's runs"))
    }

    async fn last_run(
        &self,
        _h: &impl Http,
        _thread: &str,
    ) -> Result<Option<FolderRunRecord>, ApiError> {
        Err(unsupported("reading the thread's last run"))
    }

    async fn send(&self, h: &impl Http, req: SendRequest) -> Result<Started, SendFailure>;

    fn resume(
        &self,
        _thread: &str,
        _assistant: Option<&str>,
        _interrupt: Option<&str>,
        _answer: Value,
        _settings: Option<RunSettings>,
    ) -> Result<(HttpRequest, Start), ApiError> {
        Err(unsupported("answering an interrupt"))
    }

    fn join(&self, thread: &str, run: &str) -> (HttpRequest, Start);

    fn rejoin(&self, thread: &str, run: &str, view: &ThreadView) -> HttpRequest;

    /// Readies the view before a run this client started streams into it.
    fn prepare_view(&self, _view: &mut ThreadView, _fresh: &str) -> Changes {
        Changes::default()
    }

    async fn run_status(
        &self,
        h: &impl Http,
        thread: &str,
        run: &str,
    ) -> Result<RunStatus, ApiError>;

    /// The run's status and, where the server keeps it on the run, its token usage (Yandex `usage`).
    async fn run_outcome(
        &self,
        h: &impl Http,
        thread: &str,
        run: &str,
    ) -> Result<(RunStatus, Option<crate::domain::Usage>), ApiError> {
        self.run_status(h, thread, run).await.map(|s| (s, None))
    }

    async fn active_run(&self, _h: &impl Http, _thread: &str) -> Option<String> {
        None
    }

    async fn stop(
        &self,
        _h: &impl Http,
        _thread: &str,
        _run: &str,
        _action: &str,
    ) -> Result<(), ApiError> {
        Err(unsupported("stopping the run"))
    }

    async fn run_fields(&self, _h: &impl Http, _run: &str) -> Result<RunFields, ApiError> {
        Err(unsupported("reading the run"))
    }

    async fn chain_runs(&self, _h: &impl Http, _thread: &str) -> Result<Vec<RunFields>, ApiError> {
        Err(unsupported("reading the thread's responses"))
    }

    fn thread_after_run(&self, _thread: &str, _run: &str, _view: &ThreadView) -> Option<Thread> {
        None
    }

    async fn folder_runs(
        &self,
        _h: &impl Http,
        _page_size: u32,
        _token: Option<&str>,
    ) -> Result<Page<FolderRunRecord>, ApiError> {
        Err(unsupported("listing runs"))
    }

    async fn folder_run(&self, _h: &impl Http, _run: &str) -> Result<FolderRunRecord, ApiError> {
        Err(unsupported("reading the run"))
    }

    async fn search_runs(
        &self,
        _h: &impl Http,
        _q: &RunSearch,
        _limit: u32,
        _offset: u64,
    ) -> Result<Vec<SearchRunRecord>, ApiError> {
        Err(unsupported("searching runs"))
    }

    async fn run_action(
        &self,
        _h: &impl Http,
        _run: &str,
        _action: RunAction,
        _stop_action: &str,
    ) -> Result<(String, Option<SearchRunRecord>), ApiError> {
        Err(unsupported("acting on the run"))
    }
}
