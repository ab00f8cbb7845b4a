//! The widget: the client mounted in the shadow root of a host page's element. `mount(element, options)`
//! is exported to JavaScript; the `<agent-console>` custom element (widget/agent-console-element.js) is
//! a thin wrapper over it. Each widget has its own state, streams and events; the host page's CSS does
//! not reach in (shadow DOM, and a root that resets what it inherits), ours does not leak out.
//!
//! Secrets (`apiKey`, `bearerToken`, `headers`) arrive only in `options`, never as attributes; they are
//! kept in memory and sent to the widget's own server only.

use crate::actions::connect::connect;
use crate::actions::queue::{must_queue, queue_text};
use crate::actions::thread::{cancel, open_thread, send_text};
use crate::config::{AppConfig, Mode, Theme, Timeouts};
use crate::state::{AppState, Connection};
use crate::views::app::app_view;

use agent_console_core::backend::ConnectForm;
use agent_console_core::domain::{Auth, Dialect};
use agent_console_core::profiles::parse_header_lines;
use leptos::prelude::*;
use leptos::reactive::owner::WeakOwner;
use serde::Deserialize;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

/// The stylesheet inside each widget's shadow root.
pub const WIDGET_CSS: &str = concat!(
    include_str!("../style/app.css"),
    include_str!("../style/widget.css")
);

/// A mounted widget, as the host page holds it.
#[wasm_bindgen]
pub struct Widget {
    state: AppState,
    config: RefCell<AppConfig>,
    /// The app's reactive owner (not kept alive by this: the mount holds it).
    owner: WeakOwner,
    /// The mount: dropped by [`Widget::unmount`], which removes the view and cleans the owner up.
    mounted: RefCell<Option<Box<dyn std::any::Any>>>,
    /// Where the widget's elements are (the panic notice's mount point).
    container: web_sys::Element,
    /// Its stylesheet in the shadow root.
    style: web_sys::Element,
}

#[wasm_bindgen]
impl Widget {
    /// Sends `text` as a message on the widget's thread (a new thread if none is open); what the user
    /// has typed in the composer stays. Called before the widget has connected, it waits for the
    /// connect (its assistant chosen, the thread asked for opened) and then sends. The promise
    /// resolves once the message is handed to the run; it rejects with the reason when connecting
    /// failed (the widget's `error` event says it too) or the widget was removed first.
    pub fn send(&self, text: String) -> js_sys::Promise {
        if self.unmounted() {
            return js_sys::Promise::reject(&JsError::new(REMOVED).into());
        }
        let state = self.state;
        let (tx, rx) = futures::channel::oneshot::channel::<Result<(), String>>();
        let (connected, watch) = self.connected();
        state.spawn(async move {
            let outcome = connected.await;
            if let Some(watch) = watch {
                watch.cleanup();
            }
            let sent = match outcome {
                // As the composer does: while a run goes on (or the thread still loads) the message
                // waits in the queue and goes when the thread is idle — never dropped.
                Ok(Ok(())) if must_queue(state) => {
                    queue_text(state, text, Vec::new());
                    Ok(())
                }
                Ok(Ok(())) => {
                    send_text(state, text, Vec::new());
                    Ok(())
                }
                Ok(Err(reason)) => Err(reason),
                Err(_) => Err(REMOVED.to_owned()),
            };
            let _ = tx.send(sent);
        });
        wasm_bindgen_futures::future_to_promise(async move {
            match rx.await {
                Ok(Ok(())) => Ok(JsValue::UNDEFINED),
                Ok(Err(reason)) => Err(JsError::new(&reason).into()),
                Err(_) => Err(JsError::new(REMOVED).into()),
            }
        })
    }

    /// Stops the running run (the server keeps what it produced so far).
    pub fn cancel(&self) {
        if !self.unmounted() {
            cancel(self.state);
        }
    }

    /// Removes the widget: its view goes, every stream and request it has open is aborted, its
    /// timers and listeners removed, and it emits no more events. The element may mount a new one.
    ///
    /// Safe to call from a handler of the widget's own events: its tasks stop at once (none runs
    /// again), its elements leave the page at once, and its signals are disposed in a microtask,
    /// after the code that emitted the event has returned.
    pub fn unmount(&self) {
        let Some(mounted) = self.mounted.borrow_mut().take() else {
            return;
        };
        self.state.close_tasks();
        crate::platform::panic::unwatch(&self.container);
        self.container.remove();
        self.style.remove();
        let owner = self.owner.upgrade();
        crate::platform::tasks::after_this_task(move || {
            // The view leaves, then the owner's cleanups run and its signals are disposed.
            drop(mounted);
            if let Some(owner) = owner {
                owner.cleanup();
            }
        });
    }

    /// Whether [`Widget::unmount`] was called.
    #[wasm_bindgen(getter)]
    pub fn unmounted(&self) -> bool {
        self.mounted.borrow().is_none()
    }

