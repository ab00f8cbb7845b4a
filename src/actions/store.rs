//! The server's long-term memory store ([`Capabilities::store`]): the Store page opened, its
//! namespaces listed, items searched page by page, an item written (new or edited) and deleted.
//! Each write answers what it did, or the server's refusal in its own words.
//!
//! [`Capabilities::store`]: agent_console_core::backend::Capabilities::store

use super::server;
use crate::state::{AppState, Screen};
use agent_console_core::backend::{StoreItem, StoreQuery};
use agent_console_core::objects::store;
use leptos::prelude::*;
use serde_json::Value;

/// Items per page of a search.
pub const STORE_PAGE: u32 = 20;

/// Shows the Store page.
pub fn open_page(state: AppState) {
    state.screen.set(Screen::Store);
    state.drawer_open.set(false);
    state.update_url();
}

/// A namespace as typed: its parts separated by dots (`users.alice`); blank parts dropped.
pub fn namespace_of(typed: &str) -> Vec<String> {
    typed
        .split('.')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every namespace of the store (`None`: not connected). Its request stops if the page goes.
pub async fn namespaces(state: AppState) -> Option<Result<Vec<Vec<String>>, String>> {
    let s = server(state)?;
    let http = s.http.aborted_on_cleanup();
    Some(
        store::namespaces(&http, &[])
            .await
            .map_err(|e| e.to_string()),
    )
}

/// A page of items (`None`: not connected).
pub async fn search(state: AppState, q: StoreQuery) -> Option<Result<Vec<StoreItem>, String>> {
    let s = server(state)?;
    let http = s.http.aborted_on_cleanup();
    Some(store::search(&http, &q).await.map_err(|e| e.to_string()))
}

/// A filter typed as a JSON object (blank: none).
pub fn filter_of(typed: &str) -> Result<Option<Value>, String> {
    super::assistant_admin::json_object("Filter", typed).map(|v| (!v.is_null()).then_some(v))
}

/// Shows the Store page at namespace `ns` (dotted), item `key` alone (empty: none); the address
/// bar follows.
pub fn go_to(state: AppState, ns: String, key: String) {
    state.store_place.set((ns, key));
    state.update_url();
}

/// One item (`None`: not connected; `Ok(None)`: the server has none there).
pub async fn get(
    state: AppState,
    namespace: Vec<String>,
    key: String,
) -> Option<Result<Option<StoreItem>, String>> {
    let s = server(state)?;
    let http = s.http.aborted_on_cleanup();
    Some(
        store::get(&http, s.backend.capabilities(), &namespace, &key)
            .await
            .map_err(|e| e.to_string()),
    )
}

/// Writes `value` (JSON object text) under `namespace` / `key`, to live `ttl` minutes (text; blank:
/// for good).
pub async fn put(
    state: AppState,
    namespace: Vec<String>,
    key: String,
    value: String,
    ttl: String,
) -> Result<String, String> {
    if namespace.is_empty() {
        return Err("Namespace: at least one part (parts separated by dots: users.alice).".into());
    }
    if key.is_empty() {
        return Err("Key: an item needs a key.".into());
    }
    let value = match super::assistant_admin::json_object("Value", &value)? {
        Value::Null => return Err("Value: a JSON object is needed ({…}).".into()),
        v => v,
    };
    let ttl = agent_console_core::forms::parse_minutes("TTL", &ttl)?;
    let s = server(state).ok_or("Not connected.")?;
    store::put(
        &s.http,
        s.backend.capabilities(),
        &namespace,
        &key,
        &value,
        ttl,
    )
    .await
    .map_err(|e| e.to_string())?;
    let lives = ttl.map_or_else(String::new, |m| format!(", to live {m} min"));
    Ok(format!("Saved {key} in {}{lives}.", namespace.join(".")))
}

pub async fn delete(
    state: AppState,
    namespace: Vec<String>,
    key: String,
) -> Result<String, String> {
    let s = server(state).ok_or("Not connected.")?;
    store::delete(&s.http, &namespace, &key)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("Deleted {key} from {}.", namespace.join(".")))
}
