//! What differs between two checkpoints of a thread: their values key by key (nested, with JSON
//! paths) and their message lists message by message (matched by id; a changed text as a word diff).
//!
//! The values' `messages` list, when both sides have one, is compared as messages and left out of the
//! key-by-key diff (index by index it would say little: one message more shifts every index).

use crate::dialects::langchain::messages_from_values;
use crate::domain::{Checkpoint, Message};
use serde_json::Value;
use std::collections::HashMap;

/// How one value differs.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueChange {
    Added {
        path: String,
        after: Value,
    },
    Removed {
        path: String,
        before: Value,
    },
    Changed {
        path: String,
        before: Value,
        after: Value,
    },
}

impl ValueChange {
    pub fn path(&self) -> &str {
        match self {
            Self::Added { path, .. } | Self::Removed { path, .. } | Self::Changed { path, .. } => {
                path
            }
        }
    }
}

/// One piece of a word diff: words both texts share, or words only the old or the new one has.
/// Whitespace is kept as it was, so the pieces of one side concatenated give that side's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordOp {
    Same(String),
    Removed(String),
    Added(String),
}

/// A message both sides have (the same id) that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedMessage {
    pub before: Message,
    pub after: Message,
    pub words: Vec<WordOp>,
}

/// What differs between two message lists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MessagesDiff {
    /// In the old list only, in its order.
    pub only_before: Vec<Message>,
    /// In the new list only, in its order.
    pub only_after: Vec<Message>,
    /// In both, different (in the new list's order).
    pub changed: Vec<ChangedMessage>,
}

impl MessagesDiff {
    pub fn is_empty(&self) -> bool {
        self.only_before.is_empty() && self.only_after.is_empty() && self.changed.is_empty()
    }
}

/// What differs between two checkpoints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckpointDiff {
    pub values: Vec<ValueChange>,
    pub messages: MessagesDiff,
}

impl CheckpointDiff {
    /// `before` → `after`: what `after` added, removed or changed.
    pub fn between(before: &Checkpoint, after: &Checkpoint) -> Self {
        Self::of_values(&before.values, &after.values)
    }

    pub fn of_values(before: &Value, after: &Value) -> Self {
        let (Some(old @ Value::Array(_)), Some(new @ Value::Array(_))) =
            (before.get("messages"), after.get("messages"))
        else {
            return Self {
                values: values(before, after),
                messages: MessagesDiff::default(),
            };
        };
        Self {
            values: values(&without_messages(before), &without_messages(after)),
            messages: messages(&messages_from_values(old).0, &messages_from_values(new).0),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.messages.is_empty()
    }
}

/// The other keys of a values object (the message list itself is not copied).
fn without_messages(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "messages")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every difference between two JSON values, depth first, in `before`'s key order then the keys only
/// `after` has. Objects are compared key by key, arrays index by index; anything else (or two values of
/// different kinds) is one change at its path.
pub fn values(before: &Value, after: &Value) -> Vec<ValueChange> {
    let mut out = Vec::new();
    walk("$", before, after, &mut out);
    out
}

fn walk(path: &str, before: &Value, after: &Value, out: &mut Vec<ValueChange>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let p = key_path(path, k);
                match b.get(k) {
                    Some(vb) => walk(&p, va, vb, out),
                    None => out.push(ValueChange::Removed {
                        path: p,
                        before: va.clone(),
                    }),
                }
            }
            for (k, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                out.push(ValueChange::Added {
                    path: key_path(path, k),
                    after: vb.clone(),
                });
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, va) in a.iter().enumerate() {
                let p = format!("{path}[{i}]");
                match b.get(i) {
                    Some(vb) => walk(&p, va, vb, out),
                    None => out.push(ValueChange::Removed {
                        path: p,
                        before: va.clone(),
                    }),
                }
            }
            for (i, vb) in b.iter().enumerate().skip(a.len()) {
                out.push(ValueChange::Added {
                    path: format!("{path}[{i}]"),
                    after: vb.clone(),
                });
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(ValueChange::Changed {
            path: path.to_owned(),
            before: a.clone(),
            after: b.clone(),
        }),
    }
}

