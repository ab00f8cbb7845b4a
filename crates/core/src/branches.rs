//! A thread's branches. Each checkpoint of its history names its parent, so the history is a tree; a
//! checkpoint with two or more children is a fork (a message edited, a reply regenerated, a run from
//! an earlier checkpoint). A branch is the path from the root to a head checkpoint; the one shown by
//! default ends at the newest checkpoint. For each message of a branch this says where it first
//! appeared, the checkpoint just before it (where an edit of it, or another reply in its place, runs
//! from), and — on the first message after a fork — which branch of that fork it is on, `‹ 2 / 3 ›`,
//! with the head each sibling branch would show.
//!
//! Checkpoint ids of LangGraph are time-ordered (UUID v6): the larger id is the newer checkpoint,
//! siblings are ordered oldest first, and a sibling branch opens at the newest checkpoint under it.

use crate::dialects::langchain::messages_from_values;
use crate::domain::{Checkpoint, Message};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// A history page small enough that a page of checkpoints, each carrying the whole message list,
/// stays near this many message copies.
const MESSAGE_COPIES_PER_PAGE: usize = 20_000;
/// The largest page asked for, and how many pages a branch lookup reads at most.
pub const MAX_PAGE: u32 = 100;
pub const MAX_PAGES: usize = 4;
/// The page asked for when the history was read before: only what is newer is looked for.
pub const NEWER_PAGE: u32 = 10;
/// Below this page size a thread is too long to look its branches up (its history would be
/// megabytes): branches are then not shown, and the State tab says so.
const MIN_PAGE: usize = 10;

/// The history page size for looking up the branches of a thread of `messages` messages, or `None`
/// when it is too long to do so (more than 2,000 messages).
pub fn page_for(messages: usize) -> Option<u32> {
    let page = MESSAGE_COPIES_PER_PAGE / messages.max(1);
    (page >= MIN_PAGE).then(|| page.min(MAX_PAGE as usize) as u32)
}

/// The checkpoints as a tree.
#[derive(Debug, Clone, Default)]
pub struct Branches {
    checkpoints: Vec<Checkpoint>,
    by_id: HashMap<String, usize>,
    parent: Vec<Option<usize>>,
    /// Each checkpoint's children, oldest first.
    children: Vec<Vec<usize>>,
    /// The message ids of each checkpoint's values, in order.
    message_ids: Vec<Vec<String>>,
    /// The newest checkpoint under each one (itself included).
    newest_under: Vec<usize>,
    newest: Option<usize>,
}

/// One message on the branch shown.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageBranch {
    /// The checkpoint the message first appears in, on this branch.
    pub first_seen: String,
    /// The checkpoint before that one: a run from it writes this message's place anew.
    pub run_from: Option<String>,
    /// Set on the first message after a fork above it.
    pub switch: Option<Switch>,
}

/// Where a message stands among the branches of the fork above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Switch {
    /// This branch's place among its siblings, from 0 (the oldest).
    pub index: usize,
    /// The head each sibling branch shows, oldest sibling first.
    pub heads: Vec<String>,
}

impl Switch {
    /// `‹ 2 / 3 ›`'s numbers.
    pub fn label(&self) -> String {
        format!("{} / {}", self.index + 1, self.heads.len())
    }
}

/// The branch ending at one head.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BranchView {
    /// The head's checkpoint id (`None`: no history).
    pub head: Option<String>,
    /// Whether the head is the thread's newest checkpoint.
    pub newest: bool,
    /// The head's messages, by id.
    pub messages: HashMap<String, MessageBranch>,
}

