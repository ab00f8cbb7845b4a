//! Markdown from the core's parsed tree to DOM elements and text nodes. Nothing here sets HTML: every
//! piece of agent text reaches the page as a text node.

use agent_console_core::highlight::highlight;
use agent_console_core::markdown::{MdKind, MdNode, StreamUpdate, StreamingMarkdown};
use agent_console_core::marks;
use agent_console_core::math::{to_mathml, MathNode, MathTag};
use leptos::prelude::*;

/// Renders parsed markdown.
pub fn markdown_view(nodes: Vec<MdNode>) -> AnyView {
    nodes.into_iter().map(node).collect_view().into_any()
}

fn node(n: MdNode) -> AnyView {
    match n {
        MdNode::Text(t) => text_view(t),
        MdNode::Code(t) => view! { <code>{t}</code> }.into_any(),
        MdNode::Break => view! { <br /> }.into_any(),
        MdNode::Rule => view! { <hr /> }.into_any(),
        MdNode::Math { display, tex } => math_view(display, tex),
        MdNode::Element { kind, children: c } => element(kind, c),
    }
}

fn element(kind: MdKind, c: Vec<MdNode>) -> AnyView {
    match kind {
        MdKind::Paragraph => view! { <p>{markdown_view(c)}</p> }.into_any(),
        MdKind::Heading(1) => view! { <h1>{markdown_view(c)}</h1> }.into_any(),
        MdKind::Heading(2) => view! { <h2>{markdown_view(c)}</h2> }.into_any(),
        MdKind::Heading(3) => view! { <h3>{markdown_view(c)}</h3> }.into_any(),
        MdKind::Heading(4) => view! { <h4>{markdown_view(c)}</h4> }.into_any(),
        MdKind::Heading(5) => view! { <h5>{markdown_view(c)}</h5> }.into_any(),
        MdKind::Heading(_) => view! { <h6>{markdown_view(c)}</h6> }.into_any(),
        MdKind::BlockQuote => view! { <blockquote>{markdown_view(c)}</blockquote> }.into_any(),
        MdKind::CodeBlock(lang) => {
            // Copy: the block's text as written.
            let code = agent_console_core::markdown::plain_text(&c);
            let body = code_view(lang.as_deref(), &code);
            let class = lang.map(|l| format!("language-{l}")).unwrap_or_default();
            let copied = RwSignal::new(false);
            let state = crate::state::use_app_state();
            let copy = move |_| {
                let code = code.clone();
                state.spawn(async move {
                    let ok = crate::actions::conversation::copy_text(code).await.is_ok();
                    let _ = copied.try_set(ok);
                });
            };
            view! {
                <div class="ac-code-block">
                    // Its words come from CSS (`data-label`): the block's text stays the code alone.
                    <button type="button" class="ac-copy-code" aria-label="Copy this code" on:click=copy
                        data-label=move || if copied.get() { "Copied" } else { "Copy" }></button>
                    <pre class="ac-code" tabindex="0"><code class=class>{body}</code></pre>
                </div>
            }
            .into_any()
        }
        MdKind::List(None) => view! { <ul>{markdown_view(c)}</ul> }.into_any(),
        MdKind::List(Some(start)) => {
            view! { <ol start=start.to_string()>{markdown_view(c)}</ol> }.into_any()
        }
        MdKind::Item => view! { <li>{markdown_view(c)}</li> }.into_any(),
        MdKind::Table(aligns) => table(aligns, c),
        // Table parts are drawn by `table`; the parser never puts them anywhere else.
        MdKind::TableHead | MdKind::TableRow | MdKind::TableCell => markdown_view(c),
        MdKind::Emphasis => view! { <em>{markdown_view(c)}</em> }.into_any(),
        MdKind::Strong => view! { <strong>{markdown_view(c)}</strong> }.into_any(),
        MdKind::Strikethrough => view! { <del>{markdown_view(c)}</del> }.into_any(),
        // Links open in a new tab and tell the target nothing about us.
        MdKind::Link(href) => view! {
            <a href=href target="_blank" rel="noopener noreferrer nofollow">{markdown_view(c)}</a>
        }
        .into_any(),
        MdKind::UnsafeLink => {
            view! { <span class="ac-unsafe-link">{markdown_view(c)}</span> }.into_any()
        }
        MdKind::Image(src) => image_view(src, agent_console_core::markdown::plain_text(&c)),
        MdKind::TooDeep => view! {
            <div class="ac-too-deep" role="note">
                <p class="ac-too-deep-note">"Nested too deeply to render: shown flat."</p>
                {markdown_view(c)}
            </div>
        }
        .into_any(),
    }
}

