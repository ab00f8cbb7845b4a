//! An agent's graph (nodes and edges, as LangGraph's `/assistants/{id}/graph` sends them) and a simple
//! layered layout for drawing it: layers by distance from the start, loops drawn as back edges.

use serde_json::Value;
use std::collections::{HashMap, VecDeque};

#[derive(Debug, Clone, PartialEq)]
pub struct AgentGraph {
    pub nodes: Vec<String>,
    pub edges: Vec<GraphEdge>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GraphEdge {
    pub source: String,
    pub target: String,
    /// Taken only when a routing function says so.
    pub conditional: bool,
}

impl AgentGraph {
    /// Reads `{nodes: [{id}], edges: [{source, target, conditional}]}`; entries without ids are skipped,
    /// and an edge's unknown end becomes a node (so nothing the server sent is hidden).
    pub fn from_json(v: &Value) -> Self {
        let mut nodes: Vec<String> = v
            .get("nodes")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.get("id").and_then(id_text))
                    .collect()
            })
            .unwrap_or_default();
        let edges: Vec<GraphEdge> = v
            .get("edges")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|e| {
                        Some(GraphEdge {
                            source: e.get("source").and_then(id_text)?,
                            target: e.get("target").and_then(id_text)?,
                            conditional: e
                                .get("conditional")
                                .and_then(Value::as_bool)
                                .unwrap_or(false),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        for e in &edges {
            for end in [&e.source, &e.target] {
                if !nodes.contains(end) {
                    nodes.push(end.clone());
                }
            }
        }
        Self { nodes, edges }
    }
}

fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Where to draw things, in SVG user units.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<PlacedNode>,
    pub edges: Vec<PlacedEdge>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode {
    pub id: String,
    pub layer: usize,
    /// Top-left corner.
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEdge {
    pub source: String,
    pub target: String,
    pub conditional: bool,
    /// An SVG path `d`.
    pub path: String,
}

pub const NODE_WIDTH: f64 = 120.0;
pub const NODE_HEIGHT: f64 = 32.0;
const H_GAP: f64 = 30.0;
const V_GAP: f64 = 40.0;
const MARGIN: f64 = 20.0;

/// Layers: `__start__` (or nodes nobody points to) at the top, each node one below its nearest
/// predecessor, `__end__` at the bottom; edges that go up or sideways are loops, drawn as curves.
pub fn layout(g: &AgentGraph) -> Layout {
    let mut layer: HashMap<&str, usize> = HashMap::new();
    let mut queue = VecDeque::new();
    let roots: Vec<&str> = if g.nodes.iter().any(|n| n == "__start__") {
        vec!["__start__"]
    } else {
        g.nodes
            .iter()
            .filter(|n| !g.edges.iter().any(|e| &e.target == *n))
            .map(String::as_str)
            .collect()
    };
    for r in roots {
        layer.insert(r, 0);
        queue.push_back(r);
    }
    while let Some(n) = queue.pop_front() {
        let next = layer[n] + 1;
        for e in g.edges.iter().filter(|e| e.source == n) {
            if !layer.contains_key(e.target.as_str()) {
                layer.insert(&e.target, next);
                queue.push_back(&e.target);
            }
        }
    }
    // Unreachable nodes go below what was reached; the end node goes last.
    let reached_max = layer.values().copied().max().unwrap_or(0);
    for n in &g.nodes {
        layer.entry(n).or_insert(reached_max + 1);
    }
    if layer.contains_key("__end__") {
        let bottom = g
            .nodes
            .iter()
            .filter(|n| *n != "__end__")
            .map(|n| layer[n.as_str()])
            .max()
            .unwrap_or(0)
            + 1;
        layer.insert("__end__", bottom);
    }
    let layers = layer.values().copied().max().map_or(0, |m| m + 1);
    let mut rows: Vec<Vec<&str>> = vec![Vec::new(); layers];
    for n in &g.nodes {
        rows[layer[n.as_str()]].push(n);
    }
    let widest = rows.iter().map(Vec::len).max().unwrap_or(0) as f64;
    let width = 2.0 * MARGIN + widest * NODE_WIDTH + (widest - 1.0).max(0.0) * H_GAP + 40.0;
    let height =
        2.0 * MARGIN + layers as f64 * NODE_HEIGHT + (layers as f64 - 1.0).max(0.0) * V_GAP;
    let mut pos: HashMap<&str, (f64, f64)> = HashMap::new();
    let mut nodes = Vec::new();
    for (l, row) in rows.iter().enumerate() {
        let row_width = row.len() as f64 * NODE_WIDTH + (row.len() as f64 - 1.0).max(0.0) * H_GAP;
        let left = (width - 40.0 - row_width) / 2.0;
        for (i, n) in row.iter().enumerate() {
            let x = left + i as f64 * (NODE_WIDTH + H_GAP);
            let y = MARGIN + l as f64 * (NODE_HEIGHT + V_GAP);
            pos.insert(n, (x, y));
            nodes.push(PlacedNode {
                id: (*n).to_owned(),
                layer: l,
                x,
                y,
            });
        }
    }
    let edges = g
        .edges
        .iter()
        .filter_map(|e| {
            let (sx, sy) = *pos.get(e.source.as_str())?;
            let (tx, ty) = *pos.get(e.target.as_str())?;
            let path = if ty > sy {
                // Down: bottom centre to top centre.
                format!(
                    "M{:.1},{:.1} L{:.1},{:.1}",
                    sx + NODE_WIDTH / 2.0,
                    sy + NODE_HEIGHT,
                    tx + NODE_WIDTH / 2.0,
                    ty
                )
            } else {
                // A loop back: out of the right side, around, into the right side.
                let bulge = sx.max(tx) + NODE_WIDTH + 30.0;
                format!(
                    "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    sx + NODE_WIDTH,
                    sy + NODE_HEIGHT / 2.0,
                    bulge,
                    sy + NODE_HEIGHT / 2.0,
                    bulge,
                    ty + NODE_HEIGHT / 2.0,
                    tx + NODE_WIDTH,
                    ty + NODE_HEIGHT / 2.0
                )
            };
            Some(PlacedEdge {
                source: e.source.clone(),
                target: e.target.clone(),
                conditional: e.conditional,
                path,
            })
        })
        .collect();
    Layout {
        width,
        height,
        nodes,
        edges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn demo() -> AgentGraph {
        // As the real server sends the demo graph.
        AgentGraph::from_json(&json!({
            "nodes": [{"id":"__start__"},{"id":"agent"},{"id":"tools"},{"id":"approval"},{"id":"__end__"}],
            "edges": [
                {"source":"__start__","target":"agent"},
                {"source":"agent","target":"__end__","conditional":true},
                {"source":"agent","target":"approval","conditional":true},
                {"source":"agent","target":"tools","conditional":true},
                {"source":"tools","target":"agent"},
                {"source":"approval","target":"__end__"}
            ]
        }))
    }

    #[test]
    fn layers_follow_distance_from_start_and_end_is_last() {
        let l = layout(&demo());
        let layer = |id: &str| l.nodes.iter().find(|n| n.id == id).unwrap().layer;
        assert_eq!(layer("__start__"), 0);
        assert_eq!(layer("agent"), 1);
        assert_eq!((layer("tools"), layer("approval")), (2, 2));
        assert_eq!(layer("__end__"), 3);
        assert_eq!(l.edges.len(), 6);
        let back = l
            .edges
            .iter()
            .find(|e| e.source == "tools" && e.target == "agent")
            .unwrap();
        assert!(
            back.path.contains('C'),
            "the loop is a curve: {}",
            back.path
        );
        for n in &l.nodes {
            assert!(
                n.x >= 0.0 && n.x + NODE_WIDTH <= l.width,
                "{n:?} inside {}",
                l.width
            );
            assert!(n.y + NODE_HEIGHT <= l.height);
        }
    }

    #[test]
    fn odd_graphs_do_not_break_the_layout() {
        let g = AgentGraph::from_json(&json!({
            "nodes": [{"id": 1}, {"no_id": true}, {"id": "island"}],
            "edges": [{"source": 1, "target": "ghost"}, {"source": "x"}]
        }));
        assert_eq!(g.nodes, ["1", "island", "ghost"]);
        let l = layout(&g);
        assert_eq!(l.nodes.len(), 3);
        assert_eq!(l.edges.len(), 1);
        let empty = layout(&AgentGraph::from_json(&json!("nonsense")));
        assert!(empty.nodes.is_empty() && empty.edges.is_empty());
    }
}
