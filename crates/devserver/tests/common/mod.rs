//! What the stand-ins' contract tests share: a request to a router in process, and a check of a JSON
//! value against a schema of an OpenAPI description.

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Sends one request to `app` (a JSON body if given, the extra headers) and reads the whole answer.
pub async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let req = req
        .body(body.map(|b| Body::from(b.to_string())).unwrap_or_default())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// Fails the test unless `v` is valid against `components.schemas.<name>` of `spec` (or, for
/// `[<name>]`, a list of them).
pub fn assert_schema(spec: &Value, name: &str, v: &Value) {
    let (target, list) = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(inner) => (inner, true),
        None => (name, false),
    };
    let one = json!({"$ref": format!("#/components/schemas/{target}")});
    let mut schema = if list {
        json!({"type": "array", "items": one})
    } else {
        one
    };
    schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    schema["components"] = spec["components"].clone();
    assert_valid(&schema, name, v);
}

/// Fails the test unless `v` is valid against `schema` (its `$ref`s resolved inside it), naming
/// `name` and the first errors.
pub fn assert_valid(schema: &Value, name: &str, v: &Value) {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(v)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name} invalid: {errors:?}\n{v:#}");
}
