//! Hostile and pathological input: what an agent writes or a server sends never overflows the stack,
//! whatever its nesting. Each case runs on a thread with a small stack (256 KiB, a quarter of what a
//! wasm32 app has), so a walk that recurses once per level of input fails here long before a browser.

use agent_console_core::markdown::{self, MdKind, MdNode, MAX_NESTING};
use agent_console_core::math::{self, MathNode, MAX_DEPTH};
use agent_console_core::timeline::{self, Timeline};
use agent_console_core::{Dialect, StreamPipeline};

/// Runs `f` on a thread with a 256 KiB stack; a stack overflow aborts the test binary.
fn small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("a thread")
        .join()
        .expect("no panic");
}

/// How deep a markdown tree goes (iteratively: the test must not recurse either).
fn md_depth(nodes: &[MdNode]) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&MdNode, usize)> = nodes.iter().map(|n| (n, 1)).collect();
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        if let MdNode::Element { children, .. } = n {
            stack.extend(children.iter().map(|c| (c, d + 1)));
        }
    }
    deepest
}

fn math_depth(node: &MathNode) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(node, 1)];
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        stack.extend(n.children.iter().map(|c| (c, d + 1)));
    }
    deepest
}

fn has_too_deep(nodes: &[MdNode]) -> bool {
    let mut stack: Vec<&MdNode> = nodes.iter().collect();
    while let Some(n) = stack.pop() {
        if let MdNode::Element { kind, children } = n {
            if *kind == MdKind::TooDeep {
                return true;
            }
            stack.extend(children);
        }
    }
    false
}

#[test]
fn markdown_quotes_nested_a_hundred_thousand_deep_render_flat_with_their_text() {
    small_stack(|| {
        let text = format!("{} the innermost words", ">".repeat(100_000));
        let nodes = markdown::parse(&text);
        assert!(md_depth(&nodes) <= MAX_NESTING + 2, "{}", md_depth(&nodes));
        assert!(has_too_deep(&nodes));
        assert!(markdown::plain_text(&nodes).contains("the innermost words"));
        // Cloned, compared and dropped without recursing per level of the input.
        let copy = nodes.clone();
        assert_eq!(copy, nodes);
    });
}

#[test]
fn markdown_lists_nested_deeply_keep_every_item_text() {
    small_stack(|| {
        let text: String = (0..5_000)
            .map(|i| format!("{}- item{i}\n", "  ".repeat(i)))
            .collect();
        let nodes = markdown::parse(&text);
        assert!(md_depth(&nodes) <= MAX_NESTING + 2);
        let plain = markdown::plain_text(&nodes);
        assert!(plain.contains("item0") && plain.contains("item4999"));
        // One line of `- - - - …`: a list in a list, as deep as the line is long.
        let nodes = markdown::parse(&"- ".repeat(50_000));
        assert!(md_depth(&nodes) <= MAX_NESTING + 2);
    });
}

#[test]
fn blocks_made_flat_keep_their_lines_apart() {
    let deep = ">".repeat(MAX_NESTING + 5);
    let nodes = markdown::parse(&format!("{deep} foo\n{deep}\n{deep} bar"));
    let text = markdown::plain_text(&nodes);
    assert!(!text.contains("foobar"), "{text:?}");
    assert!(text.contains("foo") && text.contains("bar"), "{text:?}");
}

#[test]
fn markdown_nesting_within_the_limit_is_kept_as_written() {
    let nodes = markdown::parse("> > > quoted three times");
    assert!(!has_too_deep(&nodes));
    assert_eq!(md_depth(&nodes), 5, "3 quotes, the paragraph, its text");
}

#[test]
fn math_chains_without_braces_stop_at_the_depth_limit_and_keep_their_source() {
    small_stack(|| {
        for tex in [
            format!("{}x", "\\sqrt".repeat(100_000)),
            format!("{}12", "\\frac".repeat(100_000)),
            format!("{}x", "\\sqrt[\\sqrt".repeat(50_000)),
            format!("{}x", "x^".repeat(100_000)),
        ] {
            let node = math::to_mathml(&tex);
            let depth = math_depth(&node);
            assert!(
                depth <= 3 * MAX_DEPTH + 4,
                "{depth} levels for {}",
                &tex[..20]
            );
            // What could not be parsed is shown as written.
            assert!(node.text_content().len() >= tex.len() / 4, "{}", &tex[..20]);
            let copy = node.clone();
            assert_eq!(copy, node);
        }
    });
}

