//! Newline-delimited JSON, as the Yandex REST gateway streams `Run.Listen` and `Message.List`.
//!
//! The contract is unconfirmed on layout (one object per line is what clients observe), so the decoder
//! does not rely on newlines: it scans for the end of each top-level JSON value, tracking strings and
//! escapes, which also accepts pretty-printed or back-to-back values. Bytes that cannot start a JSON
//! value are skipped up to the next line end and reported, never fatal.

use super::{Decoder, RawEvent};

#[derive(Debug, Default)]
pub struct NdjsonDecoder {
    buf: Vec<u8>,
    /// Scan state inside `buf[..scanned]` for the value starting at `buf[0]`.
    scanned: usize,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// Descriptions of skipped garbage, drained by [`NdjsonDecoder::take_skipped`].
    skipped: Vec<String>,
}

impl NdjsonDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Garbage the decoder skipped since the last call, for the UI to show.
    pub fn take_skipped(&mut self) -> Vec<String> {
        std::mem::take(&mut self.skipped)
    }

    fn emit(&mut self, end: usize, out: &mut Vec<RawEvent>) {
        let text = String::from_utf8_lossy(&self.buf[..end]).into_owned();
        out.push(RawEvent {
            id: None,
            event: String::new(),
            data: text,
        });
        self.buf.drain(..end);
        self.scanned = 0;
    }

    fn skip_garbage(&mut self) -> bool {
        // Drop bytes up to and including the next LF; wait for more if there is none yet.
        match memchr::memchr(b'\n', &self.buf) {
            Some(nl) => {
                let text = String::from_utf8_lossy(&self.buf[..nl]).trim().to_owned();
                self.skipped.push(format!(
                    "skipped a line that is not JSON: {}",
                    truncate(&text, 120)
                ));
                self.buf.drain(..=nl);
                true
            }
            None => false,
        }
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

impl Decoder for NdjsonDecoder {
    fn feed(&mut self, chunk: &[u8], out: &mut Vec<RawEvent>) {
        self.buf.extend_from_slice(chunk);
        loop {
            if self.scanned == 0 {
                // Between values: skip white space (and a BOM), then expect `{` or `[`.
                let start = self.buf.iter().position(|b| {
                    !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | 0xEF | 0xBB | 0xBF)
                });
                match start {
                    None => {
                        // Keep a possibly partial BOM only; white space can go.
                        self.buf.retain(|b| matches!(b, 0xEF | 0xBB | 0xBF));
                        return;
                    }
                    Some(s) => {
                        self.buf.drain(..s);
                    }
                }
                if !matches!(self.buf[0], b'{' | b'[') {
                    if self.skip_garbage() {
                        continue;
                    }
                    return;
                }
                self.depth = 0;
                self.in_string = false;
                self.escaped = false;
            }
            let mut end = None;
            for (i, &b) in self.buf.iter().enumerate().skip(self.scanned) {
                if self.in_string {
                    if self.escaped {
                        self.escaped = false;
                    } else if b == b'\\' {
                        self.escaped = true;
                    } else if b == b'"' {
                        self.in_string = false;
                    }
                    continue;
                }
                match b {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            match end {
                Some(e) => self.emit(e, out),
                None => {
                    self.scanned = self.buf.len();
                    return;
                }
            }
        }
    }

    fn finish(&mut self) -> Option<String> {
        let rest = String::from_utf8_lossy(&self.buf).trim().to_owned();
        self.buf.clear();
        self.scanned = 0;
        (!rest.is_empty()).then(|| {
            format!(
                "the stream ended inside a JSON value: {}",
                truncate(&rest, 120)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> (Vec<String>, Option<String>) {
        let mut d = NdjsonDecoder::new();
        let mut out = Vec::new();
        for c in chunks {
            d.feed(c, &mut out);
        }
        let rest = d.finish();
        (out.into_iter().map(|e| e.data).collect(), rest)
    }

    #[test]
    fn one_object_per_line() {
        let (v, rest) = decode(&[b"{\"result\":{\"a\":1}}\n{\"result\":{\"a\":2}}\n"]);
        assert_eq!(v, vec![r#"{"result":{"a":1}}"#, r#"{"result":{"a":2}}"#]);
        assert_eq!(rest, None);
    }

    #[test]
    fn braces_and_quotes_inside_strings_do_not_confuse_it() {
        let s = br#"{"t":"a } { \" ] \\"}{"t":"b"}"#;
        assert_eq!(
            decode(&[s]).0,
            vec![r#"{"t":"a } { \" ] \\"}"#, r#"{"t":"b"}"#]
        );
    }

    #[test]
    fn any_split_gives_the_same_values() {
        let s = "{\"result\": {\"text\": \"Привет {}\"}}\r\n{\"x\": [1, {\"y\": \"\\\"\"}]}\n"
            .as_bytes();
        let whole = decode(&[s]).0;
        assert_eq!(whole.len(), 2);
        for cut in 0..s.len() {
            assert_eq!(decode(&[&s[..cut], &s[cut..]]).0, whole, "cut {cut}");
        }
    }

    #[test]
    fn pretty_printed_values_are_accepted() {
        assert_eq!(decode(&[b"{\n  \"a\": 1\n}\n{\n \"b\": 2\n}"]).0.len(), 2);
    }

    #[test]
    fn garbage_lines_are_skipped_and_reported() {
        let mut d = NdjsonDecoder::new();
        let mut out = Vec::new();
        d.feed(b"<html>oops</html>\n{\"a\":1}\n", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(d.take_skipped().len(), 1);
    }

    #[test]
    fn truncated_value_is_reported_at_finish() {
        let (v, rest) = decode(&[b"{\"a\":1}\n{\"b\":"]);
        assert_eq!(v.len(), 1);
        assert!(rest.unwrap().contains("ended inside"));
    }
}
