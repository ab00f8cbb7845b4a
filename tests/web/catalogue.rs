//! The bad-response catalogue: every request the app makes against the real LangGraph server (through
//! the fault proxy) answered badly in every way a broken server or proxy answers — error statuses
//! with and without `Retry-After`, a proxy's HTML page, HTML or nothing with 200, JSON of the wrong
//! shape, half a body, bytes that are not UTF-8, no answer at all (the request timeout). Each case must
//! end in a readable message where the action happened, or be handled as if nothing was wrong (a run
//! whose answer was spoiled is followed from the server's state): 0 silent, 0 forever in progress,
//! 0 panics (a panic fails the suite). The counts go to the devserver's tally.

use super::*;
use agent_console::config::Timeouts;
/// How a server or proxy answers badly (`x-ac-fault` kinds).
const KINDS: [&str; 12] = [
    "status=500",
    "status=503",
    "status=429",
    "html=502",
    "html",
    "empty",
    "json=array",
    "json=object",
    "json=null",
    "truncate",
    "invalid-utf8",
    "stall=4000",
];

/// Where the user acts, the request that action makes, and where its failure must be said.
#[derive(Clone, Copy, Debug)]
enum Place {
    Connect,
    Assistants,
    ThreadList,
    CreateOnSend,
    OpenThread,
    Send,
    History,
    RunsTab,
    Rename,
    Delete,
}

impl Place {
    const ALL: [Place; 10] = [
        Place::Connect,
        Place::Assistants,
        Place::ThreadList,
        Place::CreateOnSend,
        Place::OpenThread,
        Place::Send,
        Place::History,
        Place::RunsTab,
        Place::Rename,
        Place::Delete,
    ];

    fn request(self) -> &'static str {
        match self {
            Place::Connect => "GET /info",
            Place::Assistants => "POST /assistants/search",
            Place::ThreadList => "POST /threads/search",
            Place::CreateOnSend => "POST /threads",
            Place::OpenThread => "GET /threads/*/state",
            Place::Send => "POST /threads/*/runs/stream",
            Place::History => "POST /threads/*/history",
            Place::RunsTab => "GET /threads/*/runs",
            Place::Rename => "PATCH /threads/*",
            Place::Delete => "DELETE /threads/*",
        }
    }

    /// Where the message must show.
    fn alert(self) -> &'static str {
        match self {
            Place::Connect | Place::Assistants => ".ac-connection.ac-error",
            Place::ThreadList | Place::Rename | Place::Delete => ".ac-threads [role='alert']",
            Place::CreateOnSend | Place::OpenThread | Place::Send => ".ac-thread-error",
            Place::History | Place::RunsTab => ".ac-tab-body [role='alert']",
        }
    }

    /// Whether it needs a thread of its own to act on (opened by deep link).
    fn on_thread(self) -> bool {
        !matches!(
            self,
            Place::Connect | Place::Assistants | Place::ThreadList | Place::CreateOnSend
        )
    }
}

#[derive(Default, Debug, serde::Serialize)]
struct Tally {
    suite: &'static str,
    browser: String,
    cases: usize,
    errors_shown: usize,
    handled: usize,
    silent: usize,
    in_progress: usize,
    unreadable: usize,
    failures: Vec<String>,
}

/// A thread with one finished run, made with the server's own API (no faults).
async fn a_thread() -> String {
    let p = ServerProfile::new(LANGGRAPH, Dialect::LangGraph);
    let r = agent_console::platform::transport::send(
        &p,
        &HttpRequest::new(Method::Post, "/threads", "t").json(json!({})),
    )
    .await
    .unwrap();
    let id = serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["thread_id"]
        .as_str()
        .unwrap()
        .to_owned();
    agent_console::platform::transport::send(
        &p,
        &HttpRequest::new(Method::Post, format!("/threads/{id}/runs/wait"), "run").json(json!({
            "assistant_id": "lighthouse",
            "input": {"messages": [{"role": "user", "content": "catalogue thread"}]}
        })),
    )
    .await
    .unwrap();
    id
}

