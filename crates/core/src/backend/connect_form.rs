//! What the connect form asks for each dialect a user can choose: the fields, hints and credential.

use crate::domain::{Auth, Dialect};

/// One choice of the form's *API* select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectForm {
    pub dialect: Dialect,
    /// The choice's name ("LangGraph Platform").
    pub name: &'static str,
    /// A line under the URL.
    pub hint: Option<&'static str>,
    /// A same-origin proxy path offered in place of another API's URL (the API sends no CORS).
    pub proxy_path: Option<&'static str>,
    /// A folder id field (lists are per folder).
    pub folder: bool,
    /// An *API key / IAM token* choice; else the key is sent as `x-api-key`.
    pub key_or_iam: bool,
    pub key_label: &'static str,
}

impl ConnectForm {
    /// Every choice, in the order the form offers them.
    pub fn all() -> [ConnectForm; 3] {
        [Dialect::LangGraph, Dialect::AgentProtocol, Dialect::Yandex].map(Self::of)
    }

    pub fn of(dialect: Dialect) -> ConnectForm {
        let plain = ConnectForm {
            dialect,
            name: "",
            hint: None,
            proxy_path: None,
            folder: false,
            key_or_iam: false,
            key_label: "API key (optional, sent as x-api-key)",
        };
        match dialect {
            Dialect::LangGraph => ConnectForm {
                name: "LangGraph Platform",
                ..plain
            },
            Dialect::AgentProtocol => ConnectForm {
                name: "Agent Protocol",
                hint: Some("Any server of Agent Protocol 0.1.6 (/agents, /threads, /runs; the stages it has). /ap-demo → the bundled reference server."),
                ..plain
            },
            Dialect::Yandex => ConnectForm {
                name: "Yandex AI Assistants",
                hint: Some("Yandex sends no CORS headers: use a same-origin proxy path. /yandex → rest-assistant.api.cloud.yandex.net; /yandex-demo → the bundled stand-in (key demo-api-key, folder b1gdemofolder0000001)."),
                proxy_path: Some("/yandex"),
                folder: true,
                key_or_iam: true,
                key_label: "API key or IAM token",
                ..plain
            },
        }
    }

    /// The credential for a typed key (`iam`: the *IAM token* choice).
    pub fn auth(&self, key: String, iam: bool) -> Auth {
        match (self.key_or_iam, iam) {
            (true, true) => Auth::Bearer(key),
            (true, false) => Auth::YandexApiKey(key),
            (false, _) => Auth::ApiKeyHeader(key),
        }
    }
}
