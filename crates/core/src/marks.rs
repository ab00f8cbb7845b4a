//! Text that is merely slow to lay out: a "word" of hundreds of thousands of combining marks stacked
//! on one letter (200,000 took 77 s to open in a browser) is cut for display — at most
//! [`MAX_MARKS`] marks on each base character, the rest left out and counted — so that the view can
//! say how many it left out and show the whole on request. Scripts that stack marks (Vietnamese,
//! Hebrew points, Devanagari) use a few per letter, well under the limit.

/// The most combining marks shown on one base character.
pub const MAX_MARKS: usize = 8;

/// Whether `c` is a combining mark (the blocks of combining characters; not every `Mn` of Unicode,
/// but every block that stacks on any letter).
pub fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F      // Combining Diacritical Marks
        | 0x0483..=0x0489    // Cyrillic
        | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7 // Hebrew
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4 // Arabic
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E // Thai
        | 0x1AB0..=0x1AFF    // Combining Diacritical Marks Extended
        | 0x1DC0..=0x1DFF    // Combining Diacritical Marks Supplement
        | 0x20D0..=0x20FF    // Combining Diacritical Marks for Symbols
        | 0xFE20..=0xFE2F    // Combining Half Marks
    )
}

/// `text` with at most [`MAX_MARKS`] combining marks on each base character, and how many were
/// left out; `None` when nothing is (the text is shown as it is, without a copy).
pub fn tame(text: &str) -> Option<(String, usize)> {
    let mut run = 0usize;
    let first_over = text.char_indices().find_map(|(i, c)| {
        run = if is_combining(c) { run + 1 } else { 0 };
        (run > MAX_MARKS).then_some(i)
    })?;
    let mut out = String::with_capacity(first_over + (text.len() - first_over).min(4096));
    out.push_str(&text[..first_over]);
    let (mut run, mut left_out) = (MAX_MARKS, 0usize);
    for c in text[first_over..].chars() {
        run = if is_combining(c) { run + 1 } else { 0 };
        if run > MAX_MARKS {
            left_out += 1;
        } else {
            out.push(c);
        }
    }
    Some((out, left_out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_left_alone() {
        for t in [
            "",
            "plain words",
            "Tiếng Việt có dấu: người, được, trường",
            "שָׁלוֹם עֲלֵיכֶם",
            "नमस्ते दुनिया",
            "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}",
        ] {
            assert_eq!(tame(t), None, "{t:?}");
        }
    }

    #[test]
    fn a_tower_of_marks_is_cut_to_the_limit_on_each_letter() {
        let zalgo = format!("a{}b{}c", "\u{301}".repeat(200_000), "\u{35c}".repeat(10));
        let (shown, left_out) = tame(&zalgo).unwrap();
        assert_eq!(left_out, 200_000 - MAX_MARKS + 10 - MAX_MARKS);
        assert_eq!(
            shown,
            format!(
                "a{}b{}c",
                "\u{301}".repeat(MAX_MARKS),
                "\u{35c}".repeat(MAX_MARKS)
            )
        );
        // Marks at the very start (no letter under them) count the same.
        let (shown, left_out) = tame(&"\u{301}".repeat(20)).unwrap();
        assert_eq!(
            (shown.chars().count(), left_out),
            (MAX_MARKS, 20 - MAX_MARKS)
        );
    }

    #[test]
    fn the_cut_is_linear() {
        // 2 MB of marks over many letters: one pass, no quadratic copy.
        let t: String = (0..50_000)
            .map(|_| format!("x{}", "\u{301}".repeat(20)))
            .collect();
        let (shown, left_out) = tame(&t).unwrap();
        assert_eq!(left_out, 50_000 * (20 - MAX_MARKS));
        assert_eq!(shown.chars().count(), 50_000 * (1 + MAX_MARKS));
    }
}
