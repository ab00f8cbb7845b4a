use super::*;

/// The root sized as a screen (the app is narrow or wide by its own width: container queries).
fn sized(root: &HtmlElement, width: u32, height: u32) {
    let s = root.style();
    s.set_property("width", &format!("{width}px")).unwrap();
    s.set_property("height", &format!("{height}px")).unwrap();
    s.set_property("overflow", "auto").unwrap();
}

/// The app on the demo LangGraph server, in a root of `width` × `height`.
fn app_sized(width: u32, height: u32) -> HtmlElement {
    let root = fresh_root();
    sized(&root, width, height);
    ensure_stylesheet();
    mount_app(
        root.clone(),
        AppConfig {
            server: Some(LANGGRAPH.to_owned()),
            dialect: Some(Dialect::LangGraph),
            sync_url: false,
            ..AppConfig::default()
        },
    );
    root
}

fn el(root: &HtmlElement, sel: &str) -> HtmlElement {
    find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .unchecked_into()
}

fn visibility(e: &HtmlElement) -> String {
    web_sys::window()
        .unwrap()
        .get_computed_style(e)
        .unwrap()
        .unwrap()
        .get_property_value("visibility")
        .unwrap()
}

fn focused() -> Option<Element> {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
}

/// A pointer event of `kind` (`touch`, `mouse`) at (x, y) on `target`.
fn pointer(target: &HtmlElement, event: &str, kind: &str, x: i32, y: i32) {
    let init = web_sys::PointerEventInit::new();
    init.set_pointer_type(kind);
    init.set_client_x(x);
    init.set_client_y(y);
    init.set_bubbles(true);
    let ev = web_sys::PointerEvent::new_with_event_init_dict(event, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn escape(root: &HtmlElement, sel: &str) {
    key_down(root, sel, "Escape");
}

/// `key` pressed on the element `sel` names (the event bubbles, as a real key's does).
fn key_down(root: &HtmlElement, sel: &str, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el(root, sel).dispatch_event(&ev).unwrap();
}

/// The page does not scroll sideways.
fn no_sideways_scrolling(root: &HtmlElement) {
    assert!(
        root.scroll_width() <= root.client_width(),
        "the page scrolls sideways: {} > {}",
        root.scroll_width(),
        root.client_width()
    );
}

/// On a phone-sized screen (360 × 740) the conversation takes the width and the rail is a drawer: the
/// bar's button opens it with the focus inside, Esc closes it and gives the focus back, the backdrop
/// closes it, and a thread chosen in it opens with the drawer closed. Nothing scrolls sideways; the
/// controls a finger uses are at least 44 px.
#[wasm_bindgen_test]
async fn on_a_phone_the_conversation_takes_the_width_and_the_rail_is_a_drawer() {
    let root = app_sized(360, 740);
    connected(&root).await;
    run_to_success(&root, &unique("phone check one")).await;
    let selected = || {
        find(&root, ".ac-thread.ac-selected")
            .and_then(|e| e.get_attribute("data-thread-id"))
            .unwrap_or_default()
    };
    let first = selected();
    click(&root, ".ac-new-thread");
    wait_for("a new thread", 5_000, || selected() != first).await;
    run_to_success(&root, &unique("phone check two")).await;
    let main = el(&root, ".ac-main");
    assert!(
        main.offset_width() as f64 >= 0.9 * 360.0,
        "the conversation is {} px of 360",
        main.offset_width()
    );
    no_sideways_scrolling(&root);
    let rail = el(&root, ".ac-rail");
    let toggle = el(&root, ".ac-drawer-toggle");
    assert_eq!(visibility(&rail), "hidden", "the drawer starts closed");
    assert!(
        toggle.offset_height() >= 44,
        "toggle {} px",
        toggle.offset_height()
    );
    assert!(el(&root, ".ac-send").offset_height() >= 44, "send button");

    // Opened while a run streams: the focus moves in; Esc closes the drawer — and only the drawer: the
    // run goes on — and the focus is back on the button.
    start_long_story(&root).await;
    toggle.click();
    wait_for("the drawer open, focus inside", 3_000, || {
        visibility(&rail) == "visible" && focused().is_some_and(|f| rail.contains(Some(&f)))
    })
    .await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    // Modal while open: the pane behind it is inert — no focus, no clicks, hidden from assistive technology.
    wait_for("the pane behind the drawer inert", 3_000, || {
        main.has_attribute("inert")
    })
    .await;
    let _ = el(&root, ".ac-send").focus();
    assert!(
        focused().is_some_and(|f| rail.contains(Some(&f))),
        "the focus stays in the open drawer"
    );
    let width = rail.offset_width();
    assert!(
        (200..=330).contains(&width),
        "the drawer is {width} px wide"
    );
    escape(&root, ".ac-rail");
    wait_for("closed by Esc, focus on the button", 3_000, || {
        visibility(&rail) == "hidden"
            && focused().is_some_and(|f| f == *toggle.unchecked_ref::<Element>())
    })
    .await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(!main.has_attribute("inert"), "the pane is live again");
    assert!(
        streaming(&root),
        "Esc closed the drawer and stopped nothing"
    );

    // The backdrop closes it.
    toggle.click();
    wait_for("open again", 3_000, || visibility(&rail) == "visible").await;
    el(&root, ".ac-drawer-backdrop").click();
    wait_for("closed by the backdrop", 3_000, || {
        visibility(&rail) == "hidden"
    })
    .await;

    // A swipe to the left closes it; a mouse dragged the same way does not.
    toggle.click();
    wait_for("open to be swiped", 3_000, || {
        visibility(&rail) == "visible"
    })
    .await;
    pointer(&rail, "pointerdown", "mouse", 250, 300);
    pointer(&rail, "pointerup", "mouse", 120, 305);
    sleep(300).await;
    assert_eq!(visibility(&rail), "visible", "a mouse drag is no swipe");
    pointer(&rail, "pointerdown", "touch", 250, 300);
    pointer(&rail, "pointerup", "touch", 120, 305);
    wait_for("closed by the swipe", 3_000, || {
        visibility(&rail) == "hidden"
    })
    .await;

    // A thread chosen in the drawer opens, and the drawer closes.
    toggle.click();
    wait_for("open for a thread", 3_000, || {
        visibility(&rail) == "visible"
    })
    .await;
    let row: HtmlElement = find(
        &root,
        &format!(".ac-thread[data-thread-id=\"{first}\"] .ac-thread-title"),
    )
    .expect("the first thread in the list")
    .unchecked_into();
    row.click();
    wait_for("the chosen thread open, the drawer closed", 10_000, || {
        selected() == first
            && visibility(&rail) == "hidden"
            && focused().is_some_and(|f| f == *toggle.unchecked_ref::<Element>())
    })
    .await;

    // Ctrl K, the thread search, is in the drawer: it opens with the search focused.
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("k");
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    main.dispatch_event(&ev).unwrap();
    wait_for("the drawer open on the search", 3_000, || {
        visibility(&rail) == "visible"
            && focused().is_some_and(|f| f.class_list().contains("ac-thread-search"))
    })
    .await;
    wait_for("the pane inert behind it", 3_000, || {
        main.has_attribute("inert")
    })
    .await;
    // The app made wide by its page alone (no window resize): the drawer is the rail beside the pane,
    // and the pane is live again.
    sized(&root, 1280, 740);
    wait_for("the pane live beside the rail", 3_000, || {
        !main.has_attribute("inert")
    })
    .await;
    sized(&root, 360, 740);
    wait_for(
        "narrow again: the open drawer over an inert pane",
        3_000,
        || main.has_attribute("inert"),
    )
    .await;
}

/// On a desktop-sized screen the rail is beside the conversation, always shown, with no drawer button.
#[wasm_bindgen_test]
async fn on_a_desktop_the_rail_is_beside_the_conversation() {
    let root = app_sized(1280, 800);
    connected(&root).await;
    let rail = el(&root, ".ac-rail");
    assert_eq!(visibility(&rail), "visible");
    assert_eq!(rail.offset_width(), 300);
    assert_eq!(
        el(&root, ".ac-drawer-toggle").offset_width(),
        0,
        "no drawer button"
    );
    assert!(el(&root, ".ac-main").offset_width() >= 1280 - 300 - 20);
    no_sideways_scrolling(&root);

    // A message's actions are there on demand: unseen until the keyboard's focus is in the message.
    run_to_success(&root, &unique("actions on demand")).await;
    let opacity = |e: &HtmlElement| {
        web_sys::window()
            .unwrap()
            .get_computed_style(e)
            .unwrap()
            .unwrap()
            .get_property_value("opacity")
            .unwrap()
    };
    // Each action a glyph with its name and a tooltip (Regenerate once the thread's history is read).
    wait_for("the reply's Regenerate", 10_000, || {
        find(&root, ".ac-message[data-role=\"ai\"] .ac-regenerate").is_some()
    })
    .await;
    for action in [
        ".ac-message-link",
        ".ac-copy-message",
        ".ac-message-meta-toggle",
        ".ac-regenerate",
    ] {
        let b = el(&root, &format!(".ac-message[data-role=\"ai\"] {action}"));
        assert!(
            b.get_attribute("aria-label").is_some_and(|l| l.len() > 3)
                && b.get_attribute("title").is_some_and(|l| l.len() > 3),
            "{action} has no name or tooltip"
        );
        assert!(
            b.text_content().unwrap_or_default().chars().count() <= 2,
            "{action} is a word, not an icon"
        );
    }
    // The thread's id is in its details, not on the header's line.
    let details: web_sys::HtmlDetailsElement =
        el(&root, ".ac-thread-header .ac-thread-details").unchecked_into();
    assert!(!details.open());
    let id = el(&root, ".ac-thread-header .ac-thread-id");
    let check: js_sys::Function = js_sys::Reflect::get(&id, &"checkVisibility".into())
        .unwrap()
        .unchecked_into();
    assert_eq!(
        check.call0(&id).unwrap().as_bool(),
        Some(false),
        "the id is folded away"
    );
    // The thread's actions are in its ⋯ menu: it opens with the focus on its first item, Esc closes it
    // and gives the focus back to ⋯.
    assert!(find(&root, ".ac-thread.ac-selected .ac-rename").is_none());
    let toggle = el(&root, ".ac-thread.ac-selected .ac-thread-menu-toggle");
    assert_eq!(
        toggle.get_attribute("aria-haspopup").as_deref(),
        Some("menu")
    );
    toggle.click();
    wait_for("the menu open, its first item focused", 3_000, || {
        focused().is_some_and(|f| f.class_list().contains("ac-rename"))
    })
    .await;
    assert_eq!(
        all_text(&root, ".ac-thread.ac-selected [role='menuitem']"),
        ["Rename", "Copy", "Delete", "✕"]
    );
    // The arrow keys move among its items, wrapping around.
    key_down(&root, ".ac-thread.ac-selected .ac-rename", "ArrowRight");
    assert!(focused().is_some_and(|f| f.class_list().contains("ac-copy")));
    key_down(&root, ".ac-thread.ac-selected .ac-copy", "End");
    assert!(focused().is_some_and(|f| f.class_list().contains("ac-thread-menu-close")));
    key_down(
        &root,
        ".ac-thread.ac-selected .ac-thread-menu-close",
        "ArrowRight",
    );
    assert!(focused().is_some_and(|f| f.class_list().contains("ac-rename")));
    escape(&root, ".ac-thread.ac-selected .ac-rename");
    wait_for("the menu closed, ⋯ focused", 3_000, || {
        find(&root, ".ac-thread.ac-selected .ac-rename").is_none()
            && focused().is_some_and(|f| f.class_list().contains("ac-thread-menu-toggle"))
    })
    .await;
    let copy = el(&root, ".ac-message[data-role=\"ai\"] .ac-copy-message");
    let window = web_sys::window().unwrap();
    let match_media: js_sys::Function = js_sys::Reflect::get(&window, &"matchMedia".into())
        .unwrap()
        .unchecked_into();
    let no_hover = match_media
        .call1(&window, &"(hover: none)".into())
        .and_then(|m| js_sys::Reflect::get(&m, &"matches".into()))
        .is_ok_and(|m| m.as_bool() == Some(true));
    // Chromium runs with a mouse (webdriver.json's blink settings): there the focus is what shows them.
    let chromium = window
        .navigator()
        .user_agent()
        .is_ok_and(|a| a.contains("Chrome/"));
    assert!(!(chromium && no_hover), "Chromium should have hover here");
    if no_hover {
        // A screen without hover (touch; some headless browsers say so): always shown.
        assert_eq!(
            opacity(&copy),
            "1",
            "no hover: the actions are always shown"
        );
    } else {
        assert_eq!(opacity(&copy), "0", "the actions wait to be wanted");
        copy.focus().unwrap();
        wait_for("the actions shown on focus", 2_000, || {
            opacity(&copy) == "1"
        })
        .await;
    }
}

/// On a tablet-sized screen (768 × 1024) the rail is a drawer too, the conversation takes the width,
/// and a question the run waits on is answered with controls a finger can hit (≥ 44 px).
#[wasm_bindgen_test]
async fn on_a_tablet_an_interrupt_is_answered_by_touch_sized_controls() {
    let root = app_sized(768, 1024);
    connected(&root).await;
    assert!(
        el(&root, ".ac-drawer-toggle").offset_width() > 0,
        "a drawer below 900 px"
    );
    let main = el(&root, ".ac-main");
    assert!(
        main.offset_width() as f64 >= 0.9 * 768.0,
        "the conversation is {} px of 768",
        main.offset_width()
    );
    type_into(&root, ".ac-composer-input", &unique("please approve"));
    click(&root, ".ac-send");
    wait_for("the question", 20_000, || {
        find(&root, ".ac-interrupt-option").is_some() && run_status(&root) == "interrupted"
    })
    .await;
    no_sideways_scrolling(&root);
    let yes = el(&root, ".ac-interrupt-option");
    assert!(
        yes.offset_height() >= 44,
        "the answer's button is {} px high",
        yes.offset_height()
    );
    yes.click();
    wait_for("the resumed run to finish", 20_000, || {
        run_status(&root) == "success"
    })
    .await;
    assert_eq!(ai_text(&root), "Reviewer said yes. Archived.");
}
