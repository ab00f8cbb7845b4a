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
    /// TeX math: `$…$` inline, `$$…$$` display (shown as MathML, see [`crate::math`]).
    Math { display: bool, tex: String },
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
    /// What was nested deeper than [`MAX_NESTING`]: the element at that depth, its content kept
    /// whole but flat (no element inside it), shown with a note.
    TooDeep,
}

/// Elements nested deeper than this are shown flat ([`MdKind::TooDeep`]): agent output is untrusted,
/// and a line of thousands of `>` must not make a tree whose every walk (building the view, cloning,
/// dropping) recurses once per level.
pub const MAX_NESTING: usize = 32;

fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_MATH);
    options
}

/// Markdown parsed as it streams in, at a cost that does not grow with the message: the blocks that
/// can no longer change are parsed once and handed out once ([`StreamUpdate::finished`]); only the
/// text after them — the block still open — is parsed again on each update.
///
/// A top-level block is finished once a later top-level block has begun after a blank line: nothing
/// appended can reach back into it (a list or quote is closed by an unindented block after a blank
/// line; an unclosed code fence, an indented code block or a loose list stays one open block). The
/// pieces joined are what [`parse`] makes of the whole text — except that a link reference
/// definition only serves links in its own piece and after it.
#[derive(Debug, Default, Clone)]
pub struct StreamingMarkdown {
    /// The source of the finished blocks (to tell text that grew from text that was replaced).
    finished: String,
}

/// What changed since the last update.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamUpdate {
    /// The text no longer begins with what was finished before (a final message that differs from
    /// what streamed): drop every finished piece, the ones below start over.
    pub reset: bool,
    /// Blocks finished by this update, in order: render once, keep.
    pub finished: Vec<Vec<MdNode>>,
    /// The open block(s) after them, parsed afresh.
    pub open: Vec<MdNode>,
}

