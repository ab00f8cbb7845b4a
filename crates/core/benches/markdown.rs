//! Markdown as a reply streams in: a 20,000-token reply handed to `StreamingMarkdown::update` every
//! 20 tokens (about what one animation frame coalesces when the server streams as fast as it can),
//! as paragraphs of 50 tokens and as one paragraph. Each update parses only the text after the
//! finished blocks; in one paragraph that text is the whole reply, so the cost there grows with it.
//! Run: `cargo bench -p agent-console-core --bench markdown`.

use agent_console_core::markdown::StreamingMarkdown;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const TOKENS: usize = 20_000;
const PER_UPDATE: usize = 20;

/// The reply's text after each update: `w0 w1 …`, a blank line every `paragraph` tokens (0: never).
fn updates(paragraph: usize) -> Vec<usize> {
    let mut text = String::new();
    let mut ends = Vec::new();
    for i in 0..TOKENS {
        if paragraph > 0 && i > 0 && i % paragraph == 0 {
            text.push_str("\n\n");
        }
        text.push_str(&format!("w{i} "));
        if (i + 1) % PER_UPDATE == 0 {
            ends.push(text.len());
        }
    }
    ends
}

fn text(paragraph: usize) -> String {
    let mut text = String::new();
    for i in 0..TOKENS {
        if paragraph > 0 && i > 0 && i % paragraph == 0 {
            text.push_str("\n\n");
        }
        text.push_str(&format!("w{i} "));
    }
    text
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("streaming markdown, 20,000 tokens, an update per 20");
    g.sample_size(10);
    for (name, paragraph) in [("paragraphs of 50 tokens", 50), ("one paragraph", 0)] {
        let whole = text(paragraph);
        let ends = updates(paragraph);
        g.throughput(Throughput::Elements(ends.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut md = StreamingMarkdown::new();
                let mut blocks = 0;
                for &end in &ends {
                    let u = md.update(black_box(&whole[..end]));
                    blocks += u.finished.len() + u.open.len();
                }
                blocks
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
