//! What the app starts with: a server, a dialect, optionally a thread — from the deep link, the
//! embedding page, or the build's default.

use agent_console_core::deeplink::DeepLink;
use agent_console_core::domain::{Auth, Dialect, ServerProfile};

/// The server the run command's demo uses: the LangGraph demo behind Trunk's `/api` proxy.
pub const DEMO_PROXY_PATH: &str = "/api";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppConfig {
    /// Base URL of the server; `None` leaves the connect form empty.
    pub server: Option<String>,
    pub dialect: Option<Dialect>,
    pub assistant: Option<String>,
    pub thread: Option<String>,
    /// A message of the thread to open at (scrolled to and marked).
    pub message: Option<String>,
    /// The branch of the thread to open on: its head checkpoint.
    pub checkpoint: Option<String>,
    /// The flight recorder's bound (bytes of recorded streams; default 20 MB): beyond it the oldest
    /// recordings go.
    pub recorder_limit_bytes: Option<usize>,
    /// A run to show (its detail in the Runs tab; joined if it is still going).
    pub run: Option<String>,
    /// The tab to open: `messages`, `state`, `runs`, `events`.
    pub view: Option<String>,
    /// `runs`: open on the server-wide runs page (`run`: that run's detail there); `assistants`, `store`,
    /// `crons`: on the Assistants, Store or Schedules page.
    pub page: Option<String>,
    /// The Store page's namespace (dotted) and item key to show.
    pub store_ns: Option<String>,
    pub store_key: Option<String>,
    /// Credentials handed over by an embedding page (never from the URL).
    pub auth: Auth,
    /// Extra headers for every request (an embedding page's gateway or tenant headers; never from the URL).
    pub headers: Vec<(String, String)>,
    /// Yandex lists are per folder.
    pub folder: Option<String>,
    /// Whether to keep the browser's address bar in sync with the view (off for embedded widgets).
    pub sync_url: bool,
    pub mode: Mode,
    pub theme: Theme,
    pub timeouts: Timeouts,
    /// The server came from a link (`?server=`): unless it is trusted (this page's origin, a saved
    /// profile, or — with `trust_loopback_links` — this machine), the app asks before it connects.
    pub server_from_link: bool,
    /// A link naming a server on this machine (`127.x`, `localhost`, `[::1]`) is trusted: a key sent
    /// there stays on it. On in the page's own app; tests turn it off to reach the question.
    pub trust_loopback_links: bool,
    /// The origins this build may connect to (`AC_ALLOWED_SERVERS` at build time); empty: any.
    pub allowed_servers: Vec<String>,
    /// The host page's components for the agent's UI messages: a UI name → a custom element's tag
    /// (checked by [`component_tag`]). Other names are shown as the built-in card.
    pub components: Vec<(String, String)>,
    /// The page lends tools in `globalThis.agentConsoleTools` (the page's own app; a widget's come
    /// with its options).
    pub page_tools: bool,
}

/// `tag` if it is a custom element's name the page may have defined (lowercase, starting with a
/// letter, with a hyphen, of letters, digits, `-`, `.` and `_`; not one of the reserved names): an
/// element the app creates, never a built-in one (`script`, `iframe`…).
pub fn component_tag(tag: &str) -> Result<String, String> {
    let t = tag.trim();
    let reserved = [
        "annotation-xml",
        "color-profile",
        "font-face",
        "font-face-src",
        "font-face-uri",
        "font-face-format",
        "font-face-name",
        "missing-glyph",
    ];
    let ok = t.starts_with(|c: char| c.is_ascii_lowercase())
        && t.contains('-')
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_'))
        && !reserved.contains(&t);
    if ok {
        Ok(t.to_owned())
    } else {
        Err(format!(
            "{tag:?} is not a custom element's name (lowercase, with a hyphen, e.g. \"weather-card\")"
        ))
    }
}

/// The build's allow-list of servers (`AC_ALLOWED_SERVERS`, origins separated by commas).
pub fn build_allowed_servers() -> Vec<String> {
    agent_console_core::trust::allowed_list(option_env!("AC_ALLOWED_SERVERS").unwrap_or(""))
}

