//! The dialect-neutral domain model (DESIGN.md, "Domain model"). Every enum keeps `Unknown(String)` for
//! values it does not know, so a newer server never breaks an older client.

use serde::Serialize;
use serde_json::Value;

/// Which API a server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    LangGraph,
    AgentProtocol,
    Yandex,
    /// The OpenAI-compatible Responses API (OpenAI, Yandex AI Studio, self-hosted servers).
    Responses,
    /// A2A (Agent2Agent): any agent with an agent card, over JSON-RPC.
    A2a,
}

impl Default for Dialect {
    /// The first dialect this build speaks: LangGraph, unless its cargo feature is off.
    fn default() -> Self {
        crate::backend::spoken().next().unwrap_or(Self::LangGraph)
    }
}

impl Dialect {
    /// Every dialect, in the order the connect form offers them. `listed` below fails to build when a
    /// variant is added without being listed here.
    pub const ALL: [Dialect; 5] = [
        Self::LangGraph,
        Self::AgentProtocol,
        Self::Yandex,
        Self::Responses,
        Self::A2a,
    ];

    #[allow(dead_code)] // only its exhaustiveness matters: see `ALL`
    const fn listed(self) -> usize {
        match self {
            Self::LangGraph => 0,
            Self::AgentProtocol => 1,
            Self::Yandex => 2,
            Self::Responses => 3,
            Self::A2a => 4,
        }
    }

    /// Parses the names used in deep links and the CLI (`langgraph`, `agent-protocol`, `yandex`, and
    /// the spellings `lang-graph`, `agent_protocol`, `ap`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        let name = match s.as_str() {
            "lang-graph" => "langgraph",
            "agent_protocol" | "ap" => "agent-protocol",
            "openai-responses" | "openai" | "responses-api" => "responses",
            "agent2agent" => "a2a",
            other => other,
        };
        Self::ALL.into_iter().find(|d| d.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LangGraph => "langgraph",
            Self::AgentProtocol => "agent-protocol",
            Self::Yandex => "yandex",
            Self::Responses => "responses",
            Self::A2a => "a2a",
        }
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Self::parse(s).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|d| d.as_str()).collect();
            format!("unknown dialect {s:?}: use {}", names.join(", "))
        })
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Human,
    Ai,
    Tool,
    System,
    Unknown(String),
}

impl Role {
    /// Accepts LangChain's `type` names, Agent Protocol roles and Yandex's author roles.
    pub fn parse(s: &str) -> Self {
        match s {
            "human" | "user" | "HumanMessage" | "HumanMessageChunk" | "USER" => Self::Human,
            "ai" | "assistant" | "AIMessage" | "AIMessageChunk" | "ASSISTANT" => Self::Ai,
            "tool" | "ToolMessage" | "ToolMessageChunk" => Self::Tool,
            "system" | "SystemMessage" | "SYSTEM" => Self::System,
            other => Self::Unknown(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Human => "human",
            Self::Ai => "ai",
            Self::Tool => "tool",
            Self::System => "system",
            Self::Unknown(s) => s,
        }
    }
}

/// One piece of a message's content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Text {
        text: String,
    },
    Reasoning {
        text: String,
    },
    /// A call the model asked for. `args_text` accumulates streamed argument fragments; `args` is the parsed
    /// value once complete (or as sent whole).
    ToolCall {
        id: Option<String>,
        name: String,
        args: Value,
        args_text: String,
    },
    ToolResult {
        call_id: Option<String>,
        text: String,
    },
    Image {
        url: String,
    },
    /// A file a message carries (a PDF, a text file): what it is, not its bytes.
    File {
        name: Option<String>,
        mime: Option<String>,
        size: Option<u64>,
    },
    Json {
        value: Value,
    },
}

/// Token usage as a server reported it (LangChain `usage_metadata`, Yandex `usage`, Responses
/// `usage`); what it did not say stays `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub prompt: Option<u64>,
    pub completion: Option<u64>,
    pub total: Option<u64>,
    /// Of `completion`, the tokens spent reasoning (LangChain `output_token_details.reasoning`).
    pub reasoning: Option<u64>,
}

