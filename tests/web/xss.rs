//! Agent output is untrusted: a corpus of hostile payloads, each put by the real LangGraph server in
//! every place the app shows server text — a thread's title, a human message, an AI message's markdown
//! (as text, as a link and as an image), a tool call's name and arguments, a tool's result, an
//! interrupt's question, option and value — must render as text and never run: no script, no handler
//! attribute, no `javascript:`/`data:` link or source, and the page's tripwire (`window.__acXss`) never
//! set. The counts go to the devserver's tally.

use super::*;

/// Each sets the tripwire if it ever runs.
const PAYLOADS: [&str; 34] = [
    "<script>window.__acXss=1</script>",
    "<img src=x onerror=\"window.__acXss=1\">",
    "<svg onload=\"window.__acXss=1\"></svg>",
    "<svg><script>window.__acXss=1</script></svg>",
    "<iframe src=\"javascript:parent.__acXss=1\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__acXss=1</script>\"></iframe>",
    "javascript:window.__acXss=1",
    "[click me](javascript:window.__acXss=1)",
    "[click me](JaVaScRiPt:window.__acXss=1)",
    "[click me]( javascript:window.__acXss=1 )",
    "[click me](&#106;avascript:window.__acXss=1)",
    "[data](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19hY1hzcz0xPC9zY3JpcHQ+)",
    "![x](javascript:window.__acXss=1)",
    "![x](x\" onerror=\"window.__acXss=1)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9InBhcmVudC5fX2FjWHNzPTEiLz4=)",
    "<a href=\"javascript:window.__acXss=1\">a link</a>",
    "\"><script>window.__acXss=1</script>",
    "'><img src=x onerror=window.__acXss=1>",
    "<details open ontoggle=\"window.__acXss=1\"><summary>s</summary></details>",
    "<body onload=window.__acXss=1>",
    "<math><mtext><img src=x onerror=window.__acXss=1></mtext></math>",
    "<style>*{background:url(javascript:window.__acXss=1)}</style>",
    "<object data=\"javascript:window.__acXss=1\"></object>",
    "<embed src=\"javascript:window.__acXss=1\">",
    "<form action=\"javascript:window.__acXss=1\"><button>go</button></form>",
    "<input autofocus onfocus=\"window.__acXss=1\">",
    "<video><source onerror=\"window.__acXss=1\"></video>",
    "<audio src=x onerror=window.__acXss=1></audio>",
    "<template><img src=x onerror=window.__acXss=1></template>",
    "`<img src=x onerror=window.__acXss=1>`",
    "```html\n<script>window.__acXss=1</script>\n```",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__acXss=1\">",
    "<base href=\"javascript:window.__acXss=1//\">",
    "<p style=\"background:url('javascript:window.__acXss=1')\">styled</p>",
];

/// Where each payload is shown.
const PLACES: [&str; 13] = [
    "thread title",
    "human message",
    "AI markdown text",
    "AI markdown link",
    "AI markdown image",
    "tool name",
    "tool arguments",
    "tool result",
    "interrupt question",
    "interrupt option",
    "UI component name",
    "UI component prop",
    "UI component nested prop",
];

async fn lg(req: HttpRequest) -> serde_json::Value {
    let r = agent_console::platform::transport::send(&demo_profile(), &req)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&r.body).unwrap_or(serde_json::Value::Null)
}

async fn new_thread(title: &str) -> String {
    // `graph_id` lets the server write the thread's state before any run.
    let t = lg(HttpRequest::new(Method::Post, "/threads", "t")
        .json(json!({"metadata": {"title": title, "graph_id": "lighthouse"}})))
    .await;
    t["thread_id"].as_str().unwrap().to_owned()
}

fn tripwire() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"__acXss".into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false)
}

/// What in the app's DOM could run code or load a hostile URL (the app's own forms are no danger: a
/// hostile one would carry a `javascript:` action, which is caught).
fn raster_data_url(v: &str) -> bool {
    ["png", "jpeg", "jpg", "gif", "webp"]
        .iter()
        .any(|t| v.starts_with(&format!("data:image/{t};base64,")))
}

fn dangers(root: &HtmlElement) -> Vec<String> {
    let mut found = Vec::new();
    let all = root.query_selector_all("*").unwrap();
    for i in 0..all.length() {
        let Some(el) = all.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let tag = el.tag_name().to_ascii_lowercase();
        if [
            "script", "iframe", "object", "embed", "style", "meta", "base", "video", "audio",
            "template", "math",
        ]
        .contains(&tag.as_str())
            // Math the app typesets itself (from `$…$`, built element by element) is allowed.
            && !(tag == "math" && el.closest(".ac-math > math").ok().flatten().is_some())
        {
            found.push(format!("a <{tag}> element"));
        }
        let names = el.get_attribute_names();
        for n in names.iter() {
            let name = n.as_string().unwrap_or_default().to_ascii_lowercase();
            let value = el.get_attribute(&name).unwrap_or_default();
            let v = value.trim().to_ascii_lowercase();
            if name.starts_with("on") {
                found.push(format!("<{tag} {name}>"));
            }
            if ["href", "src", "action", "data", "srcdoc", "formaction"].contains(&name.as_str())
                && (v.starts_with("javascript:") || v.starts_with("data:") || name == "srcdoc")
                // A raster image from its own bytes cannot run anything (SVG is never inline).
                && !(tag == "img" && name == "src" && raster_data_url(&v))
            {
                found.push(format!("<{tag} {name}={value:?}>"));
            }
            if name == "style" && v.contains("url(") {
                found.push(format!("<{tag} style={value:?}>"));
            }
        }
    }
    found
}

