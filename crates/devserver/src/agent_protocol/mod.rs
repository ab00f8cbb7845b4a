//! Agent Protocol 0.1.6 (langchain-ai/agent-protocol `openapi.json`; facts in
//! ../shared/contracts/agent-protocol.md): no server here serves its `/agents` and `/runs` routes, so
//! this one stands in, field by field per the spec, with two deterministic demo agents. No auth (the
//! spec defines none).

pub mod model;
pub mod routes;
pub mod store;
pub mod webhook;

use axum::Router;

/// The routes with their demo data.
pub fn router() -> Router {
    routes::routes(store::Shared::demo())
}
