use super::*;
use serde_json::json;

fn interrupt(id: Option<&str>, value: Value) -> Interrupt {
    Interrupt {
        id: id.map(str::to_owned),
        value,
        response_schema: None,
        namespace: Vec::new(),
    }
}

fn human(listed: bool) -> Value {
    let req = json!({
        "action_request": {"action": "send_email", "args": {"to": "ada@example.org", "subject": "Tide"}},
        "config": {"allow_accept": true, "allow_edit": true, "allow_respond": true, "allow_ignore": false},
        "description": "Send the tide table?\nSecond line"
    });
    if listed {
        json!([req])
    } else {
        req
    }
}

#[test]
fn agent_inbox_requests_are_read_bare_or_as_a_list_of_one() {
    for listed in [true, false] {
        let ask = Ask::of(&interrupt(Some("a"), human(listed)));
        let Ask::Human {
            action,
            args,
            allow,
            description,
        } = &ask
        else {
            panic!("{ask:?}")
        };
        assert_eq!(action, "send_email");
        assert_eq!(args["to"], "ada@example.org");
        assert!(allow.accept && allow.edit && allow.respond && !allow.ignore);
        assert_eq!(
            description.as_deref(),
            Some("Send the tide table?\nSecond line")
        );
        assert_eq!(ask.kind(), Kind::Approval);
        assert_eq!(ask.summary(), "send_email: Send the tide table?");
    }
}

#[test]
fn agent_inbox_replies_are_a_list_of_one_human_response() {
    let ask = Ask::of(&interrupt(None, human(true)));
    let resume = |r: Reply| match act(&ask, &r) {
        Ok(Act::Resume(v)) => v,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        resume(Reply::Accept),
        json!([{"type": "accept", "args": {"action": "send_email", "args": {"to": "ada@example.org", "subject": "Tide"}}}])
    );
    assert_eq!(
        resume(Reply::Edit(json!({"to": "bo@example.org"}))),
        json!([{"type": "edit", "args": {"action": "send_email", "args": {"to": "bo@example.org"}}}])
    );
    assert_eq!(
        resume(Reply::Respond("Not today".into())),
        json!([{"type": "response", "args": "Not today"}])
    );
    // This request does not take ignore: the row is only hidden here, nothing sent.
    assert_eq!(act(&ask, &Reply::Ignore), Ok(Act::Hide));
    assert!(act(&ask, &Reply::Respond("  ".into())).is_err());
    let mut v = human(true);
    v[0]["config"]["allow_ignore"] = json!(true);
    let ignorable = Ask::of(&interrupt(None, v));
    assert_eq!(
        act(&ignorable, &Reply::Ignore),
        Ok(Act::Resume(json!([{"type": "ignore", "args": null}])))
    );
}

#[test]
fn a_request_that_forbids_a_reply_refuses_it() {
    let mut v = human(false);
    v["config"]["allow_edit"] = json!(false);
    v["config"]["allow_accept"] = json!(false);
    let ask = Ask::of(&interrupt(None, v));
    assert!(act(&ask, &Reply::Accept).is_err());
    assert!(act(&ask, &Reply::Edit(json!({}))).is_err());
    assert!(act(&ask, &Reply::Respond("ok".into())).is_ok());
}

#[test]
fn the_middlewares_batch_is_answered_one_decision_per_request_in_order() {
    let v = json!({
        "action_requests": [
            {"name": "book_flight", "args": {"to": "Oslo"}, "description": "Book it?"},
            {"name": "pay", "arguments": {"amount": 40}}
        ],
        "review_configs": [
            {"action_name": "book_flight", "allowed_decisions": ["approve", "edit", "reject"]},
            {"action_name": "pay", "allowed_decisions": ["approve", "reject"]}
        ]
    });
    let ask = Ask::of(&interrupt(Some("x"), v));
    let Ask::Decisions { actions, per_call } = &ask else {
        panic!("{ask:?}")
    };
    assert!(!per_call);
    assert_eq!(actions[1].args, json!({"amount": 40}), "the older spelling");
    assert_eq!(ask.summary(), "Approve book_flight, pay");
    let r = ask.replies();
    assert!(
        r.accept && r.respond && !r.edit,
        "two requests: no single edit"
    );
    assert_eq!(
        act(&ask, &Reply::Accept),
        Ok(Act::Resume(
            json!({"decisions": [{"type": "approve"}, {"type": "approve"}]})
        ))
    );
    assert_eq!(
        act(&ask, &Reply::Respond("too dear".into())),
        Ok(Act::Resume(json!({"decisions": [
            {"type": "reject", "message": "too dear"},
            {"type": "reject", "message": "too dear"}
        ]})))
    );
    assert_eq!(act(&ask, &Reply::Ignore), Ok(Act::Hide));
}

