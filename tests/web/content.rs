use super::*;

#[wasm_bindgen_test]
async fn markdown_becomes_elements_and_unsafe_parts_stay_text() {
    let root = mount(LANGGRAPH, None);
    run_to_success(&root, &unique("show me markdown")).await;
    let md = ".ac-message[data-role='ai'] .ac-markdown";
    assert_eq!(text(&root, &format!("{md} h2")), "Tide table");
    assert_eq!(
        all_text(&root, &format!("{md} ul > li")),
        vec!["High water at noon", "Low water at 18:05"]
    );
    assert_eq!(text(&root, &format!("{md} ul strong")), "High");
    assert_eq!(text(&root, &format!("{md} ul em")), "noon");
    assert_eq!(text(&root, &format!("{md} li code")), "18:05");
    assert_eq!(
        text(&root, &format!("{md} pre.ac-code code.language-python")),
        "print('beacon')\n"
    );
    // Highlighted: the string is a piece of its own; the block's text is still the code exactly.
    assert_eq!(
        all_text(&root, &format!("{md} pre.ac-code .ac-tok-str")),
        vec!["'beacon'"]
    );
    // Math as MathML elements (the browser typesets them): one inline, one display.
    let maths = root
        .query_selector_all(&format!("{md} .ac-math math"))
        .unwrap();
    assert_eq!(maths.length(), 2);
    let inline: Element = maths.item(0).unwrap().unchecked_into();
    let display: Element = maths.item(1).unwrap().unchecked_into();
    assert_eq!(
        inline.namespace_uri().as_deref(),
        Some("http://www.w3.org/1998/Math/MathML")
    );
    assert_eq!(inline.get_attribute("display").as_deref(), Some("inline"));
    assert_eq!(display.get_attribute("display").as_deref(), Some("block"));
    assert_eq!(
        text(&root, &format!("{md} .ac-math msub")),
        "ht",
        "h_t is a base with a subscript"
    );
    assert!(find(&root, &format!("{md} .ac-math mi[mathvariant='normal']")).is_some());
    assert!(find(&root, &format!("{md} .ac-math mfrac")).is_some());
    assert_eq!(text(&root, &format!("{md} .ac-math munderover mo")), "∑");
    assert_eq!(
        find(&root, &format!("{md} .ac-math"))
            .and_then(|e| e.get_attribute("data-tex"))
            .as_deref(),
        Some("h_t = A \\sin(\\omega t) + h_0")
    );
    assert_eq!(
        all_text(&root, &format!("{md} table th")),
        vec!["Port", "Depth"]
    );
    assert_eq!(
        all_text(&root, &format!("{md} table td")),
        vec!["Bodo", "12"]
    );
    let cell = find(&root, &format!("{md} table td:last-child")).unwrap();
    assert_eq!(
        cell.get_attribute("style").as_deref(),
        Some("text-align:right")
    );
    // One real link (https, new tab, no referrer); the javascript: one is not a link at all.
    let links = root.query_selector_all(&format!("{md} a")).unwrap();
    assert_eq!(links.length(), 1);
    let a: Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(
        a.get_attribute("href").as_deref(),
        Some("https://example.com/chart")
    );
    assert!(a
        .get_attribute("rel")
        .unwrap_or_default()
        .contains("noopener"));
    assert_eq!(text(&root, &format!("{md} .ac-unsafe-link")), "this");
    // Raw HTML in agent output is shown as written, never parsed.
    assert!(find(&root, &format!("{md} b")).is_none());
    assert!(text(&root, md).contains("<b>raw</b>"));
}

