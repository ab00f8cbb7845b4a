//! Agent Protocol 0.1.6 objects as `openapi.json` defines them, and the checks a request body must
//! pass (anything else is a 422 `ErrorResponse`). Optional fields are omitted when unset, never `null`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub const RUN_STATUSES: [&str; 5] = ["pending", "error", "success", "timeout", "interrupted"];
pub const THREAD_STATUSES: [&str; 4] = ["idle", "busy", "interrupted", "error"];
pub const STREAM_MODES: [&str; 4] = ["values", "messages", "updates", "custom"];

#[derive(Debug, Clone, Serialize)]
pub struct Agent {
    pub agent_id: String,
    pub name: String,
    pub description: String,
    pub metadata: Value,
    pub capabilities: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentSchema {
    pub agent_id: String,
    pub input_schema: Value,
    pub output_schema: Value,
    pub state_schema: Value,
    pub config_schema: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Thread {
    pub thread_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub metadata: Value,
    pub status: String,
    /// The state without `messages` (the spec: messages are returned beside values, not in them).
    pub values: Value,
    pub messages: Vec<Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Checkpoint {
    pub checkpoint_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThreadState {
    pub checkpoint: Checkpoint,
    pub values: Value,
    pub messages: Vec<Value>,
    pub metadata: Value,
}

/// `RunCreate` / `RunStream` as sent; also the request part of a `Run` (with the defaults filled in).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RunRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_completion: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_disconnect: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub if_not_exists: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_mode: Option<Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Run {
    #[serde(flatten)]
    pub request: RunRequest,
    pub run_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunWaitResponse {
    pub run: Run,
    pub values: Value,
    pub messages: Vec<Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorResponse {
    pub code: String,
    pub message: String,
    pub metadata: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub namespace: Vec<String>,
    pub key: String,
    pub value: Value,
    pub created_at: String,
    pub updated_at: String,
}

/// Why a request body was refused (→ 422).
pub type Invalid = String;

/// Parses a JSON object body; an empty body is `{}`.
pub fn body_object(bytes: &[u8]) -> Result<Map<String, Value>, Invalid> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("the body must be a JSON object".into()),
        Err(e) => Err(format!("the body is not valid JSON: {e}")),
    }
}

fn field<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}

pub fn opt_object(m: &Map<String, Value>, key: &str) -> Result<Option<Value>, Invalid> {
    match field(m, key) {
        None => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v.clone())),
        Some(_) => Err(format!("{key} must be an object")),
    }
}

pub fn opt_string(m: &Map<String, Value>, key: &str) -> Result<Option<String>, Invalid> {
    match field(m, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{key} must be a string")),
    }
}

pub fn opt_enum(
    m: &Map<String, Value>,
    key: &str,
    allowed: &[&str],
) -> Result<Option<String>, Invalid> {
    match opt_string(m, key)? {
        Some(s) if !allowed.contains(&s.as_str()) => Err(format!(
            "{key} must be one of {}, not {s:?}",
            allowed.join(", ")
        )),
        other => Ok(other),
    }
}

pub fn opt_uuid(m: &Map<String, Value>, key: &str) -> Result<Option<String>, Invalid> {
    match opt_string(m, key)? {
        Some(s) if !is_uuid(&s) => Err(format!("{key} must be a UUID, not {s:?}")),
        other => Ok(other),
    }
}

/// `limit` (1..=1000, default `default`) and `offset` (≥ 0, default 0).
pub fn limit_offset(m: &Map<String, Value>, default: u64) -> Result<(usize, usize), Invalid> {
    let int = |key: &str, d: u64, min: u64, max: u64| match field(m, key) {
        None => Ok(d),
        Some(v) => v
            .as_u64()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| format!("{key} must be an integer from {min} to {max}")),
    };
    Ok((
        int("limit", default, 1, 1000)? as usize,
        int("offset", 0, 0, u64::MAX)? as usize,
    ))
}

pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A spec `Message`: `role` a string, `content` a string or a list of blocks each with a `type`.
pub fn check_message(v: &Value) -> Result<(), Invalid> {
    let ok_role = v.get("role").is_some_and(Value::is_string);
    let ok_content = match v.get("content") {
        Some(Value::String(_)) => true,
        Some(Value::Array(blocks)) => blocks.iter().all(|b| {
            b.get("type").is_some_and(Value::is_string)
                && (b.get("type") != Some(&Value::from("text"))
                    || b.get("text").is_some_and(Value::is_string))
        }),
        _ => false,
    };
    if ok_role && ok_content {
        Ok(())
    } else {
        Err(
            "each message needs a string role and a content (a string or a list of typed blocks)"
                .into(),
        )
    }
}