fn readable(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    !msg.trim().is_empty()
        && msg.len() < 700
        && ![
            "<html",
            "<!doctype",
            "jsvalue(",
            "[object ",
            "undefined",
            "panicked",
        ]
        .iter()
        .any(|bad| m.contains(bad))
}

/// Whether the action went through as if the answer had been good.
fn handled(place: Place, root: &HtmlElement, thread: &str, typed: &str) -> bool {
    match place {
        Place::Connect | Place::Assistants => find(root, ".ac-connection.ac-ok").is_some(),
        Place::ThreadList => {
            find(root, &format!(".ac-thread[data-thread-id='{thread}']")).is_some()
        }
        Place::CreateOnSend | Place::Send => {
            run_status(root) == "success"
                && all_text(root, ".ac-message[data-role='ai'] .ac-text")
                    .last()
                    .is_some_and(|t| t.contains(typed))
        }
        Place::OpenThread => all_text(root, ".ac-message[data-role='human'] .ac-text")
            .iter()
            .any(|t| t.contains("catalogue thread")),
        Place::History => find(root, ".ac-history .ac-checkpoint").is_some(),
        Place::RunsTab => find(root, ".ac-runs .ac-run-row").is_some(),
        Place::Rename => text(root, ".ac-thread.ac-selected .ac-thread-title").contains("renamed"),
        Place::Delete => find(root, &format!(".ac-thread[data-thread-id='{thread}']")).is_none(),
    }
}

/// Whether the place still says it is working.
fn in_progress(place: Place, root: &HtmlElement) -> bool {
    match place {
        Place::CreateOnSend | Place::Send | Place::OpenThread => streaming(root),
        Place::History | Place::RunsTab => text(root, ".ac-tab-body").contains("Loading"),
        _ => false,
    }
}

async fn act(place: Place, root: &HtmlElement, typed: &str) {
    let ready = |root: &HtmlElement| find(root, ".ac-connection.ac-ok").is_some();
    match place {
        Place::Connect | Place::Assistants | Place::ThreadList | Place::OpenThread => {}
        Place::CreateOnSend | Place::Send => {
            wait_for("the connection", 15_000, || ready(root)).await;
            if matches!(place, Place::Send) {
                wait_for("the thread's messages", 15_000, || {
                    find(root, ".ac-message[data-role='human']").is_some()
                })
                .await;
            }
            type_into(root, ".ac-composer-input", typed);
            click(root, ".ac-send");
        }
        Place::History | Place::RunsTab => {
            let tab = if matches!(place, Place::History) {
                "state"
            } else {
                "runs"
            };
            wait_for("the tab", 15_000, || {
                find(root, &format!(".ac-tab[data-tab='{tab}']")).is_some()
            })
            .await;
            click(root, &format!(".ac-tab[data-tab='{tab}']"));
        }
        Place::Rename | Place::Delete => {
            wait_for("the thread in the list", 15_000, || {
                find(root, ".ac-thread.ac-selected .ac-thread-menu-toggle").is_some()
            })
            .await;
            if matches!(place, Place::Rename) {
                thread_action(root, ".ac-thread.ac-selected", ".ac-rename").await;
                wait_for("the rename box", 5_000, || {
                    find(root, ".ac-rename-input").is_some()
                })
                .await;
                let input: web_sys::HtmlInputElement =
                    find(root, ".ac-rename-input").unwrap().unchecked_into();
                input.set_value("renamed by the catalogue");
                input
                    .dispatch_event(&web_sys::Event::new("input").unwrap())
                    .unwrap();
                let init = web_sys::KeyboardEventInit::new();
                init.set_key("Enter");
                let ev =
                    web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
                        .unwrap();
                input.dispatch_event(&ev).unwrap();
            } else {
                thread_action(root, ".ac-thread.ac-selected", ".ac-delete").await;
                wait_for("the delete confirmation", 5_000, || {
                    find(root, ".ac-confirm-delete").is_some()
                })
                .await;
                click(root, ".ac-confirm-delete");
            }
        }
    }
}