impl Usage {
    /// Two reports summed (a run of several messages); a count either side lacks is kept from the other.
    pub fn plus(self, o: Usage) -> Usage {
        let add = |a: Option<u64>, b: Option<u64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            (a, b) => a.or(b),
        };
        Usage {
            prompt: add(self.prompt, o.prompt),
            completion: add(self.completion, o.completion),
            total: add(self.total, o.total),
            reasoning: add(self.reasoning, o.reasoning),
        }
    }
}

/// A message of a thread, in any dialect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub id: String,
    pub role: Role,
    pub blocks: Vec<Block>,
    /// The tool's name on a tool result, or the author's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What producing it cost, where the server said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

impl Message {
    pub fn text(id: impl Into<String>, role: Role, text: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            role,
            blocks: vec![Block::Text { text: text.into() }],
            name: None,
            usage: None,
        }
    }

    /// All text (and tool result text) of the message, concatenated.
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        for b in &self.blocks {
            if let Block::Text { text } | Block::ToolResult { text, .. } = b {
                s.push_str(text);
            }
        }
        s
    }

    /// Appends streamed text to the last text block, opening one when needed.
    pub fn push_text(&mut self, delta: &str) {
        if let Some(Block::Text { text }) = self.blocks.last_mut() {
            text.push_str(delta);
        } else {
            self.blocks.push(Block::Text {
                text: delta.to_owned(),
            });
        }
    }

    pub fn push_reasoning(&mut self, delta: &str) {
        if let Some(Block::Reasoning { text }) = self.blocks.last_mut() {
            text.push_str(delta);
        } else {
            self.blocks.push(Block::Reasoning {
                text: delta.to_owned(),
            });
        }
    }

    pub fn tool_calls(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|b| matches!(b, Block::ToolCall { .. }))
    }
}

/// The state of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadStatus {
    Idle,
    Busy,
    Interrupted,
    Error,
    Unknown(String),
}

impl ThreadStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "idle" => Self::Idle,
            "busy" => Self::Busy,
            "interrupted" => Self::Interrupted,
            "error" => Self::Error,
            other => Self::Unknown(other.to_owned()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Self::Idle => "idle",
            Self::Busy => "busy",
            Self::Interrupted => "interrupted",
            Self::Error => "error",
            Self::Unknown(s) => s,
        }
    }
}

/// The state of a run. `ActionRequired` is Yandex's `TOOL_CALLS` (the client must submit tool results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Pending,
    Running,
    Success,
    Error,
    Timeout,
    Interrupted,
    Cancelled,
    ActionRequired,
    Unknown(String),
}

/// The style class of a thread's or run's status as a server wrote it: one of a fixed set, so a
/// status like `"x ac-shortcuts"` cannot borrow the app's own styles. Any other status is
/// `ac-status-other` (its words are still shown, and kept in `data-status`).
pub fn status_class(status: &str) -> &'static str {
    match status {
        "idle" => "ac-status-idle",
        "busy" => "ac-status-busy",
        "interrupted" => "ac-status-interrupted",
        "error" => "ac-status-error",
        "pending" => "ac-status-pending",
        "running" => "ac-status-running",
        "success" => "ac-status-success",
        "timeout" => "ac-status-timeout",
        "cancelled" => "ac-status-cancelled",
        "completed" => "ac-status-completed",
        "failed" => "ac-status-failed",
        "in_progress" => "ac-status-in_progress",
        "queued" => "ac-status-queued",
        "incomplete" => "ac-status-incomplete",
        _ => "ac-status-other",
    }
}