#[wasm_bindgen_test]
async fn hostile_payloads_anywhere_render_as_text_and_never_run() {
    let firefox = firefox();
    let mut shown = 0usize;
    let mut failures: Vec<String> = Vec::new();
    let mut payloads = 0usize;
    for (n, payload) in PAYLOADS.iter().enumerate() {
        // Firefox takes every third payload (the same rendering code).
        if firefox && !n.is_multiple_of(3) {
            continue;
        }
        payloads += 1;
        // 1. Title, human message, interrupt question and option: a run of the demo graph.
        let a = new_thread(payload).await;
        lg(HttpRequest::new(Method::Post, format!("/threads/{a}/runs/wait"), "run").json(json!({
            "assistant_id": "lighthouse",
            "input": {"messages": [{"role": "user", "content": format!("hostile interrupt: {payload}")}]}
        })))
        .await;
        // 2. AI markdown (text, link, image), a tool call's name and arguments, the tool's result.
        let b = new_thread("tool thread").await;
        let markdown = format!("{payload}\n\n[a link]({payload})\n\n![an image]({payload})");
        lg(HttpRequest::new(Method::Post, format!("/threads/{b}/state"), "state").json(json!({
            "values": {"messages": [
                {"type": "human", "content": payload, "id": format!("h-{n}")},
                {"type": "ai", "content": markdown, "id": format!("a-{n}"), "tool_calls": [
                    {"name": format!("tool {payload}"), "args": {"arg": payload}, "id": format!("call-{n}")}
                ]},
                {"type": "tool", "content": payload, "tool_call_id": format!("call-{n}"), "name": format!("tool {payload}"), "id": format!("t-{n}")}
            ],
            // 3. A component the agent asks for (generative UI): its name and props, the built-in card.
            "ui": [{"type": "ui", "id": format!("u-{n}"), "name": payload, "props": {"payload": payload, "nested": {"k": payload}},
                "metadata": {"message_id": format!("a-{n}"), "merge": false}}]},
            "as_node": "agent"
        })))
        .await;
        for (thread, what) in [(a, "interrupt"), (b, "tools")] {
            let root = mount(LANGGRAPH, Some(thread.clone()));
            let ready = |root: &HtmlElement| match what {
                "interrupt" => find(root, ".ac-interrupt-question").is_some(),
                _ => {
                    (find(root, ".ac-message[data-role='tool']").is_some()
                        || all_text(root, ".ac-message").len() >= 3)
                        && find(root, ".ac-ui-card").is_some()
                }
            };
            let mut waited = 0;
            while !ready(&root) && waited < 15_000 {
                sleep(25).await;
                waited += 25;
            }
            // Handlers of loaded or failed media fire soon after rendering.
            sleep(150).await;
            let page = root.text_content().unwrap_or_default();
            if !ready(&root) {
                failures.push(format!("{payload:?} ({what}): the thread did not render"));
            } else if !page.contains(payload.trim_matches('`')) && what == "interrupt" {
                failures.push(format!("{payload:?}: not shown as text in the interrupt"));
            } else if what == "tools" && text(&root, ".ac-ui-card .ac-ui-name") != *payload {
                failures.push(format!("{payload:?}: not the UI component's name, as text"));
            } else {
                shown += if what == "interrupt" { 4 } else { 9 };
            }
            for d in dangers(&root) {
                failures.push(format!("{payload:?} ({what}): {d}"));
            }
            if tripwire() {
                failures.push(format!("{payload:?} ({what}): it ran"));
                let _ = js_sys::Reflect::delete_property(
                    &js_sys::global().unchecked_into::<js_sys::Object>(),
                    &"__acXss".into(),
                );
            }
            root.remove();
        }
    }
    let tally = json!({
        "suite": "xss corpus", "browser": browser(),
        "payloads": payloads, "places": PLACES.len(), "instances": payloads * PLACES.len(),
        "rendered": shown, "executions": failures.iter().filter(|f| f.ends_with("it ran")).count(),
        "failures": failures,
    });
    report_tally(tally).await;
    assert!(failures.is_empty(), "{failures:#?}");
}
