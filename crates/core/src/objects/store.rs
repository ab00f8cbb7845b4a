//! The long-term memory store ([`Capabilities::store`]): namespaces, items searched, one read by
//! key, written (with a time to live where [`Capabilities::store_ttl`]), deleted — the routes
//! LangGraph and the Agent Protocol's Store stage share ([`crate::dialects::store`]).
//!
//! [`Capabilities::store`]: crate::backend::Capabilities::store
//! [`Capabilities::store_ttl`]: crate::backend::Capabilities::store_ttl

use crate::backend::{Capabilities, Http, StoreItem, StoreQuery};
use crate::dialects::store as routes;
use crate::http::ApiError;
use serde_json::Value;

/// The namespaces listed at most.
pub const NAMESPACES: u32 = 1000;

/// The namespaces under `prefix`.
pub async fn namespaces(h: &impl Http, prefix: &[String]) -> Result<Vec<Vec<String>>, ApiError> {
    routes::read_namespaces(&h.send(&routes::namespaces(prefix, NAMESPACES)).await?.body)
}

pub async fn search(h: &impl Http, q: &StoreQuery) -> Result<Vec<StoreItem>, ApiError> {
    routes::read_items(&h.send(&routes::search(q)).await?.body)
}

/// `ttl`: minutes the item lives (`None`: for good; sent only where the server takes one).
pub async fn put(
    h: &impl Http,
    caps: &Capabilities,
    namespace: &[String],
    key: &str,
    value: &Value,
    ttl: Option<f64>,
) -> Result<(), ApiError> {
    let ttl = ttl.filter(|_| caps.store_ttl);
    h.send(&routes::put(namespace, key, value, ttl))
        .await
        .map(|_| ())
}

pub async fn delete(h: &impl Http, namespace: &[String], key: &str) -> Result<(), ApiError> {
    h.send(&routes::delete(namespace, key)).await.map(|_| ())
}

/// One item (`None`: the server has none by that key there — LangGraph answers `null`, the Agent
/// Protocol's spec a 404). The namespace goes as the server reads it: dotted where
/// [`Capabilities::store_dotted`], else its parts repeated.
///
/// [`Capabilities::store_dotted`]: crate::backend::Capabilities::store_dotted
pub async fn get(
    h: &impl Http,
    caps: &Capabilities,
    namespace: &[String],
    key: &str,
) -> Result<Option<StoreItem>, ApiError> {
    match h
        .send(&routes::get(namespace, key, caps.store_dotted))
        .await
    {
        Ok(r) => routes::read_item(&r.body),
        Err(ApiError::Status { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