/// A code block's text in the pieces of its language (keywords, strings … as spans with a class;
/// the rest as text nodes): its text content is the code exactly.
fn code_view(lang: Option<&str>, code: &str) -> AnyView {
    let Some(lang) = lang else {
        return code.to_owned().into_any();
    };
    highlight(lang, code)
        .into_iter()
        .map(|(tok, r)| {
            let piece = code.get(r).unwrap_or_default().to_owned();
            match tok.class() {
                None => piece.into_any(),
                Some(class) => view! { <span class=class>{piece}</span> }.into_any(),
            }
        })
        .collect_view()
        .into_any()
}

/// TeX math as MathML elements (core `math`), typeset by the browser; the source stays on the
/// element (`data-tex`) for copying and as its title.
fn math_view(display: bool, tex: String) -> AnyView {
    let tree = math_node(to_mathml(&tex));
    let display = if display { "block" } else { "inline" };
    let math = leptos::math::math().display(display).child(tree);
    view! { <span class="ac-math" data-tex=tex.clone() title=tex>{math}</span> }.into_any()
}

fn math_node(n: MathNode) -> AnyView {
    use leptos::math::*;
    let MathNode {
        tag,
        text,
        variant,
        children,
    } = n;
    let kids: Vec<AnyView> = children.into_iter().map(math_node).collect();
    match tag {
        MathTag::Mi => mi().mathvariant(variant).child(text).into_any(),
        MathTag::Mn => mn().child(text).into_any(),
        MathTag::Mo => mo().child(text).into_any(),
        MathTag::Mtext => mtext().child(text).into_any(),
        MathTag::Mrow => mrow().child(kids).into_any(),
        MathTag::Mfrac => mfrac().child(kids).into_any(),
        MathTag::Msqrt => msqrt().child(kids).into_any(),
        MathTag::Mroot => mroot().child(kids).into_any(),
        MathTag::Msub => msub().child(kids).into_any(),
        MathTag::Msup => msup().child(kids).into_any(),
        MathTag::Msubsup => msubsup().child(kids).into_any(),
        MathTag::Munder => munder().child(kids).into_any(),
        MathTag::Mover => mover().child(kids).into_any(),
        MathTag::Munderover => munderover().child(kids).into_any(),
    }
}

