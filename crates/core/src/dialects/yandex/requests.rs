//! Requests of the Yandex Assistants REST API (query parameters and bodies are camelCase).

use crate::http::{HttpRequest, Method};

pub fn list_runs(folder_id: &str, page_size: u32, page_token: Option<&str>) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Get, "/assistants/v1/runs", "listing runs")
        .query("folderId", folder_id)
        .query("pageSize", page_size.to_string());
    if let Some(t) = page_token.filter(|t| !t.is_empty()) {
        r = r.query("pageToken", t);
    }
    r
}

/// `Run.Listen` from event `start_idx` (the last cursor seen, to resume after a drop).
pub fn listen(run_id: &str, start_idx: Option<u64>) -> HttpRequest {
    let mut r = HttpRequest::new(
        Method::Get,
        "/assistants/v1/runs/listen",
        "listening to the run",
    )
    .query("runId", run_id)
    .streaming();
    if let Some(i) = start_idx {
        r = r.query("eventsStartIdx", i.to_string());
    }
    r
}
