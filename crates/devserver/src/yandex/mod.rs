//! Yandex Cloud AI Assistants REST, contract-exact (../shared/contracts/yandex.md): no Yandex server is
//! reachable from our machines, so this one stands in for the client's tests and the demo.

pub mod model;
pub mod routes;
pub mod store;

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use std::sync::Arc;

/// The credentials the server accepts: `Authorization: Api-Key <api_key>` or `Bearer <iam_token>`.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub api_key: String,
    pub iam_token: String,
}

impl Default for Credentials {
    fn default() -> Self {
        Self {
            api_key: "demo-api-key".into(),
            iam_token: "demo-iam-token".into(),
        }
    }
}

/// The routes with their demo data, behind the auth check.
pub fn router(creds: Credentials) -> Router {
    router_with(store::Shared::demo(), creds)
}

pub fn router_with(shared: store::Shared, creds: Credentials) -> Router {
    routes::routes(shared).layer(axum::middleware::from_fn_with_state(
        Arc::new(creds),
        require_auth,
    ))
}

/// Every call needs the header; a missing or wrong one is `16 UNAUTHENTICATED` (HTTP 401).
async fn require_auth(State(creds): State<Arc<Credentials>>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    match given {
        None => routes::rpc_error(16, "The request has no Authorization header"),
        Some(h)
            if h == format!("Api-Key {}", creds.api_key)
                || h == format!("Bearer {}", creds.iam_token) =>
        {
            next.run(req).await
        }
        Some(_) => routes::rpc_error(16, "Token is invalid or has expired."),
    }
}