#[test]
fn one_request_that_may_not_be_approved_disables_approve_all() {
    let v = json!({
        "action_requests": [{"name": "a", "args": {}}, {"name": "b", "args": {}}],
        "review_configs": [{"action_name": "a", "allowed_decisions": ["approve"]},
                           {"action_name": "b", "allowed_decisions": ["reject"]}]
    });
    let ask = Ask::of(&interrupt(None, v));
    assert!(!ask.replies().accept);
    assert!(act(&ask, &Reply::Accept).is_err());
}

#[test]
fn a_per_call_approval_is_answered_with_one_decision() {
    let mut i = interrupt(
        Some("p"),
        json!({"type": "tool_approval", "tool_call_id": "c1", "name": "rm", "args": {"path": "/tmp"}}),
    );
    i.response_schema = Some(json!({"oneOf": [
        {"properties": {"type": {"const": "approve"}}},
        {"properties": {"type": {"const": "edit"}, "edited_action": {}}}
    ]}));
    let ask = Ask::of(&i);
    assert!(ask.replies().edit && !ask.replies().respond, "{ask:?}");
    assert_eq!(
        act(&ask, &Reply::Edit(json!({"path": "/tmp/x"}))),
        Ok(Act::Resume(
            json!({"type": "edit", "edited_action": {"name": "rm", "args": {"path": "/tmp/x"}}})
        ))
    );
    assert_eq!(ask.editable_args(), Some(json!({"path": "/tmp"})));
}

#[test]
fn anything_else_is_a_question_answered_by_a_choice_or_typed_text() {
    let ask = Ask::of(&interrupt(
        Some("q"),
        json!({"question": "Publish the echo?", "options": ["yes", "no"]}),
    ));
    assert_eq!(ask.kind(), Kind::Question);
    assert_eq!(ask.summary(), "Publish the echo?");
    assert_eq!(ask.accept_label(), "Answer “yes”");
    assert_eq!(act(&ask, &Reply::Accept), Ok(Act::Resume(json!("yes"))));
    assert_eq!(
        act(&ask, &Reply::Respond(" no ".into())),
        Ok(Act::Resume(json!("no")))
    );
    assert_eq!(
        act(&ask, &Reply::Respond("{\"approved\": true}".into())),
        Ok(Act::Resume(json!({"approved": true})))
    );
    let bare = Ask::of(&interrupt(None, json!("Your name?")));
    assert_eq!(bare.summary(), "Your name?");
    assert!(act(&bare, &Reply::Accept).is_err(), "no choice to accept");
}

#[test]
fn a_failed_or_paused_thread_runs_on_or_is_hidden() {
    let w = |why| Waiting {
        thread_id: "0123456789".into(),
        title: None,
        assistant_id: Some("agent".into()),
        graph_id: None,
        since: Some("2026-12-07T10:00:00+00:00".into()),
        version: "v1".into(),
        why,
    };
    let failed = items_of("lg", &w(Why::Failed("RuntimeError: boom".into())));
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].title, "Thread 01234567");
    assert_eq!(
        failed[0].ask.summary(),
        "The run failed: RuntimeError: boom"
    );
    assert_eq!(act(&failed[0].ask, &Reply::Accept), Ok(Act::RunOn));
    assert_eq!(failed[0].ask.accept_label(), "Run again");
    // Interrupted with nothing asked: paused (a breakpoint).
    let paused = items_of("lg", &w(Why::Asks(Vec::new())));
    assert_eq!(paused[0].ask, Ask::Paused);
    assert_eq!(act(&paused[0].ask, &Reply::Ignore), Ok(Act::Hide));
}

#[test]
fn a_thread_with_two_interrupts_has_two_rows_answered_in_one_resume() {
    let w = Waiting {
        thread_id: "t".into(),
        title: Some("Fan out".into()),
        assistant_id: None,
        graph_id: None,
        since: None,
        version: "v".into(),
        why: Why::Asks(vec![
            interrupt(Some("aa"), json!({"question": "First?"})),
            interrupt(Some("bb"), json!({"question": "Second?"})),
        ]),
    };
    let rows = items_of("lg", &w);
    assert_eq!(rows.len(), 2);
    assert_ne!(rows[0].key(), rows[1].key());
    assert_eq!(
        resume_value(&[
            (Some("aa".into()), json!("x")),
            (Some("bb".into()), json!("y"))
        ]),
        Ok(json!({"aa": "x", "bb": "y"}))
    );
    assert_eq!(resume_value(&[(None, json!("x"))]), Ok(json!("x")));
    assert_eq!(
        resume_value(&[(Some("aa".into()), json!(1))]),
        Ok(json!({"aa": 1}))
    );
    assert!(resume_value(&[(None, json!(1)), (None, json!(2))]).is_err());
    assert!(resume_value(&[]).is_err());
}

