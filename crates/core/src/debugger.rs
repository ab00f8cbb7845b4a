//! The debugger's data: breakpoints (the nodes a run pauses before or after), and a pause as the
//! server's own state tells it — a thread stopped with nodes due, nothing asked, nothing failed.
//!
//! On LangGraph's wire a breakpoint is a run's `interrupt_before` / `interrupt_after` (a list of node
//! names, or `"*"` for every node). A run stopped at one ends `success`, with the thread's state
//! naming the nodes due in `next` and tasks that carry no interrupt (an `interrupt()` in a node gives
//! its task one) and no error (a failed node's task carries it). Continuing is a run with no input
//! from that checkpoint; a step is one that pauses before every node.

use crate::timeline::{BarKind, Timeline};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

/// Nodes chosen by name, or every node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeSet {
    /// Every node (`"*"`), whatever `nodes` holds.
    pub all: bool,
    pub nodes: BTreeSet<String>,
}

impl NodeSet {
    pub fn every() -> Self {
        Self {
            all: true,
            nodes: BTreeSet::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.all && self.nodes.is_empty()
    }

    /// Whether `node` is in the set (by name, or as one of every node).
    pub fn has(&self, node: &str) -> bool {
        self.all || self.nodes.contains(node)
    }

    /// Adds `node` by name, or takes it out.
    pub fn toggle(&mut self, node: &str) {
        if !self.nodes.remove(node) {
            self.nodes.insert(node.to_owned());
        }
    }

    /// As the run's `interrupt_before` / `interrupt_after` take it (`None`: leave it out).
    pub fn wire(&self) -> Option<Value> {
        if self.all {
            Some(json!("*"))
        } else if self.nodes.is_empty() {
            None
        } else {
            Some(json!(self.nodes))
        }
    }

    /// As the user reads it: "every node", or the names.
    pub fn label(&self) -> String {
        if self.all {
            "every node".into()
        } else {
            self.nodes.iter().cloned().collect::<Vec<_>>().join(", ")
        }
    }
}

/// Where runs pause: before and after which nodes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Breakpoints {
    pub before: NodeSet,
    pub after: NodeSet,
}

impl Breakpoints {
    pub fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_empty()
    }

    /// What a step sends: pause before whatever node comes next, and where these pause anyway.
    pub fn step(&self) -> Self {
        Self {
            before: NodeSet::every(),
            after: self.after.clone(),
        }
    }

    /// The side `before` or after's set.
    pub fn side_mut(&mut self, before: bool) -> &mut NodeSet {
        if before {
            &mut self.before
        } else {
            &mut self.after
        }
    }
}

/// A thread paused at a breakpoint, as its state says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pause {
    /// The nodes due (the state's `next`).
    pub next: Vec<String>,
    /// The nodes whose writes made this checkpoint (its `metadata.writes` where the server keeps
    /// them, else the nodes due at the checkpoint before): where the run paused after, and the
    /// node an edit is written as.
    pub wrote: Vec<String>,
    /// The checkpoint the run paused at: what Continue runs on from.
    pub checkpoint: Option<String>,
    /// The checkpoint before it (whose nodes due made this one).
    pub parent: Option<String>,
    /// The pending tasks: their node and id.
    pub tasks: Vec<(String, String)>,
}

impl Pause {
    /// The pause a thread's state describes: nodes due, and no task that asks (an interrupt) or
    /// failed (an error). `None` when the state is not a pause.
    pub fn of_state(
        next: &[String],
        tasks: &[Value],
        metadata: &Value,
        checkpoint: &Value,
        parent: &Value,
    ) -> Option<Self> {
        if next.is_empty() {
            return None;
        }
        let asks_or_failed = tasks.iter().any(|t| {
            t.get("interrupts")
                .and_then(Value::as_array)
                .is_some_and(|l| !l.is_empty())
                || t.get("error").is_some_and(|e| !e.is_null())
        });
        if asks_or_failed {
            return None;
        }
        let wrote = metadata
            .get("writes")
            .and_then(Value::as_object)
            .map(|w| w.keys().cloned().collect())
            .unwrap_or_default();
        let tasks = tasks
            .iter()
            .filter_map(|t| {
                let name = t.get("name")?.as_str()?;
                let id = t.get("id").and_then(Value::as_str).unwrap_or_default();
                Some((name.to_owned(), id.to_owned()))
            })
            .collect();
        Some(Self {
            next: next.to_vec(),
            wrote,
            checkpoint: checkpoint_id(checkpoint),
            parent: checkpoint_id(parent),
            tasks,
        })
    }

    /// The node an edit at this pause is written as: the one that wrote last (the server then
    /// routes on from it as if it had returned the edit).
    pub fn as_node(&self) -> Option<&str> {
        self.wrote.first().map(String::as_str)
    }
}