    /// How many of the widget's tasks are running (0 once unmounted).
    #[wasm_bindgen(getter, js_name = tasksRunning)]
    pub fn tasks_running(&self) -> usize {
        if self.unmounted() {
            return 0;
        }
        self.state.tasks_running()
    }

    /// Applies changed options (the element's attributes or properties): a new server or credentials
    /// reconnect; a new thread opens it; mode and theme switch in place.
    pub fn update(&self, options: &JsValue) -> Result<(), JsError> {
        if self.unmounted() {
            return Err(JsError::new("the widget was removed"));
        }
        let next = config_from(options)?;
        let tools = crate::platform::page_tools::read(options).map_err(|e| JsError::new(&e))?;
        let prev = self.config.replace(next.clone());
        let state = self.state;
        state.page_tools.set_value(tools);
        state.mode.set(next.mode);
        state.theme.set(next.theme);
        state.components.set(next.components.clone());
        if next.assistant != prev.assistant {
            state.wanted_assistant.set_value(next.assistant.clone());
            if let Some(a) = next.assistant.as_ref().filter(|a| {
                state
                    .assistants
                    .with_untracked(|list| list.iter().any(|x| &x.id == *a))
            }) {
                state.assistant_id.set(Some(a.clone()));
            }
        }
        if next.profile() != prev.profile() {
            match next.profile() {
                Some(p) => connect(state, p, next.thread.clone()),
                None => state.connection.set(Connection::Failed(
                    "No server: set the widget's server.".into(),
                )),
            }
        } else if next.thread != prev.thread {
            match next.thread {
                Some(t) => open_thread(state, t),
                None => {
                    state.selected.set(None);
                    state.session.clear();
                }
            }
        }
        Ok(())
    }

    /// The thread the widget shows, if any.
    #[wasm_bindgen(getter, js_name = threadId)]
    pub fn thread_id(&self) -> Option<String> {
        if self.unmounted() {
            return None;
        }
        self.state.selected.get_untracked()
    }
}

const REMOVED: &str = "the widget was removed before the message could be sent";

impl Widget {
    /// Resolves once the widget's connect has done all it does: `Ok` when it connected, else why
    /// not. The wait is an effect of a child of the app's owner (returned, for the caller to clean up
    /// once answered): gone with the app (the sender dropped).
    #[allow(clippy::type_complexity)] // a receiver and the owner of what sends to it
    fn connected(
        &self,
    ) -> (
        futures::channel::oneshot::Receiver<Result<(), String>>,
        Option<Owner>,
    ) {
        let (tx, rx) = futures::channel::oneshot::channel();
        let Some(owner) = self.owner.upgrade().map(|o| o.child()) else {
            return (rx, None);
        };
        let state = self.state;
        let tx = RefCell::new(Some(tx));
        owner.with(|| {
            Effect::new(move |_| {
                let outcome = match state.connection.get() {
                    Connection::Connected { .. } if state.connect_done.get() => Ok(()),
                    Connection::Failed(e) => Err(e),
                    Connection::Disconnected if state.profile.with(Option::is_none) => {
                        Err("No server: set the widget's server.".to_owned())
                    }
                    _ => return,
                };
                if let Some(tx) = tx.borrow_mut().take() {
                    let _ = tx.send(outcome);
                }
            });
        });
        (rx, Some(owner))
    }
}

/// Mounts a widget in `host`'s shadow root (attached, open, if it has none). `options`: `server`,
/// `dialect`, `assistant`, `thread`, `folder`, `mode` (`chat` | `full`), `theme` (`light` | `dark` |
/// `auto`), `components` (an object of UI names to custom element tags: the host's components for the
/// agent's UI messages), `tools` (an object of names to functions: the page's tools a run may ask
/// for), and the secrets `apiKey`, `bearerToken`, `headers` (an object of header names to values).
#[wasm_bindgen]
pub fn mount(host: &HtmlElement, options: &JsValue) -> Result<Widget, JsError> {
    let config = config_from(options)?;
    let tools = crate::platform::page_tools::read(options).map_err(|e| JsError::new(&e))?;
    let doc = host
        .owner_document()
        .ok_or_else(|| JsError::new("the element is not in a document"))?;
    let shadow = match host.shadow_root() {
        Some(s) => s,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| JsError::new("this element cannot hold a shadow root"))?,
    };
    if shadow.query_selector(".ac-widget").ok().flatten().is_some() {
        return Err(JsError::new(
            "this element already holds an agent-console widget",
        ));
    }
    let style = doc.create_element("style").map_err(js_err)?;
    style.set_text_content(Some(WIDGET_CSS));
    shadow.append_child(&style).map_err(js_err)?;
    let container: HtmlElement = doc.create_element("div").map_err(js_err)?.unchecked_into();
    container.set_class_name("ac-widget");
    shadow.append_child(&container).map_err(js_err)?;
    crate::platform::panic::install();
    crate::platform::panic::watch(container.clone().into());
    // Where widget/stopped.js looks for mount points inside shadow roots.
    let _ = host.set_attribute("data-ac-host", "");

    let slot: Rc<Cell<Option<(AppState, WeakOwner)>>> = Rc::new(Cell::new(None));
    let (target, cfg) = (host.clone(), config.clone());
    let out = slot.clone();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        let state = AppState::new(&cfg);
        state.page_tools.set_value(tools);
        state.host.attach(target.into());
        out.set(Owner::current().map(|o| (state, o.downgrade())));
        // What the widget shows as an error, the host hears as one.
        Effect::new(move |_| {
            if let Some(e) = state.session.error.get() {
                state.host.error(&e);
            }
        });
        Effect::new(move |_| {
            if let Connection::Failed(e) = state.connection.get() {
                state.host.error(&e);
            }
        });
        app_view(state, cfg)
    });
    // The widget lives until it is unmounted (the element removed from the page).
    let (state, owner) = slot
        .take()
        .ok_or_else(|| JsError::new("the widget did not start"))?;
    Ok(Widget {
        state,
        config: RefCell::new(config),
        owner,
        mounted: RefCell::new(Some(Box::new(handle))),
        container: container.into(),
        style,
    })
}

