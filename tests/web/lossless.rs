//! Lossless under faults: streamed runs whose streams are cut at random (seeded: clean ends and
//! resets, after whole events and mid-event / mid-UTF-8, often several times in one run — each
//! rejoin is cut again at random) in all three dialects — the real LangGraph server through the fault
//! proxy, the Agent Protocol and Yandex stand-ins with the same switch. Each run must end with the
//! page showing exactly the server's own final text (0 lost), no message ever showing a text that is
//! not a prefix of that message's final text on the server — each AI message checked by its id, every
//! 15 ms — while streaming and rejoining (0 duplicated), and settled (0 stuck). The counts go to the
//! devserver's tally, which the test command prints.

use super::*;
use agent_console::config::Timeouts;
use agent_console::platform::transport::FetchHttp;
use agent_console_core::backend::Backend;
use agent_console_core::domain::Role;

/// Runs per dialect: Chromium runs them all; Firefox a share of them, to keep the suite lean (the
/// same code path; the cuts differ by seed).
fn runs(per_dialect: usize) -> usize {
    if firefox() {
        per_dialect.div_ceil(3)
    } else {
        per_dialect
    }
}

#[derive(Default, Debug, serde::Serialize)]
struct Tally {
    suite: &'static str,
    dialect: String,
    browser: String,
    seed: u64,
    runs: usize,
    reconnects: u64,
    recovered: usize,
    /// Sends refused with a network error before any answer (the text stays; sent again, as a user
    /// would): a connection the proxy had just reset, reused by the browser.
    resent: usize,
    /// Sends whose message the server stored but whose run-start got no answer (a network error,
    /// said in place; the message stays shown): not sent again — the server has the text.
    refused: usize,
    lost: usize,
    /// Runs whose shown AI messages were checked by id against the server's (the ids match).
    checked_by_id: usize,
    duplicated: usize,
    stuck: usize,
    failures: Vec<String>,
}

async fn report(t: &Tally) {
    report_tally(serde_json::to_value(t).unwrap()).await;
}

fn mount_with(
    server: &str,
    dialect: Dialect,
    auth: Auth,
    folder: Option<&str>,
    fault: String,
) -> HtmlElement {
    ensure_stylesheet();
    let root = fresh_root();
    mount_app(
        root.clone(),
        AppConfig {
            server: Some(server.to_owned()),
            dialect: Some(dialect),
            auth,
            folder: folder.map(str::to_owned),
            headers: vec![("x-ac-fault".into(), fault)],
            sync_url: false,
            timeouts: Timeouts::default(),
            ..AppConfig::default()
        },
    );
    root
}

fn last_ai_text(root: &HtmlElement) -> String {
    all_text(root, ".ac-message[data-role='ai'] .ac-text")
        .pop()
        .unwrap_or_default()
}

/// Every AI message shown, by id, with its text.
fn ai_messages(root: &HtmlElement) -> Vec<(String, String)> {
    let list = root
        .query_selector_all(".ac-message[data-role='ai']")
        .unwrap();
    (0..list.length())
        .filter_map(|i| {
            let e: Element = list.item(i)?.dyn_into().ok()?;
            let id = e.get_attribute("data-message-id")?;
            let text = e
                .query_selector(".ac-text")
                .ok()
                .flatten()
                .and_then(|t| t.text_content())
                .unwrap_or_default();
            Some((id, text))
        })
        .collect()
}

/// The AI messages' ids as rendered (the last 3), for a failure's account.
fn find_all_ids(root: &HtmlElement) -> Vec<String> {
    let list = root
        .query_selector_all(".ac-message[data-role='ai']")
        .unwrap();
    let ids: Vec<String> = (0..list.length())
        .filter_map(|i| {
            list.item(i)?
                .dyn_into::<Element>()
                .ok()?
                .get_attribute("data-message-id")
        })
        .collect();
    ids.into_iter().rev().take(3).collect()
}

const SETTLED: [&str; 5] = ["success", "error", "interrupted", "cancelled", "timeout"];

