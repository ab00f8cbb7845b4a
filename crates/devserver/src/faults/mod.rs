//! Faults the client is tested against: the fault switch on every route ([`inject`]), a proxy that
//! puts it in front of a real server ([`proxy`]), and routes for redirects — a redirect to another
//! origin, and a landing route that records what reached it, to show that a profile's credential and
//! headers never follow a redirect.
//!
//! - `GET /faults/redirect?to=<url>` → `307 Temporary Redirect`, `Location: <url>`.
//! - any request below `/faults/redirecting/` (a "server" whose every route redirects, e.g. its `/info`)
//!   → `307` to `/faults/landed` on another origin: the same port under the host name `localhost`.
//! - any request to `/faults/landed` → `200 {"landed": true}`, and it is counted (preflights aside),
//!   with whether it carried `x-api-key`, `authorization` or `x-tenant`.
//!   and so is any request below it (`/faults/landed/info`: a whole server that only lands);
//! - `GET /faults/landed/seen` → `{"hits": n, "with_credentials": m}`; `DELETE` resets both.
//! - `POST /faults/tally` keeps a JSON object a browser test reports (its counts); `GET` gives them
//!   all, `DELETE` forgets them — the test command prints them after each browser suite.

pub mod inject;
pub mod proxy;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::sync::{Arc, Mutex};

/// What reached the landing route.
#[derive(Default)]
struct Seen {
    hits: u64,
    with_credentials: u64,
    tallies: Vec<serde_json::Value>,
}

type Shared = Arc<Mutex<Seen>>;

#[derive(Deserialize)]
struct RedirectTo {
    to: String,
}

pub fn router() -> Router {
    let seen: Shared = Arc::default();
    Router::new()
        .route("/faults/redirect", get(redirect))
        .route("/faults/redirecting/{*rest}", any(redirect_elsewhere))
        .route("/faults/landed", any(landed))
        .route("/faults/landed/seen", get(seen_so_far).delete(reset))
        // A "server" at `/faults/landed` whose every route lands (a stranger's server a link names).
        .route("/faults/landed/{*rest}", any(landed))
        .route(
            "/faults/tally",
            get(tallies).post(add_tally).delete(forget_tallies),
        )
        .with_state(seen)
}

async fn redirect(Query(q): Query<RedirectTo>) -> Response {
    (StatusCode::TEMPORARY_REDIRECT, [("location", q.to)]).into_response()
}

async fn redirect_elsewhere(headers: HeaderMap) -> Response {
    let port = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.rsplit(':').next())
        .unwrap_or("80")
        .to_owned();
    let to = format!("http://localhost:{port}/faults/landed");
    (StatusCode::TEMPORARY_REDIRECT, [("location", to)]).into_response()
}

async fn landed(
    State(seen): State<Shared>,
    method: Method,
    headers: HeaderMap,
) -> Json<serde_json::Value> {
    if method != Method::OPTIONS {
        let secret = ["x-api-key", "authorization", "x-tenant"]
            .iter()
            .any(|h| headers.contains_key(*h));
        if let Ok(mut s) = seen.lock() {
            s.hits += 1;
            s.with_credentials += u64::from(secret);
        }
    }
    Json(json!({"landed": true}))
}

async fn seen_so_far(State(seen): State<Shared>) -> Json<serde_json::Value> {
    let (hits, with_credentials) = seen
        .lock()
        .map(|s| (s.hits, s.with_credentials))
        .unwrap_or_default();
    Json(json!({"hits": hits, "with_credentials": with_credentials}))
}

async fn reset(State(seen): State<Shared>) -> StatusCode {
    if let Ok(mut s) = seen.lock() {
        s.hits = 0;
        s.with_credentials = 0;
    }
    StatusCode::NO_CONTENT
}

async fn add_tally(State(seen): State<Shared>, Json(v): Json<serde_json::Value>) -> StatusCode {
    if let Ok(mut s) = seen.lock() {
        s.tallies.push(v);
    }
    StatusCode::NO_CONTENT
}

async fn tallies(State(seen): State<Shared>) -> Json<serde_json::Value> {
    let all = seen.lock().map(|s| s.tallies.clone()).unwrap_or_default();
    Json(serde_json::Value::Array(all))
}

async fn forget_tallies(State(seen): State<Shared>) -> StatusCode {
    if let Ok(mut s) = seen.lock() {
        s.tallies.clear();
    }
    StatusCode::NO_CONTENT
}
