//! Markdown in agent output, parsed to a small tree of nodes the views render as DOM elements and text
//! nodes — never as HTML. Agent output is untrusted: raw HTML in it is kept as literal text, and a link
//! keeps its target only when it is `http:`, `https:` or `mailto:` (a `javascript:` link is plain text).

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};

/// One node of rendered markdown.
#[derive(Debug, Clone, PartialEq)]
pub enum MdNode {
    /// Literal text (also raw HTML from the source, shown as written).
    Text(String),
    /// `inline code`.
    Code(String),
    /// A line break inside a paragraph.
    Break,
    /// A horizontal rule.
    Rule,
    /// An element with children.
    Element { kind: MdKind, children: Vec<MdNode> },
}

/// The element kinds markdown produces.
#[derive(Debug, Clone, PartialEq)]
pub enum MdKind {
    Paragraph,
    /// `#` … `######`.
    Heading(u8),
    BlockQuote,
    /// A fenced or indented code block, with its info-string language if any.
    CodeBlock(Option<String>),
    /// A list; `Some(start)` when ordered.
    List(Option<u64>),
    Item,
    /// A table; each column's alignment (`None`, `Some("left")`…).
    Table(Vec<Option<&'static str>>),
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    /// A link whose target passed the scheme check.
    Link(String),
    /// A link whose target did not: only its text is shown.
    UnsafeLink,
    /// An image, shown as its alt text and address, never loaded.
    Image(String),
}

/// Parses `text` (CommonMark with tables and strikethrough) into nodes.
pub fn parse(text: &str) -> Vec<MdNode> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    // The stack of open elements; the bottom is the document.
    let mut stack: Vec<(Option<MdKind>, Vec<MdNode>)> = vec![(None, Vec::new())];
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => stack.push((Some(kind_of(tag)), Vec::new())),
            // Every end closes the innermost open element (pulldown-cmark nests them properly).
            Event::End(_) => {
                if stack.len() > 1 {
                    let (kind, children) = stack.pop().unwrap_or((None, Vec::new()));
                    if let Some(kind) = kind {
                        push(&mut stack, MdNode::Element { kind, children });
                    }
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push_text(&mut stack, &t);
            }
            Event::Code(t) => push(&mut stack, MdNode::Code(t.into_string())),
            Event::SoftBreak => push_text(&mut stack, "\n"),
            Event::HardBreak => push(&mut stack, MdNode::Break),
            Event::Rule => push(&mut stack, MdNode::Rule),
            Event::FootnoteReference(t) => push_text(&mut stack, &format!("[^{t}]")),
            Event::TaskListMarker(done) => push_text(&mut stack, if done { "☑ " } else { "☐ " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => push_text(&mut stack, &t),
        }
    }
    // An unterminated construct (a stream cut mid-way) still shows everything read so far.
    while stack.len() > 1 {
        let (kind, children) = stack.pop().unwrap_or((None, Vec::new()));
        if let Some(kind) = kind {
            push(&mut stack, MdNode::Element { kind, children });
        }
    }
    stack.pop().map(|(_, nodes)| nodes).unwrap_or_default()
}

/// The text a reader sees, without markup: for tests and accessibility labels.
pub fn plain_text(nodes: &[MdNode]) -> String {
    let mut out = String::new();
    for n in nodes {
        match n {
            MdNode::Text(t) | MdNode::Code(t) => out.push_str(t),
            MdNode::Break => out.push('\n'),
            MdNode::Rule => {}
            MdNode::Element { children, .. } => out.push_str(&plain_text(children)),
        }
    }
    out
}

fn push(stack: &mut [(Option<MdKind>, Vec<MdNode>)], node: MdNode) {
    if let Some((_, children)) = stack.last_mut() {
        children.push(node);
    }
}

/// Adjacent text is merged so the DOM gets one text node per run of text.
fn push_text(stack: &mut [(Option<MdKind>, Vec<MdNode>)], text: &str) {
    if let Some((_, children)) = stack.last_mut() {
        if let Some(MdNode::Text(prev)) = children.last_mut() {
            prev.push_str(text);
        } else {
            children.push(MdNode::Text(text.to_owned()));
        }
    }
}

fn kind_of(tag: Tag<'_>) -> MdKind {
    match tag {
        Tag::Paragraph => MdKind::Paragraph,
        Tag::Heading { level, .. } => MdKind::Heading(match level {
            HeadingLevel::H1 => 1,
            HeadingLevel::H2 => 2,
            HeadingLevel::H3 => 3,
            HeadingLevel::H4 => 4,
            HeadingLevel::H5 => 5,
            HeadingLevel::H6 => 6,
        }),
        Tag::BlockQuote(_) => MdKind::BlockQuote,
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => MdKind::CodeBlock(
            info.split_whitespace()
                .next()
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        ),
        Tag::CodeBlock(CodeBlockKind::Indented) => MdKind::CodeBlock(None),
        Tag::List(start) => MdKind::List(start),
        Tag::Item => MdKind::Item,
        Tag::Table(aligns) => MdKind::Table(
            aligns
                .iter()
                .map(|a| match a {
                    Alignment::None => None,
                    Alignment::Left => Some("left"),
                    Alignment::Center => Some("center"),
                    Alignment::Right => Some("right"),
                })
                .collect(),
        ),
        Tag::TableHead => MdKind::TableHead,
        Tag::TableRow => MdKind::TableRow,
        Tag::TableCell => MdKind::TableCell,
        Tag::Emphasis => MdKind::Emphasis,
        Tag::Strong => MdKind::Strong,
        Tag::Strikethrough => MdKind::Strikethrough,
        Tag::Link { dest_url, .. } if is_safe_url(&dest_url) => {
            MdKind::Link(dest_url.into_string())
        }
        Tag::Link { .. } => MdKind::UnsafeLink,
        Tag::Image { dest_url, .. } => MdKind::Image(dest_url.into_string()),
        // Footnote definitions, metadata blocks, definition lists, HTML blocks, super/subscript:
        // their text still shows, in a paragraph.
        _ => MdKind::Paragraph,
    }
}

/// Whether a link target may become an `href`: only web and mail addresses.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;
    use MdNode::*;

