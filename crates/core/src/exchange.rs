//! Recorded HTTP exchanges, as in the fixtures: either our `.http` form (request line, `request-body:`,
//! `status:`, response headers, a blank line, the body) or `curl -D-` output (status line, headers, a
//! blank line, the body). Anything else is taken as a raw stream body.

#[derive(Debug, Default, PartialEq)]
pub struct Exchange {
    pub request_line: Option<String>,
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Exchange {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

const METHODS: [&str; 6] = ["GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HTTP/"];

pub fn parse(bytes: &[u8]) -> Exchange {
    let starts_like_exchange = METHODS.iter().any(|m| bytes.starts_with(m.as_bytes()));
    if !starts_like_exchange {
        return Exchange {
            body: bytes.to_vec(),
            ..Exchange::default()
        };
    }
    // The head ends at the first blank line, written LF LF or CRLF CRLF.
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|i| (i, 2));
    let crlf = memchr::memmem::find(bytes, b"\r\n\r\n").map(|i| (i, 4));
    let (end, sep) = match (lf, crlf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => (bytes.len(), 0),
    };
    let head = String::from_utf8_lossy(&bytes[..end]);
    let mut ex = Exchange {
        body: bytes[(end + sep).min(bytes.len())..].to_vec(),
        ..Exchange::default()
    };
    for (i, line) in head.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if i == 0 {
            if let Some(rest) = line.strip_prefix("HTTP/") {
                ex.status = rest.split_whitespace().nth(1).and_then(|s| s.parse().ok());
            } else {
                ex.request_line = Some(line.to_owned());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            let (k, v) = (k.trim(), v.trim());
            if k == "status" && ex.status.is_none() {
                ex.status = v.parse().ok();
            } else {
                ex.headers.push((k.to_ascii_lowercase(), v.to_owned()));
            }
        }
    }
    ex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_form() {
        let ex = parse(b"POST /x\nrequest-body: {}\nstatus: 200\ncontent-type: text/event-stream\n\nevent: a\r\ndata: 1\r\n\r\n");
        assert_eq!(ex.status, Some(200));
        assert_eq!(ex.header("Content-Type"), Some("text/event-stream"));
        assert_eq!(ex.body, b"event: a\r\ndata: 1\r\n\r\n");
    }

    #[test]
    fn curl_form() {
        let ex = parse(b"HTTP/1.1 404 Not Found\r\nx: y\r\n\r\n{\"detail\":\"no\"}");
        assert_eq!(ex.status, Some(404));
        assert_eq!(ex.body, b"{\"detail\":\"no\"}");
    }

    #[test]
    fn raw_body() {
        assert_eq!(parse(b"event: a\n").body, b"event: a\n");
    }
}