impl Branches {
    /// The tree of `history` (any order; the server sends newest first). Checkpoints without an id
    /// are left out; a parent the history does not hold (an older page) makes its child a root.
    pub fn new(history: Vec<Checkpoint>) -> Self {
        let mut checkpoints: Vec<Checkpoint> =
            history.into_iter().filter(|c| c.id.is_some()).collect();
        checkpoints.sort_by(|a, b| a.id.cmp(&b.id));
        checkpoints.dedup_by(|a, b| a.id == b.id);
        let by_id: HashMap<String, usize> = checkpoints
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.id.clone().map(|id| (id, i)))
            .collect();
        // A parent is older than its child: a link the other way (a malformed history) is dropped,
        // so the tree has no cycle.
        let parent: Vec<Option<usize>> = checkpoints
            .iter()
            .enumerate()
            .map(|(i, c)| {
                c.parent_id
                    .as_ref()
                    .and_then(|p| by_id.get(p).copied())
                    .filter(|&p| p < i)
            })
            .collect();
        let mut children = vec![Vec::new(); checkpoints.len()];
        // In id order, so each list is oldest first.
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        // A child's id is larger than its parent's: from the newest down, each subtree's newest is
        // known before its parent's.
        let mut newest_under: Vec<usize> = (0..checkpoints.len()).collect();
        for i in (0..checkpoints.len()).rev() {
            for &c in &children[i] {
                newest_under[i] = newest_under[i].max(newest_under[c]);
            }
        }
        let message_ids = checkpoints.iter().map(|c| ids_of(&c.values)).collect();
        let newest = checkpoints.len().checked_sub(1);
        Self {
            checkpoints,
            by_id,
            parent,
            children,
            message_ids,
            newest_under,
            newest,
        }
    }

    pub fn len(&self) -> usize {
        self.checkpoints.len()
    }

    /// The tree with `newer` checkpoints added (those read since; one already held stays once).
    pub fn with(&self, newer: Vec<Checkpoint>) -> Self {
        let mut all = self.checkpoints.clone();
        all.extend(newer);
        Self::new(all)
    }

    /// Whether the history holds checkpoint `id`.
    pub fn holds(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    pub fn is_empty(&self) -> bool {
        self.checkpoints.is_empty()
    }

    /// The newest checkpoint's id: the head a thread opens on.
    pub fn newest(&self) -> Option<&str> {
        self.newest.and_then(|i| self.checkpoints[i].id.as_deref())
    }

    /// Whether the history has any fork.
    pub fn forks(&self) -> bool {
        self.children.iter().any(|c| c.len() > 1)
    }

    pub fn checkpoint(&self, id: &str) -> Option<&Checkpoint> {
        self.by_id.get(id).map(|&i| &self.checkpoints[i])
    }

    /// The messages and values at checkpoint `id`, if the history holds it.
    pub fn state_at(&self, id: &str) -> Option<(Vec<Message>, Value)> {
        let c = self.checkpoint(id)?;
        Some((messages_of(&c.values), c.values.clone()))
    }

    /// Checkpoints nothing branches off yet: the heads of the branches (newest first).
    pub fn heads(&self) -> Vec<&str> {
        (0..self.len())
            .rev()
            .filter(|&i| self.children[i].is_empty())
            .filter_map(|i| self.checkpoints[i].id.as_deref())
            .collect()
    }

    /// The branch ending at `head` (the newest checkpoint when `None` or unknown).
    pub fn view(&self, head: Option<&str>) -> BranchView {
        let Some(h) = head
            .and_then(|h| self.by_id.get(h).copied())
            .or(self.newest)
        else {
            return BranchView::default();
        };
        let mut path = vec![h];
        while let Some(p) = self.parent[*path.last().unwrap_or(&h)] {
            path.push(p);
        }
        path.reverse();
        // Where on the path each message first appears.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (at, &c) in path.iter().enumerate() {
            for id in &self.message_ids[c] {
                first.entry(id.as_str()).or_insert(at);
            }
        }
        let mut forks_shown = HashSet::new();
        let mut messages = HashMap::new();
        for id in &self.message_ids[h] {
            let Some(&at) = first.get(id.as_str()) else {
                continue;
            };
            let c = path[at];
            // The nearest fork above: the path's step into it says which sibling this branch is.
            let switch = (1..=at)
                .rev()
                .find(|&k| self.children[path[k - 1]].len() > 1)
                .filter(|&k| forks_shown.insert(path[k - 1]))
                .map(|k| {
                    let siblings = &self.children[path[k - 1]];
                    Switch {
                        index: siblings.iter().position(|&s| s == path[k]).unwrap_or(0),
                        heads: siblings
                            .iter()
                            .filter_map(|&s| self.checkpoints[self.newest_under[s]].id.clone())
                            .collect(),
                    }
                });
            messages.insert(
                id.clone(),
                MessageBranch {
                    first_seen: self.checkpoints[c].id.clone().unwrap_or_default(),
                    run_from: self.checkpoints[c].parent_id.clone(),
                    switch,
                },
            );
        }
        BranchView {
            head: self.checkpoints[h].id.clone(),
            newest: Some(h) == self.newest,
            messages,
        }
    }
}

