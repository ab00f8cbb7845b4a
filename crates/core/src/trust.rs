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

/// Whether an origin (as [`origin_of`] gives it) is this machine: `localhost`, `[::1]` or an IPv4
/// address in `127.0.0.0/8` — four numbers, so a host name like `127.evil.example` is not.
pub fn is_loopback_origin(origin: &str) -> bool {
    let host = origin.split_once("://").map_or(origin, |(_, h)| h);
    let host = match host.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
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
    fn this_machine_is_localhost_ipv6_loopback_or_127_addresses_only() {
        for yes in [
            "http://127.0.0.1:2150",
            "http://localhost:8080",
            "http://[::1]:9",
            "https://127.1.2.3",
        ] {
            assert!(is_loopback_origin(yes), "{yes}");
        }
        for no in [
            "https://127.evil.example",
            "https://127.0.0.1.evil.example",
            "http://128.0.0.1",
            "http://127.0.0.256",
            "https://localhost.evil.example",
            "https://agents.example.com",
        ] {
            assert!(!is_loopback_origin(no), "{no}");
        }
        assert!(!is_loopback_origin(
            &origin_of("https://127.0.0.1@evil.example/").unwrap()
        ));
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
