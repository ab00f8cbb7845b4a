//! Pathological content stored in a thread of the real LangGraph server — replies that nest
//! thousands of levels deep, TeX chains without braces, a line of megabytes, a huge table, tool
//! arguments nested deep, 200,000 combining marks on one letter: the thread opens, every message is shown, the app stays responsive. Before
//! the depth limits, the first of these killed the wasm instance (and every widget on the page with
//! it) each time the thread was opened.

use super::*;

/// A thread seeded with `replies`, each an AI message after a human one; its id.
async fn thread_with(replies: &[serde_json::Value]) -> String {
    let thread = api(requests::create_thread(json!({"graph_id": "lighthouse"}))).await;
    let id = thread["thread_id"].as_str().unwrap().to_owned();
    let mut messages = Vec::new();
    for (n, reply) in replies.iter().enumerate() {
        messages.push(json!({"role": "human", "content": format!("case {n}")}));
        messages.push(reply.clone());
    }
    let seeded = api(
        HttpRequest::new(Method::Post, format!("/threads/{id}/state"), "seed").json(json!({
            "values": {"messages": messages}, "as_node": "agent"
        })),
    )
    .await;
    assert!(seeded.get("checkpoint").is_some(), "seeded: {seeded}");
    id
}

fn ai(content: String) -> serde_json::Value {
    json!({"role": "ai", "content": content})
}

#[wasm_bindgen_test]
async fn a_thread_of_pathological_replies_opens_shows_every_message_and_stays_responsive() {
    let mut nested_args = json!({"leaf": "bottom"});
    for _ in 0..100 {
        nested_args = json!({"deeper": nested_args});
    }
    let table: String = std::iter::once("| a | b |\n|---|---|\n".to_owned())
        .chain((0..3_000).map(|i| format!("| row {i} | {} |\n", "x".repeat(20))))
        .collect();
    let replies = vec![
        ai(format!("{} quoted at the bottom", ">".repeat(20_000))),
        ai((0..3_000)
            .map(|i| format!("{}- item{i}\n", "  ".repeat(i)))
            .collect()),
        ai("- ".repeat(20_000)),
        ai(format!(
            "${}x$ and $${}12$$",
            "\\sqrt".repeat(20_000),
            "\\frac".repeat(20_000)
        )),
        ai(format!("a line of {} end", "w".repeat(2_000_000))),
        ai(table),
        json!({
            "role": "ai", "content": "",
            "tool_calls": [{"name": "deep", "args": nested_args, "id": "call_deep", "type": "tool_call"}],
        }),
        ai(format!(
            "a tower: Z{}algo, then words",
            "\u{301}\u{35c}".repeat(100_000)
        )),
        ai(format!("a small tower: e{} and more", "\u{301}".repeat(40))),
        ai("the last reply, after them all".into()),
    ];
    let cases = replies.len();
    let id = thread_with(&replies).await;
    let root = mount(LANGGRAPH, Some(id));
    wait_for("the last reply", 30_000, || {
        all_text(&root, ".ac-message[data-role='ai'] .ac-text")
            .last()
            .is_some_and(|t| t.contains("the last reply, after them all"))
    })
    .await;
    // Every message is there: a row each, the human ones with their words.
    assert_eq!(
        root.query_selector_all(".ac-message[data-role='human']")
            .unwrap()
            .length() as usize,
        cases
    );
    assert_eq!(
        root.query_selector_all(".ac-message[data-role='ai']")
            .unwrap()
            .length() as usize,
        cases
    );
    // The deep quote is shown flat below its note, its words kept.
    let first = find(&root, ".ac-message[data-role='ai'] .ac-text").unwrap();
    assert!(first.query_selector(".ac-too-deep").unwrap().is_some());
    assert!(first
        .text_content()
        .unwrap_or_default()
        .contains("quoted at the bottom"));
    // The TeX chains: shown, the rest as written.
    let math = all_text(&root, ".ac-message[data-role='ai'] .ac-text")[3].clone();
    assert!(
        math.contains("\\sqrt\\sqrt"),
        "{}",
        &math[..math.len().min(200)]
    );
    // The tower of 200,000 combining marks: cut to 8 on its letter, the rest counted, the words kept
    // (laid out whole, it took 77 s to open).
    let texts = root
        .query_selector_all(".ac-message[data-role='ai'] .ac-text")
        .unwrap();
    let tower = texts
        .item(cases as u32 - 3)
        .unwrap()
        .unchecked_into::<Element>();
    let shown = tower.text_content().unwrap_or_default();
    assert!(
        shown.contains("algo, then words") && shown.chars().count() < 200,
        "{} chars",
        shown.chars().count()
    );
    let said = |e: &Element| {
        e.query_selector(".ac-show-whole")
            .unwrap()
            .and_then(|b| b.text_content())
            .unwrap_or_default()
    };
    assert!(
        said(&tower).starts_with(&format!("{} combining marks left out", 200_000 - 8)),
        "{:?}",
        said(&tower)
    );
    // A smaller one, shown whole on request: every mark.
    let small = texts
        .item(cases as u32 - 2)
        .unwrap()
        .unchecked_into::<Element>();
    assert!(
        said(&small).starts_with("32 combining marks left out"),
        "{:?}",
        said(&small)
    );
    small
        .query_selector(".ac-show-whole")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    wait_for("the whole small tower", 10_000, || {
        small
            .text_content()
            .is_some_and(|t| t.matches('\u{301}').count() == 40)
            && small
                .query_selector(".ac-show-whole")
                .ok()
                .flatten()
                .is_none()
    })
    .await;
    // The app still answers: the theme switches, and a run still streams.
    select(&root, ".ac-theme", "dark");
    wait_for("the dark theme", 5_000, || {
        find(&root, ".ac-root[data-theme='dark']").is_some()
    })
    .await;
    type_into(&root, ".ac-composer-input", "still alive?");
    click(&root, ".ac-send");
    wait_for("a run after the pathological thread", 30_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert!(all_text(&root, ".ac-message[data-role='ai'] .ac-text")
        .last()
        .is_some_and(|t| t.contains("still alive?")));
    // Its megabytes of DOM leave the page: the tests after this one should not lay them out.
    root.remove();
}
