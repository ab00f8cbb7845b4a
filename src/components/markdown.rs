//! Markdown from the core's parsed tree to DOM elements and text nodes. Nothing here sets HTML: every
//! piece of agent text reaches the page as a text node.

use agent_console_core::markdown::{MdKind, MdNode};
use leptos::prelude::*;

/// Renders parsed markdown.
pub fn markdown_view(nodes: Vec<MdNode>) -> AnyView {
    nodes.into_iter().map(node).collect_view().into_any()
}

fn children(nodes: Vec<MdNode>) -> AnyView {
    markdown_view(nodes)
}

fn node(n: MdNode) -> AnyView {
    match n {
        MdNode::Text(t) => t.into_any(),
        MdNode::Code(t) => view! { <code>{t}</code> }.into_any(),
        MdNode::Break => view! { <br /> }.into_any(),
        MdNode::Rule => view! { <hr /> }.into_any(),
        MdNode::Element { kind, children: c } => element(kind, c),
    }
}

fn element(kind: MdKind, c: Vec<MdNode>) -> AnyView {
    match kind {
        MdKind::Paragraph => view! { <p>{children(c)}</p> }.into_any(),
        MdKind::Heading(1) => view! { <h1>{children(c)}</h1> }.into_any(),
        MdKind::Heading(2) => view! { <h2>{children(c)}</h2> }.into_any(),
        MdKind::Heading(3) => view! { <h3>{children(c)}</h3> }.into_any(),
        MdKind::Heading(4) => view! { <h4>{children(c)}</h4> }.into_any(),
        MdKind::Heading(5) => view! { <h5>{children(c)}</h5> }.into_any(),
        MdKind::Heading(_) => view! { <h6>{children(c)}</h6> }.into_any(),
        MdKind::BlockQuote => view! { <blockquote>{children(c)}</blockquote> }.into_any(),
        MdKind::CodeBlock(lang) => {
            let class = lang.map(|l| format!("language-{l}")).unwrap_or_default();
            view! { <pre class="ac-code"><code class=class>{children(c)}</code></pre> }.into_any()
        }
        MdKind::List(None) => view! { <ul>{children(c)}</ul> }.into_any(),
        MdKind::List(Some(start)) => {
            view! { <ol start=start.to_string()>{children(c)}</ol> }.into_any()
        }
        MdKind::Item => view! { <li>{children(c)}</li> }.into_any(),
        MdKind::Table(aligns) => table(aligns, c),
        MdKind::TableHead => view! { <thead><tr>{cells(c, true, &[])}</tr></thead> }.into_any(),
        MdKind::TableRow => view! { <tr>{cells(c, false, &[])}</tr> }.into_any(),
        MdKind::TableCell => view! { <td>{children(c)}</td> }.into_any(),
        MdKind::Emphasis => view! { <em>{children(c)}</em> }.into_any(),
        MdKind::Strong => view! { <strong>{children(c)}</strong> }.into_any(),
        MdKind::Strikethrough => view! { <del>{children(c)}</del> }.into_any(),
        // Links open in a new tab and tell the target nothing about us.
        MdKind::Link(href) => view! {
            <a href=href target="_blank" rel="noopener noreferrer nofollow">{children(c)}</a>
        }
        .into_any(),
        MdKind::UnsafeLink => {
            view! { <span class="ac-unsafe-link">{children(c)}</span> }.into_any()
        }
        // Images are not loaded (a tracking pixel in agent output would leak the reader's address).
        MdKind::Image(src) => {
            view! { <span class="ac-image-link">"[image: "{children(c)}{format!("] {src}")}</span> }
                .into_any()
        }
    }
}

/// A table: its head row and body rows, each cell aligned as the separator line said.
fn table(aligns: Vec<Option<&'static str>>, rows: Vec<MdNode>) -> AnyView {
    let mut head = None;
    let mut body = Vec::new();
    for r in rows {
        match r {
            MdNode::Element {
                kind: MdKind::TableHead,
                children: c,
            } => head = Some(view! { <thead><tr>{cells(c, true, &aligns)}</tr></thead> }),
            MdNode::Element {
                kind: MdKind::TableRow,
                children: c,
            } => body.push(view! { <tr>{cells(c, false, &aligns)}</tr> }),
            _ => {}
        }
    }
    view! { <table class="ac-md-table">{head}<tbody>{body}</tbody></table> }.into_any()
}

fn cells(c: Vec<MdNode>, head: bool, aligns: &[Option<&'static str>]) -> AnyView {
    c.into_iter()
        .enumerate()
        .map(|(i, cell)| {
            let inner = match cell {
                MdNode::Element { children: c, .. } => c,
                other => vec![other],
            };
            let style = aligns
                .get(i)
                .copied()
                .flatten()
                .map(|a| format!("text-align:{a}"))
                .unwrap_or_default();
            if head {
                view! { <th style=style>{children(inner)}</th> }.into_any()
            } else {
                view! { <td style=style>{children(inner)}</td> }.into_any()
            }
        })
        .collect_view()
        .into_any()
}
