//! The Responses API dialect against the devserver's stand-in (OpenAI's published schemas, checked
//! natively): connect, conversations listed and opened, a reply streamed live with its reasoning,
//! a function call answered, Stop, a dropped stream resumed without duplicates, a failed response
//! with the server's words, and a 401 named as a credential problem.

use super::*;

const KEY: &str = "demo-api-key";

fn base() -> String {
    format!("{DEVSERVER}/v1")
}

fn mount_responses(auth: Auth) -> HtmlElement {
    mount_responses_with(auth, Vec::new())
}

fn mount_responses_with(auth: Auth, headers: Vec<(String, String)>) -> HtmlElement {
    mount_responses_timed(auth, headers, agent_console::config::Timeouts::default())
}

fn mount_responses_timed(
    auth: Auth,
    headers: Vec<(String, String)>,
    timeouts: agent_console::config::Timeouts,
) -> HtmlElement {
    ensure_stylesheet();
    let root = fresh_root();
    mount_app(
        root.clone(),
        AppConfig {
            server: Some(base()),
            dialect: Some(Dialect::Responses),
            auth,
            headers,
            timeouts,
            sync_url: false,
            ..AppConfig::default()
        },
    );
    root
}

async fn responses_connected() -> HtmlElement {
    let root = mount_responses(Auth::Bearer(KEY.into()));
    wait_for("the connection to the Responses stand-in", 15_000, || {
        find(&root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    root
}

/// The stand-in's API, straight (to set up and to check what the server holds).
async fn server(req: HttpRequest) -> serde_json::Value {
    server_at(&base(), req).await
}

async fn server_at(base: &str, req: HttpRequest) -> serde_json::Value {
    let mut p = ServerProfile::new(base, Dialect::Responses);
    p.auth = Auth::Bearer(KEY.into());
    let r = agent_console::platform::transport::send(&p, &req)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&r.body).unwrap()
}

/// The AI messages' texts (a reasoning item has none of its own).
fn replies(root: &HtmlElement) -> Vec<String> {
    all_text(root, ".ac-message[data-role='ai'] .ac-text")
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .collect()
}

fn story() -> String {
    let w = [
        "once", "upon", "a", "time", "seven", "amber", "herons", "crossed", "the", "fjord", "at",
        "dawn",
    ];
    (0..120)
        .map(|i| w[i % w.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `sequence_number`s of the events the Events tab shows, in order.
fn sequence_numbers(root: &HtmlElement) -> Vec<u64> {
    all_text(root, ".ac-event-data")
        .iter()
        .filter_map(|d| serde_json::from_str::<serde_json::Value>(d).ok())
        .filter_map(|v| v["sequence_number"].as_u64())
        .collect()
}

#[wasm_bindgen_test]
async fn responses_connects_lists_and_opens_a_conversation() {
    // A conversation with one exchange, made through the API.
    let title = unique("Trip to Oslo");
    let conv = server(
        HttpRequest::new(Method::Post, "/conversations", "t")
            .json(json!({"metadata": {"title": title}})),
    )
    .await;
    let conv = conv["id"].as_str().unwrap().to_owned();
    let words = unique("what to pack");
    server(
        HttpRequest::new(Method::Post, "/responses", "t")
            .json(json!({"model": "demo-echo", "input": words, "conversation": conv})),
    )
    .await;
    let root = responses_connected().await;
    let status = text(&root, ".ac-connection.ac-ok");
    assert!(
        status.contains("Responses API") && status.contains("conversations listed"),
        "{status}"
    );
    // Models are the picker's choices.
    assert!(all_text(&root, ".ac-assistants option")
        .iter()
        .any(|o| o.contains("demo-echo")));
    let row = format!(".ac-thread[data-thread-id='{conv}']");
    wait_for("the conversation listed", 10_000, || {
        find(&root, &row).is_some()
    })
    .await;
    assert!(text(&root, &row).contains(&title));
    click(&root, &format!("{row} .ac-thread-title"));
    wait_for("its items", 10_000, || !replies(&root).is_empty()).await;
    assert_eq!(
        all_text(&root, ".ac-message[data-role='human'] .ac-text"),
        vec![words.clone()]
    );
    assert_eq!(
        replies(&root),
        vec![format!(
            "Quartz echo: {words} — seven amber herons crossed the fjord at dawn."
        )]
    );
    assert_eq!(text(&root, ".ac-reasoning p"), "Echoing the user's words.");
}

#[wasm_bindgen_test]
async fn responses_streams_live_then_resumes_a_dropped_stream_without_duplicates() {
    let root = responses_connected().await;
    type_into(&root, ".ac-composer-input", &unique("tell me a long story"));
    click(&root, ".ac-send");
    wait_for("text growing while running", 15_000, || {
        run_status(&root) == "running"
            && replies(&root)
                .last()
                .is_some_and(|t| t.split(' ').count() > 10)
    })
    .await;
    let early = replies(&root).last().cloned().unwrap();
    assert!(
        story().starts_with(&early) && early.len() < story().len(),
        "{early}"
    );
    // Drop the connection (the Events tab's Reconnect): the stream resumes after the last event.
    click(&root, ".ac-tab[data-tab='events']");
    wait_for("the reconnect button", 5_000, || {
        find(&root, ".ac-reconnect").is_some()
    })
    .await;
    click(&root, ".ac-reconnect");
    wait_for("the response to complete", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    let events = text(&root, ".ac-events-count");
    assert!(events.contains("1 reconnects"), "{events}");
    let seen = sequence_numbers(&root);
    assert!(seen.len() > 100, "{}", seen.len());
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "every event once, in order: {seen:?}"
    );
    assert_eq!(seen[0], 0);
    click(&root, ".ac-tab[data-tab='messages']");
    wait_for("the messages again", 5_000, || !replies(&root).is_empty()).await;
    assert_eq!(replies(&root), vec![story()], "one reply, exact");
    assert_eq!(composer_text(&root), "");
}

#[wasm_bindgen_test]
async fn responses_a_function_call_is_answered_in_a_form() {
    let root = responses_connected().await;
    type_into(&root, ".ac-composer-input", "call get_weather Oslo");
    click(&root, ".ac-send");
    wait_for("the call to answer", 15_000, || {
        find(&root, ".ac-interrupt-form").is_some() && run_status(&root) == "interrupted"
    })
    .await;
    let question = text(&root, ".ac-interrupt-question");
    assert!(
        question.contains("get_weather") && question.contains("Oslo"),
        "{question}"
    );
    assert!(text(&root, ".ac-tool-call").contains("get_weather"));
    assert_eq!(
        all_text(&root, ".ac-form-label"),
        vec!["Output of get_weather *"]
    );
    let answer = unique("sunny, 21 °C");
    set_input(
        &root,
        ".ac-form-field[data-field='output'] textarea",
        &answer,
    );
    click(&root, ".ac-form-submit");
    wait_for("the answered response", 15_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(
        replies(&root).last().cloned(),
        Some(format!("The tool said: {answer}."))
    );
    assert!(find(&root, ".ac-interrupt").is_none());
    // The answer showed at once and took the server's id: nothing to recover, no notice.
    assert!(
        find(&root, ".ac-notice").is_none(),
        "{}",
        text(&root, ".ac-notice")
    );
    // The conversation holds the call, its output and the reply, in order.
    let thread = find(&root, ".ac-thread.ac-selected")
        .and_then(|e| e.get_attribute("data-thread-id"))
        .unwrap();
    let items = server(
        HttpRequest::new(Method::Get, format!("/conversations/{thread}/items"), "t")
            .query("order", "asc"),
    )
    .await;
    let kinds: Vec<&str> = items["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "message",
            "function_call",
            "function_call_output",
            "message"
        ]
    );
    // Both responses are in the Runs tab, newest first.
    click(&root, ".ac-tab[data-tab='runs']");
    let cards = ".ac-seen-runs .ac-run-detail-card";
    wait_for("two records", 10_000, || {
        root.query_selector_all(cards)
            .map(|l| l.length())
            .unwrap_or(0)
            == 2
    })
    .await;
    assert_eq!(
        all_text(&root, &format!("{cards} dd[data-field='output']")),
        vec!["1 item(s)", "1 item(s)"]
    );
}

#[wasm_bindgen_test]
async fn responses_stop_cancels_and_keeps_what_streamed() {
    let root = responses_connected().await;
    type_into(&root, ".ac-composer-input", &unique("one more long story"));
    click(&root, ".ac-send");
    wait_for("Stop to be offered", 15_000, || {
        find(&root, ".ac-cancel").is_some_and(|b| !b.has_attribute("disabled"))
            && replies(&root)
                .last()
                .is_some_and(|t| t.split(' ').count() > 5)
    })
    .await;
    click(&root, ".ac-cancel");
    wait_for("the cancel to settle", 15_000, || {
        run_status(&root) == "cancelled" && !streaming(&root)
    })
    .await;
    let kept = replies(&root).last().cloned().unwrap_or_default();
    assert!(
        story().starts_with(&kept) && kept.len() < story().len(),
        "{kept}"
    );
    // The server's own word: the response was cancelled.
    let run = find(&root, ".ac-run-status")
        .and_then(|e| e.get_attribute("data-run-id"))
        .filter(|r| !r.is_empty())
        .expect("the response is named");
    let r = server(HttpRequest::new(
        Method::Get,
        format!("/responses/{run}"),
        "t",
    ))
    .await;
    assert_eq!(r["status"], "cancelled");
}

#[wasm_bindgen_test]
async fn responses_a_failure_says_the_servers_words_and_a_401_names_the_key() {
    let root = responses_connected().await;
    type_into(&root, ".ac-composer-input", "fail this one");
    click(&root, ".ac-send");
    wait_for("the failure", 15_000, || run_status(&root) == "error").await;
    let err = text(&root, ".ac-thread-error");
    assert!(
        err.contains("The model failed: a scripted failure."),
        "{err}"
    );
    assert_eq!(
        replies(&root).last().map(String::as_str),
        Some("I was about to")
    );
    // The Runs tab: the responses seen here, every field read fresh, absent ones said.
    click(&root, ".ac-tab[data-tab='runs']");
    let card = ".ac-seen-runs .ac-run-detail-card";
    wait_for("the response's record", 10_000, || {
        find(&root, card).is_some()
    })
    .await;
    let dd = |f: &str| text(&root, &format!("{card} dd[data-field='{f}']"));
    assert_eq!(dd("status"), "failed");
    assert_eq!(dd("model"), "demo-echo");
    assert_eq!(dd("error.code"), "server_error");
    assert_eq!(dd("error.message"), "The model failed: a scripted failure.");
    assert!(dd("usage.total_tokens").parse::<u64>().is_ok_and(|n| n > 0));
    assert!(find(
        &root,
        &format!("{card} dd[data-field='incomplete_details.reason'][data-absent]")
    )
    .is_some());
    assert_eq!(
        find(&root, card).and_then(|c| c.get_attribute("data-run-id")),
        find(&root, ".ac-run-status").and_then(|e| e.get_attribute("data-run-id"))
    );
    let bad = mount_responses(Auth::Bearer("wrong-key".into()));
    wait_for("the refusal", 10_000, || {
        find(&bad, ".ac-connection.ac-error").is_some()
    })
    .await;
    let msg = text(&bad, ".ac-connection.ac-error");
    assert!(
        msg.contains("check your API key") && msg.contains("Incorrect API key"),
        "{msg}"
    );
    let none = mount_responses(Auth::None);
    wait_for("the refusal without a key", 10_000, || {
        text(&none, ".ac-connection.ac-error").contains("check your API key")
    })
    .await;
}

#[wasm_bindgen_test]
async fn responses_a_stream_cut_before_it_names_its_response_is_not_left_in_progress() {
    // Not in the background: the response streams from its POST, and the connection breaks in the
    // first bytes — before `response.created` said its id. Nothing can be asked of the server.
    let fault = format!("reset-bytes=5; on=POST /v1/responses; key={}", unique("k"));
    let root = mount_responses_with(Auth::Bearer(KEY.into()), vec![("x-ac-fault".into(), fault)]);
    wait_for("the connection", 15_000, || {
        find(&root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    let options: web_sys::HtmlDetailsElement = find(&root, ".ac-responses-options")
        .unwrap()
        .unchecked_into();
    options.set_open(true);
    click(&root, ".ac-r-background");
    let words = unique("cut early");
    type_into(&root, ".ac-composer-input", &words);
    click(&root, ".ac-send");
    // Chromium hands the page the answer's first bytes, then the break: the run is settled as
    // unconfirmed. Firefox fails the fetch itself: the send is refused in place, the text kept.
    wait_for("the send to settle", 15_000, || {
        !streaming(&root)
            && (run_status(&root) == "unconfirmed"
                || text(&root, ".ac-thread-error").contains("Could not reach"))
    })
    .await;
    let err = text(&root, ".ac-thread-error");
    if run_status(&root) == "unconfirmed" {
        assert!(err.contains("cannot be rejoined"), "{err}");
    } else {
        assert_eq!(
            composer_text(&root),
            words,
            "refused: the text stays to send again"
        );
        assert!(!matches!(run_status(&root).as_str(), "pending" | "running"));
    }
}

#[wasm_bindgen_test]
async fn responses_a_server_that_lists_no_conversations_keeps_the_ones_made_here() {
    // As OpenAI's own API: no `GET /conversations` (the fault switch answers 404 there).
    let fault = format!("status=404; on=GET /v1/conversations; key={}", unique("k"));
    let root = mount_responses_with(Auth::Bearer(KEY.into()), vec![("x-ac-fault".into(), fault)]);
    wait_for("the connection", 15_000, || {
        find(&root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    assert!(text(&root, ".ac-connection.ac-ok").contains("not listed"));
    assert!(
        find(&root, ".ac-unlisted").is_some(),
        "the rail says why it holds only these"
    );
    let mut made = Vec::new();
    for n in 0..2 {
        if n > 0 {
            click(&root, ".ac-new-thread");
            wait_for("a new thread", 10_000, || {
                find(&root, ".ac-thread.ac-selected")
                    .and_then(|e| e.get_attribute("data-thread-id"))
                    .is_some_and(|t| !made.contains(&t))
            })
            .await;
        }
        type_into(
            &root,
            ".ac-composer-input",
            &unique(&format!("unlisted {n}")),
        );
        wait_for("Send", 10_000, || {
            find(&root, ".ac-send").is_some_and(|b| !b.has_attribute("disabled"))
        })
        .await;
        click(&root, ".ac-send");
        wait_for("the reply", 15_000, || {
            run_status(&root) == "success" && !streaming(&root)
        })
        .await;
        made.push(
            find(&root, ".ac-thread.ac-selected")
                .and_then(|e| e.get_attribute("data-thread-id"))
                .expect("the thread is listed"),
        );
    }
    // Both stay in the rail after the list reloads (after each send, and by hand).
    click(&root, ".ac-refresh");
    sleep(300).await;
    let listed = |id: &str| find(&root, &format!(".ac-thread[data-thread-id='{id}']")).is_some();
    assert!(made.iter().all(|id| listed(id)), "{made:?}");
    assert!(text(&root, ".ac-threads .ac-error").is_empty());
    // Another conversation, made elsewhere, is opened by its id and added.
    let other = server(HttpRequest::new(Method::Post, "/conversations", "t").json(json!({}))).await;
    let other = other["id"].as_str().unwrap().to_owned();
    set_input(&root, ".ac-thread-search", &other);
    press_enter(&root, ".ac-thread-search");
    wait_for("the typed conversation", 10_000, || listed(&other)).await;
    assert!(made.iter().all(|id| listed(id)), "the others stay");
}

#[wasm_bindgen_test]
async fn responses_a_stream_that_does_not_open_is_rejoined_not_given_up() {
    // The response is created (its id known); its stream's answer is held past the 2.5 s timeout
    // once. The follower rejoins it as it would a drop, and the reply arrives whole.
    let fault = format!(
        "hold=4000; on=GET /v1/responses/*; times=1; key={}",
        unique("k")
    );
    let root = mount_responses_timed(
        Auth::Bearer(KEY.into()),
        vec![("x-ac-fault".into(), fault)],
        agent_console::config::Timeouts {
            request_ms: 2_500,
            ..Default::default()
        },
    );
    wait_for("the connection", 15_000, || {
        find(&root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    let words = unique("held stream");
    type_into(&root, ".ac-composer-input", &words);
    click(&root, ".ac-send");
    wait_for("the reply", 20_000, || {
        run_status(&root) == "success" && !streaming(&root)
    })
    .await;
    assert_eq!(
        replies(&root),
        vec![format!(
            "Quartz echo: {words} — seven amber herons crossed the fjord at dawn."
        )]
    );
    assert_eq!(text(&root, ".ac-thread-error"), "", "nothing failed");
    assert_eq!(
        all_text(&root, ".ac-message[data-role='human'] .ac-text"),
        vec![words]
    );
}

/// The stand-in without conversations (`/chain/v1`): threads are chains of responses.
fn chain_base() -> String {
    format!("{DEVSERVER}/chain/v1")
}

fn mount_chain(thread: Option<String>) -> HtmlElement {
    ensure_stylesheet();
    let root = fresh_root();
    mount_app(
        root.clone(),
        AppConfig {
            server: Some(chain_base()),
            dialect: Some(Dialect::Responses),
            auth: Auth::Bearer(KEY.into()),
            thread,
            sync_url: false,
            ..AppConfig::default()
        },
    );
    root
}

fn selected_thread(root: &HtmlElement) -> Option<String> {
    find(root, ".ac-thread.ac-selected").and_then(|e| e.get_attribute("data-thread-id"))
}

fn shown_run(root: &HtmlElement) -> Option<String> {
    find(root, ".ac-run-status").and_then(|e| e.get_attribute("data-run-id"))
}

/// Sends `words` and waits for its run (a new one) to settle as `status`.
async fn send_and_settle(root: &HtmlElement, words: &str, status: &str) {
    let before = shown_run(root);
    type_into(root, ".ac-composer-input", words);
    wait_for("Send", 10_000, || {
        find(root, ".ac-send").is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    click(root, ".ac-send");
    wait_for(&format!("the run {status}"), 15_000, || {
        shown_run(root).is_some_and(|r| Some(r) != before)
            && run_status(root) == status
            && !streaming(root)
    })
    .await;
}

#[wasm_bindgen_test]
async fn responses_without_conversations_a_thread_is_a_chain_that_follows_its_newest_response() {
    let root = mount_chain(None);
    wait_for("the connection", 15_000, || {
        find(&root, ".ac-connection.ac-ok").is_some()
    })
    .await;
    assert!(text(&root, ".ac-connection.ac-ok").contains("chain of responses"));
    assert!(find(&root, ".ac-unlisted").is_some());
    // The first reply makes the thread: its id is the response's.
    let first = unique("first words");
    send_and_settle(&root, &first, "success").await;
    let head1 = shown_run(&root).expect("the response is named");
    assert_eq!(selected_thread(&root).as_ref(), Some(&head1));
    assert!(text(&root, ".ac-thread.ac-selected").contains(&first));
    // The next continues it; the thread moves to the new response, one entry in the rail.
    let second = unique("second thought");
    send_and_settle(&root, &second, "success").await;
    let head2 = shown_run(&root).expect("named");
    assert_ne!(head1, head2);
    wait_for("the thread at its newest response", 5_000, || {
        selected_thread(&root).as_ref() == Some(&head2)
    })
    .await;
    assert_eq!(
        root.query_selector_all(".ac-thread").unwrap().length(),
        1,
        "the entry moved, no second one"
    );
    assert!(text(&root, ".ac-thread.ac-selected").contains(&first));
    assert_eq!(
        all_text(&root, ".ac-message[data-role='human'] .ac-text"),
        vec![first.clone(), second.clone()]
    );
    // The server holds the chain: the new response continues the first.
    let r2 = server_at(
        &chain_base(),
        HttpRequest::new(Method::Get, format!("/responses/{head2}"), "t"),
    )
    .await;
    assert_ne!(r2["previous_response_id"], json!(null));
    // The Runs tab: the chain's responses, newest first, each naming the one before.
    click(&root, ".ac-tab[data-tab='runs']");
    let cards = ".ac-seen-runs .ac-run-detail-card";
    wait_for("two responses", 10_000, || {
        root.query_selector_all(cards)
            .map(|l| l.length())
            .unwrap_or(0)
            == 2
    })
    .await;
    assert_eq!(
        all_text(
            &root,
            &format!("{cards} dd[data-field='previous_response_id']")
        )[0],
        head1
    );
    click(&root, ".ac-tab[data-tab='messages']");
    // A function call in the chain, answered in its form: the answer continues the call's response.
    send_and_settle(&root, "call get_weather Oslo", "interrupted").await;
    let called = shown_run(&root).expect("named");
    let answer = unique("sunny");
    set_input(
        &root,
        ".ac-form-field[data-field='output'] textarea",
        &answer,
    );
    click(&root, ".ac-form-submit");
    wait_for("the answered response", 15_000, || {
        run_status(&root) == "success" && shown_run(&root).is_some_and(|r| r != called)
    })
    .await;
    let head4 = shown_run(&root).unwrap();
    assert_eq!(
        replies(&root).last().cloned(),
        Some(format!("The tool said: {answer}."))
    );
    wait_for("the thread at the answer", 5_000, || {
        selected_thread(&root).as_ref() == Some(&head4)
    })
    .await;
    // Opened by its id in a new tab (a deep link): the whole chain, oldest first.
    let again = mount_chain(Some(head4.clone()));
    wait_for("the chain read back", 15_000, || {
        replies(&again).last().map(String::as_str) == Some(&format!("The tool said: {answer}."))
    })
    .await;
    assert_eq!(
        all_text(&again, ".ac-message[data-role='human'] .ac-text"),
        vec![first, second, "call get_weather Oslo".to_owned()]
    );
    assert!(text(&again, ".ac-tool-call").contains("get_weather"));
    assert!(find(&again, ".ac-interrupt").is_none());
    // The same link in a tab that has no key (keys are never in a link): refused, then the key typed
    // into the form opens the linked chain.
    ensure_stylesheet();
    let keyless = fresh_root();
    mount_app(
        keyless.clone(),
        AppConfig {
            server: Some(chain_base()),
            dialect: Some(Dialect::Responses),
            thread: Some(head4.clone()),
            sync_url: false,
            ..AppConfig::default()
        },
    );
    wait_for("the 401", 15_000, || {
        find(&keyless, ".ac-connection.ac-error").is_some()
    })
    .await;
    set_input(&keyless, ".ac-api-key", KEY);
    click(&keyless, ".ac-connect-button");
    wait_for("the linked chain once the key is typed", 15_000, || {
        replies(&keyless).last().map(String::as_str) == Some(&format!("The tool said: {answer}."))
    })
    .await;
    assert_eq!(
        all_text(&keyless, ".ac-message[data-role='human'] .ac-text").len(),
        3
    );
    // New thread empties the view; the next send starts a chain of its own.
    click(&again, ".ac-new-thread");
    wait_for("an empty view", 5_000, || {
        selected_thread(&again).is_none() && replies(&again).is_empty()
    })
    .await;
    let fresh = unique("a fresh start");
    send_and_settle(&again, &fresh, "success").await;
    let r = server_at(
        &chain_base(),
        HttpRequest::new(
            Method::Get,
            format!("/responses/{}", shown_run(&again).unwrap()),
            "t",
        ),
    )
    .await;
    assert_eq!(r["previous_response_id"], json!(null));
    assert_eq!(r["metadata"]["title"], json!(fresh));
    // Threads that moved under their views (a tab remounted while a frame was due) stopped nothing.
    for r in [&root, &again, &keyless] {
        assert!(
            find(r, ".ac-stopped").is_none(),
            "{}",
            text(r, ".ac-stopped")
        );
    }
}