/// How long the app waits (one setting per page: the last app mounted sets it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Every request's answer (a stream's headers); 0 waits for ever.
    pub request_ms: u32,
    /// A stream silent this long (not even a heartbeat) is taken as dropped and rejoined; a stream
    /// with heartbeats but no events this long makes the follower ask the server whether the run
    /// still goes.
    pub stream_silence_ms: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            request_ms: 30_000,
            stream_silence_ms: 45_000,
        }
    }
}

/// How much of the client is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Servers, assistants, threads and the thread view with all its tabs.
    #[default]
    Full,
    /// One thread's messages and its composer (the embedded chat).
    Chat,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "full" => Some(Self::Full),
            "chat" => Some(Self::Chat),
            _ => None,
        }
    }
}

/// The colour scheme; `Auto` follows the browser's preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    Auto,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            "auto" => Some(Self::Auto),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Auto => "auto",
        }
    }
}

/// The page's own components for the agent's UI messages: `globalThis.agentConsoleComponents`, an
/// object of UI names to custom element tags set by a script of the page that serves the app (not the
/// URL: a link chooses no element). A tag that is no custom element's name is left out, said on the
/// console.
fn page_components() -> Vec<(String, String)> {
    let Some(given) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"agentConsoleComponents".into()).ok())
        .filter(|v| v.is_object())
    else {
        return Vec::new();
    };
    let map: std::collections::BTreeMap<String, String> =
        match serde_wasm_bindgen::from_value(given) {
            Ok(m) => m,
            Err(e) => {
                web_sys::console::warn_1(&format!("agentConsoleComponents: {e}").into());
                return Vec::new();
            }
        };
    map.into_iter()
        .filter_map(|(name, tag)| match component_tag(&tag) {
            Ok(t) => Some((name, t)),
            Err(e) => {
                web_sys::console::warn_1(&format!("agentConsoleComponents.{name}: {e}").into());
                None
            }
        })
        .collect()
}

impl AppConfig {
    /// From the page's query string; without `server`, the build's default (`AC_DEFAULT_SERVER` at
    /// compile time) or the demo proxy on this origin.
    pub fn from_location() -> Self {
        let window = web_sys::window();
        let search = window
            .as_ref()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let origin = window
            .as_ref()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let link = DeepLink::parse(&search);
        let server_from_link = link.server.is_some();
        let server = link.server.or_else(|| {
            // An API that sends no CORS headers is reached through its same-origin proxy path.
            let proxy = link
                .dialect
                .and_then(|d| agent_console_core::backend::ConnectForm::of(d).proxy_path);
            Some(match proxy {
                Some(path) => format!("{origin}{path}"),
                None => option_env!("AC_DEFAULT_SERVER")
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("{origin}{DEMO_PROXY_PATH}")),
            })
        });
        Self {
            server,
            server_from_link,
            trust_loopback_links: true,
            allowed_servers: build_allowed_servers(),
            dialect: link.dialect,
            assistant: link.assistant,
            thread: link.thread,
            message: link.message,
            checkpoint: link.checkpoint,
            // A run without a page is a thread's run: its Runs tab.
            view: link
                .view
                .or_else(|| (link.run.is_some() && link.page.is_none()).then(|| "runs".to_owned())),
            page: link.page,
            store_ns: link.ns,
            store_key: link.key,
            run: link.run,
            folder: link.folder,
            auth: Auth::None,
            sync_url: true,
            components: page_components(),
            page_tools: true,
            // The page's own app remembers the colour scheme chosen in it.
            theme: crate::platform::storage::remembered_theme()
                .as_deref()
                .and_then(Theme::parse)
                .unwrap_or_default(),
            ..Self::default()
        }
    }

    /// The server profile this configuration names, with its credentials and headers.
    pub fn profile(&self) -> Option<ServerProfile> {
        let server = self.server.as_deref()?;
        let mut p = ServerProfile::new(server, self.dialect.unwrap_or_default());
        p.auth = self.auth.clone();
        p.extra_headers = self.headers.clone();
        p.folder_id = self.folder.clone();
        Some(p)
    }
}
