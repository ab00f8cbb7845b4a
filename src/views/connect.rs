//! The servers panel: saved profiles to switch between, the form for one (URL, API key, extra headers,
//! "remember"), the connection status and what `/info` said. Secrets are only ever input *properties*
//! — never attributes, never text — so they are not in the DOM's markup.

use crate::actions::connect::connect;
use crate::state::servers::SavedProfile;
use crate::state::{use_app_state, Connection};
use crate::views::json_tree::json_tree;
use agent_console_core::backend::ConnectForm;
use agent_console_core::domain::{Auth, Dialect, ServerProfile};
use agent_console_core::profiles;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Once connected, the panel folds into one line — server, API, status, version — that opens it again
/// (`aria-expanded`); it opens by itself when connecting fails or a link names a server, and starts open
/// (a first visit sees the form). `children` (the theme picker) fold with it.
#[component]
pub fn ConnectPanel(
    /// The URL the form starts with.
    initial_server: String,
    /// The dialect the form starts with.
    initial_dialect: Dialect,
    /// The Yandex folder the form starts with.
    initial_folder: String,
    children: Children,
) -> impl IntoView {
    let state = use_app_state();
    let folded = RwSignal::new(false);
    let body = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let asked = state.link_server.with(Option::is_some);
        match state.connection.get() {
            // Not under the user's hands: a form being typed in stays open.
            Connection::Connected { .. } if !asked && !focus_within(body) => folded.set(true),
            Connection::Failed(_) | Connection::Disconnected => folded.set(false),
            _ if asked => folded.set(false),
            _ => {}
        }
    });
    let servers = state.servers;
    let label = RwSignal::new(String::new());
    let url = RwSignal::new(initial_server);
    let dialect = RwSignal::new(initial_dialect);
    let folder = RwSignal::new(initial_folder);
    // Yandex: an API key (`Api-Key`) or an IAM token (`Bearer`).
    let yandex_iam = RwSignal::new(ConnectForm::of(initial_dialect).bearer_first);
    let key = RwSignal::new(String::new());
    let headers = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(String::new());

    let fill = move |e: &SavedProfile| {
        let p = &e.profile;
        label.set(p.label.clone());
        url.set(p.base_url.clone());
        dialect.set(p.dialect);
        folder.set(p.folder_id.clone().unwrap_or_default());
        yandex_iam.set(matches!(p.auth, Auth::Bearer(_)));
        key.set(match &p.auth {
            Auth::ApiKeyHeader(k) | Auth::YandexApiKey(k) | Auth::Bearer(k) => k.clone(),
            Auth::None => String::new(),
        });
        headers.set(profiles::header_lines(&p.extra_headers));
        remember.set(e.remember);
    };
    let submit = move || {
        // A server a link named: asked once, by the notice above the form, before anything goes.
        if let Some(link) = state.link_server.get_untracked() {
            let norm = |u: &str| {
                crate::platform::absolute_url(u.trim())
                    .trim_end_matches('/')
                    .to_owned()
            };
            if norm(&url.get_untracked()) == norm(&link) {
                form_error.set(Some(
                    "This server came from a link and is not one of yours: nothing was sent. \
                     Press \"Trust it and connect\" above if you trust it."
                        .into(),
                ));
                return;
            }
        }
        let extra = match profiles::parse_header_lines(&headers.get_untracked()) {
            Ok(h) => h,
            Err(e) => {
                form_error.set(Some(e));
                return;
            }
        };
        form_error.set(None);
        let d = dialect.get_untracked();
        let mut profile = ServerProfile::new(url.get_untracked().trim(), d);
        let name = label.get_untracked();
        if !name.trim().is_empty() {
            profile.label = name.trim().to_owned();
        }
        let k = key.get_untracked().trim().to_owned();
        let form = ConnectForm::of(d);
        if !k.is_empty() {
            profile.auth = form.auth(k, yandex_iam.get_untracked());
        }
        if form.folder {
            profile.folder_id =
                Some(folder.get_untracked().trim().to_owned()).filter(|f| !f.is_empty());
        }
        profile.extra_headers = extra;
        if !profile.base_url.is_empty() {
            chosen.set(profile.label.clone());
            servers.save(SavedProfile {
                profile: profile.clone(),
                remember: remember.get_untracked(),
            });
        }
        // The deep link's thread, if this is its server (typing the key is what it waited for).
        let thread = state.take_wanted_thread(&profile.base_url);
        connect(state, profile, thread);
    };
    let switch = move |ev: leptos::ev::Event| {
        let wanted = event_target_value(&ev);
        chosen.set(wanted.clone());
        if wanted.is_empty() {
            label.set(String::new());
            url.set(String::new());
            folder.set(String::new());
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
            let v = version.map(|v| format!(" · {v}")).unwrap_or_default();
            view! { <p class="ac-connection ac-ok">{format!("Connected{v}")}</p> }.into_any()
        }
        Connection::Failed(msg) => {
            view! { <p class="ac-connection ac-error" role="alert">{msg}</p> }.into_any()
        }
    };
    // The folded line: what is connected, and the way back to the form.
    let line = move || {
        let Connection::Connected { version } = state.connection.get() else {
            return None;
        };
        let profile = state.profile.get()?;
        // The server's own word on itself where it gave one (it names the API), else the API's name.
        let meta = version.unwrap_or_else(|| ConnectForm::of(profile.dialect).name.to_owned());
        Some(view! {
            <button type="button" class="ac-connection-line"
                aria-expanded=move || (!folded.get()).to_string()
                title=move || if folded.get() { "Show the connection form" } else { "Fold the connection form" }
                on:click=move |_| folded.update(|f| *f = !*f)>
                <span class="ac-status-dot" aria-hidden="true"></span>
                <span class="ac-visually-hidden">"Connected: "</span>
                <span class="ac-connection-line-server">{profile.label}</span>
                <span class="ac-connection-line-meta">{meta}</span>
                <span class="ac-connection-line-fold" aria-hidden="true">{move || if folded.get() { "▸" } else { "▾" }}</span>
            </button>
        })
    };
    view! {
        <section class="ac-servers">
            {line}
            <div class="ac-servers-body" node_ref=body hidden=move || folded.get()>
            {children()}
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
            {move || state.link_server.get().map(|link| view! {
                <div class="ac-link-server" role="alert">
                    <p>"This link asks to connect to "<strong class="ac-link-server-url">{link}</strong>
                        ", which is not one of your saved servers. Whatever you send from here — your API key, \
                        your messages — goes to it. Connect only if you trust it."</p>
                    <button type="button" class="ac-link-trust"
                        on:click=move |_| { state.link_server.set(None); form_error.set(None); submit(); }>
                        "Trust it and connect"</button>
                </div>
            })}
            <form class="ac-connect" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label>"API"
                    <select class="ac-dialect" on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        let d = ConnectForm::all().find(|f| f.dialect.as_str() == chosen).map(|f| f.dialect).unwrap_or_default();
                        // An API reached through a same-origin proxy: offer its path in place of another API's URL.
                        if let Some(path) = ConnectForm::of(d).proxy_path {
                            if !url.get_untracked().contains(path.trim_start_matches('/')) {
                                url.set(path.into());
                            }
                        }
                        // The credential choice starts where the API's keys usually go.
                        yandex_iam.set(ConnectForm::of(d).bearer_first);
                        dialect.set(d);
                        // Its code, where it is a part of its own, is on its way before Connect.
                        state.spawn(crate::actions::dialect_code::preload(d));
                    }>
                        {ConnectForm::all()
                            .map(|f| view! { <option value=f.dialect.as_str() selected=move || dialect.get() == f.dialect>{f.name}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>"Server URL"
                    <input class="ac-server-url" type="text" inputmode="url" placeholder="http://127.0.0.1:2150"
                        prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
                </label>
                {move || ConnectForm::of(dialect.get()).hint.map(|h| view! { <p class="ac-hint">{h}</p> })}
                {move || ConnectForm::of(dialect.get()).folder.then(|| view! {
                    <label>{ConnectForm::of(dialect.get_untracked()).folder_label}
                        <input class="ac-folder" autocomplete="off" placeholder="b1g…"
                            prop:value=move || folder.get() on:input=move |ev| folder.set(event_target_value(&ev)) />
                    </label>
                    <label>"Credential"
                        <select class="ac-auth-kind" on:change=move |ev| yandex_iam.set(event_target_value(&ev) == "iam")>
                            <option value="api-key" selected=move || !yandex_iam.get()>"Yandex API key (Authorization: Api-Key …)"</option>
                            <option value="iam" selected=move || yandex_iam.get()>"Bearer token: an IAM token or an OpenAI key (Authorization: Bearer …)"</option>
                        </select>
                    </label>
                })}
                <label>{move || ConnectForm::of(dialect.get()).key_label}
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
            </div>
        </section>
    }
}

/// Whether the keyboard's focus is inside `body`.
fn focus_within(body: NodeRef<leptos::html::Div>) -> bool {
    let Some(body) = body.get_untracked() else {
        return false;
    };
    // In a widget the focus is the shadow root's to say (the document's is the host element).
    let root = body.get_root_node();
    let active = match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => body.owner_document().and_then(|d| d.active_element()),
    };
    active.is_some_and(|f| body.contains(Some(&f)))
}
