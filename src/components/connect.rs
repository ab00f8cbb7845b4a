//! The connect form: server URL, optional API key (held in memory only), and the connection status.

use crate::app::{connect, use_app_state, Connection};
use agent_console_core::domain::{Auth, Dialect};
use leptos::prelude::*;

#[component]
pub fn ConnectPanel(
    /// The URL the form starts with.
    initial_server: String,
) -> impl IntoView {
    let state = use_app_state();
    let url = RwSignal::new(initial_server);
    let key = RwSignal::new(String::new());
    let submit = move || {
        let k = key.get_untracked();
        let auth = if k.trim().is_empty() {
            Auth::None
        } else {
            Auth::ApiKeyHeader(k.trim().to_owned())
        };
        connect(state, url.get_untracked(), Dialect::LangGraph, auth, None);
    };
    let status = move || match state.connection.get() {
        Connection::Disconnected => {
            view! { <p class="ac-connection">"Not connected"</p> }.into_any()
        }
        Connection::Connecting => view! { <p class="ac-connection">"Connecting…"</p> }.into_any(),
        Connection::Connected { version } => {
            let v = version
                .map(|v| format!(" · langgraph-api {v}"))
                .unwrap_or_default();
            view! { <p class="ac-connection ac-ok">{format!("Connected{v}")}</p> }.into_any()
        }
        Connection::Failed(msg) => {
            view! { <p class="ac-connection ac-error" role="alert">{msg}</p> }.into_any()
        }
    };
    view! {
        <form class="ac-connect" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <label>"Server URL"
                <input class="ac-server-url" type="url" placeholder="http://127.0.0.1:2150"
                    prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
            </label>
            <label>"API key (optional, sent as x-api-key)"
                <input class="ac-api-key" type="password" autocomplete="off"
                    prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
            </label>
            <button class="ac-connect-button" type="submit">"Connect"</button>
            {status}
        </form>
    }
}
