//! What a server offers decides what the app offers: the Agent Protocol spoken to the real LangGraph
//! server (Threads stage, no Agents stage, no `/runs/search`), and the server-wide runs pages of both
//! dialects that have one opened by deep link, the address bar following them.

use super::*;
use agent_console_core::domain::Auth;

fn query_string() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

/// Puts the test page's address back as it was: a test that lets the app write it ends with this, as
/// other tests dispatch synthetic (non-cancelable) `submit` events, which Firefox carries out as a GET
/// to the page's address — a navigation once that address has a query.
fn restore_address(original: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(original))
        .unwrap();
}

#[wasm_bindgen_test]
async fn agent_protocol_on_the_real_langgraph_server_uses_the_stages_it_has() {
    // A thread waiting on an interrupt, made with LangGraph's own API.
    let t = api(requests::create_thread(json!({}))).await;
    let id = t["thread_id"].as_str().unwrap().to_owned();
    api(
        HttpRequest::new(Method::Post, format!("/threads/{id}/runs/wait"), "run").json(json!({
            "assistant_id": "lighthouse",
            "input": {"messages": [{"role": "human", "content": "please approve the stages"}]}
        })),
    )
    .await;

    let root = mount_config(AppConfig {
        server: Some(LANGGRAPH.to_owned()),
        dialect: Some(Dialect::AgentProtocol),
        thread: Some(id.clone()),
        sync_url: false,
        ..AppConfig::default()
    });
    connected(&root).await;
    // The connect status names the stages found; no Agents stage, so no agent picker; no run search,
    // so no server-wide runs page and no Runs tab.
    let status = text(&root, ".ac-connection");
    assert!(
        status.contains("Agent Protocol · stages: threads"),
        "{status}"
    );
    assert!(!status.contains("agents"), "{status}");
    // Hidden as a user sees it: not laid out at all.
    let picker: HtmlElement = find(&root, ".ac-assistants").unwrap().unchecked_into();
    assert_eq!(picker.offset_height(), 0, "the agent picker takes no room");
    assert!(find(&root, ".ac-screen-runs").is_none());
    assert!(find(&root, ".ac-tab[data-tab='runs']").is_none());
    assert!(find(&root, ".ac-tab[data-tab='state']").is_some());

    // The thread's messages and its pending interrupt, from GET /threads/{id}.
    wait_for("the thread's messages and its interrupt", 10_000, || {
        ai_text(&root).contains("please approve the stages")
            && text(&root, ".ac-interrupt-question") == "Publish the echo?"
    })
    .await;
    assert!(all_text(&root, ".ac-message[data-role='human'] .ac-text")
        .iter()
        .any(|m| m == "please approve the stages"));

    // Threads are listed (the Threads stage): the search box finds this one.
    set_input(&root, ".ac-thread-search", &id);
    press_enter(&root, ".ac-thread-search");
    let row = format!(".ac-thread[data-thread-id='{id}']");
    wait_for("the thread in the list", 10_000, || {
        find(&root, &row).is_some()
    })
    .await;

    // A run goes without agent_id (the spec: the server's default agent). LangGraph requires an
    // assistant, so it refuses: its own words are shown where the run would be, the text stays.
    let typed = unique("hello without an agent");
    type_into(&root, ".ac-composer-input", &typed);
    click(&root, ".ac-send");
    wait_for("the server's refusal", 10_000, || {
        text(&root, ".ac-thread-error").contains("assistant_id")
    })
    .await;
    let said = text(&root, ".ac-thread-error");
    assert!(said.contains("is a required property"), "{said}");
    let composer: web_sys::HtmlTextAreaElement =
        find(&root, ".ac-composer-input").unwrap().unchecked_into();
    assert_eq!(composer.value(), typed);
}

#[wasm_bindgen_test]
async fn a_deep_link_opens_the_folder_runs_page_and_a_runs_detail() {
    let mut profile = ServerProfile::new(DEVSERVER, Dialect::Yandex);
    profile.auth = Auth::YandexApiKey("demo-api-key".into());
    let list = agent_console::platform::transport::send(
        &profile,
        &agent_console_core::dialects::yandex::requests::list_runs("b1gdemofolder0000001", 5, None),
    )
    .await
    .unwrap();
    let runs: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    let first = runs["runs"][0]["id"].as_str().unwrap().to_owned();
    let second = runs["runs"][1]["id"].as_str().unwrap().to_owned();

    let original = web_sys::window().unwrap().location().href().unwrap();
    let root = mount_config(AppConfig {
        server: Some(DEVSERVER.to_owned()),
        dialect: Some(Dialect::Yandex),
        folder: Some("b1gdemofolder0000001".into()),
        auth: Auth::YandexApiKey("demo-api-key".into()),
        page: Some("runs".into()),
        run: Some(first.clone()),
        sync_url: true,
        ..AppConfig::default()
    });
    let detail = |id: &str| format!(".ac-run-detail-card[data-run-id='{id}']");
    wait_for(
        "the folder's runs and the linked run's detail",
        15_000,
        || {
            find(&root, ".ac-folder-runs .ac-run-row").is_some()
                && find(&root, &detail(&first)).is_some()
        },
    )
    .await;
    // The address bar names the page and the run; opening another run follows.
    wait_for("the address bar to name the page", 5_000, || {
        let q = query_string();
        q.contains("page=runs") && q.contains(&format!("run={first}"))
    })
    .await;
    click(&root, &format!(".ac-run-row[data-run-id='{second}']"));
    wait_for("the other run's detail", 10_000, || {
        find(&root, &detail(&second)).is_some()
    })
    .await;
    assert!(query_string().contains(&format!("run={second}")));
    click(&root, ".ac-screen-thread");
    wait_for("the conversation", 5_000, || {
        find(&root, ".ac-thread-pane").is_some()
    })
    .await;
    assert!(!query_string().contains("page=runs"), "{}", query_string());
    restore_address(&original);
}

#[wasm_bindgen_test]
async fn a_deep_link_opens_the_run_search_page_and_a_runs_detail() {
    let profile = ServerProfile::new(DEVSERVER, Dialect::AgentProtocol);
    let q = agent_console_core::dialects::agent_protocol::requests::RunQuery {
        status: Some("timeout".into()),
        ..Default::default()
    };
    let found = agent_console::platform::transport::send(
        &profile,
        &agent_console_core::dialects::agent_protocol::requests::search_runs(&q, 1, 0),
    )
    .await
    .unwrap();
    let runs: serde_json::Value = serde_json::from_str(&found.body).unwrap();
    let id = runs[0]["run_id"].as_str().unwrap().to_owned();

    let original = web_sys::window().unwrap().location().href().unwrap();
    let root = mount_config(AppConfig {
        server: Some(DEVSERVER.to_owned()),
        dialect: Some(Dialect::AgentProtocol),
        page: Some("runs".into()),
        run: Some(id.clone()),
        sync_url: true,
        ..AppConfig::default()
    });
    let card = format!(".ac-run-detail-card[data-run-id='{id}']");
    wait_for(
        "the server's runs and the linked run's detail",
        15_000,
        || find(&root, ".ac-server-runs .ac-run-row").is_some() && find(&root, &card).is_some(),
    )
    .await;
    assert_eq!(
        find(&root, &card)
            .unwrap()
            .get_attribute("data-status")
            .as_deref(),
        Some("timeout")
    );
    wait_for("the address bar to name the page and run", 5_000, || {
        let q = query_string();
        q.contains("dialect=agent-protocol")
            && q.contains("page=runs")
            && q.contains(&format!("run={id}"))
    })
    .await;
    restore_address(&original);
}