#[wasm_bindgen_test]
async fn an_interrupt_with_a_response_schema_is_answered_with_a_checked_form() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    type_into(&root, ".ac-composer-input", &unique("please review"));
    click(&root, ".ac-send");
    wait_for("the form", 20_000, || {
        find(&root, ".ac-interrupt-form").is_some() && run_status(&root) == "interrupted"
    })
    .await;
    assert_eq!(
        text(&root, ".ac-interrupt-question"),
        "Review the release notes"
    );
    assert_eq!(
        all_text(&root, ".ac-form-label"),
        vec!["Reviewer *", "Approved", "Score *", "Channel"]
    );
    // A required field left empty: a named error, and nothing is sent.
    click(&root, ".ac-form-submit");
    wait_for("the form's error", 5_000, || {
        text(&root, ".ac-form-error") == "Reviewer is required."
    })
    .await;
    assert_eq!(run_status(&root), "interrupted");
    set_input(&root, ".ac-form-field[data-field='reviewer'] input", "Ada");
    set_input(&root, ".ac-form-field[data-field='score'] input", "9");
    click(&root, ".ac-form-submit");
    wait_for("the range error", 5_000, || {
        text(&root, ".ac-form-error") == "Score must be at most 5."
    })
    .await;
    set_input(&root, ".ac-form-field[data-field='score'] input", "4");
    click(&root, ".ac-form-field[data-field='approved'] input");
    select(&root, ".ac-form-field[data-field='channel'] select", "chat");
    click(&root, ".ac-form-submit");
    wait_for("the resumed run to finish", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(
        ai_text(&root),
        "Review by Ada: approved=True, score=4, channel=chat."
    );
    assert!(find(&root, ".ac-interrupt").is_none());
}

/// A new thread of `turns` turns stored straight through the API (`turn n` / `answer n`); its id.
async fn thread_of_turns(turns: usize) -> String {
    let thread = api(requests::create_thread(json!({"graph_id": "lighthouse"}))).await;
    let id = thread["thread_id"].as_str().unwrap().to_owned();
    let mut messages = Vec::new();
    for n in 0..turns {
        messages.push(json!({"role": "human", "content": format!("turn {n}")}));
        messages.push(json!({"role": "ai", "content": format!("answer {n}")}));
    }
    api(
        HttpRequest::new(Method::Post, format!("/threads/{id}/state"), "seed").json(json!({
            "values": {"messages": messages}, "as_node": "agent"
        })),
    )
    .await;
    id
}

#[wasm_bindgen_test]
async fn a_long_thread_opens_at_its_end_scrolls_back_to_its_first_message_and_a_link_opens_it_at_one(
) {
    // 110 turns: 220 messages, more than are rendered whole.
    let id = thread_of_turns(110).await;
    let root = mount(LANGGRAPH, Some(id.clone()));
    wait_for("the newest messages", 15_000, || {
        text(&root, ".ac-message:last-child .ac-text") == "answer 109"
    })
    .await;
    let list: HtmlElement = find(&root, ".ac-messages-scroll").unwrap().unchecked_into();
    let rows = || root.query_selector_all(".ac-message").unwrap().length();
    let in_view = |sel: &str| {
        find(&root, sel).is_some_and(|m| {
            let (a, b) = (
                list.get_bounding_client_rect(),
                m.get_bounding_client_rect(),
            );
            b.bottom() > a.top() && b.top() < a.bottom()
        })
    };
    // It opens at its end, the newest message in view; only a window of rows is in the DOM.
    wait_for("the newest message in view", 5_000, || {
        in_view(".ac-message:last-child")
    })
    .await;
    assert!(rows() < 220, "{} rows in the DOM", rows());
    assert_eq!(
        find(&root, ".ac-messages")
            .and_then(|l| l.get_attribute("data-rows"))
            .as_deref(),
        Some("220")
    );
    // Scrolled to the top, as a user would, it reaches the first message.
    let mut waited = 0;
    while text(&root, ".ac-message .ac-text") != "turn 0" && waited < 10_000 {
        user_scrolls(&list, 0);
        sleep(50).await;
        waited += 50;
    }
    assert_eq!(text(&root, ".ac-message .ac-text"), "turn 0");
    assert!(in_view(".ac-message"), "the first message is in view");
    assert!(rows() < 220, "still a window: {} rows", rows());
    // A message's link marks it; a deep link to a message far from the end opens the thread there.
    click(&root, ".ac-message .ac-message-link");
    wait_for("the first message marked", 5_000, || {
        text(&root, ".ac-message.ac-linked .ac-text") == "turn 0"
    })
    .await;
    let state = api(HttpRequest::new(
        Method::Get,
        format!("/threads/{id}/state"),
        "t",
    ))
    .await;
    let turn_50 = state["values"]["messages"][100]["id"]
        .as_str()
        .expect("the server's message id")
        .to_owned();
    let linked = fresh_root();
    mount_app(
        linked.clone(),
        AppConfig {
            server: Some(LANGGRAPH.to_owned()),
            dialect: Some(Dialect::LangGraph),
            thread: Some(id.clone()),
            message: Some(turn_50.clone()),
            sync_url: false,
            ..AppConfig::default()
        },
    );
    let sel = format!(".ac-message[data-message-id='{turn_50}']");
    let shown = || {
        find(&linked, &sel).is_some_and(|m| {
            let list = find(&linked, ".ac-messages-scroll").unwrap();
            let (a, b) = (
                list.get_bounding_client_rect(),
                m.get_bounding_client_rect(),
            );
            b.bottom() > a.top() && b.top() < a.bottom()
        })
    };
    let mut waited = 0;
    while !shown() && waited < 15_000 {
        sleep(50).await;
        waited += 50;
    }
    if !shown() {
        let list: HtmlElement = find(&linked, ".ac-messages-scroll")
            .unwrap()
            .unchecked_into();
        let ids = all_text(&linked, ".ac-message .ac-text");
        panic!(
            "the linked message is not in view: its row {}, scrollTop {} of {} (client {}), rows shown {:?}…{:?}",
            find(&linked, &sel).is_some(),
            list.scroll_top(),
            list.scroll_height(),
            list.client_height(),
            ids.first(),
            ids.last()
        );
    }
    assert_eq!(text(&linked, &format!("{sel} .ac-text")), "turn 50");
    assert!(find(&linked, &sel)
        .and_then(|m| m.get_attribute("class"))
        .is_some_and(|c| c.contains("ac-linked")));
    // It opened at the link, not at the end (the window holds rows around it).
    assert_ne!(
        text(&linked, ".ac-message:last-child .ac-text"),
        "answer 109"
    );
    // Frames due after a window moved or a view went stopped nothing.
    for r in [&root, &linked] {
        assert!(
            find(r, ".ac-stopped").is_none(),
            "{}",
            text(r, ".ac-stopped")
        );
    }
}