fn js_err(_: JsValue) -> JsError {
    JsError::new("the browser refused to build the widget's elements")
}

/// The options object a host passes (attributes and properties, collected by the element). Unknown
/// keys are ignored; a key of the wrong type is refused.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WidgetOptions {
    server: Option<String>,
    dialect: Option<String>,
    assistant: Option<String>,
    thread: Option<String>,
    folder: Option<String>,
    mode: Option<String>,
    theme: Option<String>,
    api_key: Option<String>,
    bearer_token: Option<String>,
    /// Header names to values.
    headers: Option<BTreeMap<String, String>>,
    /// Milliseconds: a request's answer; a silent stream (see `Timeouts`).
    request_timeout_ms: Option<u32>,
    stream_silence_ms: Option<u32>,
    /// The host's components for the agent's UI messages: a UI name → a custom element's tag.
    components: Option<BTreeMap<String, String>>,
}

/// An option as given, trimmed; empty is absent.
fn given(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn config_from(options: &JsValue) -> Result<AppConfig, JsError> {
    let o: WidgetOptions = if options.is_undefined() || options.is_null() {
        WidgetOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options.clone())
            .map_err(|e| JsError::new(&format!("the widget's options: {e}")))?
    };
    let defaults = Timeouts::default();
    let dialect: Dialect = match given(o.dialect) {
        None => Default::default(),
        Some(d) => d.parse().map_err(|e: String| JsError::new(&e))?,
    };
    let mode = match given(o.mode) {
        None => Mode::Chat,
        Some(m) => Mode::parse(&m)
            .ok_or_else(|| JsError::new(&format!("unknown mode {m:?}: use chat or full")))?,
    };
    let theme = match given(o.theme) {
        None => Theme::Light,
        Some(t) => Theme::parse(&t).ok_or_else(|| {
            JsError::new(&format!("unknown theme {t:?}: use light, dark or auto"))
        })?,
    };
    // An API key goes as the dialect's connect form sends one.
    let auth = match (given(o.api_key), given(o.bearer_token)) {
        (Some(k), _) => ConnectForm::of(dialect).auth(k, false),
        (None, Some(t)) => Auth::Bearer(t),
        (None, None) => Auth::None,
    };
    Ok(AppConfig {
        server: given(o.server).map(|s| absolute(&s)),
        dialect: Some(dialect),
        assistant: given(o.assistant),
        thread: given(o.thread),
        folder: given(o.folder),
        auth,
        headers: headers_from(o.headers.unwrap_or_default())?,
        components: o
            .components
            .unwrap_or_default()
            .into_iter()
            .map(|(name, tag)| {
                crate::config::component_tag(&tag)
                    .map(|t| (name, t))
                    .map_err(|e| JsError::new(&format!("the widget's components: {e}")))
            })
            .collect::<Result<_, _>>()?,
        sync_url: false,
        allowed_servers: crate::config::build_allowed_servers(),
        mode,
        theme,
        timeouts: Timeouts {
            request_ms: o.request_timeout_ms.unwrap_or(defaults.request_ms),
            stream_silence_ms: o.stream_silence_ms.unwrap_or(defaults.stream_silence_ms),
        },
        ..AppConfig::default()
    })
}

/// A server given relative to the host page (`/api`) becomes absolute.
fn absolute(server: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    match base.and_then(|b| web_sys::Url::new_with_base(server, &b).ok()) {
        Some(u) => u.href(),
        None => server.to_owned(),
    }
}

/// `headers: { "X-Tenant": "acme" }`, checked like the connect form's header lines.
fn headers_from(headers: BTreeMap<String, String>) -> Result<Vec<(String, String)>, JsError> {
    let mut lines = String::new();
    for (name, value) in headers {
        if name.contains(['\r', '\n']) || value.contains(['\r', '\n']) {
            return Err(JsError::new("a header name or value has a line break"));
        }
        lines.push_str(&format!("{name}: {value}\n"));
    }
    parse_header_lines(&lines).map_err(|e| JsError::new(&e))
}
