//! The embeddable widget: `agent_console::mount` (what the `<agent-console>` element calls) in a page
//! with hostile CSS — separate state and streams per widget, the events the host hears, secrets kept
//! out of the DOM, and styles the host page cannot reach.

use super::*;
use agent_console::Widget;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;

const HOSTILE_CSS: &str = "* { all: unset; } \
    body, p { display: block; font-family: 'Comic Sans MS', fantasy; font-size: 23px; \
    letter-spacing: 4px; text-transform: uppercase; line-height: 3; color: rgb(120, 60, 0); } \
    button, textarea { border: 3px dashed red !important; font-size: 30px; }";

const EVENTS: [&str; 5] = ["run-started", "token", "run-finished", "interrupt", "error"];

/// What one host element heard: (event type, detail).
type Heard = Rc<RefCell<Vec<(String, serde_json::Value)>>>;

struct Hosted {
    host: HtmlElement,
    widget: Widget,
    heard: Heard,
}

impl Hosted {
    /// The widget's root inside its shadow root: the existing helpers query below it.
    fn root(&self) -> HtmlElement {
        self.host
            .shadow_root()
            .expect("an open shadow root")
            .query_selector(".ac-root")
            .unwrap()
            .expect("the widget's root")
            .unchecked_into()
    }

    fn kinds(&self) -> Vec<String> {
        self.heard.borrow().iter().map(|(k, _)| k.clone()).collect()
    }

    fn details(&self, kind: &str) -> Vec<serde_json::Value> {
        self.heard
            .borrow()
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, d)| d.clone())
            .collect()
    }
}

/// A host element in the page, listening for every widget event, with a widget mounted by `options`.
fn host_widget(options: serde_json::Value) -> Hosted {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = doc.create_element("section").unwrap().unchecked_into();
    host.style().set_property("display", "block").unwrap();
    host.style().set_property("height", "480px").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let heard: Heard = Rc::default();
    for kind in EVENTS {
        let sink = heard.clone();
        let cb = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            let json = js_sys::JSON::stringify(&e.detail())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            let detail = serde_json::from_str(&json).unwrap_or(serde_json::Value::Null);
            sink.borrow_mut().push((e.type_(), detail));
        });
        host.add_event_listener_with_callback(kind, cb.as_ref().unchecked_ref())
            .unwrap();
        cb.forget();
    }
    let opts = js_sys::JSON::parse(&options.to_string()).unwrap();
    let widget = agent_console::mount(&host, &opts).unwrap_or_else(|_| panic!("mount {options}"));
    Hosted {
        host,
        widget,
        heard,
    }
}

async fn widget_connected(w: &Hosted) {
    wait_for("the widget to connect", 15_000, || {
        w.root().get_attribute("data-connection").as_deref() == Some("connected")
    })
    .await;
}

fn computed(root: &HtmlElement, sel: &str, props: &[&str]) -> Vec<String> {
    let el: Element = if root.matches(sel).unwrap_or(false) {
        root.clone().into()
    } else {
        find(root, sel).unwrap_or_else(|| panic!("no {sel}"))
    };
    let cs = web_sys::window()
        .unwrap()
        .get_computed_style(&el)
        .unwrap()
        .unwrap();
    props
        .iter()
        .map(|p| cs.get_property_value(p).unwrap())
        .collect()
}

/// The styles a host page could try to change, at the widget's root, its composer and its button.
fn widget_styles(root: &HtmlElement) -> Vec<String> {
    let mut all = computed(
        root,
        ".ac-root",
        &[
            "font-family",
            "font-size",
            "letter-spacing",
            "text-transform",
            "line-height",
            "color",
        ],
    );
    all.extend(computed(
        root,
        ".ac-composer-input",
        &[
            "font-family",
            "font-size",
            "border-top-style",
            "padding-top",
        ],
    ));
    all.extend(computed(
        root,
        ".ac-send",
        &[
            "background-color",
            "font-size",
            "border-top-style",
            "display",
        ],
    ));
    all
}

fn set_hostile_css(on: bool) {
    let doc = web_sys::window().unwrap().document().unwrap();
    match doc.get_element_by_id("ac-hostile") {
        Some(el) if !on => el.remove(),
        None if on => {
            let style = doc.create_element("style").unwrap();
            style.set_id("ac-hostile");
            style.set_text_content(Some(HOSTILE_CSS));
            doc.head().unwrap().append_child(&style).unwrap();
        }
        _ => {}
    }
}