/// An image in a message. A `data:image/…` one is shown from its own bytes (the user's attachment,
/// or an agent's inline image — only ever as an `<img>`, never as a document or link). A web
/// address is not loaded until the reader asks (*Show image*): a tracking pixel in agent output
/// would tell a third party the reader's address. Anything else stays text.
pub fn image_view(src: String, alt: String) -> AnyView {
    let kind = agent_console_core::markdown::image_source(&src);
    let label = if alt.is_empty() {
        "image".to_owned()
    } else {
        alt.clone()
    };
    match kind {
        agent_console_core::markdown::ImageSource::Inline => {
            view! { <img class="ac-image" src=src alt=alt /> }.into_any()
        }
        agent_console_core::markdown::ImageSource::Web => {
            let shown = RwSignal::new(false);
            let host = src.split('/').nth(2).unwrap_or_default().to_owned();
            view! {
                <span class="ac-image-remote">
                    {move || if shown.get() {
                        view! { <img class="ac-image" src=src.clone() alt=alt.clone() referrerpolicy="no-referrer" /> }.into_any()
                    } else {
                        view! {
                            <span class="ac-image-link">{format!("[{label}] from {host} ")}</span>
                            <button type="button" class="ac-show-image" title=src.clone()
                                on:click=move |_| shown.set(true)>"Show image"</button>
                        }.into_any()
                    }}
                </span>
            }
            .into_any()
        }
        agent_console_core::markdown::ImageSource::Refused => {
            // Shown as text, shortened: a `data:text/html` "image" is never a document.
            let shown: String = src.chars().take(80).collect();
            view! { <span class="ac-image-link">{format!("[{label}] {shown}")}</span> }.into_any()
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
            } => body.push(view! { <tr>{cells(c, false, &aligns)}</tr> }.into_any()),
            // Anything else (a part nested too deeply, kept flat): one row of one cell, not lost.
            other => body.push(view! { <tr><td>{markdown_view(vec![other])}</td></tr> }.into_any()),
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
                view! { <th style=style>{markdown_view(inner)}</th> }.into_any()
            } else {
                view! { <td style=style>{markdown_view(inner)}</td> }.into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// A message's markdown as it streams in: each finished block is rendered once and kept; only the
/// open block after them is rendered again when the text grows (core `StreamingMarkdown`), so a
/// token's cost does not grow with the message.
#[component]
pub fn MarkdownStream(text: RwSignal<String>) -> impl IntoView {
    let md = StoredValue::new(StreamingMarkdown::new());
    let pieces = StoredValue::new(Vec::<Vec<MdNode>>::new());
    // Finished pieces shown, and how often they were dropped (a replaced text): the list's keys.
    let shown = RwSignal::new((0u64, 0usize));
    let open = RwSignal::new(Vec::<MdNode>::new());
    let apply = move |t: &String| {
        let u = md
            .try_update_value(|m| m.update(t))
            .unwrap_or_else(|| StreamUpdate {
                reset: false,
                finished: Vec::new(),
                open: Vec::new(),
            });
        let fresh = !u.finished.is_empty();
        pieces.update_value(|p| {
            if u.reset {
                p.clear();
            }
            p.extend(u.finished);
        });
        if u.reset || fresh {
            let (generation, _) = shown.get_untracked();
            let n = pieces.with_value(Vec::len);
            shown.set((generation + u64::from(u.reset), n));
        }
        open.set(u.open);
    };
    text.with_untracked(apply);
    Effect::watch(
        move || text.track(),
        move |_, _, _| text.with_untracked(apply),
        false,
    );
    let each = move || {
        let (generation, n) = shown.get();
        (0..n).map(move |i| (generation, i))
    };
    view! {
        <For each=each key=|k| *k let:k>
            {pieces.with_value(|p| p.get(k.1).cloned()).map(markdown_view)}
        </For>
        {move || markdown_view(open.get())}
    }
}

/// Text as a text node; a tower of combining marks (slow to lay out) cut to the limit, with how many
/// marks were left out and a button that shows the whole.
pub fn text_view(t: String) -> AnyView {
    match marks::tame(&t) {
        None => t.into_any(),
        Some((cut, left_out)) => view! { <TamedText full=t cut left_out /> }.into_any(),
    }
}

#[component]
fn TamedText(full: String, cut: String, left_out: usize) -> impl IntoView {
    let whole = RwSignal::new(false);
    let (full, cut) = (StoredValue::new(full), StoredValue::new(cut));
    view! {
        <span class="ac-tamed">{move || if whole.get() { full.get_value() } else { cut.get_value() }}</span>
        {move || (!whole.get()).then(|| view! {
            <button type="button" class="ac-show-whole"
                title="These marks stack on single letters; laying them all out can take the browser a long time"
                on:click=move |_| whole.set(true)>
                {format!("{left_out} combining marks left out — show whole")}
            </button>
        })}
    }
}
