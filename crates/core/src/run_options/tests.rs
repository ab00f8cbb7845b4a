use super::*;
use crate::dialects::langgraph::requests::DEFAULT_STREAM_MODES;
use serde_json::json;

fn every_form() -> [RunOptionsForm; 4] {
    [
        RunOptionsForm::LangGraph,
        RunOptionsForm::AgentProtocol,
        RunOptionsForm::Yandex,
        RunOptionsForm::Responses,
    ]
}

#[test]
fn every_form_is_well_formed() {
    for form in every_form() {
        let spec = form.spec();
        let mut keys: Vec<&str> = spec.options.iter().map(|o| o.key).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "{form:?}: a key twice");
        for o in spec.options {
            assert!(o.class.starts_with("ac-"), "{}: class {}", o.key, o.class);
            assert!(!o.label.is_empty() && !o.help.is_empty(), "{}", o.key);
            // Every default is a value the field accepts, and a choice's default is one of its choices.
            assert_eq!(o.problem(&o.initial()), None, "{form:?} {}", o.key);
            if let OptionKind::Choice { options, .. } = o.kind {
                assert!(options.iter().any(|(v, _)| *v == o.default), "{}", o.key);
            }
            if let OptionKind::Many { options, .. } = o.kind {
                for d in o.default.split(',') {
                    assert!(options.contains(&d), "{}: {d}", o.key);
                }
            }
        }
        // The untouched form makes a request.
        assert!(
            form.settings(&RunValues::default(), Some("a".into()))
                .is_ok(),
            "{form:?}"
        );
    }
}

#[test]
fn langgraph_defaults_are_the_requests_defaults() {
    let RunSettings::LangGraph(o) = RunOptionsForm::LangGraph
        .settings(&RunValues::default(), Some("agent".into()))
        .unwrap()
    else {
        panic!("not a LangGraph run")
    };
    assert_eq!(o.stream_modes, DEFAULT_STREAM_MODES.map(str::to_owned));
    assert_eq!(o.on_disconnect.as_deref(), Some("continue"));
    assert_eq!(o.multitask_strategy, None);
    assert!(!o.stream_subgraphs);
    assert_eq!(o.assistant_id, "agent");
}

