//! Deep links: `?server=<url>&dialect=<langgraph|agent-protocol|yandex>&assistant=<id>&thread=<id>&run=<id>
//! &checkpoint=<id>&folder=<id>&view=<messages|state|runs|timeline|events>&page=<runs|assistants|store|crons|inbox>
//! &ns=<a.b>&key=<k>` restore a view (`ns` / `key`: the Store page's namespace and item). Credentials
//! never appear here.

use crate::domain::Dialect;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeepLink {
    pub server: Option<String>,
    pub dialect: Option<Dialect>,
    pub assistant: Option<String>,
    pub thread: Option<String>,
    /// A message of the thread to show (scrolled to and marked).
    pub message: Option<String>,
    /// The head checkpoint of the thread's branch shown, when it is not the newest.
    pub checkpoint: Option<String>,
    pub run: Option<String>,
    pub folder: Option<String>,
    pub view: Option<String>,
    /// The main pane: `runs` = the server-wide runs page (with `run`, that run's detail there).
    pub page: Option<String>,
    /// The Store page's namespace (its parts joined by dots: `users.alice`) …
    pub ns: Option<String>,
    /// … and the item of it shown (its key).
    pub key: Option<String>,
}

impl DeepLink {
    /// Parses a query string, with or without its leading `?`. Unknown keys are ignored; an unknown
    /// dialect name is ignored too (the app then asks), never an error.
    pub fn parse(query: &str) -> Self {
        let mut link = Self::default();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = percent_decode(v);
            let v = (!v.is_empty()).then_some(v);
            match percent_decode(k).as_str() {
                "server" => link.server = v,
                "dialect" => link.dialect = v.as_deref().and_then(Dialect::parse),
                "assistant" => link.assistant = v,
                "thread" => link.thread = v,
                "message" => link.message = v,
                "checkpoint" => link.checkpoint = v,
                "run" => link.run = v,
                "folder" => link.folder = v,
                "view" => link.view = v,
                "page" => link.page = v,
                "ns" => link.ns = v,
                "key" => link.key = v,
                _ => {}
            }
        }
        link
    }

    /// The query string for this link (no leading `?`), keys in a fixed order.
    pub fn to_query(&self) -> String {
        let pairs = [
            ("server", self.server.as_deref()),
            ("dialect", self.dialect.map(Dialect::as_str)),
            ("assistant", self.assistant.as_deref()),
            ("thread", self.thread.as_deref()),
            ("message", self.message.as_deref()),
            ("checkpoint", self.checkpoint.as_deref()),
            ("run", self.run.as_deref()),
            ("folder", self.folder.as_deref()),
            ("view", self.view.as_deref()),
            ("page", self.page.as_deref()),
            ("ns", self.ns.as_deref()),
            ("key", self.key.as_deref()),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}={}", crate::http::percent_encode(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Decodes `%XX` escapes and `+` as space; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key() {
        let l = DeepLink::parse("?server=http%3A%2F%2Flocalhost%3A2150&dialect=langgraph&thread=t1&assistant=a&run=r&folder=f&view=state");
        assert_eq!(l.server.as_deref(), Some("http://localhost:2150"));
        assert_eq!(l.dialect, Some(Dialect::LangGraph));
        assert_eq!(
            (
                l.thread.as_deref(),
                l.assistant.as_deref(),
                l.run.as_deref()
            ),
            (Some("t1"), Some("a"), Some("r"))
        );
        assert_eq!(
            (l.folder.as_deref(), l.view.as_deref()),
            (Some("f"), Some("state"))
        );
    }

    #[test]
    fn round_trips() {
        let l = DeepLink {
            server: Some("http://h:1/api".into()),
            dialect: Some(Dialect::Yandex),
            thread: Some("a b".into()),
            message: Some("m/1".into()),
            checkpoint: Some("1f1e-c".into()),
            ..Default::default()
        };
        assert_eq!(DeepLink::parse(&l.to_query()), l);
        let store = DeepLink {
            page: Some("store".into()),
            ns: Some("users.alice".into()),
            key: Some("a key/é&=".into()),
            ..Default::default()
        };
        assert!(store
            .to_query()
            .ends_with("page=store&ns=users.alice&key=a%20key%2F%C3%A9%26%3D"));
        assert_eq!(DeepLink::parse(&store.to_query()), store);
    }

    #[test]
    fn bad_escapes_and_unknown_values_are_harmless() {
        let l = DeepLink::parse("server=%zz%&dialect=soap&x=1&thread=");
        assert_eq!(l.server.as_deref(), Some("%zz%"));
        assert_eq!(l.dialect, None);
        assert_eq!(l.thread, None);
    }
}

/// What the user typed in the thread search box: `key=value` pairs (space or comma separated) filter by
/// metadata; anything else is taken as a thread id.
#[derive(Debug, Clone, PartialEq)]
pub enum ThreadSearch {
    None,
    Id(String),
    Metadata(serde_json::Map<String, serde_json::Value>),
}

impl ThreadSearch {
    pub fn parse(input: &str) -> Self {
        let input = input.trim();
        if input.is_empty() {
            return Self::None;
        }
        if !input.contains('=') {
            return Self::Id(input.to_owned());
        }
        let mut map = serde_json::Map::new();
        for pair in input.split([',', ' ']).filter(|p| !p.is_empty()) {
            if let Some((k, v)) = pair.split_once('=') {
                // A value that reads as JSON (a number, true, null) is matched as such; otherwise as text.
                let value = serde_json::from_str(v)
                    .unwrap_or_else(|_| serde_json::Value::String(v.to_owned()));
                map.insert(k.trim().to_owned(), value);
            }
        }
        Self::Metadata(map)
    }
}

#[cfg(test)]
mod search_tests {
    use super::*;

    #[test]
    fn metadata_pairs_and_ids() {
        assert_eq!(ThreadSearch::parse("  "), ThreadSearch::None);
        assert_eq!(
            ThreadSearch::parse("01a2-x"),
            ThreadSearch::Id("01a2-x".into())
        );
        let ThreadSearch::Metadata(m) = ThreadSearch::parse("user=ann, n=3") else {
            panic!("metadata")
        };
        assert_eq!(m["user"], "ann");
        assert_eq!(m["n"], 3);
    }
}
