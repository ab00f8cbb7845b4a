//! The servers panel: saved profiles to switch between, the form for one (URL, API key, extra headers,
//! "remember"), the connection status and what `/info` said. Secrets are only ever input *properties*
//! — never attributes, never text — so they are not in the DOM's markup.

use crate::app::{use_app_state, Connection};
use crate::components::json_tree::json_tree;
use crate::servers::{connect, SavedProfile};
use agent_console_core::domain::{Auth, Dialect, ServerProfile};
use agent_console_core::profiles;
use leptos::prelude::*;

#[component]
pub fn ConnectPanel(
    /// The URL the form starts with.
    initial_server: String,
) -> impl IntoView {
    let state = use_app_state();
    let servers = state.servers;
    let label = RwSignal::new(String::new());
    let url = RwSignal::new(initial_server);
    let key = RwSignal::new(String::new());
    let headers = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(String::new());

    let fill = move |e: &SavedProfile| {
        let p = &e.profile;
        label.set(p.label.clone());
        url.set(p.base_url.clone());
        key.set(match &p.auth {
            Auth::ApiKeyHeader(k) => k.clone(),
            _ => String::new(),
        });
        headers.set(profiles::header_lines(&p.extra_headers));
        remember.set(e.remember);
    };
    let submit = move || {
        let extra = match profiles::parse_header_lines(&headers.get_untracked()) {
            Ok(h) => h,
            Err(e) => {
                form_error.set(Some(e));
                return;
            }
        };
        form_error.set(None);
        let mut profile = ServerProfile::new(url.get_untracked().trim(), Dialect::LangGraph);
        let name = label.get_untracked();
        if !name.trim().is_empty() {
            profile.label = name.trim().to_owned();
        }
        let k = key.get_untracked();
        if !k.trim().is_empty() {
            profile.auth = Auth::ApiKeyHeader(k.trim().to_owned());
        }
        profile.extra_headers = extra;
        if !profile.base_url.is_empty() {
            chosen.set(profile.label.clone());
            servers.save(SavedProfile {
                profile: profile.clone(),
                remember: remember.get_untracked(),
            });
        }
        connect(state, profile, None);
    };
    let switch = move |ev: leptos::ev::Event| {
        let wanted = event_target_value(&ev);
        chosen.set(wanted.clone());
        if wanted.is_empty() {
            label.set(String::new());
            url.set(String::new());
            key.set(String::new());
            headers.set(String::new());
            remember.set(false);
            return;
        }
        if let Some(e) = servers
            .saved
            .with_untracked(|l| l.iter().find(|e| e.profile.label == wanted).cloned())
        {
            fill(&e);
            connect(state, e.profile, None);
        }
    };
    let forget = move |_| {
        let name = chosen.get_untracked();
        if !name.is_empty() {
            servers.forget(&name);
            chosen.set(String::new());
        }
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
        <section class="ac-servers">
            <label class="ac-profile-bar">"Server"
                <select class="ac-profile-select" on:change=switch prop:value=move || chosen.get()>
                    <option value="">"New server…"</option>
                    <For each=move || servers.saved.get() key=|e| (e.profile.label.clone(), e.remember) let:e>
                        <option value=e.profile.label.clone() selected=move || chosen.get() == e.profile.label>
                            {format!("{}{}", e.profile.label, if e.remember { " · remembered" } else { "" })}
                        </option>
                    </For>
                </select>
            </label>
            <form class="ac-connect" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label>"Server URL"
                    <input class="ac-server-url" type="url" placeholder="http://127.0.0.1:2150"
                        prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
                </label>
                <label>"API key (optional, sent as x-api-key)"
                    <input class="ac-api-key" type="password" autocomplete="off"
                        prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
                </label>
                <details class="ac-profile-more">
                    <summary>"Name, headers, remember"</summary>
                    <label>"Name"
                        <input class="ac-profile-label" placeholder="(the URL)"
                            prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev)) />
                    </label>
                    <label>"Extra headers (one per line, Name: value)"
                        <textarea class="ac-extra-headers" placeholder="X-Tenant: blue" autocomplete="off"
                            prop:value=move || headers.get() on:input=move |ev| headers.set(event_target_value(&ev))></textarea>
                    </label>
                    <label class="ac-remember">
                        <input class="ac-remember-box" type="checkbox" prop:checked=move || remember.get()
                            on:change=move |ev| remember.set(event_target_checked(&ev)) />
                        "Remember in this tab, key included (sessionStorage)"
                    </label>
                </details>
                <div class="ac-connect-actions">
                    <button class="ac-connect-button" type="submit">"Connect"</button>
                    <button class="ac-forget" type="button" on:click=forget
                        disabled=move || chosen.get().is_empty()>"Forget"</button>
                </div>
                {move || form_error.get().map(|e| view! { <p class="ac-error ac-profile-error" role="alert">{e}</p> })}
                {status}
                {move || servers.info.get().map(|i| view! {
                    <details class="ac-server-info"><summary>"Server info"</summary>{json_tree(&i.details)}</details>
                })}
            </form>
        </section>
    }
}
