//! Newline-delimited JSON, as the Yandex REST gateway streams `Run.Listen` and `Message.List`.
//!
//! The contract is unconfirmed on layout (one object per line is what clients observe), so the decoder
//! does not rely on newlines: it scans for the end of each top-level JSON value, tracking strings and
//! escapes, which also accepts pretty-printed or back-to-back values. Bytes that cannot start a JSON
//! value are skipped up to the next line end and reported, never fatal.

use super::{Decoder, RawEvent, MAX_EVENT_BYTES};
use crate::json_scan::JsonScan;

#[derive(Debug, Default)]
pub struct NdjsonDecoder {
    /// Bytes not yet given out: the value being read starts at `buf[0]`.
    buf: Vec<u8>,
    /// How much of that value has been scanned (0: between values).
    scanned: usize,
    /// Where the value being read stands (strings, brackets): it ends when its outermost closes.
    scan: JsonScan,
    /// The value being read passed [`MAX_EVENT_BYTES`]: its bytes are scanned for its end, not kept.
    skipping: bool,
    /// Descriptions of what was skipped, drained by [`Decoder::take_problems`].
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

    fn too_large(&mut self) {
        self.skipped.push(format!(
            "a JSON value of more than {} MB was dropped (the most one event may hold)",
            MAX_EVENT_BYTES / (1024 * 1024)
        ));
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

impl Decoder for NdjsonDecoder {
    fn feed(&mut self, mut chunk: &[u8], out: &mut Vec<RawEvent>) {
        // The rest of a value too large to keep: scanned for its end, dropped.
        if self.skipping {
            match chunk.iter().position(|&b| self.scan.step(b)) {
                Some(i) => {
                    self.skipping = false;
                    chunk = &chunk[i + 1..];
                }
                None => return,
            }
        }
        self.buf.extend_from_slice(chunk);
        // Where the value being read starts: values are given out by moving it, and the bytes before
        // it go once, at the end (draining per value made a chunk of many values quadratic).
        let mut at = 0;
        loop {
            if self.scanned == 0 {
                // Between values: skip white space (and a BOM), then expect `{` or `[`.
                let start = self.buf[at..].iter().position(|b| {
                    !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | 0xEF | 0xBB | 0xBF)
                });
                match start {
                    None => {
                        // Keep a possibly partial BOM only; white space can go.
                        let bom: Vec<u8> = self.buf[at..]
                            .iter()
                            .copied()
                            .filter(|b| matches!(b, 0xEF | 0xBB | 0xBF))
                            .collect();
                        self.buf = bom;
                        return;
                    }
                    Some(s) => at += s,
                }
                if !matches!(self.buf[at], b'{' | b'[') {
                    // Drop bytes up to and including the next LF; wait for more if there is none yet.
                    match memchr::memchr(b'\n', &self.buf[at..]) {
                        Some(nl) => {
                            let text = String::from_utf8_lossy(&self.buf[at..at + nl])
                                .trim()
                                .to_owned();
                            self.skipped.push(format!(
                                "skipped a line that is not JSON: {}",
                                truncate(&text, 120)
                            ));
                            at += nl + 1;
                            continue;
                        }
                        None if self.buf.len() - at > MAX_EVENT_BYTES => {
                            self.skipped.push(format!(
                                "skipped more than {} MB that are not JSON",
                                MAX_EVENT_BYTES / (1024 * 1024)
                            ));
                            self.buf.clear();
                            return;
                        }
                        None => {
                            self.buf.drain(..at);
                            return;
                        }
                    }
                }
                self.scan = JsonScan::default();
            }
            let from = at + self.scanned;
            let end = (from..self.buf.len()).find(|&i| {
                let b = self.buf[i];
                self.scan.step(b)
            });
            match end {
                Some(e) => {
                    out.push(RawEvent {
                        id: None,
                        event: String::new(),
                        data: String::from_utf8_lossy(&self.buf[at..=e]).into_owned(),
                    });
                    at = e + 1;
                    self.scanned = 0;
                }
                None => {
                    self.scanned = self.buf.len() - at;
                    if self.scanned > MAX_EVENT_BYTES {
                        // Too large to keep: its end is looked for in what comes, not its bytes kept.
                        self.too_large();
                        self.skipping = true;
                        self.scanned = 0;
                        self.buf = Vec::new();
                        return;
                    }
                    self.buf.drain(..at);
                    return;
                }
            }
        }
    }

    fn take_problems(&mut self) -> Vec<String> {
        self.take_skipped()
    }

    fn finish(&mut self) -> Option<String> {
        let rest = String::from_utf8_lossy(&self.buf).trim().to_owned();
        let skipping = std::mem::take(&mut self.skipping);
        self.buf.clear();
        self.scanned = 0;
        if skipping {
            return Some("the stream ended inside a JSON value too large to keep".into());
        }
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

    #[test]
    fn a_value_too_large_to_keep_is_dropped_said_and_the_next_one_read() {
        let mut d = NdjsonDecoder::new();
        let mut out = Vec::new();
        d.feed(b"{\"a\":1}\n{\"big\":\"", &mut out);
        let piece = vec![b'x'; 1024 * 1024];
        for _ in 0..(MAX_EVENT_BYTES / piece.len() + 2) {
            d.feed(&piece, &mut out);
        }
        assert!(
            d.buf.len() <= MAX_EVENT_BYTES + piece.len(),
            "bounded: {}",
            d.buf.len()
        );
        d.feed(b"\"}\n{\"b\":2}\n", &mut out);
        let values: Vec<&str> = out.iter().map(|e| e.data.as_str()).collect();
        assert_eq!(values, vec![r#"{"a":1}"#, r#"{"b":2}"#]);
        let said = d.take_problems();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("more than 32 MB"));
    }

    #[test]
    fn many_values_in_one_chunk_are_read_in_one_pass() {
        // 200,000 values in one chunk: each is given out without moving the rest of the buffer.
        let body: Vec<u8> = (0..200_000)
            .flat_map(|i| format!("{{\"i\":{i}}}\n").into_bytes())
            .collect();
        let (v, rest) = decode(&[&body]);
        assert_eq!(v.len(), 200_000);
        assert_eq!(v[199_999], r#"{"i":199999}"#);
        assert_eq!(rest, None);
    }
}