#[test]
fn rows_are_sorted_oldest_first_across_servers() {
    let w = |id: &str, since: Option<&str>| Waiting {
        thread_id: id.into(),
        title: None,
        assistant_id: None,
        graph_id: None,
        since: since.map(str::to_owned),
        version: "v".into(),
        why: Why::Paused,
    };
    let mut rows: Vec<Item> = [
        items_of("b", &w("1", Some("2026-12-07T10:00:05Z"))),
        items_of("a", &w("2", Some("2026-12-07T11:00:00+01:00"))),
        items_of("a", &w("3", None)),
    ]
    .concat();
    sort(&mut rows);
    let order: Vec<&str> = rows.iter().map(|r| r.thread_id.as_str()).collect();
    assert_eq!(
        order,
        ["2", "1", "3"],
        "11:00+01:00 is 10:00Z, before 10:00:05Z"
    );
}

#[test]
fn times_read_as_milliseconds_since_1970() {
    assert_eq!(epoch_ms("1970-01-01T00:00:00Z"), Some(0.0));
    assert_eq!(
        epoch_ms("2000-03-01T00:00:00+00:00"),
        Some(951_868_800_000.0)
    );
    assert_eq!(
        epoch_ms("2026-12-07T19:30:00.250000+00:00"),
        Some(1_796_671_800_250.0)
    );
    assert_eq!(
        epoch_ms("2026-12-07T20:30:00+01:00"),
        epoch_ms("2026-12-07T19:30:00Z")
    );
    for bad in ["", "yesterday", "2026-12-07", "2026-12-07T19:30:00#"] {
        assert_eq!(epoch_ms(bad), None, "{bad}");
    }
    assert_eq!(age(0.0, 5_000.0), "just now");
    assert_eq!(age(0.0, 125_000.0), "2 min");
    assert_eq!(age(0.0, 3.0 * 86_400_000.0), "3 d");
}

#[test]
fn a_failing_server_is_asked_less_and_less_often_and_a_good_answer_resets_it() {
    let mut c = Cadence::default();
    assert_eq!(c.next_ms(true, false, 0.5), 2_000);
    assert_eq!(
        c.next_ms(true, true, 0.5),
        15_000,
        "a hidden page asks less"
    );
    let waits: Vec<u32> = (0..8).map(|_| c.next_ms(false, false, 0.5)).collect();
    assert_eq!(
        waits,
        [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]
    );
    assert_eq!(c.next_ms(false, false, 0.0), 48_000, "-20 %");
    assert_eq!(c.next_ms(false, false, 1.0), 72_000, "+20 %");
    assert_eq!(c.next_ms(true, false, 0.9), 2_000);
    assert_eq!(c.failures, 0);
}

#[test]
fn a_look_adds_the_new_replaces_the_changed_and_drops_the_answered() {
    let w = |id: &str, version: &str, q: &str| Waiting {
        thread_id: id.into(),
        title: None,
        assistant_id: None,
        graph_id: None,
        since: Some(format!("2026-12-07T10:00:0{}Z", id.len())),
        version: version.into(),
        why: Why::Asks(vec![interrupt(
            Some(&format!("{id}-i")),
            json!({"question": q}),
        )]),
    };
    let scan = |changed: Vec<Waiting>, present: &[(&str, &str)]| WaitingScan {
        present: present
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        changed,
        more: false,
    };
    let mut items = items_of("other", &w("o", "1", "Elsewhere?"));
    let fresh = merge(
        &mut items,
        "lg",
        &scan(
            vec![w("a", "1", "A?"), w("bb", "1", "B?")],
            &[("a", "1"), ("bb", "1")],
        ),
    );
    assert_eq!(fresh.len(), 2);
    assert_eq!(items.len(), 3);
    assert_eq!(known_of(&items, "lg").len(), 2);
    // a is answered (gone), bb asks again (new version, same interrupt: not new), c arrives.
    let fresh = merge(
        &mut items,
        "lg",
        &scan(
            vec![w("bb", "2", "B again?"), w("ccc", "1", "C?")],
            &[("bb", "2"), ("ccc", "1")],
        ),
    );
    assert_eq!(
        fresh,
        [items.iter().find(|i| i.thread_id == "ccc").unwrap().key()]
    );
    let lg: Vec<String> = items
        .iter()
        .filter(|i| i.server == "lg")
        .map(|i| i.ask.summary())
        .collect();
    assert_eq!(lg, ["B again?", "C?"]);
    assert!(
        items.iter().any(|i| i.server == "other"),
        "another server's rows stay"
    );
    forget(&mut items, "other");
    assert_eq!(items.len(), 2);
}

#[test]
fn a_thread_gives_at_most_fifty_rows() {
    let w = Waiting {
        thread_id: "t".into(),
        title: None,
        assistant_id: None,
        graph_id: None,
        since: None,
        version: "v".into(),
        why: Why::Asks(
            (0..500)
                .map(|n| interrupt(Some(&format!("{n:032x}")), json!({"question": n})))
                .collect(),
        ),
    };
    assert_eq!(items_of("lg", &w).len(), MAX_PER_THREAD);
}
