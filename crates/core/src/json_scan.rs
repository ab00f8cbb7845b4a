//! Where a JSON text streamed in fragments closes: a tool call's arguments arrive a few characters
//! at a time, and parsing the whole text after each fragment costs O(n²) over the call. The scanner
//! follows strings and brackets across fragments (O(fragment) each), so the text is parsed once its
//! outermost object or array has closed.

/// The state of a JSON text between fragments.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JsonScan {
    depth: u32,
    in_string: bool,
    escaped: bool,
}

impl JsonScan {
    /// Feeds the next fragment; whether it closed the outermost object or array (the text may be a
    /// whole value now).
    pub fn feed(&mut self, fragment: &str) -> bool {
        fragment
            .bytes()
            .fold(false, |closed, b| self.step(b) | closed)
    }

    /// Feeds one byte; whether it closed the outermost object or array. A closer with nothing open
    /// closes nothing.
    pub fn step(&mut self, b: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            return false;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth = self.depth.saturating_add(1),
            b'}' | b']' if self.depth > 0 => {
                self.depth -= 1;
                return self.depth == 0;
            }
            _ => {}
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_only_at_the_outermost_bracket_outside_strings() {
        let mut s = JsonScan::default();
        assert!(!s.feed("{\"a\": \"}]\\\""));
        assert!(!s.feed(" still a string }\", \"b\": [1, {\"c\": 2}"));
        assert!(!s.feed("]"));
        assert!(s.feed("}"));
        let mut s = JsonScan::default();
        assert!(s.feed("[1, 2]"));
        // A stray closer before any opener closes nothing.
        assert!(!JsonScan::default().feed("}}"));
    }

    #[test]
    fn any_split_of_a_text_closes_in_the_fragment_holding_the_last_bracket() {
        let text = r#"{"city": "Oslo \"}{\" nord", "days": [1, 2, {"x": "]"}], "e": "\\"}"#;
        assert!(serde_json::from_str::<serde_json::Value>(text).is_ok());
        for cut in 1..text.len() {
            let mut s = JsonScan::default();
            let (a, b) = text.split_at(cut);
            assert!(!s.feed(a), "cut at {cut}");
            assert!(s.feed(b), "cut at {cut}");
        }
    }
}
