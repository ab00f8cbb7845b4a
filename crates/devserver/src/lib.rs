//! agent-console's stand-in servers, for dialects with no real server on our machines: the Yandex
//! Cloud AI Assistants REST API (`/assistants/v1/…`) and the Agent Protocol (`/agents`, `/threads`,
//! `/runs`, `/store`), contract-exact, with deterministic demo data. Streaming is plain and
//! controllable: a run appends events to memory; listeners read them.

pub mod agent_protocol;
pub mod bell;
pub mod cors;
pub mod faults;
pub mod responses;
pub mod time;
pub mod yandex;

use axum::Router;

/// Everything the devserver serves, every route under the fault switch.
pub fn app(creds: yandex::Credentials, cors: bool) -> Router {
    let app = yandex::router(creds.clone())
        .merge(responses::router(creds))
        .merge(agent_protocol::router())
        .merge(faults::router());
    with_faults(app, cors)
}

/// A real server behind the fault switch (`devserver --proxy`).
pub fn proxy(upstream: faults::proxy::Upstream) -> Router {
    with_faults(faults::proxy::router(upstream), true)
}

fn with_faults(app: Router, cors: bool) -> Router {
    let counts = std::sync::Arc::new(faults::inject::Counts::default());
    let app = app.layer(axum::middleware::from_fn_with_state(
        counts,
        faults::inject::inject,
    ));
    if cors {
        app.layer(axum::middleware::from_fn(cors::allow_any_origin))
    } else {
        app
    }
}