#[wasm_bindgen_test]
async fn images_in_agent_output_load_only_when_the_reader_asks() {
    let thread = api(requests::create_thread(json!({"graph_id": "lighthouse"}))).await;
    let id = thread["thread_id"].as_str().unwrap().to_owned();
    let reply = "![chart](https://example.com/chart.png)\n\n![dot](data:image/png;base64,iVBORw0KGgo=)\n\n![svg](data:image/svg+xml;base64,PHN2Zz4=)";
    api(
        HttpRequest::new(Method::Post, format!("/threads/{id}/state"), "seed").json(json!({
            "values": {"messages": [
                {"role": "human", "content": "draw it", "id": "h-img"},
                {"role": "ai", "content": reply, "id": "a-img"}
            ]},
            "as_node": "agent"
        })),
    )
    .await;
    let root = mount(LANGGRAPH, Some(id));
    let ai = ".ac-message[data-role='ai']";
    wait_for("the reply", 15_000, || {
        find(&root, &format!("{ai} .ac-show-image")).is_some()
    })
    .await;
    // The web image is not requested: only the inline raster image is an <img>.
    let imgs = root.query_selector_all(&format!("{ai} img")).unwrap();
    assert_eq!(imgs.length(), 1);
    let inline: Element = imgs.item(0).unwrap().unchecked_into();
    assert!(inline
        .get_attribute("src")
        .unwrap_or_default()
        .starts_with("data:image/png;base64,"));
    assert!(text(&root, ai).contains("[chart] from example.com"));
    // SVG (a document that can carry script) stays text.
    assert!(text(&root, ai).contains("[svg] data:image/svg+xml"));
    click(&root, &format!("{ai} .ac-show-image"));
    wait_for("the image asked for", 2_000, || {
        find(
            &root,
            &format!("{ai} img[src='https://example.com/chart.png']"),
        )
        .is_some()
    })
    .await;
    let shown = find(
        &root,
        &format!("{ai} img[src='https://example.com/chart.png']"),
    )
    .unwrap();
    assert_eq!(
        shown.get_attribute("referrerpolicy").as_deref(),
        Some("no-referrer")
    );
}

