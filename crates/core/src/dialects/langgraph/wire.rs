//! LangGraph's JSON exactly as sent (snake_case). Unknown fields are ignored; every field has a default
//! so a missing one never fails a whole list.

use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A listed thread's lenient visitors: any scalar where a list or object was expected reads as none.
macro_rules! scalars_read_as_none {
    ($t:ty) => {
        fn visit_unit<E>(self) -> Result<$t, E> {
            Ok(<$t>::default())
        }
        fn visit_none<E>(self) -> Result<$t, E> {
            Ok(<$t>::default())
        }
        fn visit_bool<E>(self, _: bool) -> Result<$t, E> {
            Ok(<$t>::default())
        }
        fn visit_i64<E>(self, _: i64) -> Result<$t, E> {
            Ok(<$t>::default())
        }
        fn visit_u64<E>(self, _: u64) -> Result<$t, E> {
            Ok(<$t>::default())
        }
        fn visit_f64<E>(self, _: f64) -> Result<$t, E> {
            Ok(<$t>::default())
        }
        fn visit_str<E>(self, _: &str) -> Result<$t, E> {
            Ok(<$t>::default())
        }
    };
}

/// A thread as a list shows it: its values are not kept — a page of 25 threads can carry megabytes
/// of state the rail does not show — only the first human message of `values.messages` (or of
/// `messages` beside them), read to name an untitled thread; the rest is skipped unread.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireListedThread {
    pub thread_id: String,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub metadata: Value,
    pub status: Option<String>,
    pub values: ListedValues,
    pub messages: FirstHuman,
    /// What `extract` asked for (`first_message`, `second_message`), where the server took it.
    pub extracted: Value,
}

/// A listed thread's `values`: of an object, only `messages` is read; anything else is none.
#[derive(Debug, Default)]
pub struct ListedValues {
    pub messages: FirstHuman,
}

impl<'de> Deserialize<'de> for ListedValues {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ListedValues;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a thread's values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListedValues, A::Error> {
                let mut out = ListedValues::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "messages" {
                        out.messages = map.next_value()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(out)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListedValues, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ListedValues::default())
            }
            scalars_read_as_none!(ListedValues);
        }
        d.deserialize_any(V)
    }
}

/// The messages of a list up to its first human one; every message after it is skipped unread.
/// Anything but a list reads as none.
#[derive(Debug, Default, PartialEq)]
pub struct FirstHuman(pub Vec<Value>);

impl<'de> Deserialize<'de> for FirstHuman {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FirstHuman;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of messages")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FirstHuman, A::Error> {
                let mut read = Vec::new();
                while let Some(m) = seq.next_element::<Value>()? {
                    let human = matches!(m.get("type").and_then(Value::as_str), Some("human"))
                        || matches!(
                            m.get("role").and_then(Value::as_str),
                            Some("user" | "human")
                        );
                    read.push(m);
                    if human {
                        while seq.next_element::<IgnoredAny>()?.is_some() {}
                        break;
                    }
                }
                Ok(FirstHuman(read))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FirstHuman, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(FirstHuman::default())
            }
            scalars_read_as_none!(FirstHuman);
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireThread {
    pub thread_id: String,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub metadata: Value,
    pub status: Option<String>,
    pub values: Value,
    pub interrupts: Value,
    /// Not LangGraph's: an Agent Protocol thread (same routes, read by the same code) keeps its
    /// messages beside `values`.
    pub messages: Value,
}

/// A thread's id and status, nothing else read (its values are skipped, not built).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireThreadStatus {
    pub thread_id: String,
    pub status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireAssistant {
    pub assistant_id: String,
    pub graph_id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub version: Option<i64>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub config: Value,
    pub context: Value,
    pub metadata: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireInfo {
    pub version: Option<String>,
    pub langgraph_py_version: Option<String>,
}

/// `GET /threads/{id}/state`, its values kept as the text they came in (`&RawValue`): they are read
/// whole only when shown (`domain::Values`), their messages typed from that text.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireThreadState<'a> {
    /// `None` only when absent (`null` values are values).
    #[serde(borrow, deserialize_with = "present")]
    pub values: Option<&'a serde_json::value::RawValue>,
    pub next: Vec<String>,
    pub tasks: Vec<Value>,
    pub interrupts: Vec<WireInterrupt>,
    /// `writes`: the nodes whose writes made this checkpoint.
    pub metadata: Value,
    pub checkpoint: Value,
    pub parent_checkpoint: Value,
}

fn present<'de: 'a, 'a, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<&'a serde_json::value::RawValue>, D::Error> {
    <&serde_json::value::RawValue>::deserialize(d).map(Some)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireInterrupt {
    pub id: Option<String>,
    pub value: Value,
    pub response_schema: Option<Value>,
}

/// `metadata` stream event.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireRunMetadata {
    pub run_id: Option<String>,
    pub thread_id: Option<String>,
}

/// `error` stream event.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireStreamError {
    pub error: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireRun {
    pub run_id: String,
    pub thread_id: Option<String>,
    pub assistant_id: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub status: Option<String>,
    pub metadata: Value,
    pub kwargs: Value,
    pub multitask_strategy: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireCheckpointRef {
    pub checkpoint_id: Option<String>,
}

/// One entry of `POST /threads/{id}/history`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireHistoryEntry {
    pub values: Value,
    pub next: Vec<String>,
    pub metadata: Value,
    pub created_at: Option<String>,
    pub checkpoint: Option<WireCheckpointRef>,
    pub parent_checkpoint: Option<WireCheckpointRef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_thread_keeps_only_its_messages_up_to_the_first_human_one() {
        let body = r#"[
            {"thread_id": "a", "values": {"messages": [
                {"type": "system", "content": "be brief"},
                {"type": "human", "content": "first question"},
                {"type": "ai", "content": "a very long answer"},
                {"type": "human", "content": "second"}], "other": {"big": [1, 2, 3]}}},
            {"thread_id": "b", "values": null},
            {"thread_id": "c", "values": [1, 2], "messages": [{"role": "user", "content": "beside"}]},
            {"thread_id": "d", "values": {"messages": "not a list"}},
            {"thread_id": "e", "values": {"messages": [{"type": "ai", "content": "no human"}]}}
        ]"#;
        let listed: Vec<WireListedThread> = serde_json::from_str(body).unwrap();
        let texts: Vec<Vec<&str>> = listed
            .iter()
            .map(|t| {
                let m = if t.values.messages.0.is_empty() {
                    &t.messages.0
                } else {
                    &t.values.messages.0
                };
                m.iter().filter_map(|m| m["content"].as_str()).collect()
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["be brief", "first question"],
                vec![],
                vec!["beside"],
                vec![],
                vec!["no human"]
            ]
        );
    }
}