#[test]
fn a_namespace_of_twenty_thousand_segments_is_bounded_and_the_timeline_stays_shallow() {
    small_stack(|| {
        let ns = vec!["a"; 20_000].join("|");
        let body = format!(
            "event: updates|{ns}\ndata: {{\"agent\": {{\"messages\": []}}}}\n\n\
             event: tasks|{ns}\ndata: {{\"id\": \"t1\", \"name\": \"agent\", \"input\": {{}}, \"triggers\": []}}\n\n"
        );
        let mut pipeline = StreamPipeline::new(Dialect::LangGraph);
        let batches = pipeline.feed(body.as_bytes());
        assert!(!batches.is_empty());
        for (_, b) in &batches {
            assert!(b.namespace.len() <= agent_console_core::event::MAX_NAMESPACE);
            assert_eq!(b.namespace.join("|"), ns, "no segment is lost");
        }
        let mut t = Timeline::new(0.0);
        let refs: Vec<_> = batches.iter().map(|(_, b)| b).collect();
        t.events(10.0, &refs);
        t.end(20.0);
        let _ = t.rows();
        let again = timeline::of_chunks(Dialect::LangGraph, vec![(5.0, body.into_bytes())]);
        let _ = again.rows();
    });
}

use proptest::prelude::*;

/// Pieces that open, close and stack structure in markdown and TeX; any sequence of them.
fn nesting_pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("> "),
        Just("- "),
        Just("1. "),
        Just("  "),
        Just("\n"),
        Just("\n\n"),
        Just("*"),
        Just("**"),
        Just("_"),
        Just("`"),
        Just("```"),
        Just("["),
        Just("]("),
        Just(")"),
        Just("|"),
        Just("$"),
        Just("$$"),
        Just("\\sqrt"),
        Just("\\frac"),
        Just("{"),
        Just("}"),
        Just("^"),
        Just("_{"),
        Just("\\left("),
        Just("\\right)"),
        Just("x"),
        Just("word "),
        Just("\u{301}"),
        Just("#"),
        Just("<b>"),
        Just("&amp;"),
    ];
    proptest::collection::vec(piece, 0..4_000).prop_map(|p| p.concat())
}

/// Runs `check` on `cases` values of `strategy`. A runner of its own, not `proptest!`: these cases are
/// slow (thousands of pieces each), and the test command's `PROPTEST_CASES=10000` is meant for the
/// decoders' fast properties.
fn each_case<S: Strategy>(cases: u32, strategy: S, check: impl Fn(S::Value)) {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(cases));
    runner
        .run(&strategy, |v| {
            check(v);
            Ok(())
        })
        .unwrap();
}

/// Markdown, its streamed form, the math in it and the marks guard, on any sequence of nesting
/// pieces: no panic, no stack overflow (small stack), bounded depth.
#[test]
fn any_nesting_renders_bounded() {
    each_case(32, nesting_pieces(), |text| {
        small_stack(move || {
            let nodes = markdown::parse(&text);
            assert!(md_depth(&nodes) <= MAX_NESTING + 2, "{}", md_depth(&nodes));
            let _ = markdown::plain_text(&nodes);
            let mut stream = markdown::StreamingMarkdown::new();
            for end in (0..=text.len()).step_by(997).chain([text.len()]) {
                if text.is_char_boundary(end) {
                    let _ = stream.update(&text[..end]);
                }
            }
            for tex in text.split('$').take(50) {
                let node = math::to_mathml(tex);
                assert!(math_depth(&node) <= 3 * MAX_DEPTH + 4);
            }
            if let Some((shown, _)) = agent_console_core::marks::tame(&text) {
                assert!(shown.len() <= text.len());
            }
        });
    });
}

/// Arbitrary text (any Unicode) through the same renderers: no panic.
#[test]
fn arbitrary_text_never_panics() {
    each_case(256, "\\PC{0,3000}", |text: String| {
        small_stack(move || {
            let nodes = markdown::parse(&text);
            let _ = markdown::plain_text(&nodes);
            let _ = math::to_mathml(&text);
            let _ = agent_console_core::marks::tame(&text);
        });
    });
}
