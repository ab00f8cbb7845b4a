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
    let found = read(h, namespace, key, caps.store_dotted).await?;
    // A LangGraph server spoken to as the Agent Protocol reads only the last of repeated
    // `namespace`s (Starlette's query): asked the spec's way and not found, it is asked dotted.
    if found.is_none() && !caps.store_dotted && namespace.len() > 1 {
        return read(h, namespace, key, true).await;
    }
    Ok(found)
}

async fn read(
    h: &impl Http,
    namespace: &[String],
    key: &str,
    dotted: bool,
) -> Result<Option<StoreItem>, ApiError> {
    match h.send(&routes::get(namespace, key, dotted)).await {
        Ok(r) => routes::read_item(&r.body),
        Err(ApiError::Status { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::HttpResponse;
    use crate::http::{error_from_response, HttpRequest};
    use futures::executor::block_on;
    use serde_json::json;
    use std::cell::RefCell;

    /// A store that has one item, `users.alice / k`, and reads a namespace as `dotted` says.
    struct Store {
        dotted: bool,
        asked: RefCell<Vec<HttpRequest>>,
    }

    impl Http for Store {
        async fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
            self.asked.borrow_mut().push(req.clone());
            let url = req.url("");
            let found = url.contains("key=k&")
                && if self.dotted {
                    url.contains("namespace=users.alice")
                } else {
                    url.contains("namespace=users&namespace=alice")
                };
            let body = if req.path == "/store/items" && req.body.is_none() {
                if !found {
                    return Err(error_from_response(404, r#"{"detail": "no"}"#, req.purpose));
                }
                r#"{"namespace": ["users", "alice"], "key": "k", "value": {"a": 1}}"#
            } else {
                ""
            };
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: body.to_owned(),
            })
        }
    }

    fn caps(ttl: bool, dotted: bool) -> Capabilities {
        let mut c = crate::backend::langgraph::capabilities(None);
        c.store_ttl = ttl;
        c.store_dotted = dotted;
        c
    }

    #[test]
    fn a_ttl_goes_only_where_the_server_takes_one_and_an_item_is_found_either_way() {
        let ns = ["users".to_owned(), "alice".to_owned()];
        let h = Store {
            dotted: true,
            asked: RefCell::new(Vec::new()),
        };
        for (ttl, sent) in [(true, Some(json!(5.0))), (false, None)] {
            block_on(put(&h, &caps(ttl, true), &ns, "k", &json!({}), Some(5.0))).unwrap();
            let body = h
                .asked
                .borrow()
                .last()
                .and_then(|r| r.body.clone())
                .unwrap();
            assert_eq!(body.get("ttl").cloned(), sent);
        }
        // Read dotted where the capability says so; asked the spec's way first elsewhere, then
        // dotted (a LangGraph server spoken to as the Agent Protocol).
        let item = block_on(get(&h, &caps(true, true), &ns, "k")).unwrap();
        assert_eq!(item.map(|i| i.value), Some(json!({"a": 1})));
        h.asked.borrow_mut().clear();
        let item = block_on(get(&h, &caps(false, false), &ns, "k")).unwrap();
        assert!(item.is_some());
        assert_eq!(h.asked.borrow().len(), 2);
        let spec = Store {
            dotted: false,
            asked: RefCell::new(Vec::new()),
        };
        assert!(block_on(get(&spec, &caps(false, false), &ns, "k"))
            .unwrap()
            .is_some());
        assert_eq!(spec.asked.borrow().len(), 1);
        assert_eq!(
            block_on(get(&spec, &caps(false, false), &ns, "nobody")).unwrap(),
            None
        );
    }
}
