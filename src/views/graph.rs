//! An agent's graph drawn as SVG by our code: boxes and arrows, names as text nodes, conditional
//! edges dashed. Drawn live (the Graph tab) its nodes carry the debugger's marks — breakpoints, the
//! node running or paused at, how often each ran and each edge was taken — and choose a node.

use agent_console_core::debugger::{Breakpoints, Walk};
use agent_console_core::graph::{self, AgentGraph, NODE_HEIGHT, NODE_WIDTH};
use leptos::prelude::*;

/// What a live drawing marks, read from signals.
#[derive(Clone, Copy)]
pub struct Marks {
    pub breakpoints: Signal<Breakpoints>,
    pub walk: Signal<Walk>,
    /// The nodes a paused run is due to run next.
    pub paused_at: Signal<Vec<String>>,
    pub chosen: RwSignal<Option<String>>,
}

/// The graph, still (`marks: None`) or live.
pub fn graph_svg(g: &AgentGraph, marks: Option<Marks>) -> AnyView {
    let l = graph::layout(g);
    let edges = l
        .edges
        .into_iter()
        .map(|e| {
            let key = (e.source.clone(), e.target.clone());
            let taken = move || {
                marks.and_then(|m| {
                    m.walk
                        .with(|w| w.edges.get(&key).map(|n| n.to_string()))
                })
            };
            view! {
                <path class="ac-graph-edge" class:ac-graph-conditional=e.conditional d=e.path
                    class:ac-graph-taken={let taken = taken.clone(); move || taken().is_some()}
                    data-source=e.source data-target=e.target data-taken=taken marker-end="url(#ac-graph-arrow)" />
            }
        })
        .collect_view();
    let nodes = l
        .nodes
        .into_iter()
        .map(|n| {
            let special = n.id.starts_with("__");
            let name = n.id.clone();
            let Some(m) = marks.filter(|_| !special) else {
                return view! {
                    <g class="ac-graph-node" class:ac-graph-terminal=special data-node=n.id.clone()>
                        <rect x=n.x y=n.y width=NODE_WIDTH height=NODE_HEIGHT rx="6" />
                        <text x=n.x + NODE_WIDTH / 2.0 y=n.y + NODE_HEIGHT / 2.0 + 4.0 text-anchor="middle">{name}</text>
                    </g>
                }
                .into_any();
            };
            live_node(n.id, n.x, n.y, m)
        })
        .collect_view();
    view! {
        <svg class="ac-graph" viewBox=format!("0 0 {} {}", l.width, l.height) width=l.width height=l.height
            role=if marks.is_some() { "group" } else { "img" } aria-label="The assistant's graph">
            <defs>
                <marker id="ac-graph-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto">
                    <path d="M0,0 L8,4 L0,8 z" />
                </marker>
            </defs>
            {edges}
            {nodes}
        </svg>
    }
    .into_any()
}

/// A node of the live drawing: a button that chooses it, marked with its breakpoints, whether it
/// runs now or the run paused before it, and how often it ran.
fn live_node(id: String, x: f64, y: f64, m: Marks) -> AnyView {
    let name = StoredValue::new(id.clone());
    let is = move |n: &Option<String>| name.with_value(|id| n.as_ref() == Some(id));
    let state = move || {
        if m.paused_at.with(|p| name.with_value(|id| p.contains(id))) {
            "paused"
        } else if m.walk.with(|w| is(&w.running)) {
            "running"
        } else if m.walk.with(|w| is(&w.last)) {
            "last"
        } else {
            ""
        }
    };
    let visits = move || {
        m.walk
            .with(|w| name.with_value(|id| w.visits.get(id).copied().unwrap_or(0)))
    };
    let before = move || {
        m.breakpoints
            .with(|bp| name.with_value(|id| bp.before.has(id)))
    };
    let after = move || {
        m.breakpoints
            .with(|bp| name.with_value(|id| bp.after.has(id)))
    };
    let chosen = move || m.chosen.with(is);
    let choose = move || m.chosen.set(Some(name.get_value()));
    view! {
        <g class="ac-graph-node ac-graph-live" data-node=id.clone() data-state=state
            data-visits=visits data-before=move || before().to_string() data-after=move || after().to_string()
            class:ac-graph-chosen=chosen role="button" tabindex="0"
            aria-pressed=move || chosen().to_string()
            on:click=move |_| choose()
            on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); choose() }>
            <rect x=x y=y width=NODE_WIDTH height=NODE_HEIGHT rx="6" />
            <text x=x + NODE_WIDTH / 2.0 y=y + NODE_HEIGHT / 2.0 + 4.0 text-anchor="middle">{id.clone()}</text>
            // A breakpoint is a dot on the side it pauses: the top edge before, the bottom after.
            {move || before().then(|| view! { <circle class="ac-graph-break" cx=x + 8.0 cy=y r="5" /> })}
            {move || after().then(|| view! { <circle class="ac-graph-break" cx=x + 8.0 cy=y + NODE_HEIGHT r="5" /> })}
            {move || (visits() > 0).then(|| view! {
                <text class="ac-graph-visits" x=x + NODE_WIDTH - 6.0 y=y + 11.0 text-anchor="end">{format!("×{}", visits())}</text>
            })}
        </g>
    }
    .into_any()
}
