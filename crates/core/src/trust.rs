//! Which servers the app may speak to without asking: a server named by a link is not trusted until
//! the user says so (a link must not choose where a key typed next goes), and a build may allow only
//! some origins (`AC_ALLOWED_SERVERS`).

/// The origin of an absolute `http(s)` URL — `scheme://host[:port]`, lowercased, the default port
/// left out — or `None` for anything else.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials in a URL (`user@host`) are never ours to send: the host is what follows them.
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    if host_port.is_empty() {
        return None;
    }
    let host_port = host_port.to_ascii_lowercase();
    let default_port = if scheme == "http" { ":80" } else { ":443" };
    let host_port = host_port.strip_suffix(default_port).unwrap_or(&host_port);
    Some(format!("{scheme}://{host_port}"))
}

/// Whether `base_url` may be connected to under `allowed` (origins, or URLs whose origin counts; a
/// comma list as `AC_ALLOWED_SERVERS` gives it). An empty list allows every server.
pub fn allowed(base_url: &str, allowed: &[String]) -> bool {
    if allowed.is_empty() {
        return true;
    }
    let Some(origin) = origin_of(base_url) else {
        return false;
    };
    allowed
        .iter()
        .filter_map(|a| origin_of(a))
        .any(|a| a == origin)
}

/// `AC_ALLOWED_SERVERS` as a list: comma-separated, blanks dropped.
pub fn allowed_list(spec: &str) -> Vec<String> {
    spec.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://Agents.Example.com/api/v1?x=1").as_deref(),
            Some("https://agents.example.com")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:2150/").as_deref(),
            Some("http://127.0.0.1:2150")
        );
        assert_eq!(
            origin_of("https://a.example:443").as_deref(),
            Some("https://a.example")
        );
        assert_eq!(
            origin_of("https://trusted.com@evil.example/x").as_deref(),
            Some("https://evil.example"),
            "what comes after the @ is the host"
        );
        for not in ["/api", "javascript:alert(1)", "file:///etc", "https://", ""] {
            assert_eq!(origin_of(not), None, "{not}");
        }
    }

    #[test]
    fn the_allow_list_admits_its_origins_only() {
        let list = allowed_list(" https://agents.example.com , http://127.0.0.1:2150/,");
        assert_eq!(list.len(), 2);
        assert!(allowed("https://agents.example.com/v1", &list));
        assert!(allowed("http://127.0.0.1:2150", &list));
        assert!(!allowed("http://127.0.0.1:2151", &list));
        assert!(!allowed("https://agents.example.com.evil.example/", &list));
        assert!(!allowed("https://agents.example.com@evil.example/", &list));
        assert!(
            !allowed("/api", &list),
            "a relative URL is made absolute before it is checked"
        );
        assert!(
            allowed("https://anything.example", &[]),
            "no list: every server"
        );
    }
}