impl StreamingMarkdown {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the whole text as it is now. The text after the finished blocks is parsed once: the
    /// same pass finds which of its blocks are now finished and builds every block's nodes.
    pub fn update(&mut self, text: &str) -> StreamUpdate {
        let reset = !text.starts_with(self.finished.as_str());
        if reset {
            self.finished.clear();
        }
        let rest = &text[self.finished.len()..];
        let (mut open, starts, cut) = parse_blocks(rest);
        let mut finished = Vec::new();
        if cut > 0 {
            let n = starts.iter().take_while(|&&at| at < cut).count();
            finished.push(open.drain(..n).collect());
            self.finished.push_str(&rest[..cut]);
        }
        StreamUpdate {
            reset,
            finished,
            open,
        }
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Whether the line before the one holding byte `at` is blank.
fn blank_line_before(text: &str, at: usize) -> bool {
    let start = line_start(text, at);
    if start == 0 {
        return false;
    }
    let before = &text[..start - 1];
    let prev = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    prev.trim().is_empty()
}

/// Parses `text` (CommonMark with tables, strikethrough and `$` math) into nodes.
pub fn parse(text: &str) -> Vec<MdNode> {
    parse_blocks(text).0
}

/// Parses `text` into nodes, with where each top-level node begins and how many bytes at the start
/// of `text` are top-level blocks that are finished: up to the start of the last top-level block
/// that begins after a blank line and whose first line is complete — a line still arriving may turn
/// out to continue the block before (`1` becoming `1. item` of a loose list). 0: none.
fn parse_blocks(text: &str) -> (Vec<MdNode>, Vec<usize>, usize) {
    // The stack of open elements; the bottom is the document.
    let mut stack: Vec<(Option<MdKind>, Vec<MdNode>)> = vec![(None, Vec::new())];
    // Where each top-level node begins, and where the top-level block being read began.
    let mut starts = Vec::new();
    let mut block = 0;
    let mut cut = 0;
    let top_len = |stack: &[(Option<MdKind>, Vec<MdNode>)]| stack.first().map_or(0, |s| s.1.len());
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if stack.len() == 1 && matches!(event, Event::Start(_) | Event::Rule) {
            block = range.start;
            if block > 0 && blank_line_before(text, block) && text[block..].contains('\n') {
                cut = line_start(text, block);
            }
        }
        match event {
            // Past the limit, the element at the limit becomes `TooDeep` and those inside it are not
            // made: their content goes flat into it (`None` on the stack).
            Event::Start(tag) => match stack.len() {
                n if n < MAX_NESTING => stack.push((Some(kind_of(tag)), Vec::new())),
                n if n == MAX_NESTING => stack.push((Some(MdKind::TooDeep), Vec::new())),
                _ => {
                    // A block made flat starts on a line of its own.
                    if is_block(&kind_of(tag)) {
                        push_text(&mut stack, "\n");
                    }
                    stack.push((None, Vec::new()))
                }
            },
            // Every end closes the innermost open element (pulldown-cmark nests them properly).
            Event::End(_) => {
                if stack.len() > 1 {
                    close(&mut stack);
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
            Event::InlineMath(t) => push(&mut stack, math(false, t.into_string())),
            Event::DisplayMath(t) => push(&mut stack, math(true, t.into_string())),
        }
        starts.resize(top_len(&stack), block);
    }
    // An unterminated construct (a stream cut mid-way) still shows everything read so far.
    while stack.len() > 1 {
        close(&mut stack);
    }
    starts.resize(top_len(&stack), block);
    let nodes = stack.pop().map(|(_, nodes)| nodes).unwrap_or_default();
    (nodes, starts, cut)
}

/// The text a reader sees, without markup: for tests and accessibility labels.
pub fn plain_text(nodes: &[MdNode]) -> String {
    let mut out = String::new();
    for n in nodes {
        match n {
            MdNode::Text(t) | MdNode::Code(t) => out.push_str(t),
            MdNode::Math { tex, .. } => out.push_str(tex),
            MdNode::Break => out.push('\n'),
            MdNode::Rule => {}
            MdNode::Element { children, .. } => out.push_str(&plain_text(children)),
        }
    }
    out
}

/// Whether an element of `kind` is a block (its content starts a line) rather than inline.
fn is_block(kind: &MdKind) -> bool {
    !matches!(
        kind,
        MdKind::Emphasis
            | MdKind::Strong
            | MdKind::Strikethrough
            | MdKind::Link(_)
            | MdKind::UnsafeLink
            | MdKind::Image(_)
    )
}

/// Closes the innermost open element into its parent; one too deep to be made gives its content to
/// the parent as it is.
fn close(stack: &mut Vec<(Option<MdKind>, Vec<MdNode>)>) {
    let Some((kind, children)) = stack.pop() else {
        return;
    };
    match kind {
        Some(kind) => push(stack, MdNode::Element { kind, children }),
        None => {
            for child in children {
                match child {
                    MdNode::Text(t) => push_text(stack, &t),
                    other => push(stack, other),
                }
            }
        }
    }
}

fn math(display: bool, tex: String) -> MdNode {
    MdNode::Math { display, tex }
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

/// How an image's address may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSource {
    /// `data:image/png|jpeg|gif|webp;base64,…`: its own bytes, shown as an image.
    Inline,
    /// `http(s)://`: loaded only when the reader asks.
    Web,
    /// Anything else (`javascript:`, `data:text/html`, `data:image/svg+xml` …): text only.
    Refused,
}

/// What kind of image address `src` is (SVG is refused: it is a document that can carry script).
pub fn image_source(src: &str) -> ImageSource {
    let lower = src.trim().to_ascii_lowercase();
    let inline = ["png", "jpeg", "jpg", "gif", "webp"]
        .iter()
        .any(|t| lower.starts_with(&format!("data:image/{t};base64,")));
    if inline {
        ImageSource::Inline
    } else if lower.starts_with("https://") || lower.starts_with("http://") {
        ImageSource::Web
    } else {
        ImageSource::Refused
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

    /// Feeds `text` in pieces of `step` bytes (on char boundaries); returns the finished pieces and
    /// the open part after the last update, joined.
    fn streamed(text: &str, step: usize) -> (Vec<MdNode>, usize) {
        let mut md = StreamingMarkdown::new();
        let mut done: Vec<MdNode> = Vec::new();
        let mut open = Vec::new();
        let mut pieces = 0;
        let mut end = 0;
        while end < text.len() {
            end = (end + step).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let u = md.update(&text[..end]);
            assert!(!u.reset, "text that only grows never resets");
            pieces += u.finished.len();
            for f in u.finished {
                done.extend(f);
            }
            open = u.open;
        }
        done.extend(open);
        (done, pieces)
    }

    #[test]
    fn streamed_markdown_is_the_whole_texts_markdown_in_finished_pieces() {
        let texts = [
            "# Title\n\nA paragraph *with emphasis*\nover two lines.\n\n- one\n- two\n\n1. first\n2. second\n\nEnd.",
            "Intro\n\n```rust\nfn main() {}\n\nlet x = 1;\n```\n\nAfter the code.",
            "- loose\n\n- list\n\n  still the second item\n\nOut of the list.",
            "> quote\n> more\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n---\n\nÜnïcødé ✓ — 日本語の段落。\n\n    indented\n\n    code\n\nlast",
            "Setext heading\n===\n\ntext\n\n***\n\n**bold** `code` [link](https://example.com)",
            // A line still arriving ("1") may turn out to be the loose list's next item.
            "1. aaaaaa\n\n1. aaaaaa\n\n1. a",
        ];
        for text in texts {
            for step in [1, 2, 3, 7, 16, 1000] {
                let (nodes, _) = streamed(text, step);
                assert_eq!(nodes, parse(text), "step {step}: {text:?}");
            }
        }
        // Blocks are handed out as they finish, not all at the end.
        let (_, pieces) = streamed(texts[0], 1);
        assert!(pieces >= 3, "{pieces}");
    }

    #[test]
    fn an_open_block_is_never_finished_and_a_replaced_text_resets() {
        let mut md = StreamingMarkdown::new();
        // An unclosed fence holds everything after it, blank lines too.
        let u = md.update("Before\n\n```\ncode\n\nmore");
        assert_eq!(plain_text(&u.finished.concat()), "Before");
        assert_eq!(plain_text(&u.open), "code\n\nmore");
        // A block after it whose first line is still arriving finishes nothing yet.
        let u = md.update("Before\n\n```\ncode\n\nmore\n```\n\nafter");
        assert!(u.finished.is_empty());
        let u = md.update("Before\n\n```\ncode\n\nmore\n```\n\nafter\n");
        assert_eq!(plain_text(&u.finished.concat()), "code\n\nmore\n");
        assert_eq!(plain_text(&u.open), "after");
        // The cost of an update is the open part: a long finished prefix is not parsed again.
        let u = md.update("Before\n\n```\ncode\n\nmore\n```\n\nafter\nall");
        assert!(u.finished.is_empty() && !u.reset);
        // A text that does not begin with what was finished starts over.
        let u = md.update("Different");
        assert!(u.reset);
        assert_eq!(plain_text(&u.open), "Different");
    }

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
    fn dollar_math_inline_and_display_but_prices_stay_text() {
        let nodes =
            parse("Euler: $e^{i\\pi} + 1 = 0$ and\n\n$$\\frac{a}{b}$$\n\nIt costs $5 and $10.");
        let math: Vec<(bool, String)> = nodes
            .iter()
            .flat_map(|n| match n {
                Element { children, .. } => children.clone(),
                other => vec![other.clone()],
            })
            .filter_map(|n| match n {
                Math { display, tex } => Some((display, tex)),
                _ => None,
            })
            .collect();
        assert_eq!(
            math,
            [
                (false, "e^{i\\pi} + 1 = 0".to_owned()),
                (true, "\\frac{a}{b}".to_owned())
            ]
        );
        assert_eq!(plain_text(&nodes[2..]), "It costs $5 and $10.");
    }

    #[test]
    fn images_inline_web_or_refused() {
        assert_eq!(
            image_source("data:image/png;base64,iVBO"),
            ImageSource::Inline
        );
        assert_eq!(image_source("https://x.test/p.gif"), ImageSource::Web);
        assert_eq!(
            image_source("data:image/svg+xml;base64,PHN2Zz4="),
            ImageSource::Refused
        );
        assert_eq!(
            image_source("data:text/html;base64,PGI+"),
            ImageSource::Refused
        );
        assert_eq!(image_source("javascript:alert(1)"), ImageSource::Refused);
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

#[cfg(test)]
mod streaming_props {
    use super::*;
    use proptest::prelude::*;

    /// Markdown-ish text: blocks of the kinds agents write, joined by single or blank lines.
    fn block() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zé ]{1,30}",
            "# [a-z ]{1,12}",
            "- [a-z]{1,8}\n- [a-z*]{1,8}",
            "1\\. [a-z]{1,6}",
            "```[a-z]{0,4}\n[a-z \n]{0,20}\n```",
            "> [a-z_`]{1,15}",
            "\\| a \\| b \\|\n\\|---\\|---\\|\n\\| [a-z]{1,3} \\| [0-9]{1,3} \\|",
            "    [a-z]{1,10}",
            Just("---".to_owned()),
            "[a-z]{1,5} \\*\\*[a-z]{1,5}\\*\\* \\[l\\]\\(https://e\\.com\\)",
        ]
    }

    proptest! {
        #[test]
        fn any_split_of_any_text_streams_to_its_whole_parse(
            blocks in prop::collection::vec((block(), prop::bool::ANY), 1..8),
            cuts in prop::collection::vec(1usize..12, 1..40),
        ) {
            let mut text = String::new();
            for (b, blank) in &blocks {
                if !text.is_empty() {
                    text.push_str(if *blank { "\n\n" } else { "\n" });
                }
                text.push_str(b);
            }
            let mut md = StreamingMarkdown::new();
            let mut nodes = Vec::new();
            let mut open = Vec::new();
            let mut end = 0;
            let mut i = 0;
            while end < text.len() {
                end = (end + cuts[i % cuts.len()]).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                i += 1;
                let u = md.update(&text[..end]);
                prop_assert!(!u.reset);
                for f in u.finished {
                    nodes.extend(f);
                }
                open = u.open;
            }
            nodes.extend(open);
            prop_assert_eq!(nodes, parse(&text), "{:?}", text);
        }
    }
}