/// `$.key` for a plain identifier, `$["any key"]` (JSON-quoted) for the rest.
fn key_path(path: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::String(key.to_owned()))
    }
}

/// Two message lists compared by message id.
pub fn messages(before: &[Message], after: &[Message]) -> MessagesDiff {
    let old: HashMap<&str, &Message> = before.iter().map(|m| (m.id.as_str(), m)).collect();
    let new: HashMap<&str, &Message> = after.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut diff = MessagesDiff {
        only_before: before
            .iter()
            .filter(|m| !new.contains_key(m.id.as_str()))
            .cloned()
            .collect(),
        ..MessagesDiff::default()
    };
    for m in after {
        match old.get(m.id.as_str()) {
            None => diff.only_after.push(m.clone()),
            Some(o) if *o != m => diff.changed.push(ChangedMessage {
                before: (*o).clone(),
                after: m.clone(),
                words: words(&o.plain_text(), &m.plain_text()),
            }),
            Some(_) => {}
        }
    }
    diff
}

/// Above this many cells the longest-common-subsequence table is not built: the differing middle of
/// the two texts is shown as removed, then added. (`similar`'s Myers diff was tried in its place,
/// stop 46: the same common words on every case, linear memory, but on skewed texts within this cap
/// it is far slower — 1 unit against 4,000,000 ran over 60 s where this table takes milliseconds,
/// 4,000 × 1,000 units 36 ms against 9 ms — so the table stays.)
const MAX_CELLS: usize = 4_000_000;

/// A word diff of two texts: words and the whitespace between them are the units; the common prefix
/// and suffix are cut first, the middle is a longest common subsequence of units.
pub fn words(before: &str, after: &str) -> Vec<WordOp> {
    let a = units(before);
    let b = units(after);
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut ops = Vec::new();
    push_all(&mut ops, &a[..pre], WordOp::Same);
    if ma.len().saturating_mul(mb.len()) > MAX_CELLS {
        push_all(&mut ops, ma, WordOp::Removed);
        push_all(&mut ops, mb, WordOp::Added);
    } else {
        middle(ma, mb, &mut ops);
    }
    push_all(&mut ops, &a[a.len() - suf..], WordOp::Same);
    ops
}

fn middle(a: &[&str], b: &[&str], ops: &mut Vec<WordOp>) {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a[i] == b[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            push(ops, WordOp::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
            // On a tie the old words go first: "removed, then added" reads as a replacement.
            push(ops, WordOp::Removed(a[i].to_owned()));
            i += 1;
        } else {
            push(ops, WordOp::Added(b[j].to_owned()));
            j += 1;
        }
    }
}