impl RunStatus {
    /// Accepts LangGraph / Agent Protocol names and Yandex's upper-case ones.
    pub fn parse(s: &str) -> Self {
        match s {
            "pending" | "PENDING" => Self::Pending,
            "running" | "IN_PROGRESS" => Self::Running,
            "success" | "completed" | "COMPLETED" => Self::Success,
            "error" | "failed" | "FAILED" => Self::Error,
            "timeout" => Self::Timeout,
            "interrupted" => Self::Interrupted,
            "cancelled" | "canceled" => Self::Cancelled,
            "TOOL_CALLS" => Self::ActionRequired,
            other => Self::Unknown(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Success => "success",
            Self::Error => "error",
            Self::Timeout => "timeout",
            Self::Interrupted => "interrupted",
            Self::Cancelled => "cancelled",
            Self::ActionRequired => "action_required",
            Self::Unknown(s) => s,
        }
    }

    /// Whether the run can still produce events.
    pub fn is_active(&self) -> bool {
        matches!(self, Self::Pending | Self::Running)
    }
}

/// A pending question from the graph that waits for the user's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interrupt {
    pub id: Option<String>,
    pub value: Value,
    /// LangGraph's `response_schema`, when the graph described the expected answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_schema: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub namespace: Vec<String>,
}

impl Interrupt {
    /// The question the graph asks, when its value carries one (`{"question": …}`), else nothing.
    pub fn question(&self) -> Option<&str> {
        self.value.get("question").and_then(Value::as_str)
    }

    /// Simple choices offered (`{"options": ["yes", "no"]}`): one button each.
    pub fn options(&self) -> Vec<String> {
        string_list(self.value.get("options"))
    }
}

/// The strings of a JSON array; anything else gives an empty list.
pub fn string_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A thread as listed by a server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thread {
    pub id: String,
    pub title: Option<String>,
    pub status: ThreadStatus,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub metadata: Value,
    pub values: Value,
}

/// An assistant (LangGraph), agent (Agent Protocol) or assistant (Yandex).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assistant {
    pub id: String,
    pub name: String,
    /// LangGraph's graph id, or Yandex's model URI.
    pub graph_or_model: Option<String>,
    pub description: Option<String>,
    pub version: Option<i64>,
    pub created_at: Option<String>,
    /// LangGraph's assistant `config` (configurable values); `null` where a dialect has none.
    pub config: Value,
    /// LangGraph's assistant `context` (the graph's `context_schema` values); `null` elsewhere.
    pub context: Value,
    pub metadata: Value,
}

impl Assistant {
    /// Prompts an empty thread offers, from the assistant's metadata: `example_prompts` (or
    /// `examples`), a list of strings or of objects with a `text` / `prompt`. At most six, in order;
    /// blank ones skipped.
    pub fn example_prompts(&self) -> Vec<String> {
        let list = self
            .metadata
            .get("example_prompts")
            .or_else(|| self.metadata.get("examples"))
            .and_then(Value::as_array);
        list.into_iter()
            .flatten()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.as_str()),
                Value::Object(o) => o
                    .get("text")
                    .or_else(|| o.get("prompt"))
                    .and_then(Value::as_str),
                _ => None,
            })
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .take(6)
            .map(str::to_owned)
            .collect()
    }
}

/// Information a server gives about itself (`GET /info`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerInfo {
    pub version: Option<String>,
    pub details: Value,
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PageCursor {
    Offset(u64),
    Token(String),
    End,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: PageCursor,
}

/// How a client authenticates to a server. The secret lives in memory only (sessionStorage when the
/// user asks to remember it); it never goes into a URL, the DOM or a log.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Auth {
    #[default]
    None,
    /// LangGraph / Agent Protocol: `x-api-key: <key>`.
    ApiKeyHeader(String),
    /// `Authorization: Bearer <token>` (Yandex IAM tokens, many gateways).
    Bearer(String),
    /// Yandex: `Authorization: Api-Key <key>`.
    YandexApiKey(String),
}

impl std::fmt::Debug for Auth {
    // Never print a secret, not even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::None => "Auth::None",
            Self::ApiKeyHeader(_) => "Auth::ApiKeyHeader(<redacted>)",
            Self::Bearer(_) => "Auth::Bearer(<redacted>)",
            Self::YandexApiKey(_) => "Auth::YandexApiKey(<redacted>)",
        })
    }
}