/// Checks a `RunCreate` / `RunStream` body field by field against the spec.
pub fn run_request(m: &Map<String, Value>, streaming: bool) -> Result<RunRequest, Invalid> {
    let messages = match field(m, "messages") {
        None => None,
        Some(Value::Array(list)) => {
            list.iter().try_for_each(check_message)?;
            Some(list.clone())
        }
        Some(_) => return Err("messages must be a list".into()),
    };
    let config = opt_object(m, "config")?;
    if let Some(c) = &config {
        if c.get("tags")
            .is_some_and(|t| !t.as_array().is_some_and(|a| a.iter().all(Value::is_string)))
        {
            return Err("config.tags must be a list of strings".into());
        }
        if c.get("recursion_limit").is_some_and(|r| !r.is_i64()) {
            return Err("config.recursion_limit must be an integer".into());
        }
        if c.get("configurable").is_some_and(|r| !r.is_object()) {
            return Err("config.configurable must be an object".into());
        }
    }
    let webhook = opt_string(m, "webhook")?;
    if let Some(w) = &webhook {
        let scheme_ok = w.starts_with("http://") || w.starts_with("https://");
        if !scheme_ok || w.len() > 65536 || w.contains(char::is_whitespace) {
            return Err(format!("webhook must be an http(s) URI, not {w:?}"));
        }
    }
    let stream_mode = match field(m, "stream_mode") {
        None => None,
        Some(_) if !streaming => None,
        Some(v) => {
            let modes: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                one => vec![one],
            };
            if modes.is_empty()
                || !modes
                    .iter()
                    .all(|s| s.as_str().is_some_and(|s| STREAM_MODES.contains(&s)))
            {
                return Err(format!(
                    "stream_mode must be one or a list of {}",
                    STREAM_MODES.join(", ")
                ));
            }
            Some(v.clone())
        }
    };
    Ok(RunRequest {
        thread_id: opt_uuid(m, "thread_id")?,
        agent_id: opt_string(m, "agent_id")?,
        input: field(m, "input").cloned(),
        messages,
        metadata: opt_object(m, "metadata")?,
        config,
        webhook,
        on_completion: opt_enum(m, "on_completion", &["delete", "keep"])?,
        on_disconnect: opt_enum(m, "on_disconnect", &["cancel", "continue"])?,
        if_not_exists: opt_enum(m, "if_not_exists", &["create", "reject"])?,
        stream_mode,
    })
}

/// Whether every key of `filter` is in `target` with an equal value (the spec's metadata/values filter).
pub fn contains_all(target: &Value, filter: &Option<Value>) -> bool {
    let Some(Value::Object(f)) = filter else {
        return true;
    };
    f.iter().all(|(k, v)| target.get(k) == Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn run_requests_are_checked_field_by_field() {
        let ok = run_request(
            &obj(json!({"thread_id": "12345678-1234-1234-1234-123456789abc",
                "stream_mode": ["values", "messages"], "config": {"tags": ["a"], "recursion_limit": 5},
                "on_completion": "keep", "messages": [{"role": "user", "content": "hi"}]})),
            true,
        )
        .expect("valid");
        assert_eq!(ok.on_completion.as_deref(), Some("keep"));
        for bad in [
            json!({"thread_id": "not-a-uuid"}),
            json!({"stream_mode": "tokens"}),
            json!({"stream_mode": []}),
            json!({"on_disconnect": "maybe"}),
            json!({"config": {"tags": "a"}}),
            json!({"config": {"recursion_limit": "5"}}),
            json!({"messages": [{"content": "no role"}]}),
            json!({"messages": [{"role": "user", "content": [{"text": "no type"}]}]}),
            json!({"webhook": "ftp://x"}),
            json!({"metadata": []}),
        ] {
            assert!(run_request(&obj(bad.clone()), true).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_and_filters() {
        assert_eq!(limit_offset(&obj(json!({})), 10), Ok((10, 0)));
        assert!(limit_offset(&obj(json!({"limit": 0})), 10).is_err());
        assert!(limit_offset(&obj(json!({"limit": 1001})), 10).is_err());
        assert!(limit_offset(&obj(json!({"offset": -1})), 10).is_err());
        let t = json!({"a": 1, "b": "x"});
        assert!(contains_all(&t, &Some(json!({"a": 1}))));
        assert!(!contains_all(&t, &Some(json!({"a": 2}))));
        assert!(contains_all(&t, &None));
    }
}
