//! `webhook`: when a run ends, the server POSTs the run (JSON) to the URL the run was created with.
//! Plain HTTP/1.1 over a TCP stream (no TLS here: an `https://` hook is logged and skipped).

use super::model::Run;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Splits `http://host:port/path` into (`host:port`, host, `/path`).
fn target(url: &str) -> Option<(String, String, String)> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    let addr = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    Some((addr, host.to_owned(), path.to_owned()))
}

/// Posts `run` to `url`; failures are logged, never fatal (the run has ended either way).
pub async fn post(url: &str, run: &Run) {
    let Some((addr, host, path)) = target(url) else {
        eprintln!("devserver: webhook {url:?} skipped (only http:// is served here)");
        return;
    };
    let body = serde_json::to_string(run).unwrap_or_default();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let sent = async {
        let mut s = tokio::net::TcpStream::connect(&addr).await?;
        s.write_all(request.as_bytes()).await?;
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(answer)
    };
    match tokio::time::timeout(std::time::Duration::from_secs(5), sent).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => eprintln!("devserver: webhook {url} failed: {e}"),
        Err(_) => eprintln!("devserver: webhook {url} timed out"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn targets() {
        assert_eq!(
            super::target("http://127.0.0.1:9/hook?x=1"),
            Some(("127.0.0.1:9".into(), "127.0.0.1".into(), "/hook?x=1".into()))
        );
        assert_eq!(
            super::target("http://example.org"),
            Some(("example.org:80".into(), "example.org".into(), "/".into()))
        );
        assert_eq!(super::target("https://example.org/"), None);
    }
}