#[wasm_bindgen_test]
async fn a_streamed_reply_keeps_the_end_in_view_until_the_user_scrolls_up() {
    // 30 turns, so the list scrolls.
    let id = thread_of_turns(30).await;
    let root = mount(LANGGRAPH, Some(id));
    wait_for("the newest message", 15_000, || {
        text(&root, ".ac-message:last-child .ac-text") == "answer 29"
    })
    .await;
    let list: HtmlElement = find(&root, ".ac-messages-scroll").unwrap().unchecked_into();
    // The whole app in the page's viewport, as a page's own app is (the suite keeps earlier tests'
    // apps in the page): rows out of the viewport are `content-visibility: auto` and would not grow.
    root.scroll_into_view_with_bool(true);
    let below = {
        let list = list.clone();
        move || list.scroll_height() - list.scroll_top() - list.client_height()
    };
    let mut waited = 0;
    while below() > 2 && waited < 5_000 {
        sleep(50).await;
        waited += 50;
    }
    assert!(
        below() <= 2,
        "opened {} px above its end (scrollTop {}, scrollHeight {}, clientHeight {})",
        below(),
        list.scroll_top(),
        list.scroll_height(),
        list.client_height()
    );

    type_into(&root, ".ac-composer-input", &unique("tell me a long story"));
    click(&root, ".ac-send");
    wait_for("the story under way", 20_000, || {
        ai_text(&root).contains(" w5 ")
    })
    .await;
    let grown_from = list.scroll_height();
    wait_for("the story further on", 20_000, || {
        ai_text(&root).contains(" w60 ")
    })
    .await;
    sleep(100).await;
    // The reply grew the list, and the view followed it: the end stays in view.
    assert!(
        list.scroll_height() > grown_from,
        "{} -> {} (scrollTop {}, clientHeight {}, last message {:?}, text {}, list {:?}, window {:?})",
        grown_from,
        list.scroll_height(),
        list.scroll_top(),
        list.client_height(),
        find(&root, ".ac-message:last-child").map(|e| (e.get_bounding_client_rect().top(), e.get_bounding_client_rect().height())),
        ai_text(&root).len(),
        (list.get_bounding_client_rect().top(), list.get_bounding_client_rect().bottom()),
        web_sys::window().unwrap().inner_height().unwrap().as_f64()
    );
    assert!(
        below() < 48,
        "{} px below the view while streaming",
        below()
    );

    // The user scrolls up: what they read stays where they put it while the reply goes on growing.
    // Measured on the screen, not by `scrollTop`: a message above coming into view is laid out at its
    // real height (`content-visibility: auto`), and the browser's scroll anchoring moves `scrollTop` by
    // as much so that nothing the reader sees moves.
    let up = list.scroll_top() - 300;
    user_scrolls(&list, up);
    sleep(50).await;
    let on_screen =
        |e: &Element| e.get_bounding_client_rect().top() - list.get_bounding_client_rect().top();
    let read: Element = {
        let rows = root
            .query_selector_all(".ac-messages-scroll .ac-message")
            .unwrap();
        (0..rows.length())
            .filter_map(|i| rows.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
            .find(|e| e.get_bounding_client_rect().bottom() > list.get_bounding_client_rect().top())
            .expect("a message in view")
    };
    let read_at = on_screen(&read);
    // Grown by its text: off the screen a message keeps its last laid-out height (`content-visibility:
    // auto`), so the list's scrollHeight need not follow the reply until it is seen.
    let told_then = ai_text(&root).len();
    wait_for("the story told", 20_000, || {
        ai_text(&root).contains(" end.")
    })
    .await;
    sleep(100).await;
    assert!(
        ai_text(&root).len() > told_then + 100,
        "the reply kept growing while the user read above"
    );
    assert!(
        (on_screen(&read) - read_at).abs() <= 2.0,
        "what the user read moved from {read_at} to {} px below the list's top though they had scrolled up",
        on_screen(&read)
    );
    assert!(
        below() > 250,
        "the view went back to the end ({} px below it) though the user had scrolled up",
        below()
    );
    wait_for("the run to end", 20_000, || run_status(&root) == "success").await;
}

/// The user scrolls `list` to `top` from the keyboard: the key (PageUp) pressed on it, then the scroll.
fn user_scrolls(list: &HtmlElement, top: i32) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("PageUp");
    init.set_bubbles(true);
    let key = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    list.dispatch_event(&key).unwrap();
    list.set_scroll_top(top);
    list.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
}