/// Sends `runs` messages, one run at a time, through `root` (whose every stream is cut at random),
/// and checks each against the server's own state read through `truth` (no faults).
async fn chaos_runs(
    root: &HtmlElement,
    truth: ServerProfile,
    dialect: &str,
    seed: u64,
    runs: usize,
    prompt: impl Fn(usize) -> String,
) -> Tally {
    let mut t = Tally {
        suite: "cut runs",
        dialect: dialect.to_owned(),
        browser: browser().into(),
        seed,
        ..Tally::default()
    };
    wait_for("the connection", 20_000, || {
        find(root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    let http = FetchHttp::new(truth.clone());
    let backend = Backend::connect(&truth, &http)
        .await
        .expect("the server answers")
        .backend;
    let mut last_trace = Vec::new();
    for i in 0..runs {
        let sent_text = prompt(i);
        type_into(root, ".ac-composer-input", &sent_text);
        wait_for("Send to be enabled", 20_000, || {
            find(root, ".ac-send").is_some_and(|b| !b.has_attribute("disabled"))
        })
        .await;
        let ai_before = all_text(root, ".ac-message[data-role='ai'] .ac-text").len();
        click(root, ".ac-send");
        let mut samples: Vec<String> = Vec::new();
        // Every text each AI message showed (by id), at 15 ms intervals: each must be a prefix of
        // that message's final text on the server.
        let mut by_id: Vec<(String, u32, String)> = Vec::new();
        let mut views: Vec<String> = Vec::new();
        let mut trace: Vec<String> = Vec::new();
        let mut begun = false;
        let mut refused = false;
        let mut resends = 0;
        let mut waited = 0;
        let settled = loop {
            let sent = all_text(root, ".ac-message[data-role='human'] .ac-text")
                .iter()
                .any(|h| h.contains(&sent_text));
            // The reply's texts as shown, once its message is there.
            let ai = all_text(root, ".ac-message[data-role='ai'] .ac-text");
            if ai.len() > ai_before && samples.last() != ai.last() {
                samples.extend(ai.last().cloned());
                views.push(format!(
                    "{}ms: {} AI (before {ai_before}), ids {:?}, last 3: {:?}",
                    waited,
                    ai.len(),
                    find_all_ids(root),
                    ai.iter()
                        .rev()
                        .take(3)
                        .map(|t| t.chars().take(40).collect::<String>())
                        .collect::<Vec<_>>()
                ));
            }
            for (id, text) in ai_messages(root) {
                let last = by_id.iter().rev().find(|(i, _, _)| *i == id);
                if last.is_none_or(|(_, _, t)| *t != text) {
                    by_id.push((id, waited, text));
                }
            }
            let step = format!("{}:{}:{}", waited, run_status(root), streaming(root));
            if trace.last().map(|t| t.split_once(':').map(|x| x.1))
                != Some(step.split_once(':').map(|x| x.1))
            {
                trace.push(step);
            }
            // Begun: the follower took the run (the sent message may show before that).
            begun |= streaming(root);
            if !begun
                && resends < 3
                && text(root, ".ac-thread-error").contains("Could not reach")
                && composer_text(root) == sent_text
            {
                resends += 1;
                t.resent += 1;
                // As a user would: a moment later.
                sleep(500).await;
                click(root, ".ac-send");
            }
            if sent && begun && SETTLED.contains(&run_status(root).as_str()) && !streaming(root) {
                break true;
            }
            // The message is stored and shown, its run-start failed and said so (Yandex:
            // `Message.Create`, then `Run.Create` without an answer).
            if !begun
                && sent
                && composer_text(root).is_empty()
                && text(root, ".ac-thread-error").contains("Could not reach")
                && !streaming(root)
            {
                refused = true;
                break true;
            }
            if waited > 40_000 {
                break false;
            }
            sleep(15).await;
            waited += 15;
        };
        if !settled {
            t.stuck += 1;
            t.failures.push(format!("the run before: {last_trace:?}"));
            t.failures.push(format!(
                "run {i}: stuck at {:?}; error {:?}; composer {:?}; human messages {:?}",
                run_status(root),
                text(root, ".ac-error"),
                composer_text(root),
                all_text(root, ".ac-message[data-role='human'] .ac-text"),
            ));
            break;
        }
        if refused {
            t.refused += 1;
            t.failures.push(format!(
                "run {i}: refused: {}",
                text(root, ".ac-thread-error")
            ));
            continue;
        }
        t.runs += 1;
        last_trace = trace;
        let reconnects = text_of_count(root);
        t.reconnects += reconnects;
        if find(root, ".ac-notice").is_some() {
            t.recovered += 1;
        }
        let thread = find(root, ".ac-thread.ac-selected")
            .and_then(|e| e.get_attribute("data-thread-id"))
            .expect("the run's thread is selected");
        let state = backend
            .thread_state(&http, &thread)
            .await
            .unwrap_or_else(|e| panic!("the server's state of {thread}: {e}"));
        let server_text = state
            .messages
            .iter()
            .rev()
            .find(|m| m.role == Role::Ai)
            .map(|m| m.plain_text())
            .unwrap_or_default();
        // A paragraph's rendered text drops trailing whitespace (the stand-ins stream "word ").
        let server_text = server_text.trim_end().to_owned();
        let shown = last_ai_text(root);
        if run_status(root) != "success" || shown != server_text {
            t.lost += 1;
            t.failures.push(format!(
                "run {i} ({} reconnects, status {:?}): shown {shown:?}, the server has {server_text:?}; error {:?}",
                reconnects,
                run_status(root),
                text(root, ".ac-error")
            ));
        }
        // Each AI message of the run: every text it showed began its final text.
        let finals: Vec<(String, String)> = state
            .messages
            .iter()
            .filter(|m| m.role == Role::Ai)
            .map(|m| (m.id.clone(), m.plain_text().trim_end().to_owned()))
            .collect();
        let wrong: Vec<&(String, u32, String)> = by_id
            .iter()
            .filter(|(id, _, text)| {
                finals
                    .iter()
                    .find(|(f, _)| f == id)
                    .is_some_and(|(_, fin)| !fin.starts_with(text.trim_end()))
            })
            .collect();
        if by_id
            .iter()
            .any(|(id, _, _)| finals.iter().any(|(f, _)| f == id))
        {
            t.checked_by_id += 1;
        }
        if let Some((id, at, text)) = wrong.first() {
            let fin = finals
                .iter()
                .find(|(f, _)| f == id)
                .map(|(_, t)| t.as_str());
            let until = wrong.last().map_or(*at, |w| w.1);
            t.duplicated += 1;
            t.failures.push(format!(
                "run {i}: message {id} showed {text:?} at {at} ms (and {} such texts until {until} ms), which its final text {fin:?} does not begin with",
                wrong.len() - 1
            ));
        } else if let Some(bad) = samples.iter().find(|s| {
            // A run that added several AI messages (see `langgraph_multi_message_…`).
            let several_messages = finals.len() > ai_before + 1;
            if several_messages {
                // The last message shown is not always the run's last: each text shown last
                // began one of the thread's AI messages.
                !finals.iter().any(|(_, fin)| fin.starts_with(s.trim_end()))
            } else {
                !server_text.starts_with(s.trim_end())
            }
        }) {
            t.duplicated += 1;
            t.failures.push(format!(
                "run {i}: showed {bad:?}, which the server's text {server_text:?} does not begin with; the view then: {views:?}"
            ));
        }
    }
    t
}

/// The current run's reconnects (the run status's `data-reconnects`).
fn text_of_count(root: &HtmlElement) -> u64 {
    find(root, ".ac-run-status")
        .and_then(|e| e.get_attribute("data-reconnects"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn check(t: &Tally) {
    assert!(
        t.lost == 0 && t.duplicated == 0 && t.stuck == 0,
        "{} of {} runs lost text, {} showed a duplicate, {} got stuck: {:#?}",
        t.lost,
        t.runs,
        t.duplicated,
        t.stuck,
        t.failures
    );
}

/// A random seed for the cuts — or, to replay a failing run, the one named at build time:
/// `AC_CHAOS_SEED=836844 cargo test --target wasm32-unknown-unknown --test web -- lossless::…`.
fn chaos_seed() -> u64 {
    option_env!("AC_CHAOS_SEED")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| 1 + (js_sys::Math::random() * 1e6) as u64)
}

/// `runs` sends to the real LangGraph server through the fault proxy, every stream cut at random.
async fn langgraph_cut_runs(label: &str, runs: usize, prompt: impl Fn(usize) -> String) {
    let seed = chaos_seed();
    let root = mount_with(
        PROXY,
        Dialect::LangGraph,
        Auth::None,
        None,
        format!("chaos={seed}; on=**/stream"),
    );
    let truth = ServerProfile::new(LANGGRAPH, Dialect::LangGraph);
    let t = chaos_runs(&root, truth, label, seed, runs, prompt).await;
    report(&t).await;
    check(&t);
}

#[wasm_bindgen_test]
async fn langgraph_runs_cut_at_random_through_the_proxy_lose_nothing() {
    langgraph_cut_runs("LangGraph", runs(40), |i| {
        unique(&format!("chaos run {i} über naïve café"))
    })
    .await;
}

/// A graph of several messages a run (a long streamed reply, then a subgraph's two messages): while a
/// cut run is rejoined, each message shows only beginnings of its final text.
#[wasm_bindgen_test]
async fn langgraph_multi_message_runs_cut_at_random_show_only_prefixes() {
    langgraph_cut_runs("LangGraph several messages", runs(12), |i| {
        unique(&format!("research a long story, chaos {i} über naïve café"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn agent_protocol_runs_cut_at_random_lose_nothing() {
    let seed = chaos_seed();
    let root = mount_with(
        DEVSERVER,
        Dialect::AgentProtocol,
        Auth::None,
        None,
        format!("chaos={seed}; on=**/stream"),
    );
    let t = chaos_runs(
        &root,
        ServerProfile::new(DEVSERVER, Dialect::AgentProtocol),
        "Agent Protocol",
        seed,
        runs(35),
        |i| {
            unique(&format!(
                "chaos {i} one two three four five six seven eight — ünïcødé ✓"
            ))
        },
    )
    .await;
    report(&t).await;
    check(&t);
}

#[wasm_bindgen_test]
async fn yandex_runs_cut_at_random_lose_nothing() {
    let seed = chaos_seed();
    let auth = Auth::YandexApiKey("demo-api-key".into());
    let root = mount_with(
        DEVSERVER,
        Dialect::Yandex,
        auth.clone(),
        Some("b1gdemofolder0000001"),
        format!("chaos={seed}; on=**/runs/listen"),
    );
    let mut truth = ServerProfile::new(DEVSERVER, Dialect::Yandex);
    truth.auth = auth;
    truth.folder_id = Some("b1gdemofolder0000001".into());
    let t = chaos_runs(&root, truth, "Yandex", seed, runs(35), |i| {
        unique(&format!(
            "chaos {i} alpha beta gamma delta epsilon — ünïcødé ✓"
        ))
    })
    .await;
    report(&t).await;
    check(&t);
}

/// `runs` sends on the Responses stand-in under `path` (`/v1`, `/chain/v1`), every stream of a
/// response cut at random (its first read and every `starting_after` resumption); the JSON answers
/// on the same paths are left whole.
async fn responses_cut_runs(path: &str, dialect: &str, runs: usize, words: &'static str) {
    let seed = chaos_seed();
    let auth = Auth::Bearer("demo-api-key".into());
    let base = format!("{DEVSERVER}{path}");
    let root = mount_with(
        &base,
        Dialect::Responses,
        auth.clone(),
        None,
        format!("chaos={seed}; on={path}/responses/**; streams"),
    );
    let mut truth = ServerProfile::new(&base, Dialect::Responses);
    truth.auth = auth;
    let t = chaos_runs(&root, truth, dialect, seed, runs, |i| {
        unique(&format!("{words} {i} eins zwei drei — ünïcødé ✓"))
    })
    .await;
    report(&t).await;
    check(&t);
}

/// The a2a-sdk agent through a fault proxy: each `message/stream` and each resubscription cut at
/// random (the JSON answers left whole); one conversation, a long reply of many chunks a run.
#[wasm_bindgen_test]
async fn a2a_runs_cut_at_random_lose_nothing() {
    let seed = chaos_seed();
    let root = mount_with(
        super::a2a::PROXIED,
        Dialect::A2a,
        Auth::None,
        None,
        format!("chaos={seed}; on=POST /; streams"),
    );
    let truth = ServerProfile::new(super::a2a::A2A, Dialect::A2a);
    let t = chaos_runs(&root, truth, "A2A", seed, runs(16), |i| {
        unique(&format!("story {i} eins zwei drei"))
    })
    .await;
    report(&t).await;
    check(&t);
}

#[wasm_bindgen_test]
async fn responses_runs_cut_at_random_lose_nothing() {
    responses_cut_runs("/v1", "Responses", runs(30), "chaos").await;
}

#[wasm_bindgen_test]
async fn responses_chains_cut_at_random_lose_nothing() {
    // The stand-in without conversations: each reply moves the thread to its response, so a cut
    // stream is rejoined — and the run settled — under the thread's new id.
    responses_cut_runs("/chain/v1", "Responses chains", runs(10), "chain").await;
}