fn checkpoint_id(c: &Value) -> Option<String> {
    c.get("checkpoint_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// What a run did on the graph, as its timeline tells: how often each node ran (a subgraph's too,
/// where the run streamed them), each edge between two of the graph's own that ran one after the
/// other, the node running now (where the stream reports starts: `tasks`, `debug`, or a node's
/// tokens) and the last one to end.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Walk {
    pub visits: HashMap<String, usize>,
    pub edges: HashMap<(String, String), usize>,
    pub running: Option<String>,
    pub last: Option<String>,
}

impl Walk {
    /// A subgraph's node is named as the graph drawn with subgraphs names it: `research:gather`.
    pub fn of(tl: &Timeline) -> Self {
        let mut w = Walk::default();
        let mut before: Option<&str> = None;
        for b in tl.bars.iter().filter(|b| b.kind == BarKind::Node) {
            let name = match b.parent.map(|i| &tl.bars[i]) {
                None => {
                    if let Some(from) = before {
                        *w.edges
                            .entry((from.to_owned(), b.name.clone()))
                            .or_default() += 1;
                    }
                    before = Some(&b.name);
                    b.name.clone()
                }
                Some(p) if p.parent.is_none() && p.kind == BarKind::Node => {
                    format!("{}:{}", p.name, b.name)
                }
                Some(_) => continue,
            };
            *w.visits.entry(name.clone()).or_default() += 1;
            match b.end_ms {
                None => w.running = Some(name),
                Some(_) => w.last = Some(name),
            }
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_set_goes_on_the_wire_as_names_or_a_star_and_not_at_all_empty() {
        let mut s = NodeSet::default();
        assert_eq!(s.wire(), None);
        s.toggle("tools");
        s.toggle("agent");
        assert_eq!(s.wire(), Some(json!(["agent", "tools"])));
        assert!(s.has("tools") && !s.has("review"));
        s.toggle("tools");
        assert_eq!(s.wire(), Some(json!(["agent"])));
        s.all = true;
        assert_eq!(s.wire(), Some(json!("*")));
        assert!(s.has("review"));
        assert_eq!(s.label(), "every node");
    }

    #[test]
    fn a_step_pauses_before_every_node_and_keeps_the_after_set() {
        let mut b = Breakpoints::default();
        assert!(b.is_empty());
        b.side_mut(false).toggle("agent");
        let s = b.step();
        assert!(s.before.all);
        assert_eq!(s.after, b.after);
        assert!(!b.is_empty());
    }

    #[test]
    fn a_state_with_nodes_due_and_nothing_asked_is_a_pause() {
        let tasks = vec![json!({"id": "t1", "name": "tools", "interrupts": [], "error": null})];
        let p = Pause::of_state(
            &names(&["tools"]),
            &tasks,
            &json!({"writes": {"agent": {"messages": []}}, "step": 1}),
            &json!({"checkpoint_id": "c1", "thread_id": "th"}),
            &json!({"checkpoint_id": "c0"}),
        )
        .unwrap();
        assert_eq!(p.next, names(&["tools"]));
        assert_eq!(p.as_node(), Some("agent"));
        assert_eq!(p.checkpoint.as_deref(), Some("c1"));
        assert_eq!(p.parent.as_deref(), Some("c0"));
        assert_eq!(p.tasks, vec![("tools".to_owned(), "t1".to_owned())]);
    }

    #[test]
    fn a_question_a_failure_or_a_finished_graph_is_not_a_pause() {
        let asks = vec![json!({"name": "approval", "interrupts": [{"value": "ok?"}]})];
        let failed = vec![json!({"name": "tools", "error": "ValueError('x')"})];
        let none = Value::Null;
        assert!(Pause::of_state(&names(&["approval"]), &asks, &none, &none, &none).is_none());
        assert!(Pause::of_state(&names(&["tools"]), &failed, &none, &none, &none).is_none());
        assert!(Pause::of_state(&[], &[], &none, &none, &none).is_none());
        // Without metadata it is still a pause, written as no node in particular.
        let p = Pause::of_state(&names(&["tools"]), &[], &none, &none, &none).unwrap();
        assert_eq!(p.as_node(), None);
    }

    #[test]
    fn a_walk_counts_the_graph_s_own_nodes_and_the_edges_between_them() {
        use crate::event::{EventBatch, StreamEvent};
        let mut tl = Timeline::new(0.0);
        let update = |node: &str| {
            EventBatch::new(
                None,
                vec![StreamEvent::Update {
                    node: node.into(),
                    value: json!({"messages": []}),
                }],
            )
        };
        let (a, t, a2) = (update("agent"), update("tools"), update("agent"));
        tl.events(10.0, &[&a]);
        tl.events(20.0, &[&t]);
        tl.events(30.0, &[&a2]);
        let w = Walk::of(&tl);
        assert_eq!(w.visits.get("agent"), Some(&2));
        assert_eq!(w.visits.get("tools"), Some(&1));
        assert_eq!(w.edges.get(&("agent".into(), "tools".into())), Some(&1));
        assert_eq!(w.edges.get(&("tools".into(), "agent".into())), Some(&1));
        assert_eq!(w.last.as_deref(), Some("agent"));
        assert_eq!(w.running, None);

        // A subgraph's nodes (streamed with `stream_subgraphs`) are named under the node running it,
        // and make no edge of the graph's own.
        let mut inner = update("gather");
        inner.namespace = vec!["research:t1".into()];
        let outer = update("research");
        tl.events(40.0, &[&inner]);
        tl.events(50.0, &[&outer]);
        let w = Walk::of(&tl);
        assert_eq!(w.visits.get("research:gather"), Some(&1));
        assert_eq!(w.visits.get("research"), Some(&1));
        assert_eq!(w.edges.get(&("agent".into(), "research".into())), Some(&1));
        assert_eq!(w.edges.len(), 3, "{:?}", w.edges);
    }
}
