//! LangChain's message format, shared by LangGraph and Agent Protocol servers built on LangGraph:
//! `{"type": "ai"|"AIMessageChunk"|..., "content": str | [block], "id", "tool_calls", "tool_call_chunks", ...}`.
//! Parsed with typed serde that skips what the UI does not need, which is what makes streaming cheap.

use crate::domain::{Block, Message, Role, Usage};
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::fmt;

/// A LangChain message or message chunk as sent on the wire.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LcMessage {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Agent Protocol and input messages use `role` instead of `type`.
    pub role: Option<String>,
    pub content: LcContent,
    pub id: Option<String>,
    pub name: Option<String>,
    pub tool_calls: Vec<LcToolCall>,
    pub tool_call_chunks: Vec<LcToolCallChunk>,
    pub tool_call_id: Option<String>,
    /// What the model reported for this message (`input_tokens`, `output_tokens`, `total_tokens`).
    pub usage_metadata: Option<LcUsage>,
    pub additional_kwargs: LcExtra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LcUsage {
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub total_tokens: Option<u64>,
    pub output_token_details: LcOutputDetails,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LcOutputDetails {
    pub reasoning: Option<u64>,
}

/// `additional_kwargs`: where some providers put a message's reasoning (`reasoning_content`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LcExtra {
    pub reasoning_content: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LcToolCall {
    pub id: Option<String>,
    pub name: String,
    pub args: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LcToolCallChunk {
    pub id: Option<String>,
    pub name: Option<String>,
    pub args: Option<String>,
    pub index: Option<u32>,
}

/// `content` is a string or a list of content blocks.
#[derive(Debug, Default)]
pub enum LcContent {
    #[default]
    Empty,
    Text(String),
    Blocks(Vec<Value>),
}

impl<'de> Deserialize<'de> for LcContent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LcContent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of content blocks")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LcContent, E> {
                Ok(LcContent::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<LcContent, E> {
                Ok(LcContent::Text(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<LcContent, E> {
                Ok(LcContent::Empty)
            }
            fn visit_none<E: de::Error>(self) -> Result<LcContent, E> {
                Ok(LcContent::Empty)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LcContent, A::Error> {
                let mut blocks = Vec::new();
                while let Some(b) = seq.next_element::<Value>()? {
                    blocks.push(b);
                }
                Ok(LcContent::Blocks(blocks))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<LcContent, A::Error> {
                let v = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(LcContent::Blocks(vec![v]))
            }
        }
        d.deserialize_any(V)
    }
}

/// `[message_chunk, metadata]` from stream mode `messages-tuple`, with the node that made it (the
/// metadata's `langgraph_node`; the rest of the metadata is skipped unread).
#[derive(Debug)]
pub struct LcMessageTuple(pub LcMessage, pub Option<String>);

/// The node named in a token's metadata; anything not a map, or a name not a string, names none.
struct TupleNode(Option<String>);

impl<'de> Deserialize<'de> for TupleNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TupleNode;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a token's metadata")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<TupleNode, A::Error> {
                let mut node = None;
                while let Some(NodeKey(is_node)) = map.next_key::<NodeKey>()? {
                    if is_node {
                        node = match map.next_value::<Value>()? {
                            Value::String(s) => Some(s),
                            _ => None,
                        };
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(TupleNode(node))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TupleNode, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(TupleNode(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<TupleNode, E> {
                Ok(TupleNode(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<TupleNode, E> {
                Ok(TupleNode(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<TupleNode, E> {
                Ok(TupleNode(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<TupleNode, E> {
                Ok(TupleNode(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<TupleNode, E> {
                Ok(TupleNode(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TupleNode, E> {
                Ok(TupleNode(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether a metadata key is `langgraph_node` (read without copying the key).
struct NodeKey(bool);

impl<'de> Deserialize<'de> for NodeKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NodeKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, k: &str) -> Result<NodeKey, E> {
                Ok(NodeKey(k == "langgraph_node"))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for LcMessageTuple {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LcMessageTuple;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("[message, metadata]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LcMessageTuple, A::Error> {
                let m: LcMessage = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let node = seq.next_element::<TupleNode>()?.and_then(|n| n.0);
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LcMessageTuple(m, node))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<LcMessageTuple, A::Error> {
                // Some servers send the bare message without metadata.
                LcMessage::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|m| LcMessageTuple(m, None))
            }
        }
        d.deserialize_any(V)
    }
}

impl LcMessage {
    pub fn role(&self) -> Role {
        Role::parse(
            self.kind
                .as_deref()
                .or(self.role.as_deref())
                .unwrap_or("ai"),
        )
    }

    /// Whether this is a streamed chunk (to be appended) rather than a whole message.
    pub fn is_chunk(&self) -> bool {
        self.kind.as_deref().is_some_and(|k| k.ends_with("Chunk"))
    }

    /// The text carried by this message's content (text blocks joined).
    pub fn text(&self) -> String {
        match &self.content {
            LcContent::Empty => String::new(),
            LcContent::Text(t) => t.clone(),
            LcContent::Blocks(bs) => bs
                .iter()
                .filter(|b| b.get("type").and_then(Value::as_str) == Some("text"))
                .filter_map(|b| b.get("text").and_then(Value::as_str))
                .collect(),
        }
    }

    /// Converts a whole message into the domain type. `fallback_id` names a message that came without id.
    pub fn into_message(self, fallback_id: &str) -> Message {
        let role = self.role();
        let mut blocks = Vec::new();
        let tool_result = role == Role::Tool;
        match self.content {
            LcContent::Empty => {}
            LcContent::Text(text) if tool_result => blocks.push(Block::ToolResult {
                call_id: self.tool_call_id.clone(),
                text,
            }),
            LcContent::Text(text) => blocks.push(Block::Text { text }),
            LcContent::Blocks(bs) => blocks.extend(bs.into_iter().map(content_block)),
        }
        if tool_result && !blocks.iter().any(|b| matches!(b, Block::ToolResult { .. })) {
            let text = blocks
                .iter()
                .filter_map(|b| {
                    if let Block::Text { text } = b {
                        Some(text.as_str())
                    } else {
                        None
                    }
                })
                .collect();
            blocks.retain(|b| !matches!(b, Block::Text { .. }));
            blocks.insert(
                0,
                Block::ToolResult {
                    call_id: self.tool_call_id.clone(),
                    text,
                },
            );
        }
        // Reasoning sent beside the content (`additional_kwargs.reasoning_content`) comes first.
        if let Some(r) = self
            .additional_kwargs
            .reasoning_content
            .filter(|r| !r.is_empty())
        {
            if !blocks.iter().any(|b| matches!(b, Block::Reasoning { .. })) {
                blocks.insert(0, Block::Reasoning { text: r });
            }
        }
        for c in self.tool_calls {
            let args_text = c.args.to_string();
            blocks.push(Block::ToolCall {
                id: c.id,
                name: c.name,
                args: c.args,
                args_text,
            });
        }
        Message {
            id: self.id.unwrap_or_else(|| fallback_id.to_owned()),
            role,
            blocks,
            name: self.name,
            usage: self.usage_metadata.map(|u| Usage {
                prompt: u.input_tokens,
                completion: u.output_tokens,
                total: u.total_tokens,
                reasoning: u.output_token_details.reasoning,
            }),
        }
    }
}

/// One element of a content list.
fn content_block(b: Value) -> Block {
    let kind = b.get("type").and_then(Value::as_str).unwrap_or("");
    let text_of = |k: &str| b.get(k).and_then(Value::as_str).map(str::to_owned);
    match kind {
        "text" => Block::Text {
            text: text_of("text").unwrap_or_default(),
        },
        "reasoning" | "thinking" => Block::Reasoning {
            text: text_of("reasoning")
                .or_else(|| text_of("thinking"))
                .or_else(|| text_of("text"))
                .unwrap_or_default(),
        },
        "image_url" => match b
            .pointer("/image_url/url")
            .or_else(|| b.get("image_url"))
            .and_then(Value::as_str)
        {
            Some(url) => Block::Image {
                url: url.to_owned(),
            },
            None => Block::Json { value: b },
        },
        "image" => match text_of("url") {
            Some(url) => Block::Image { url },
            // A base64 image block (LangChain's standard content): shown from its bytes.
            None => match (
                b.get("data")
                    .or_else(|| b.get("base64"))
                    .and_then(Value::as_str),
                text_of("mime_type"),
            ) {
                (Some(data), Some(mime)) if mime.starts_with("image/") => Block::Image {
                    url: format!("data:{mime};base64,{data}"),
                },
                _ => Block::Json { value: b },
            },
        },
        // A file block: its name, type and size (base64 data: 3 bytes per 4 characters), never
        // its bytes on screen.
        "file" => {
            let data = b
                .get("data")
                .or_else(|| b.get("base64"))
                .and_then(Value::as_str);
            Block::File {
                name: text_of("filename")
                    .or_else(|| {
                        b.pointer("/extras/filename")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .or_else(|| {
                        b.pointer("/metadata/filename")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    }),
                mime: text_of("mime_type"),
                size: data.map(|d| (d.trim_end_matches('=').len() as u64 * 3) / 4),
            }
        }
        _ => Block::Json { value: b },
    }
}

/// The `messages` of a state's values, from the values' JSON text: each message typed from its own
/// slice, no `Value` built. Values that are not an object have none; a `messages` that is not a list
/// is a problem, as is each message that cannot be read (the rest are kept).
pub fn messages_in_values_text(values: &str) -> (Vec<Message>, Vec<String>) {
    let (slices, problem) = message_slices(values);
    let mut read = (Vec::with_capacity(slices.len()), Vec::from_iter(problem));
    read_message_slices(&slices, 0, &mut read.0, &mut read.1);
    read
}

/// The `messages` of a state's values text, found (each one's slice of the text) and not yet read:
/// a long thread's can then be read a part at a time ([`read_message_slices`]). Values that are not
/// an object have none (a graph without messages); a `messages` that is not a list has none and the
/// reason why. A message nested deeper than the reader goes is a problem of its own when it is read.
pub fn message_slices(values: &str) -> (Vec<&RawValue>, Option<String>) {
    #[derive(Deserialize)]
    struct Of<'a> {
        #[serde(borrow, default)]
        messages: Option<&'a RawValue>,
    }
    // (Slices are found without reading what they hold: nesting of any depth is skipped, not read.)
    let Ok(Of {
        messages: Some(raw),
    }) = serde_json::from_str::<Of>(values)
    else {
        return (Vec::new(), None);
    };
    match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
        Ok(list) => (list, None),
        Err(_) => (
            Vec::new(),
            Some(format!(
                "the state's messages are {}, not a list of messages: none can be shown",
                json_kind(raw.get())
            )),
        ),
    }
}

/// What a JSON value is, by its first character: "a string", "an object", …
fn json_kind(text: &str) -> &'static str {
    match text.trim_start().as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b't' | b'f') => "a boolean",
        Some(b'[') => "a list of something else",
        _ => "a number",
    }
}

/// Reads `slices`, the state's messages from position `first` on (as [`message_slices`] found
/// them), onto `out`; each one that cannot be read is a problem in `problems`.
pub fn read_message_slices(
    slices: &[&RawValue],
    first: usize,
    out: &mut Vec<Message>,
    problems: &mut Vec<String>,
) {
    let read = slices
        .iter()
        .map(|item| serde_json::from_str::<LcMessage>(item.get()));
    state_messages(read, first, out, problems);
}

/// Converts a `messages` list of a state (`values.messages`) into domain messages; unreadable entries
/// are skipped and reported.
pub fn messages_from_values(list: &Value) -> (Vec<Message>, Vec<String>) {
    let items = list.as_array().map(Vec::as_slice).unwrap_or_default();
    let mut read = (Vec::with_capacity(items.len()), Vec::new());
    state_messages(
        items.iter().map(LcMessage::deserialize),
        0,
        &mut read.0,
        &mut read.1,
    );
    read
}

/// A state's messages as read one by one, from position `first` on: the readable ones onto `out`
/// (named by position where they have no id), a problem for each of the others.
fn state_messages<E: fmt::Display>(
    read: impl Iterator<Item = Result<LcMessage, E>>,
    first: usize,
    out: &mut Vec<Message>,
    problems: &mut Vec<String>,
) {
    for (i, m) in read.enumerate() {
        let i = first + i;
        match m {
            Ok(m) => out.push(m.into_message(&format!("state-message-{i}"))),
            Err(e) => problems.push(format!("message {i} of the state could not be read: {e}")),
        }
    }
}