#[test]
fn langgraph_reads_what_the_user_set() {
    let form = RunOptionsForm::LangGraph;
    let spec = form.spec();
    let modes = spec
        .options
        .iter()
        .find(|o| o.key == "stream_mode")
        .unwrap();
    let mut v = RunValues::default();
    v.toggle(modes, "tasks", true);
    v.toggle(modes, "values", false);
    v.set("stream_subgraphs", RunValue::On(true));
    v.set(keys::MULTITASK, RunValue::Text("reject".into()));
    v.set(
        "config",
        RunValue::Text(r#"{"configurable": {"x": 1}}"#.into()),
    );
    let RunSettings::LangGraph(o) = form.settings(&v, Some("a".into())).unwrap() else {
        panic!()
    };
    // The order ticked is kept.
    assert_eq!(
        o.stream_modes,
        ["messages-tuple", "updates", "custom", "tasks"]
    );
    assert!(o.stream_subgraphs);
    assert_eq!(o.multitask_strategy.as_deref(), Some("reject"));
    assert_eq!(o.config, Some(json!({"configurable": {"x": 1}})));
    let read = RunForm::new(spec, &v);
    assert!(read.allows_concurrent_runs());
    assert_eq!(read.stop_action(), "interrupt");
    // No assistant: said, not sent.
    assert!(form
        .settings(&v, None)
        .unwrap_err()
        .contains("No assistant"));
}

#[test]
fn problems_are_said_in_field_order_and_block_the_request() {
    let form = RunOptionsForm::LangGraph;
    let spec = form.spec();
    let mut v = RunValues::default();
    v.set("config", RunValue::Text("{nope".into()));
    v.set("metadata", RunValue::Text("[1]".into()));
    let read = RunForm::new(spec, &v);
    assert!(read
        .problem()
        .unwrap()
        .starts_with("Config is not valid JSON"));
    assert!(form.settings(&v, Some("a".into())).is_err());
    v.set("config", RunValue::Text(String::new()));
    assert_eq!(
        RunForm::new(spec, &v).problem().as_deref(),
        Some("Metadata must be a JSON object.")
    );
    v.set("metadata", RunValue::Text(" ".into()));
    v.set("stream_mode", RunValue::Set(vec![]));
    assert_eq!(
        RunForm::new(spec, &v).problem().as_deref(),
        Some("Choose at least one stream mode.")
    );
}

#[test]
fn agent_protocol_builds_every_field() {
    let form = RunOptionsForm::AgentProtocol;
    let mut v = RunValues::default();
    let t = |s: &str| RunValue::Text(s.into());
    v.set("thread_id", t("123e4567-e89b-12d3-a456-426614174000"));
    v.set("tags", t(" a, b ,,"));
    v.set("recursion_limit", t("7"));
    v.set("configurable", t(r#"{"k": "v"}"#));
    v.set("input", t(r#"{"text": "hi"}"#));
    v.set(
        "messages",
        t(r#"[{"role": "system", "content": "be brief"}]"#),
    );
    v.set("webhook", t("https://example.com/hook"));
    v.set("if_not_exists", t("create"));
    let modes = form
        .spec()
        .options
        .iter()
        .find(|o| o.key == "stream_mode")
        .unwrap();
    v.toggle(modes, "values", false);
    v.toggle(modes, "custom", true);
    v.toggle(modes, "values", true);
    let RunSettings::AgentProtocol { options, stateless } = form.settings(&v, None).unwrap() else {
        panic!()
    };
    assert!(!stateless);
    assert_eq!(
        options.thread_id.as_deref(),
        Some("123e4567-e89b-12d3-a456-426614174000")
    );
    assert_eq!(
        options.config,
        Some(json!({"tags": ["a", "b"], "recursion_limit": 7, "configurable": {"k": "v"}}))
    );
    assert_eq!(options.input, Some(json!({"text": "hi"})));
    assert_eq!(options.messages.len(), 1);
    assert_eq!(options.on_disconnect.as_deref(), Some("continue"));
    assert_eq!(options.on_completion, None);
    assert_eq!(options.if_not_exists.as_deref(), Some("create"));
    // In the spec's order, not the order ticked.
    assert_eq!(options.stream_mode, ["values", "messages", "custom"]);
}

#[test]
fn agent_protocol_checks_and_words_its_defaults() {
    let form = RunOptionsForm::AgentProtocol;
    let spec = form.spec();
    let mut v = RunValues::default();
    v.set("thread_id", RunValue::Text("not-a-uuid".into()));
    assert_eq!(
        RunForm::new(spec, &v).problem().as_deref(),
        Some("Thread id must be a UUID (8-4-4-4-12 hex digits).")
    );
    v.set("thread_id", RunValue::Text(String::new()));
    v.set("webhook", RunValue::Text("ftp://x".into()));
    assert!(RunForm::new(spec, &v)
        .problem()
        .unwrap()
        .contains("Webhook"));
    v.set("webhook", RunValue::Text(String::new()));
    let completion = spec
        .options
        .iter()
        .find(|o| o.key == "on_completion")
        .unwrap();
    let OptionKind::Choice {
        unset_label: Some(label),
        ..
    } = completion.kind
    else {
        panic!("on_completion words its default")
    };
    assert!(label(&RunForm::new(spec, &v), true).contains("keep"));
    assert!(label(&RunForm::new(spec, &v), false).contains("delete"));
    v.set("stateless", RunValue::On(true));
    assert!(label(&RunForm::new(spec, &v), true).contains("delete"));
}

#[test]
fn yandex_and_responses_read_numbers() {
    let t = |s: &str| RunValue::Text(s.into());
    let mut v = RunValues::default();
    v.set("max_tokens", t("0"));
    let spec = RunOptionsForm::Yandex.spec();
    assert_eq!(
        RunForm::new(spec, &v).problem().as_deref(),
        Some("Max tokens must be a whole number above 0.")
    );
    v.set("max_tokens", t("50"));
    v.set("temperature", t("0.5"));
    let RunSettings::Yandex(o) = RunOptionsForm::Yandex.settings(&v, None).unwrap() else {
        panic!()
    };
    assert_eq!(
        (o.max_tokens, o.temperature, o.max_prompt_tokens),
        (Some(50), Some(0.5), None)
    );
    v.set("temperature", t("1.5"));
    assert!(RunOptionsForm::Yandex.settings(&v, None).is_err());

    let mut v = RunValues::default();
    let RunSettings::Responses(o) = RunOptionsForm::Responses.settings(&v, None).unwrap() else {
        panic!()
    };
    assert!(o.background, "background by default");
    v.set("background", RunValue::On(false));
    v.set("model", t("  m2 "));
    let RunSettings::Responses(o) = RunOptionsForm::Responses.settings(&v, None).unwrap() else {
        panic!()
    };
    assert!(!o.background);
    assert_eq!(o.model, "m2");
}

#[test]
fn options_a_form_lacks_read_as_unset() {
    let v = RunValues::default();
    let read = RunForm::new(RunOptionsForm::Yandex.spec(), &v);
    assert_eq!(read.stop_action(), "interrupt");
    assert!(!read.allows_concurrent_runs());
    assert!(!read.thread_protocol());
    assert_eq!(read.value("nope"), None);
}
