//! Server-Sent Events, decoded per the WHATWG HTML standard, §9.2.6 "Interpreting an event stream".
//!
//! The grammar (quoted from the standard):
//! ```text
//! stream        = [ bom ] *event
//! event         = *( comment / field ) end-of-line
//! comment       = colon *any-char end-of-line
//! field         = 1*name-char [ colon [ space ] *any-char ] end-of-line
//! end-of-line   = ( cr lf / cr / lf )
//! ```
//! Lines are split on bytes: CR and LF never occur inside a multi-byte UTF-8 sequence, so a code point
//! split across chunks simply waits in the buffer until its line is complete.

use super::{Decoder, RawEvent, MAX_EVENT_BYTES};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Incremental SSE decoder. Feed it chunks; it yields events as their terminating blank line arrives.
#[derive(Debug, Default)]
pub struct SseDecoder {
    /// Bytes of the current, not yet terminated line.
    line: Vec<u8>,
    /// "If the line is empty" / data buffer / event type buffer / last event ID buffer of the standard.
    data: String,
    has_data: bool,
    event_type: String,
    last_event_id: Option<String>,
    /// The last `retry:` value, in milliseconds.
    retry_ms: Option<u64>,
    /// A CR ended the previous line: an LF right after it belongs to the same line end.
    after_cr: bool,
    /// Still looking for the optional leading BOM.
    at_start: bool,
    /// Comment lines seen (`:` heartbeats); a watchdog may read it.
    comments: u64,
    /// Bytes of the event being read (its lines so far); past [`MAX_EVENT_BYTES`] it is dropped.
    event_bytes: usize,
    /// The event being read was too large: its bytes are skipped until its blank line.
    oversize: bool,
    /// What was dropped, for [`Decoder::take_problems`].
    problems: Vec<String>,
}

impl SseDecoder {
    pub fn new() -> Self {
        Self {
            at_start: true,
            ..Self::default()
        }
    }

    /// Starts from a known last event id, as a client does when it reconnects with `Last-Event-ID`.
    pub fn with_last_event_id(id: Option<String>) -> Self {
        Self {
            last_event_id: id,
            ..Self::new()
        }
    }

    /// The last event id buffer: what a reconnecting client sends as `Last-Event-ID`.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// The reconnection time the server asked for with `retry:`, in milliseconds.
    pub fn retry_ms(&self) -> Option<u64> {
        self.retry_ms
    }

    /// How many comment lines (heartbeats) have arrived.
    pub fn comments(&self) -> u64 {
        self.comments
    }

    fn process_line(&mut self, line: &[u8], out: &mut Vec<RawEvent>) {
        // "If the line is empty (a blank line): Dispatch the event."
        if line.is_empty() {
            if self.oversize {
                // The end of an event too large to keep: nothing is dispatched for it.
                self.oversize = false;
                self.data.clear();
                self.has_data = false;
                self.event_type.clear();
            } else {
                self.dispatch(out);
            }
            self.event_bytes = 0;
            return;
        }
        if self.oversize {
            return;
        }
        self.event_bytes += line.len() + 1;
        if self.event_bytes > MAX_EVENT_BYTES {
            self.drop_event();
            return;
        }
        // "If the line starts with a U+003A COLON character: Ignore the line."
        if line[0] == b':' {
            self.comments += 1;
            return;
        }
        // "If the line contains a U+003A COLON character: collect the characters on the line before the
        // first colon as field, and after it as value; if value starts with a U+0020 SPACE, remove it."
        // "Otherwise, the string is not empty but does not contain a colon: the whole line is the field
        // name and the empty string the value."
        let (field, value) = match memchr::memchr(b':', line) {
            Some(i) => {
                let rest = &line[i + 1..];
                (&line[..i], rest.strip_prefix(b" ").unwrap_or(rest))
            }
            None => (line, &b""[..]),
        };
        match field {
            b"event" => self.event_type = String::from_utf8_lossy(value).into_owned(),
            b"data" => {
                // "Append the field value to the data buffer, then append a single U+000A LINE FEED."
                // The final LF is removed at dispatch; here it goes between lines only.
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&String::from_utf8_lossy(value));
                self.has_data = true;
            }
            // "If the field value does not contain U+0000 NULL, set the last event ID buffer."
            b"id" if memchr::memchr(0, value).is_none() => {
                self.last_event_id = Some(String::from_utf8_lossy(value).into_owned());
            }
            // "If the field value consists of only ASCII digits, set the reconnection time."
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                self.retry_ms = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
            }
            // "Otherwise: the field is ignored."
            _ => {}
        }
    }

    /// The event being read passed [`MAX_EVENT_BYTES`]: what it holds goes, the rest of it is skipped.
    fn drop_event(&mut self) {
        self.oversize = true;
        self.data = String::new();
        self.has_data = false;
        self.event_type.clear();
        self.line = Vec::new();
        self.problems.push(format!(
            "an event of more than {} MB was dropped (the most one event may hold)",
            MAX_EVENT_BYTES / (1024 * 1024)
        ));
    }

    fn dispatch(&mut self, out: &mut Vec<RawEvent>) {
        // "If the data buffer is an empty string, set the data buffer and the event type buffer to the
        // empty string and return."
        if !self.has_data {
            self.event_type.clear();
            return;
        }
        let event = if self.event_type.is_empty() {
            "message".to_owned()
        } else {
            std::mem::take(&mut self.event_type)
        };
        out.push(RawEvent {
            id: self.last_event_id.clone(),
            event,
            data: std::mem::take(&mut self.data),
        });
        self.has_data = false;
    }
}