impl Auth {
    /// The header that carries the credential, if any.
    pub fn header(&self) -> Option<(&'static str, String)> {
        match self {
            Self::None => None,
            Self::ApiKeyHeader(k) => Some(("x-api-key", k.clone())),
            Self::Bearer(t) => Some(("authorization", format!("Bearer {t}"))),
            Self::YandexApiKey(k) => Some(("authorization", format!("Api-Key {k}"))),
        }
    }
}

/// A server the user connects to.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerProfile {
    pub label: String,
    pub base_url: String,
    pub dialect: Dialect,
    pub auth: Auth,
    /// Extra headers sent with every request to this server (gateways, tenants). Their values may be
    /// secrets: they are never printed.
    pub extra_headers: Vec<(String, String)>,
    /// Yandex lists are per folder.
    pub folder_id: Option<String>,
}

impl ServerProfile {
    /// The values this profile sends as secrets — its credential and its extra headers' values —,
    /// for the flight recorder to redact wherever they appear.
    pub fn secret_values(&self) -> Vec<String> {
        let credential = match &self.auth {
            Auth::None => None,
            Auth::ApiKeyHeader(k) | Auth::Bearer(k) | Auth::YandexApiKey(k) => Some(k.clone()),
        };
        credential
            .into_iter()
            .chain(self.extra_headers.iter().map(|(_, v)| v.clone()))
            .collect()
    }
}

impl std::fmt::Debug for ServerProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.extra_headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("ServerProfile")
            .field("label", &self.label)
            .field("base_url", &self.base_url)
            .field("dialect", &self.dialect)
            .field("auth", &self.auth)
            .field("extra_headers", &names)
            .field("folder_id", &self.folder_id)
            .finish()
    }
}

impl ServerProfile {
    /// A profile for `base_url` with no credentials.
    pub fn new(base_url: &str, dialect: Dialect) -> Self {
        Self {
            label: base_url.to_owned(),
            base_url: base_url.to_owned(),
            dialect,
            auth: Auth::None,
            extra_headers: Vec::new(),
            folder_id: None,
        }
    }
}

#[cfg(test)]
mod auth_tests {
    use super::*;

    #[test]
    fn a_status_reaches_a_class_only_through_the_fixed_mapping() {
        assert_eq!(status_class("busy"), "ac-status-busy");
        assert_eq!(status_class("interrupted"), "ac-status-interrupted");
        for hostile in [
            "x ac-shortcuts",
            "busy ac-shortcuts",
            "ac-root",
            "",
            "BUSY",
            "busy\n",
        ] {
            assert_eq!(status_class(hostile), "ac-status-other", "{hostile:?}");
        }
    }

    #[test]
    fn example_prompts_from_metadata_strings_or_objects() {
        let a = |metadata: Value| Assistant {
            id: "a".into(),
            name: "a".into(),
            graph_or_model: None,
            description: None,
            version: None,
            created_at: None,
            config: Value::Null,
            context: Value::Null,
            metadata,
        };
        let m = serde_json::json!({"example_prompts": ["Hi", {"text": "Weather?"}, {"prompt": "P"}, " ", 3, {"x": 1}]});
        assert_eq!(a(m).example_prompts(), ["Hi", "Weather?", "P"]);
        let many: Vec<String> = (0..9).map(|i| format!("p{i}")).collect();
        assert_eq!(
            a(serde_json::json!({"examples": many}))
                .example_prompts()
                .len(),
            6
        );
        assert!(a(Value::Null).example_prompts().is_empty());
        assert!(a(serde_json::json!({"example_prompts": "not a list"}))
            .example_prompts()
            .is_empty());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let a = Auth::ApiKeyHeader("sk-very-secret".into());
        assert!(!format!("{a:?}").contains("very-secret"));
        assert_eq!(a.header(), Some(("x-api-key", "sk-very-secret".into())));
    }
}

/// A run, with the fields of LangGraph's Run object (Agent Protocol's is a subset).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    pub id: String,
    pub thread_id: Option<String>,
    pub assistant_id: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub status: RunStatus,
    pub metadata: Value,
    pub kwargs: Value,
    pub multitask_strategy: Option<String>,
}