#[wasm_bindgen_test]
async fn two_widgets_in_a_hostile_page_stream_independently_and_tell_the_host() {
    let secret = "sk-widget-secret-never-in-the-dom";
    let tenant = unique("tenant");
    let a = host_widget(json!({
        "server": LANGGRAPH, "mode": "chat", "apiKey": secret, "headers": { "x-tenant": tenant },
    }));
    let b = host_widget(json!({ "server": LANGGRAPH, "mode": "full", "theme": "dark" }));
    // The host themes b through a documented custom property.
    b.host
        .style()
        .set_property("--ac-accent", "rgb(200, 0, 100)")
        .unwrap();
    widget_connected(&a).await;
    widget_connected(&b).await;

    // Chat mode: no rail, no tabs; full mode: the whole client.
    assert!(find(&a.root(), ".ac-rail").is_none() && find(&a.root(), ".ac-tabs").is_none());
    assert!(find(&b.root(), ".ac-rail").is_some() && find(&b.root(), ".ac-tabs").is_some());

    // The host's CSS changes the page (so the comparison below can fail) but nothing in the widget.
    let before = widget_styles(&a.root());
    let probe = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("p")
        .unwrap();
    probe.set_text_content(Some("host text"));
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .append_child(&probe)
        .unwrap();
    set_hostile_css(true);
    let page_p = web_sys::window()
        .unwrap()
        .get_computed_style(&probe)
        .unwrap()
        .unwrap()
        .get_property_value("text-transform")
        .unwrap();
    let during = widget_styles(&a.root());

    // A run sent through the widget's API streams in a; b stays idle.
    JsFuture::from(a.widget.send("long story".into()))
        .await
        .expect("sent");
    wait_for("a's run to finish", 30_000, || {
        a.kinds().iter().any(|k| k == "run-finished")
    })
    .await;
    let shown = all_text(&a.root(), ".ac-message[data-role='ai'] .ac-text");
    let markup = page_markup();
    let shadows = format!(
        "{}{}",
        a.host.shadow_root().unwrap().inner_html(),
        b.host.shadow_root().unwrap().inner_html()
    );
    let b_root_bg = computed(&b.root(), ".ac-root", &["background-color"]);
    let b_accent = computed(&b.root(), ".ac-send", &["background-color"]);
    set_hostile_css(false);
    probe.remove();

    assert_eq!(
        page_p, "uppercase",
        "the hostile CSS applies to the host page"
    );
    assert_eq!(
        before, during,
        "the host page's CSS reached inside the widget"
    );
    assert_eq!(during[1], "14px");
    assert_eq!(during[2], "normal");
    assert_eq!(during[3], "none");
    assert_eq!(during[8], "solid");
    assert_eq!(during[10], "rgb(36, 95, 204)", "the default accent");
    assert_eq!(b_root_bg, vec!["rgb(21, 24, 30)"], "theme=dark");
    assert_eq!(b_accent, vec!["rgb(200, 0, 100)"], "the host's --ac-accent");

    // The host heard a's run: started, tokens (throttled, growing), finished — in that order.
    let kinds = a.kinds();
    assert_eq!(
        kinds.first().map(String::as_str),
        Some("run-started"),
        "{kinds:?}"
    );
    assert_eq!(
        kinds.last().map(String::as_str),
        Some("run-finished"),
        "{kinds:?}"
    );
    assert!(!kinds.iter().any(|k| k == "error"), "{kinds:?}");
    let started = &a.details("run-started")[0];
    let thread_id = started["threadId"].as_str().unwrap_or_default().to_owned();
    assert!(
        !thread_id.is_empty() && started["runId"].is_string(),
        "{started}"
    );
    let tokens: Vec<String> = a
        .details("token")
        .iter()
        .map(|d| d["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        tokens.len() >= 3,
        "several token events, got {}",
        tokens.len()
    );
    assert!(
        tokens.len() < 120,
        "token events are throttled: {} for 120 words",
        tokens.len()
    );
    for w in tokens.windows(2) {
        assert!(w[1].starts_with(&w[0]) && w[1].len() > w[0].len(), "{w:?}");
    }
    assert_eq!(tokens.last(), Some(&long_reply()));
    let finished = &a.details("run-finished")[0];
    assert_eq!(finished["status"], "success", "{finished}");
    assert_eq!(finished["threadId"], thread_id.as_str());
    assert_eq!(finished["runId"], started["runId"]);
    assert_eq!(shown, vec![long_reply()]);
    assert_eq!(a.widget.thread_id().as_deref(), Some(thread_id.as_str()));

    // b heard nothing and shows nothing.
    assert!(b.kinds().is_empty(), "{:?}", b.kinds());
    assert!(find(&b.root(), ".ac-message").is_none());

    // The key is in no markup, no attribute, no shadow root; the header reached the server.
    assert!(!markup.contains(secret) && !shadows.contains(secret));
    let runs = api(requests::list_runs(&thread_id, 5, 0)).await;
    assert_eq!(
        runs[0]["kwargs"]["config"]["configurable"]["x-tenant"], tenant,
        "{runs}"
    );
}

#[wasm_bindgen_test]
async fn a_widget_reports_interrupts_cancels_and_errors_to_its_host() {
    let w = host_widget(json!({ "server": LANGGRAPH }));
    widget_connected(&w).await;

    // An interrupt: the host hears it with the question's options; the widget's button answers it.
    JsFuture::from(w.widget.send(unique("approve the plan")))
        .await
        .expect("sent");
    wait_for("the interrupt event", 20_000, || {
        !w.details("interrupt").is_empty()
    })
    .await;
    let i = &w.details("interrupt")[0];
    assert_eq!(i["options"], json!(["yes", "no"]), "{i}");
    assert_eq!(i["question"], "Publish the echo?", "{i}");
    assert!(i["value"].is_object() && i["threadId"].is_string(), "{i}");
    assert_eq!(w.details("run-finished")[0]["status"], "interrupted");
    click(&w.root(), ".ac-interrupt-option");
    wait_for("the resumed run to finish", 20_000, || {
        w.details("run-finished").len() == 2
    })
    .await;
    assert_eq!(w.details("run-finished")[1]["status"], "success");
    assert_eq!(w.details("run-started").len(), 2);

    // cancel(): the run stops, the host hears how it ended.
    JsFuture::from(w.widget.send("long story".into()))
        .await
        .expect("sent");
    wait_for("tokens of the long story", 20_000, || {
        w.details("token")
            .last()
            .is_some_and(|d| d["text"].as_str().unwrap_or("").contains("w3"))
    })
    .await;
    w.widget.cancel();
    wait_for("the cancelled run to finish", 20_000, || {
        w.details("run-finished").len() == 3
    })
    .await;
    assert_eq!(w.details("run-finished")[2]["status"], "interrupted");

    // A widget pointed at a closed port says so in its view and to its host.
    let dead = host_widget(json!({ "server": "http://127.0.0.1:9" }));
    wait_for("the connection error", 15_000, || {
        !dead.details("error").is_empty()
    })
    .await;
    let message = dead.details("error")[0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!message.is_empty());
    assert_eq!(text(&dead.root(), ".ac-connection-error"), message);

    // Options are checked: a bad dialect, mode or theme is refused with a message, nothing mounted.
    let doc = web_sys::window().unwrap().document().unwrap();
    let spare: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    for bad in [
        json!({ "server": LANGGRAPH, "dialect": "soap" }),
        json!({ "server": LANGGRAPH, "mode": "tiny" }),
        json!({ "server": LANGGRAPH, "headers": { "bad name": "x" } }),
        json!({ "server": LANGGRAPH, "components": { "weather": "script" } }),
        json!({ "server": LANGGRAPH, "components": { "weather": "Weather-Card" } }),
        json!({ "server": LANGGRAPH, "components": { "weather": 7 } }),
    ] {
        let opts = js_sys::JSON::parse(&bad.to_string()).unwrap();
        assert!(agent_console::mount(&spare, &opts).is_err(), "{bad}");
    }

    // update(): switching the thread attribute opens that thread; a new theme applies in place.
    let thread = w.widget.thread_id().unwrap();
    let other = host_widget(json!({ "server": LANGGRAPH }));
    widget_connected(&other).await;
    let opts = js_sys::JSON::parse(
        &json!({ "server": LANGGRAPH, "thread": thread, "theme": "dark" }).to_string(),
    )
    .unwrap();
    other.widget.update(&opts).unwrap();
    wait_for("the thread to open in the other widget", 15_000, || {
        all_text(&other.root(), ".ac-message[data-role='ai'] .ac-text")
            .contains(&"Reviewer said yes. Archived.".to_owned())
    })
    .await;
    assert_eq!(
        other.root().get_attribute("data-theme").as_deref(),
        Some("dark")
    );
}