impl Decoder for SseDecoder {
    fn feed(&mut self, mut chunk: &[u8], out: &mut Vec<RawEvent>) {
        if self.at_start {
            // The BOM may itself be split across chunks: hold back a prefix of it until decided.
            self.line.extend_from_slice(chunk);
            if self.line.len() < BOM.len() && BOM.starts_with(&self.line) {
                return;
            }
            self.at_start = false;
            let held = std::mem::take(&mut self.line);
            let body = held.strip_prefix(BOM).unwrap_or(&held);
            return self.feed(body, out);
        }
        if self.after_cr && !chunk.is_empty() {
            self.after_cr = false;
            if chunk[0] == b'\n' {
                chunk = &chunk[1..];
            }
        }
        while let Some(i) = memchr::memchr2(b'\n', b'\r', chunk) {
            let is_cr = chunk[i] == b'\r';
            if self.line.is_empty() {
                self.process_line(&chunk[..i], out);
            } else {
                self.line.extend_from_slice(&chunk[..i]);
                let line = std::mem::take(&mut self.line);
                self.process_line(&line, out);
                self.line = line;
                self.line.clear();
            }
            chunk = &chunk[i + 1..];
            if is_cr {
                match chunk.first() {
                    Some(b'\n') => chunk = &chunk[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        // A line still arriving counts against its event: a line without end cannot grow for ever.
        if self.oversize {
            // Only whether the line so far is empty matters (a blank line ends the skipped event).
            if !chunk.is_empty() && self.line.is_empty() {
                self.line.push(b'x');
            }
            return;
        }
        self.line.extend_from_slice(chunk);
        if self.event_bytes + self.line.len() > MAX_EVENT_BYTES {
            self.drop_event();
            self.line.push(b'x');
        }
    }

    fn take_problems(&mut self) -> Vec<String> {
        std::mem::take(&mut self.problems)
    }

    fn finish(&mut self) -> Option<String> {
        // "Once the end of the file is reached, any pending data must be discarded. (If the file ends in
        // the middle of an event, before the final empty line, the incomplete event is not dispatched.)"
        let pending_line = !self.line.is_empty() && !self.at_start;
        let pending_event = self.has_data;
        self.line.clear();
        self.data.clear();
        self.has_data = false;
        self.event_type.clear();
        (pending_line || pending_event).then(|| {
            "the stream ended in the middle of an event; that event was not dispatched".to_owned()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for c in chunks {
            d.feed(c, &mut out);
        }
        d.finish();
        out
    }

    fn ev(id: Option<&str>, event: &str, data: &str) -> RawEvent {
        RawEvent {
            id: id.map(Into::into),
            event: event.into(),
            data: data.into(),
        }
    }

    #[test]
    fn spec_example_stock_ticker_joins_data_lines() {
        // From the standard: "data: YHOO\ndata: +2\ndata: 10\n\n" is one event with data "YHOO\n+2\n10".
        assert_eq!(
            decode(&[b"data: YHOO\ndata: +2\ndata: 10\n\n"]),
            vec![ev(None, "message", "YHOO\n+2\n10")]
        );
    }

    #[test]
    fn spec_example_comment_and_ids() {
        // The standard's four-block example: a comment, an event with an id, a data-less id reset, and a
        // final event that keeps... the id set to empty by the bare `id` line.
        let s = b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n";
        assert_eq!(
            decode(&[s]),
            vec![
                ev(Some("1"), "message", "first event"),
                ev(Some(""), "message", "second event"),
                ev(Some(""), "message", " third event")
            ]
        );
    }

    #[test]
    fn spec_example_empty_data_fields() {
        // "data\n\ndata\ndata\n\ndata:" → two events: "" and "\n"; the last is never terminated.
        assert_eq!(
            decode(&[b"data\n\ndata\ndata\n\ndata:"]),
            vec![ev(None, "message", ""), ev(None, "message", "\n")]
        );
    }

    #[test]
    fn spec_example_space_after_colon_is_stripped_once() {
        assert_eq!(
            decode(&[b"data:test\n\ndata: test\n\n"]),
            vec![ev(None, "message", "test"); 2]
        );
        assert_eq!(
            decode(&[b"data:  two\n\n"]),
            vec![ev(None, "message", " two")]
        );
    }

    #[test]
    fn cr_lf_and_crlf_line_ends_all_work() {
        let want = vec![ev(None, "a", "1"), ev(None, "b", "2"), ev(None, "c", "3")];
        assert_eq!(
            decode(&[b"event: a\rdata: 1\r\revent: b\ndata: 2\n\nevent: c\r\ndata: 3\r\n\r\n"]),
            want
        );
    }

    #[test]
    fn cr_at_chunk_end_and_lf_at_next_start_is_one_line_end() {
        let want = vec![ev(None, "x", "1"), ev(None, "y", "2")];
        assert_eq!(
            decode(&[
                b"event: x\r",
                b"\ndata: 1\r",
                b"\n\r",
                b"\nevent: y\r",
                b"\ndata: 2\r\n\r",
                b"\n"
            ]),
            want
        );
    }

    #[test]
    fn utf8_split_inside_a_code_point() {
        let bytes = "data: Привет — 🦀\n\n".as_bytes();
        for cut in 0..bytes.len() {
            assert_eq!(
                decode(&[&bytes[..cut], &bytes[cut..]]),
                vec![ev(None, "message", "Привет — 🦀")],
                "cut {cut}"
            );
        }
    }

    #[test]
    fn leading_bom_is_stripped_even_when_split() {
        let want = vec![ev(None, "message", "x")];
        assert_eq!(decode(&[b"\xEF\xBB\xBFdata: x\n\n"]), want);
        assert_eq!(decode(&[b"\xEF", b"\xBB", b"\xBFdata: x\n\n"]), want);
        // Only one BOM is stripped: a second one makes the first field name unknown.
        assert_eq!(
            decode(&[b"\xEF\xBB\xBF\xEF\xBB\xBFdata: x\n\ndata: y\n\n"]),
            vec![ev(None, "message", "y")]
        );
    }

    #[test]
    fn id_after_data_applies_to_the_same_event_and_persists() {
        // The real LangGraph protocol stream sends `id:` after `data:`.
        let s = b"event: values\r\ndata: {}\r\nid: 7\r\n\r\nevent: values\r\ndata: {}\r\n\r\n";
        assert_eq!(
            decode(&[s]),
            vec![ev(Some("7"), "values", "{}"), ev(Some("7"), "values", "{}")]
        );
    }

    #[test]
    fn id_with_nul_is_ignored() {
        assert_eq!(
            decode(&[b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n"]),
            vec![ev(Some("1"), "message", "a"), ev(Some("1"), "message", "b")]
        );
    }

    #[test]
    fn retry_takes_only_digits() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        d.feed(b"retry: 1500\n\nretry: 15x\n\nretry:\n\n", &mut out);
        assert_eq!(d.retry_ms(), Some(1500));
        assert!(out.is_empty());
    }

    #[test]
    fn unterminated_event_at_end_is_not_dispatched_and_is_reported() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        d.feed(b"data: done\n\ndata: half", &mut out);
        assert_eq!(out, vec![ev(None, "message", "done")]);
        assert!(d.finish().is_some());
    }

    #[test]
    fn comments_are_counted_not_dispatched() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        d.feed(b": heartbeat\n\n:\n\n", &mut out);
        assert!(out.is_empty());
        assert_eq!(d.comments(), 2);
    }

    #[test]
    fn event_type_resets_after_dispatch_and_unknown_fields_are_ignored() {
        assert_eq!(
            decode(&[b"event: a\nfoo: bar\ndata: 1\n\ndata: 2\n\n"]),
            vec![ev(None, "a", "1"), ev(None, "message", "2")]
        );
    }

    #[test]
    fn event_without_data_is_dropped_with_its_type() {
        assert_eq!(
            decode(&[b"event: a\n\ndata: 2\n\n"]),
            vec![ev(None, "message", "2")]
        );
    }

    #[test]
    fn an_event_too_large_to_keep_is_dropped_said_and_the_next_one_read() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        d.feed(b"data: first\n\ndata: ", &mut out);
        let piece = vec![b'x'; 1024 * 1024];
        for _ in 0..(MAX_EVENT_BYTES / piece.len() + 2) {
            d.feed(&piece, &mut out);
        }
        assert!(
            d.line.len() <= MAX_EVENT_BYTES + 1,
            "bounded: {}",
            d.line.len()
        );
        d.feed(b"\ndata: more of it\n\ndata: next\n\n", &mut out);
        let data: Vec<&str> = out.iter().map(|e| e.data.as_str()).collect();
        assert_eq!(data, vec!["first", "next"]);
        let said = d.take_problems();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("more than 32 MB"));
        // Many data lines adding up past the bound are dropped too.
        let line = format!("data: {}\n", "y".repeat(1024 * 1024));
        for _ in 0..(MAX_EVENT_BYTES / line.len() + 2) {
            d.feed(line.as_bytes(), &mut out);
        }
        d.feed(b"\ndata: after\n\n", &mut out);
        assert_eq!(out.last().map(|e| e.data.as_str()), Some("after"));
        assert_eq!(out.len(), 3);
        assert_eq!(d.take_problems().len(), 1);
    }
}