#[wasm_bindgen_test]
async fn every_request_answered_badly_says_so_where_it_happened() {
    let firefox = firefox();
    let mut t = Tally {
        suite: "bad answers",
        browser: browser().into(),
        ..Tally::default()
    };
    let mut n = 0usize;
    for place in Place::ALL {
        // One thread per place serves its cases (a deleted one is made again).
        let mut shared: Option<String> = None;
        for kind in KINDS {
            n += 1;
            // Firefox runs every third case (the same code; the suite stays lean).
            if firefox && !n.is_multiple_of(3) {
                continue;
            }
            t.cases += 1;
            let thread = match (place.on_thread(), &shared) {
                (false, _) => None,
                (true, Some(id)) if !matches!(place, Place::Delete) => Some(id.clone()),
                (true, _) => Some(a_thread().await),
            };
            shared = thread.clone();
            let typed = unique("catalogue message");
            ensure_stylesheet();
            let root = fresh_root();
            mount_app(
                root.clone(),
                AppConfig {
                    server: Some(PROXY.to_owned()),
                    dialect: Some(Dialect::LangGraph),
                    thread: thread.clone(),
                    headers: vec![(
                        "x-ac-fault".into(),
                        format!("{kind}; on={}; times=1; key={typed}", place.request()),
                    )],
                    sync_url: false,
                    timeouts: Timeouts {
                        request_ms: 1_500,
                        ..Timeouts::default()
                    },
                    ..AppConfig::default()
                },
            );
            let case = format!("{place:?} ({}) ← {kind}", place.request());
            web_sys::console::log_1(
                &format!("catalogue case {case} at {}", js_sys::Date::now()).into(),
            );
            act(place, &root, &typed).await;
            let thread_id = thread.clone().unwrap_or_default();
            let mut waited = 0;
            let outcome = loop {
                if let Some(msg) = find(&root, place.alert()).and_then(|e| e.text_content()) {
                    break Some(Err(msg));
                }
                if handled(place, &root, &thread_id, &typed) {
                    break Some(Ok(()));
                }
                if waited > 12_000 {
                    break None;
                }
                sleep(25).await;
                waited += 25;
            };
            match outcome {
                Some(Err(msg)) => {
                    t.errors_shown += 1;
                    if !readable(&msg) {
                        t.unreadable += 1;
                        t.failures.push(format!("{case}: unreadable: {msg:?}"));
                    }
                    // What the user typed stays where it was.
                    if matches!(place, Place::Send | Place::CreateOnSend)
                        && composer_text(&root) != typed
                        && !all_text(&root, ".ac-message[data-role='human'] .ac-text")
                            .iter()
                            .any(|h| h.contains(&typed))
                    {
                        t.failures.push(format!("{case}: the typed text is gone"));
                    }
                }
                Some(Ok(())) => t.handled += 1,
                None => {
                    if in_progress(place, &root) {
                        t.in_progress += 1;
                        t.failures.push(format!("{case}: still in progress"));
                    } else {
                        t.silent += 1;
                        t.failures.push(format!(
                            "{case}: nothing said; alerts anywhere: {:?}",
                            all_text(&root, "[role='alert']")
                        ));
                    }
                }
            }
            // Leave no live app behind: the next case starts clean.
            root.set_inner_html("");
            root.remove();
        }
    }
    report_tally(serde_json::to_value(&t).unwrap()).await;
    assert!(
        t.failures.is_empty(),
        "{} of {} cases failed: {:#?}",
        t.failures.len(),
        t.cases,
        t.failures
    );
}