    fn el(kind: MdKind, children: Vec<MdNode>) -> MdNode {
        Element { kind, children }
    }
    fn t(s: &str) -> MdNode {
        Text(s.into())
    }

    #[test]
    fn headings_lists_and_inline_marks() {
        let nodes = parse("# Title\n\n- **bold** and *it*\n- `code` ~~gone~~\n\n3. three\n");
        assert_eq!(
            nodes,
            vec![
                el(MdKind::Heading(1), vec![t("Title")]),
                el(
                    MdKind::List(None),
                    vec![
                        el(
                            MdKind::Item,
                            vec![
                                el(MdKind::Strong, vec![t("bold")]),
                                t(" and "),
                                el(MdKind::Emphasis, vec![t("it")]),
                            ]
                        ),
                        el(
                            MdKind::Item,
                            vec![
                                Code("code".into()),
                                t(" "),
                                el(MdKind::Strikethrough, vec![t("gone")]),
                            ]
                        ),
                    ]
                ),
                el(
                    MdKind::List(Some(3)),
                    vec![el(MdKind::Item, vec![t("three")])]
                ),
            ]
        );
    }

    #[test]
    fn code_block_keeps_its_language_and_text() {
        let nodes = parse("```rust extra\nfn main() {}\n```\n");
        assert_eq!(
            nodes,
            vec![el(
                MdKind::CodeBlock(Some("rust".into())),
                vec![t("fn main() {}\n")]
            )]
        );
    }

    #[test]
    fn table_with_alignment() {
        let nodes = parse("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        let [Element {
            kind: MdKind::Table(aligns),
            children,
        }] = nodes.as_slice()
        else {
            panic!("{nodes:?}")
        };
        assert_eq!(aligns, &vec![Some("left"), Some("right")]);
        assert_eq!(children.len(), 2, "head and one row: {children:?}");
        assert_eq!(plain_text(children), "ab12");
    }

    #[test]
    fn raw_html_is_literal_text() {
        let nodes = parse("hi <img src=x onerror=alert(1)> there\n\n<script>alert(2)</script>\n");
        let text = plain_text(&nodes);
        assert!(text.contains("<img src=x onerror=alert(1)>"), "{text}");
        assert!(text.contains("<script>alert(2)</script>"), "{text}");
        fn no_elements_but_paragraphs(nodes: &[MdNode]) -> bool {
            nodes.iter().all(|n| match n {
                Element { kind, children } => {
                    *kind == MdKind::Paragraph && no_elements_but_paragraphs(children)
                }
                _ => true,
            })
        }
        assert!(no_elements_but_paragraphs(&nodes), "{nodes:?}");
    }

    #[test]
    fn only_web_and_mail_links_keep_their_target() {
        let nodes = parse(
            "[a](https://example.com) [b](javascript:alert(1)) [c](mailto:x@y.z) [d](JaVaScRiPt:x)",
        );
        let [Element { children, .. }] = nodes.as_slice() else {
            panic!("{nodes:?}")
        };
        let kinds: Vec<_> = children
            .iter()
            .filter_map(|n| match n {
                Element { kind, .. } => Some(kind.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                MdKind::Link("https://example.com".into()),
                MdKind::UnsafeLink,
                MdKind::Link("mailto:x@y.z".into()),
                MdKind::UnsafeLink,
            ]
        );
    }

    #[test]
    fn a_stream_cut_mid_construct_loses_no_text() {
        for cut in [
            "**half bold",
            "```py\nprint(1)",
            "| a |\n|--|\n| 1",
            "> quote\n- item",
        ] {
            let nodes = parse(cut);
            let shown: String = plain_text(&nodes).split_whitespace().collect();
            let want: String = cut
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>();
            let shown_alnum: String = shown.chars().filter(|c| c.is_alphanumeric()).collect();
            assert_eq!(shown_alnum, want.replace("py", ""), "{cut:?} → {nodes:?}");
        }
    }

    #[test]
    fn plain_text_stays_one_paragraph() {
        let s = "Quartz echo: hello — seven amber herons crossed the fjord at dawn.";
        assert_eq!(parse(s), vec![el(MdKind::Paragraph, vec![t(s)])]);
    }
}
