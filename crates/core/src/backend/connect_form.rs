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
    /// A folder id field (lists are per folder), and its label.
    pub folder: bool,
    pub folder_label: &'static str,
    /// An *API key / IAM token* choice; else the key is sent as `x-api-key`.
    pub key_or_iam: bool,
    /// With `key_or_iam`: the choice starts on `Bearer` (a token) rather than `Api-Key`.
    pub bearer_first: bool,
    pub key_label: &'static str,
}

impl ConnectForm {
    /// Every choice this build speaks, in the order the form offers them.
    pub fn all() -> impl Iterator<Item = ConnectForm> {
        super::spoken().map(Self::of)
    }

    pub fn of(dialect: Dialect) -> ConnectForm {
        super::connect_form_of(dialect)
    }

    /// A form with a URL and an optional `x-api-key`: what most servers need.
    pub fn plain(dialect: Dialect, name: &'static str) -> ConnectForm {
        ConnectForm {
            dialect,
            name,
            hint: None,
            proxy_path: None,
            folder: false,
            folder_label: "Folder id",
            key_or_iam: false,
            bearer_first: false,
            key_label: "API key (optional, sent as x-api-key)",
        }
    }

    /// The server's URL for what the user typed (a card's URL → its agent's; others as typed).
    pub fn server_url(&self, typed: &str) -> String {
        super::server_url_of(self.dialect, typed)
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