/// Runs of whitespace and runs of anything else, in order.
fn units(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let w = c.is_whitespace();
        if space.is_some_and(|sp| sp != w) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(w);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn push_all(ops: &mut Vec<WordOp>, units: &[&str], make: fn(String) -> WordOp) {
    for u in units {
        push(ops, make((*u).to_owned()));
    }
}

/// Appends, merging with the last piece when it is of the same kind.
fn push(ops: &mut Vec<WordOp>, op: WordOp) {
    match (ops.last_mut(), op) {
        (Some(WordOp::Same(s)), WordOp::Same(t))
        | (Some(WordOp::Removed(s)), WordOp::Removed(t))
        | (Some(WordOp::Added(s)), WordOp::Added(t)) => s.push_str(&t),
        (_, op) => ops.push(op),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use serde_json::json;

    fn side(ops: &[WordOp], old: bool) -> String {
        ops.iter()
            .filter_map(|o| match o {
                WordOp::Same(s) => Some(s.as_str()),
                WordOp::Removed(s) if old => Some(s.as_str()),
                WordOp::Added(s) if !old => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    /// (before, after, the changes expected as (kind, path))
    type Case = (Value, Value, Vec<(&'static str, &'static str)>);

    #[test]
    fn values_table() {
        use ValueChange::*;
        // (before, after, the changes expected as (kind, path))
        let cases: Vec<Case> = vec![
            (json!({"a": 1}), json!({"a": 1}), vec![]),
            (json!({"a": 1}), json!({"a": 2}), vec![("changed", "$.a")]),
            (json!({"a": 1}), json!({}), vec![("removed", "$.a")]),
            (json!({}), json!({"b": [1]}), vec![("added", "$.b")]),
            // Nested objects: only the leaf that changed.
            (
                json!({"a": {"b": {"c": 1, "d": 2}}}),
                json!({"a": {"b": {"c": 1, "d": 3}}}),
                vec![("changed", "$.a.b.d")],
            ),
            // Arrays index by index; the longer side's tail added or removed.
            (
                json!({"l": [1, 2, 3]}),
                json!({"l": [1, 5]}),
                vec![("changed", "$.l[1]"), ("removed", "$.l[2]")],
            ),
            (
                json!({"l": [{"x": 1}]}),
                json!({"l": [{"x": 1, "y": null}, 4]}),
                vec![("added", "$.l[0].y"), ("added", "$.l[1]")],
            ),
            // A value of another kind is one change, not a walk.
            (
                json!({"a": {"b": 1}}),
                json!({"a": [1]}),
                vec![("changed", "$.a")],
            ),
            (json!({"a": 1}), json!({"a": 1.0}), vec![("changed", "$.a")]),
            (
                json!({"a": null}),
                json!({"a": false}),
                vec![("changed", "$.a")],
            ),
            // Keys that are not identifiers are quoted; unicode kept.
            (
                json!({"naïve key": 1, "1st": 0}),
                json!({"naïve key": 2, "1st": 0, "ключ \"q\"": "✓"}),
                vec![
                    ("changed", "$[\"naïve key\"]"),
                    ("added", "$[\"ключ \\\"q\\\"\"]"),
                ],
            ),
            (json!("x"), json!("y"), vec![("changed", "$")]),
        ];
        for (before, after, want) in cases {
            let got: Vec<(&str, String)> = values(&before, &after)
                .iter()
                .map(|c| {
                    let kind = match c {
                        Added { .. } => "added",
                        Removed { .. } => "removed",
                        Changed { .. } => "changed",
                    };
                    (kind, c.path().to_owned())
                })
                .collect();
            let want: Vec<(&str, String)> =
                want.into_iter().map(|(k, p)| (k, p.to_owned())).collect();
            assert_eq!(got, want, "{before} → {after}");
        }
    }

    #[test]
    fn changes_carry_both_values() {
        let c = values(&json!({"a": {"b": "old"}}), &json!({"a": {"b": "new"}}));
        assert_eq!(
            c,
            vec![ValueChange::Changed {
                path: "$.a.b".into(),
                before: json!("old"),
                after: json!("new")
            }]
        );
    }

    #[test]
    fn words_table() {
        use WordOp::*;
        let s = |t: &str| t.to_owned();
        let cases: Vec<(&str, &str, Vec<WordOp>)> = vec![
            ("same text", "same text", vec![Same(s("same text"))]),
            ("", "new", vec![Added(s("new"))]),
            ("old", "", vec![Removed(s("old"))]),
            (
                "the quick fox",
                "the slow fox",
                vec![
                    Same(s("the ")),
                    Removed(s("quick")),
                    Added(s("slow")),
                    Same(s(" fox")),
                ],
            ),
            (
                "a b c",
                "a c",
                vec![Same(s("a ")), Removed(s("b ")), Same(s("c"))],
            ),
            (
                "a c",
                "a b c",
                vec![Same(s("a ")), Added(s("b ")), Same(s("c"))],
            ),
            // Unicode words and whitespace (a no-break space is whitespace).
            (
                "Привет мир 🌍",
                "Привет\u{a0}мир 🌎",
                vec![
                    Same(s("Привет")),
                    Removed(s(" ")),
                    Added(s("\u{a0}")),
                    Same(s("мир ")),
                    Removed(s("🌍")),
                    Added(s("🌎")),
                ],
            ),
            (
                "日本語 テキスト",
                "日本語 文章",
                vec![Same(s("日本語 ")), Removed(s("テキスト")), Added(s("文章"))],
            ),
        ];
        for (a, b, want) in cases {
            let got = words(a, b);
            assert_eq!(got, want, "{a:?} → {b:?}");
            assert_eq!(side(&got, true), a);
            assert_eq!(side(&got, false), b);
        }
    }

    #[test]
    fn huge_texts_fall_back_to_a_block_and_keep_both_sides() {
        let a: String = (0..3000).map(|i| format!("a{i} ")).collect();
        let b: String = (0..3000).map(|i| format!("b{i} ")).collect();
        let got = words(&format!("start {a}end"), &format!("start {b}end"));
        assert_eq!(got.len(), 4);
        assert_eq!(side(&got, true), format!("start {a}end"));
        assert_eq!(side(&got, false), format!("start {b}end"));
    }

    #[test]
    fn messages_by_id() {
        let m = |id: &str, role: Role, t: &str| Message::text(id, role, t);
        let before = vec![
            m("h1", Role::Human, "hello"),
            m("a1", Role::Ai, "Hi there, how are you?"),
            m("gone", Role::Human, "removed later"),
        ];
        let after = vec![
            m("h1", Role::Human, "hello"),
            m("a1", Role::Ai, "Hi there, who are you?"),
            m("h2", Role::Human, "new one"),
        ];
        let d = messages(&before, &after);
        assert_eq!(
            d.only_before
                .iter()
                .map(|m| m.id.as_str())
                .collect::<Vec<_>>(),
            ["gone"]
        );
        assert_eq!(
            d.only_after
                .iter()
                .map(|m| m.id.as_str())
                .collect::<Vec<_>>(),
            ["h2"]
        );
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].after.id, "a1");
        assert_eq!(
            d.changed[0].words,
            vec![
                WordOp::Same("Hi there, ".into()),
                WordOp::Removed("how".into()),
                WordOp::Added("who".into()),
                WordOp::Same(" are you?".into()),
            ]
        );
        assert!(messages(&after, &after).is_empty());
    }

    #[test]
    fn checkpoint_values_compare_messages_as_messages() {
        let before = json!({
            "messages": [{"type": "human", "id": "h1", "content": "hi"}],
            "turns": 1,
            "meta": {"lang": "en"}
        });
        let after = json!({
            "messages": [
                {"type": "human", "id": "h1", "content": "hi"},
                {"type": "ai", "id": "a1", "content": "Hello — ünïcode"}
            ],
            "turns": 2,
            "meta": {"lang": "en", "tz": "UTC"}
        });
        let d = CheckpointDiff::of_values(&before, &after);
        let paths: Vec<&str> = d.values.iter().map(ValueChange::path).collect();
        assert_eq!(paths, ["$.turns", "$.meta.tz"]);
        assert!(d.messages.only_before.is_empty() && d.messages.changed.is_empty());
        assert_eq!(d.messages.only_after.len(), 1);
        assert_eq!(d.messages.only_after[0].plain_text(), "Hello — ünïcode");
        assert!(CheckpointDiff::of_values(&after, &after).is_empty());
        // Without message lists on both sides, `messages` is just another key.
        let d = CheckpointDiff::of_values(&json!({"messages": "x"}), &json!({"messages": []}));
        assert_eq!(
            d.values.iter().map(ValueChange::path).collect::<Vec<_>>(),
            ["$.messages"]
        );
    }
}