/// The messages of a state's values (its `messages` list; none without one).
pub fn messages_of(values: &Value) -> Vec<Message> {
    messages_from_values(values.get("messages").unwrap_or(&Value::Null)).0
}

/// What a fork of a checkpoint whose values were `before` writes when the user edited them into
/// `after`: the top-level keys that changed (the server merges them with its reducers — a message
/// list by message id); all of `after` when none did (the fork is then a copy).
pub fn fork_values(before: &Value, after: &Value) -> Value {
    let (Some(old), Some(new)) = (before.as_object(), after.as_object()) else {
        return after.clone();
    };
    let changed: serde_json::Map<String, Value> = new
        .iter()
        .filter(|(k, v)| old.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if changed.is_empty() {
        after.clone()
    } else {
        Value::Object(changed)
    }
}

/// The ids of a state's messages, as the message reader names them (an id-less message by its place).
fn ids_of(values: &Value) -> Vec<String> {
    let Some(list) = values.get("messages").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .map(|(i, m)| {
            m.get("id")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("state-message-{i}"))
        })
        .collect()
}

/// The nodes that wrote checkpoint `c`: as its metadata says (`writes`, older servers), else — a
/// checkpoint of the graph's loop — the nodes its parent was to run next (`parent.next`); empty
/// where neither is known (an input, an update without its node, a parent on another page).
pub fn writers(c: &Checkpoint, parent: Option<&Checkpoint>) -> Vec<String> {
    if let Some(w) = c.metadata.get("writes").and_then(Value::as_object) {
        return w.keys().cloned().collect();
    }
    match (c.source.as_deref(), parent) {
        (Some("loop"), Some(p)) if p.id.is_some() && p.id == c.parent_id => p.next.clone(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A checkpoint `id` under `parent` whose messages have these ids (`h…` human, others AI).
    fn cp(id: &str, parent: Option<&str>, messages: &[&str]) -> Checkpoint {
        let list: Vec<Value> = messages
            .iter()
            .map(|m| {
                let kind = if m.starts_with('h') { "human" } else { "ai" };
                json!({"type": kind, "id": m, "content": format!("text of {m}")})
            })
            .collect();
        Checkpoint {
            id: Some(id.into()),
            parent_id: parent.map(str::to_owned),
            created_at: None,
            next: Vec::new(),
            step: None,
            source: None,
            values: json!({ "messages": list }),
            metadata: Value::Null,
        }
    }

    #[test]
    fn a_loop_checkpoint_was_written_by_what_its_parent_was_to_run() {
        let mut parent = cp("1", None, &["h1"]);
        parent.next = vec!["agent".into()];
        let mut child = cp("2", Some("1"), &["h1", "a1"]);
        child.source = Some("loop".into());
        assert_eq!(writers(&child, Some(&parent)), ["agent"]);
        assert!(
            writers(&child, None).is_empty(),
            "its parent on another page: unknown"
        );
        let mut input = cp("0", None, &[]);
        input.source = Some("input".into());
        assert!(writers(&input, None).is_empty());
        let mut older = cp("3", Some("1"), &[]);
        older.metadata = json!({"writes": {"tools": {}}});
        assert_eq!(
            writers(&older, Some(&parent)),
            ["tools"],
            "metadata.writes first"
        );
        let mut other = child.clone();
        other.parent_id = Some("9".into());
        assert!(writers(&other, Some(&parent)).is_empty(), "not its parent");
    }

    /// Two runs as the real server records them (input, loop before the agent, loop after it).
    fn two_runs() -> Vec<Checkpoint> {
        vec![
            cp("c0", None, &[]),
            cp("c1", Some("c0"), &["h1"]),
            cp("c2", Some("c1"), &["h1", "a1"]),
            cp("c3", Some("c2"), &["h1", "a1"]),
            cp("c4", Some("c3"), &["h1", "a1", "h2"]),
            cp("c5", Some("c4"), &["h1", "a1", "h2", "a2"]),
        ]
    }

    fn switch(v: &BranchView, message: &str) -> Option<(usize, Vec<String>)> {
        v.messages[message]
            .switch
            .as_ref()
            .map(|s| (s.index, s.heads.clone()))
    }

    #[test]
    fn a_straight_history_has_no_switches_and_each_message_runs_from_before_it() {
        let b = Branches::new(two_runs().into_iter().rev().collect());
        assert!(!b.forks());
        let v = b.view(None);
        assert_eq!(v.head.as_deref(), Some("c5"));
        assert!(v.newest);
        assert!(v.messages.values().all(|m| m.switch.is_none()));
        assert_eq!(v.messages["h2"].first_seen, "c4");
        assert_eq!(v.messages["h2"].run_from.as_deref(), Some("c3"));
        assert_eq!(v.messages["a2"].run_from.as_deref(), Some("c4"));
        assert_eq!(v.messages["h1"].run_from.as_deref(), Some("c0"));
    }

    #[test]
    fn a_regenerated_reply_and_an_edited_message_are_switches_on_their_own_messages() {
        let mut h = two_runs();
        // Regenerate a2: the server forks c4 (c6, a copy) and the agent writes a2b.
        h.push(cp("c6", Some("c4"), &["h1", "a1", "h2"]));
        h.push(cp("c7", Some("c6"), &["h1", "a1", "h2", "a2b"]));
        // Edit h2: a run from c3 with h2b.
        h.push(cp("c8", Some("c3"), &["h1", "a1"]));
        h.push(cp("c9", Some("c8"), &["h1", "a1", "h2b"]));
        h.push(cp("d0", Some("c9"), &["h1", "a1", "h2b", "a3"]));
        let b = Branches::new(h);
        assert!(b.forks());
        // Opens on the newest: the edit.
        let v = b.view(None);
        assert_eq!(v.head.as_deref(), Some("d0"));
        assert_eq!(
            switch(&v, "h2b"),
            Some((1, vec!["c7".into(), "d0".into()])),
            "the edit is branch 2 of 2; branch 1 opens at its newest checkpoint (the regenerated reply)"
        );
        assert_eq!(switch(&v, "a3"), None, "the same fork is shown once");
        assert_eq!(switch(&v, "h1"), None);
        assert_eq!(v.messages["h2b"].run_from.as_deref(), Some("c8"));
        // Branch 1: the first h2, with the regenerated reply as 2 of 2 below it.
        let v = b.view(Some("c7"));
        assert!(!v.newest);
        assert_eq!(switch(&v, "h2"), Some((0, vec!["c7".into(), "d0".into()])));
        assert_eq!(switch(&v, "a2b"), Some((1, vec!["c5".into(), "c7".into()])));
        assert!(!v.messages.contains_key("a2"));
        // The first reply: 1 of 2 there.
        let v = b.view(Some("c5"));
        assert_eq!(switch(&v, "a2"), Some((0, vec!["c5".into(), "c7".into()])));
        assert_eq!(switch(&v, "h2"), Some((0, vec!["c7".into(), "d0".into()])));
        let (messages, _) = b.state_at("c3").expect("c3");
        assert_eq!(
            messages.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["h1", "a1"]
        );
    }

    #[test]
    fn three_siblings_count_in_id_order_and_an_unknown_head_opens_the_newest() {
        let mut h = two_runs();
        h.push(cp("c6", Some("c4"), &["h1", "a1", "h2"]));
        h.push(cp("c7", Some("c6"), &["h1", "a1", "h2", "a2b"]));
        h.push(cp("c8", Some("c4"), &["h1", "a1", "h2"]));
        h.push(cp("c9", Some("c8"), &["h1", "a1", "h2", "a2c"]));
        let b = Branches::new(h);
        let v = b.view(Some("no such checkpoint"));
        assert_eq!(v.head.as_deref(), Some("c9"));
        let s = v.messages["a2c"].switch.clone().expect("a switch");
        assert_eq!(s.label(), "3 / 3");
        assert_eq!(s.heads, ["c5", "c7", "c9"]);
        // A deeper head under a sibling: still that sibling.
        assert_eq!(switch(&b.view(Some("c6")), "h2"), None);
    }

    #[test]
    fn a_partial_history_roots_at_its_oldest_checkpoint() {
        // Only the newest three: c3's parent is not held.
        let b = Branches::new(two_runs().split_off(3));
        let v = b.view(None);
        assert_eq!(v.head.as_deref(), Some("c5"));
        assert_eq!(
            v.messages["h1"].first_seen, "c3",
            "seen first where the page begins"
        );
        assert_eq!(
            v.messages["h1"].run_from.as_deref(),
            Some("c2"),
            "the server's own link"
        );
        assert!(b.state_at("c2").is_none());
        assert_eq!(Branches::new(Vec::new()).view(None), BranchView::default());
    }

    #[test]
    fn a_parent_newer_than_its_child_is_not_followed() {
        let b = Branches::new(vec![
            cp("c1", Some("c2"), &["h1"]),
            cp("c2", Some("c1"), &["h1", "a1"]),
        ]);
        let v = b.view(Some("c1"));
        assert_eq!(v.messages["h1"].first_seen, "c1");
        assert_eq!(b.view(None).messages["a1"].first_seen, "c2");
    }

    #[test]
    fn id_less_messages_are_named_by_place_as_the_reader_names_them() {
        let mut c = cp("c1", None, &[]);
        c.values = json!({"messages": [{"type": "human", "content": "x"}]});
        let b = Branches::new(vec![c]);
        let (messages, _) = b.state_at("c1").expect("c1");
        assert!(b.view(None).messages.contains_key(&messages[0].id));
    }

    #[test]
    fn a_fork_writes_only_the_keys_the_user_changed() {
        let before = json!({"messages": [1], "topic": "tides", "n": 1});
        assert_eq!(
            fork_values(
                &before,
                &json!({"messages": [1], "topic": "fog", "n": 1, "extra": true})
            ),
            json!({"topic": "fog", "extra": true})
        );
        assert_eq!(fork_values(&before, &before), before, "unchanged: a copy");
        assert_eq!(fork_values(&Value::Null, &json!({"a": 1})), json!({"a": 1}));
    }

    #[test]
    fn checkpoints_read_later_join_the_tree() {
        let all = two_runs();
        let older = Branches::new(all[..4].to_vec());
        assert!(older.holds("c3") && !older.holds("c4"));
        // The newest page overlaps what was read: c3 once.
        let b = older.with(all[3..].to_vec());
        assert_eq!(b.len(), 6);
        assert_eq!(b.view(None).messages["h2"].run_from.as_deref(), Some("c3"));
    }

    #[test]
    fn heads_are_the_checkpoints_nothing_branches_off() {
        let mut h = two_runs();
        h.push(cp("c6", Some("c4"), &["h1", "a1", "h2"]));
        h.push(cp("c7", Some("c6"), &["h1", "a1", "h2", "a2b"]));
        assert_eq!(Branches::new(h).heads(), ["c7", "c5"]);
    }

    #[test]
    fn the_page_shrinks_with_the_thread_and_stops_past_two_thousand_messages() {
        assert_eq!(page_for(0), Some(100));
        assert_eq!(page_for(10), Some(100));
        assert_eq!(page_for(400), Some(50));
        assert_eq!(page_for(2_000), Some(10));
        assert_eq!(page_for(2_001), None);
        assert_eq!(page_for(10_000), None);
    }
}
