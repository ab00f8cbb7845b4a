//! The long-term memory store's routes, as LangGraph and the Agent Protocol's Store stage share them:
//! `POST /store/namespaces`, `POST /store/items/search`, `PUT /store/items`, `DELETE /store/items`.
//! Where they differ the reader takes either: LangGraph answers namespaces as `{"namespaces": […]}`,
//! the Agent Protocol as a bare list.

use crate::backend::{StoreItem, StoreQuery};
use crate::http::{parse_json, ApiError, HttpRequest, Method};
use serde::Deserialize;
use serde_json::{json, Value};

/// The namespaces under `prefix` (all of them for an empty one).
pub fn namespaces(prefix: &[String], limit: u32) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        "/store/namespaces",
        "listing the store's namespaces",
    )
    .json(json!({"prefix": prefix, "limit": limit}))
    .reading()
}

/// Items under a namespace prefix, matching a filter (every key equal) and, where the server
/// indexes values, a query; paged by offset.
pub fn search(q: &StoreQuery) -> HttpRequest {
    let mut body = json!({"namespace_prefix": q.prefix, "limit": q.limit, "offset": q.offset});
    if let Some(f) = &q.filter {
        body["filter"] = f.clone();
    }
    if let Some(text) = q.query.as_deref().filter(|t| !t.trim().is_empty()) {
        body["query"] = json!(text);
    }
    HttpRequest::new(Method::Post, "/store/items/search", "searching the store")
        .json(body)
        .reading()
}

/// Writes `value` under `namespace` / `key` (a new item, or a new value for one).
/// `ttl`: minutes the item lives (LangGraph's `ttl`; left out: for good).
pub fn put(namespace: &[String], key: &str, value: &Value, ttl: Option<f64>) -> HttpRequest {
    let mut body = json!({"namespace": namespace, "key": key, "value": value});
    if let Some(t) = ttl {
        body["ttl"] = json!(t);
    }
    HttpRequest::new(Method::Put, "/store/items", "saving the item").json(body)
}

pub fn delete(namespace: &[String], key: &str) -> HttpRequest {
    HttpRequest::new(Method::Delete, "/store/items", "deleting the item")
        .json(json!({"namespace": namespace, "key": key}))
}

/// `{"namespaces": [[…]]}` or `[[…]]`.
pub fn read_namespaces(body: &str) -> Result<Vec<Vec<String>>, ApiError> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Answer {
        Wrapped { namespaces: Vec<Vec<String>> },
        Bare(Vec<Vec<String>>),
    }
    parse_json::<Answer>(body, "reading the store's namespaces").map(|a| match a {
        Answer::Wrapped { namespaces } | Answer::Bare(namespaces) => namespaces,
    })
}

/// `GET /store/items`: one item by namespace and key. LangGraph takes the namespace's parts joined
/// by dots (its labels hold none); the Agent Protocol's spec, the parts as repeated parameters.
pub fn get(namespace: &[String], key: &str, dotted: bool) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Get, "/store/items", "reading the item").query("key", key);
    if dotted {
        r = r.query("namespace", namespace.join("."));
    } else {
        for part in namespace {
            r = r.query("namespace", part.as_str());
        }
    }
    r.reading()
}

#[derive(Deserialize)]
struct WireItem {
    namespace: Vec<String>,
    key: String,
    #[serde(default)]
    value: Value,
    created_at: Option<String>,
    updated_at: Option<String>,
    score: Option<f64>,
}

impl From<WireItem> for StoreItem {
    fn from(i: WireItem) -> Self {
        StoreItem {
            namespace: i.namespace,
            key: i.key,
            value: i.value,
            created_at: i.created_at,
            updated_at: i.updated_at,
            score: i.score,
        }
    }
}

pub fn read_items(body: &str) -> Result<Vec<StoreItem>, ApiError> {
    #[derive(Deserialize)]
    struct Wire {
        #[serde(default)]
        items: Vec<WireItem>,
    }
    let w: Wire = parse_json(body, "reading the store's items")?;
    Ok(w.items.into_iter().map(StoreItem::from).collect())
}

/// One item, or `None` where the server says there is none by answering `null` (LangGraph).
pub fn read_item(body: &str) -> Result<Option<StoreItem>, ApiError> {
    parse_json::<Option<WireItem>>(body, "reading the item").map(|i| i.map(StoreItem::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_are_read_wrapped_or_bare() {
        let a = read_namespaces(r#"{"namespaces": [["a", "b"], ["c"]]}"#).unwrap();
        let b = read_namespaces(r#"[["a", "b"], ["c"]]"#).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0], vec!["a".to_owned(), "b".to_owned()]);
        assert!(read_namespaces(r#"{"namespaces": "x"}"#).is_err());
    }

    #[test]
    fn a_search_sends_only_what_is_asked_and_items_keep_every_field() {
        let q = StoreQuery {
            prefix: vec!["users".into()],
            query: Some("  ".into()),
            filter: None,
            limit: 20,
            offset: 40,
        };
        let body = search(&q).body.unwrap();
        assert_eq!(
            body,
            json!({"namespace_prefix": ["users"], "limit": 20, "offset": 40})
        );
        let items = read_items(
            r#"{"items": [{"namespace": ["users"], "key": "k", "value": {"a": 1},
                "created_at": "t0", "updated_at": "t1", "score": null}]}"#,
        )
        .unwrap();
        assert_eq!(items[0].key, "k");
        assert_eq!(items[0].updated_at.as_deref(), Some("t1"));
        assert_eq!(
            put(&["users".into()], "k", &json!({"a": 2}), None)
                .body
                .unwrap(),
            json!({"namespace": ["users"], "key": "k", "value": {"a": 2}})
        );
        let ns = ["users".to_owned(), "alice".to_owned()];
        assert_eq!(
            get(&ns, "k 1", true).url(""),
            "/store/items?key=k%201&namespace=users.alice"
        );
        assert_eq!(
            get(&ns, "k", false).url(""),
            "/store/items?key=k&namespace=users&namespace=alice"
        );
        assert_eq!(read_item("null").unwrap(), None);
        let one = read_item(r#"{"namespace": ["users"], "key": "k", "value": {"a": 1}}"#).unwrap();
        assert_eq!(one.map(|i| i.value), Some(json!({"a": 1})));
        assert!(read_item("[1]").is_err());
        assert_eq!(
            put(&["users".into()], "k", &json!({"a": 2}), Some(1.5))
                .body
                .unwrap()["ttl"],
            json!(1.5)
        );
    }
}