/// One checkpoint of a thread's history (newest first as servers list them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checkpoint {
    pub id: Option<String>,
    pub parent_id: Option<String>,
    pub created_at: Option<String>,
    /// Nodes that run next from here; empty when the graph had finished.
    pub next: Vec<String>,
    /// `metadata.step` and `metadata.source` (`input`, `loop`, `update`, `fork`).
    pub step: Option<i64>,
    pub source: Option<String>,
    pub values: Value,
    pub metadata: Value,
}

/// A thread's state values, shared (not copied) with whoever shows them and read only when asked
/// for: a long thread's are megabytes of JSON, and only the State tab reads them whole. Values from
/// a server's answer are kept as its text (checked to be JSON) until [`Values::value`] first reads
/// them; values from a stream event are already parsed.
#[derive(Clone, Default)]
pub struct Values(std::sync::Arc<ValuesInner>);

#[derive(Default)]
struct ValuesInner {
    text: Option<Box<str>>,
    parsed: std::sync::OnceLock<Value>,
}

impl Values {
    /// Values from the text of a JSON value the server sent (a `serde_json::value::RawValue`'s).
    pub fn from_json_text(text: &str) -> Self {
        Self(std::sync::Arc::new(ValuesInner {
            text: Some(text.into()),
            parsed: std::sync::OnceLock::new(),
        }))
    }

    /// The values, parsed on the first call (text that does not parse — it was checked before —
    /// reads as `null`).
    pub fn value(&self) -> &Value {
        self.0.parsed.get_or_init(|| {
            self.0
                .text
                .as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or(Value::Null)
        })
    }

    /// Why the values read as `null` though the server sent something else (nested deeper than the
    /// reader goes), if that is so.
    pub fn problem(&self) -> Option<String> {
        let text = self.0.text.as_deref()?;
        if !self.value().is_null() {
            return None;
        }
        serde_json::from_str::<Value>(text)
            .err()
            .map(|e| format!("The state's values could not be read ({e}): they are not shown."))
    }

    /// One top-level field, read without parsing the others when the values are still text (only their
    /// extent is scanned: no map of a long thread's messages is built for it). `None` if absent — and
    /// when the text holds no plain `"key"` anywhere (a quick check first: servers write keys plain; a
    /// key written only with escapes, `"u\u0069"`, is not looked for).
    pub fn field(&self, key: &str) -> Option<Value> {
        if let Some(v) = self.0.parsed.get() {
            return v.get(key).cloned();
        }
        let text = self.0.text.as_deref()?;
        if !text.contains(&format!("\"{key}\"")) {
            return None;
        }
        struct Field<'k>(&'k str);
        impl<'de> serde::de::DeserializeSeed<'de> for Field<'_> {
            type Value = Option<Value>;
            fn deserialize<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Self::Value, D::Error> {
                d.deserialize_map(self)
            }
        }
        impl<'de> serde::de::Visitor<'de> for Field<'_> {
            type Value = Option<Value>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut found = None;
                while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if k == self.0 && found.is_none() {
                        found = Some(map.next_value::<Value>()?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(found)
            }
        }
        let mut de = serde_json::Deserializer::from_str(text);
        serde::de::DeserializeSeed::deserialize(Field(key), &mut de)
            .ok()
            .flatten()
    }

    /// Whether they have been read (a test's view of the laziness).
    pub fn is_parsed(&self) -> bool {
        self.0.parsed.get().is_some() || self.0.text.is_none()
    }
}

impl From<Value> for Values {
    fn from(v: Value) -> Self {
        let parsed = std::sync::OnceLock::new();
        let _ = parsed.set(v);
        Self(std::sync::Arc::new(ValuesInner { text: None, parsed }))
    }
}

impl PartialEq for Values {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || self.value() == other.value()
    }
}

impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.0.parsed.get(), &self.0.text) {
            (Some(v), _) => v.fmt(f),
            (None, Some(t)) => write!(f, "Values(unread, {} bytes)", t.len()),
            (None, None) => f.write_str("Null"),
        }
    }
}

impl Serialize for Values {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(s)
    }
}
