//! What the app starts with: a server, a dialect, optionally a thread — from the deep link, the
//! embedding page, or the build's default.

use agent_console_core::deeplink::DeepLink;
use agent_console_core::domain::{Auth, Dialect};

/// The server the run command's demo uses: the LangGraph demo behind Trunk's `/api` proxy.
pub const DEMO_PROXY_PATH: &str = "/api";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppConfig {
    /// Base URL of the server; `None` leaves the connect form empty.
    pub server: Option<String>,
    pub dialect: Option<Dialect>,
    pub assistant: Option<String>,
    pub thread: Option<String>,
    /// A run to show (its detail in the Runs tab; joined if it is still going).
    pub run: Option<String>,
    /// The tab to open: `messages`, `state`, `runs`, `events`.
    pub view: Option<String>,
    /// Credentials handed over by an embedding page (never from the URL).
    pub auth: Auth,
    /// Whether to keep the browser's address bar in sync with the view (off for embedded widgets).
    pub sync_url: bool,
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
        let server = link.server.or_else(|| {
            Some(
                option_env!("AC_DEFAULT_SERVER")
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("{origin}{DEMO_PROXY_PATH}")),
            )
        });
        Self {
            server,
            dialect: link.dialect,
            assistant: link.assistant,
            thread: link.thread,
            view: link
                .view
                .or_else(|| link.run.as_ref().map(|_| "runs".to_owned())),
            run: link.run,
            auth: Auth::None,
            sync_url: true,
        }
    }
}
