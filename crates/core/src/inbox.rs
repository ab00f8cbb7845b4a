//! The inbox: every thread that waits for a person, on every server the user saved — what each asks
//! (read from its interrupt's shape), the answer each reply sends, and how often each server is asked
//! again. Pure: the app's pollers feed it what the servers say ([`Waiting`]) and send what it builds.
//!
//! Shapes read (each from its own source, see README "Inbox"):
//! - agent-inbox's `HumanInterrupt` — `{action_request: {action, args}, config: {allow_accept,
//!   allow_edit, allow_respond, allow_ignore}, description}`, bare or as a list of one; answered with a
//!   list of one `HumanResponse` `{type: accept|edit|response|ignore, args}`;
//! - LangChain's human-in-the-loop middleware — `{action_requests: [{name, args, description}],
//!   review_configs: [{action_name, allowed_decisions}]}`, answered `{"decisions": [...]}` one per
//!   request in order; its per-call form `{type: "tool_approval", name, args, …}`, answered with one
//!   decision;
//! - anything else: a question (its text and options, as the thread's own interrupt form reads it).
//!
//! A thread whose last run failed waits too (answered by running it again), as does one paused at a
//! breakpoint (answered by continuing).

use crate::domain::Interrupt;
use crate::interrupt_form::prompt_of;
use serde_json::{json, Value};

/// The most rows one server may hold (a server that lists more says so).
pub const MAX_PER_SERVER: usize = 1_000;

/// The most rows one thread gives (one per pending interrupt).
pub const MAX_PER_THREAD: usize = 50;

/// A thread that waits, as its server said.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub thread_id: String,
    pub title: Option<String>,
    pub assistant_id: Option<String>,
    /// The graph (or agent) the assistant runs, where the server says.
    pub graph_id: Option<String>,
    /// Since when it waits (the server's time of its last change of state).
    pub since: Option<String>,
    /// What changes whenever the thread does (its `updated_at`): a row is read again only then.
    pub version: String,
    pub why: Why,
}

/// Why a thread waits.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Its run stopped on these interrupts.
    Asks(Vec<Interrupt>),
    /// Its last run failed, with the server's words.
    Failed(String),
    /// Its run stopped with nodes due and nothing asked: a breakpoint, or a run stopped mid-step.
    Paused,
}

/// What one look at a server found: every waiting thread's id and version, and the threads read
/// whole (those whose version was not known).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaitingScan {
    pub present: Vec<(String, String)>,
    pub changed: Vec<Waiting>,
    /// More wait than were listed ([`MAX_PER_SERVER`]).
    pub more: bool,
}

/// The filter kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Question,
    Approval,
    Failed,
    Paused,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Question, Kind::Approval, Kind::Failed, Kind::Paused];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Question => "question",
            Kind::Approval => "approval",
            Kind::Failed => "failed",
            Kind::Paused => "paused",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Question => "Questions",
            Kind::Approval => "Approvals",
            Kind::Failed => "Failed runs",
            Kind::Paused => "Paused runs",
        }
    }
}

/// Which answers an agent-inbox request allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Allow {
    pub accept: bool,
    pub edit: bool,
    pub respond: bool,
    pub ignore: bool,
}

/// One action a human-in-the-loop request proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposed {
    pub name: String,
    pub args: Value,
    pub description: Option<String>,
    /// The decisions allowed for it (`approve`, `edit`, `reject`, `respond`).
    pub allowed: Vec<String>,
}

/// What a waiting item asks of the person.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// agent-inbox's `HumanInterrupt`.
    Human {
        action: String,
        args: Value,
        allow: Allow,
        description: Option<String>,
    },
    /// The human-in-the-loop middleware's batch (`per_call`: its one-call form).
    Decisions {
        actions: Vec<Proposed>,
        per_call: bool,
    },
    /// A question: its words, its choices (answered with one of them or with typed text).
    Question {
        text: String,
        options: Vec<String>,
    },
    Failed(String),
    Paused,
}

impl Ask {
    /// Reads an interrupt's value.
    pub fn of(interrupt: &Interrupt) -> Ask {
        let v = &interrupt.value;
        let one = match v {
            Value::Array(l) if l.len() == 1 => &l[0],
            _ => v,
        };
        if let Some(req) = one.get("action_request").filter(|r| r.is_object()) {
            let cfg = one.get("config");
            let flag = |k: &str| cfg.and_then(|c| c.get(k)).and_then(Value::as_bool) == Some(true);
            return Ask::Human {
                action: str_of(req.get("action")).unwrap_or_default(),
                args: req.get("args").cloned().unwrap_or(json!({})),
                allow: Allow {
                    accept: flag("allow_accept"),
                    edit: flag("allow_edit"),
                    respond: flag("allow_respond"),
                    ignore: flag("allow_ignore"),
                },
                description: str_of(one.get("description")),
            };
        }
        if let Some(list) = v.get("action_requests").and_then(Value::as_array) {
            let configs = v.get("review_configs").and_then(Value::as_array);
            let actions = list
                .iter()
                .map(|r| {
                    let name = str_of(r.get("name")).unwrap_or_default();
                    let allowed = configs
                        .and_then(|c| {
                            c.iter()
                                .find(|c| str_of(c.get("action_name")).as_ref() == Some(&name))
                        })
                        .map(allowed_of)
                        .unwrap_or_else(|| vec!["approve".into(), "edit".into(), "reject".into()]);
                    Proposed {
                        args: r
                            .get("args")
                            .or_else(|| r.get("arguments"))
                            .cloned()
                            .unwrap_or(json!({})),
                        description: str_of(r.get("description")),
                        name,
                        allowed,
                    }
                })
                .collect();
            return Ask::Decisions {
                actions,
                per_call: false,
            };
        }
        if v.get("type").and_then(Value::as_str) == Some("tool_approval") {
            let allowed = interrupt
                .response_schema
                .as_ref()
                .map(decisions_in_schema)
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| vec!["approve".into(), "edit".into(), "reject".into()]);
            return Ask::Decisions {
                actions: vec![Proposed {
                    name: str_of(v.get("name")).unwrap_or_default(),
                    args: v.get("args").cloned().unwrap_or(json!({})),
                    description: str_of(v.get("description")),
                    allowed,
                }],
                per_call: true,
            };
        }
        let p = prompt_of(interrupt);
        let text = p.question.unwrap_or_else(|| match v {
            Value::String(s) => s.clone(),
            Value::Null => "The run waits for an answer.".into(),
            other => crate::http::truncate(&other.to_string(), 300),
        });
        Ask::Question {
            text,
            options: p.options,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Ask::Human { .. } | Ask::Decisions { .. } => Kind::Approval,
            Ask::Question { .. } => Kind::Question,
            Ask::Failed(_) => Kind::Failed,
            Ask::Paused => Kind::Paused,
        }
    }

    /// What is asked, in a line.
    pub fn summary(&self) -> String {
        match self {
            Ask::Human {
                action,
                description,
                ..
            } => match description {
                Some(d) if !d.trim().is_empty() => format!("{action}: {}", first_line(d)),
                _ => format!("Review the action {action}"),
            },
            Ask::Decisions { actions, .. } => {
                let names: Vec<&str> = actions.iter().map(|a| a.name.as_str()).collect();
                format!("Approve {}", names.join(", "))
            }
            Ask::Question { text, .. } => first_line(text),
            Ask::Failed(e) => format!("The run failed: {}", first_line(e)),
            Ask::Paused => "The run is paused with steps still due".into(),
        }
    }

    /// Which replies it takes, in the keys' order (accept, edit, respond, ignore); `ignore` of an
    /// ask without one of its own hides the row here until the thread changes.
    pub fn replies(&self) -> Allow {
        match self {
            Ask::Human { allow, .. } => Allow {
                ignore: true,
                ..*allow
            },
            Ask::Decisions { actions, .. } => Allow {
                accept: actions.iter().all(|a| a.allows("approve")),
                edit: actions.len() == 1 && actions[0].allows("edit"),
                respond: actions
                    .iter()
                    .all(|a| a.allows("reject") || a.allows("respond")),
                ignore: true,
            },
            Ask::Question { options, .. } => Allow {
                accept: !options.is_empty(),
                edit: false,
                respond: true,
                ignore: true,
            },
            Ask::Failed(_) | Ask::Paused => Allow {
                accept: true,
                edit: false,
                respond: false,
                ignore: true,
            },
        }
    }

    /// The words of the accept button.
    pub fn accept_label(&self) -> String {
        match self {
            Ask::Human { .. } => "Accept".into(),
            Ask::Decisions { actions, .. } if actions.len() > 1 => "Approve all".into(),
            Ask::Decisions { .. } => "Approve".into(),
            Ask::Question { options, .. } => match options.first() {
                Some(o) => format!("Answer “{}”", crate::http::truncate(o, 40)),
                None => "Answer".into(),
            },
            Ask::Failed(_) => "Run again".into(),
            Ask::Paused => "Continue".into(),
        }
    }

    /// The arguments an edit starts from (the one proposed action's).
    pub fn editable_args(&self) -> Option<Value> {
        match self {
            Ask::Human { args, .. } => Some(args.clone()),
            Ask::Decisions { actions, .. } if actions.len() == 1 => Some(actions[0].args.clone()),
            _ => None,
        }
    }
}

impl Proposed {
    fn allows(&self, d: &str) -> bool {
        self.allowed.iter().any(|a| a == d)
    }
}

/// A person's reply to one item.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Accept,
    /// The edited arguments of the proposed action.
    Edit(Value),
    Respond(String),
    Ignore,
}

/// What a reply does.
#[derive(Debug, Clone, PartialEq)]
pub enum Act {
    /// Resumes the run with this answer to the item's interrupt.
    Resume(Value),
    /// Runs the thread on with no input (a failed run again, a paused one continued).
    RunOn,
    /// Nothing is sent: the row is hidden here until the thread changes.
    Hide,
}

/// The answer `reply` sends for `ask`, or why it cannot be given.
pub fn act(ask: &Ask, reply: &Reply) -> Result<Act, String> {
    let allow = ask.replies();
    let refused = |what: &str| Err(format!("This item cannot be answered with {what}."));
    match (ask, reply) {
        (_, Reply::Accept) if !allow.accept => refused("accept"),
        (_, Reply::Edit(_)) if !allow.edit => refused("an edit"),
        (_, Reply::Respond(_)) if !allow.respond => refused("a response"),
        (_, Reply::Respond(t)) if t.trim().is_empty() => Err("Type a response first.".into()),
        // A request that does not take ignore is only hidden here.
        (Ask::Human { allow, .. }, Reply::Ignore) if !allow.ignore => Ok(Act::Hide),
        (Ask::Human { action, args, .. }, r) => {
            let response = match r {
                Reply::Accept => {
                    json!({"type": "accept", "args": {"action": action, "args": args}})
                }
                Reply::Edit(a) => json!({"type": "edit", "args": {"action": action, "args": a}}),
                Reply::Respond(t) => json!({"type": "response", "args": t}),
                Reply::Ignore => json!({"type": "ignore", "args": null}),
            };
            // agent-inbox always answers a list of one.
            Ok(Act::Resume(json!([response])))
        }
        (Ask::Decisions { .. }, Reply::Ignore) => Ok(Act::Hide),
        (Ask::Decisions { actions, per_call }, r) => {
            let decision = |a: &Proposed| match r {
                Reply::Edit(args) => {
                    json!({"type": "edit", "edited_action": {"name": a.name, "args": args}})
                }
                Reply::Respond(t) if a.allows("reject") => json!({"type": "reject", "message": t}),
                Reply::Respond(t) => json!({"type": "respond", "message": t}),
                _ => json!({"type": "approve"}),
            };
            let mut all: Vec<Value> = actions.iter().map(decision).collect();
            Ok(Act::Resume(match (per_call, all.len()) {
                (true, 1) => all.remove(0),
                _ => json!({ "decisions": all }),
            }))
        }
        (Ask::Question { options, .. }, Reply::Accept) => Ok(Act::Resume(json!(options[0]))),
        (Ask::Question { .. }, Reply::Respond(t)) => Ok(Act::Resume(answer_of_text(t))),
        (Ask::Failed(_) | Ask::Paused, Reply::Accept) => Ok(Act::RunOn),
        (_, Reply::Ignore) => Ok(Act::Hide),
        (_, Reply::Edit(_)) | (_, Reply::Respond(_)) => refused("that"),
    }
}

/// Typed text as an answer: JSON where it reads as an object or list, else the text.
fn answer_of_text(t: &str) -> Value {
    let t = t.trim();
    match serde_json::from_str::<Value>(t) {
        Ok(v @ (Value::Object(_) | Value::Array(_))) => v,
        _ => Value::String(t.to_owned()),
    }
}

/// One row of the inbox: one interrupt of a thread (a thread with two has two rows), or the thread
/// itself where it failed or is paused.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The saved server's label.
    pub server: String,
    pub thread_id: String,
    pub interrupt_id: Option<String>,
    pub title: String,
    pub assistant_id: Option<String>,
    pub graph_id: Option<String>,
    pub since: Option<String>,
    /// Milliseconds since 1970 of `since`, where it reads as a time.
    pub since_ms: Option<f64>,
    pub version: String,
    pub ask: Ask,
}

impl Item {
    /// Unique across servers: the DOM's `data-key` and the selection's.
    pub fn key(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}",
            self.server,
            self.thread_id,
            self.interrupt_id.as_deref().unwrap_or("")
        )
    }
}

/// The rows of one waiting thread on `server`.
pub fn items_of(server: &str, w: &Waiting) -> Vec<Item> {
    let row = |interrupt_id: Option<String>, ask: Ask| Item {
        server: server.to_owned(),
        thread_id: w.thread_id.clone(),
        interrupt_id,
        title: w
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| format!("Thread {}", short_id(&w.thread_id))),
        assistant_id: w.assistant_id.clone(),
        graph_id: w.graph_id.clone(),
        since: w.since.clone(),
        since_ms: w.since.as_deref().and_then(epoch_ms),
        version: w.version.clone(),
        ask,
    };
    match &w.why {
        Why::Asks(list) if !list.is_empty() => list
            .iter()
            .take(MAX_PER_THREAD)
            .map(|i| row(i.id.clone(), Ask::of(i)))
            .collect(),
        Why::Asks(_) | Why::Paused => vec![row(None, Ask::Paused)],
        Why::Failed(e) => vec![row(None, Ask::Failed(e.clone()))],
    }
}

/// The versions of `server`'s waiting threads held now (what the next look need not read again).
pub fn known_of(items: &[Item], server: &str) -> std::collections::BTreeMap<String, String> {
    items
        .iter()
        .filter(|i| i.server == server)
        .map(|i| (i.thread_id.clone(), i.version.clone()))
        .collect()
}

/// Takes one look at `server` into `items`: its threads no longer waiting leave, the changed ones
/// are replaced, the rest stay; kept sorted. Returns the keys of rows not held before.
pub fn merge(items: &mut Vec<Item>, server: &str, scan: &WaitingScan) -> Vec<String> {
    let before: std::collections::BTreeSet<String> = items
        .iter()
        .filter(|i| i.server == server)
        .map(Item::key)
        .collect();
    let present: std::collections::BTreeSet<&str> =
        scan.present.iter().map(|(id, _)| id.as_str()).collect();
    let changed: std::collections::BTreeSet<&str> =
        scan.changed.iter().map(|w| w.thread_id.as_str()).collect();
    items.retain(|i| {
        i.server != server
            || (present.contains(i.thread_id.as_str()) && !changed.contains(i.thread_id.as_str()))
    });
    let mut fresh = Vec::new();
    for w in scan
        .changed
        .iter()
        .filter(|w| present.contains(w.thread_id.as_str()))
    {
        for item in items_of(server, w) {
            if !before.contains(&item.key()) {
                fresh.push(item.key());
            }
            items.push(item);
        }
    }
    sort(items);
    fresh
}

/// Drops every row of `server` (it was forgotten).
pub fn forget(items: &mut Vec<Item>, server: &str) {
    items.retain(|i| i.server != server);
}

/// Oldest first (rows without a time last), then by server, thread and interrupt.
pub fn sort(items: &mut [Item]) {
    items.sort_by(|a, b| {
        let t = |i: &Item| i.since_ms.unwrap_or(f64::MAX);
        t(a).total_cmp(&t(b))
            .then_with(|| a.server.cmp(&b.server))
            .then_with(|| a.thread_id.cmp(&b.thread_id))
            .then_with(|| a.interrupt_id.cmp(&b.interrupt_id))
    });
}

/// The answers to several interrupts of one thread as one resume value: keyed by interrupt id
/// where every one has an id (LangGraph resumes each interrupt by its id; the ones not named are
/// asked again), else the one answer alone.
pub fn resume_value(answers: &[(Option<String>, Value)]) -> Result<Value, String> {
    match answers {
        [] => Err("Nothing to answer.".into()),
        [(_, v)] if answers[0].0.is_none() => Ok(v.clone()),
        _ if answers.iter().all(|(id, _)| id.is_some()) => Ok(Value::Object(
            answers
                .iter()
                .map(|(id, v)| (id.clone().unwrap_or_default(), v.clone()))
                .collect(),
        )),
        _ => {
            Err("These questions have no ids to tell them apart: answer them one at a time.".into())
        }
    }
}

/// How long to wait before asking a server again: every 2 s while the page is seen, 15 s while it
/// is hidden; after failures 2 s doubling up to a minute, ±20 % (`jitter` in 0..1) so that servers
/// that failed together are not asked together again.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cadence {
    pub failures: u32,
}

impl Cadence {
    pub fn next_ms(&mut self, ok: bool, hidden: bool, jitter: f64) -> u32 {
        if ok {
            self.failures = 0;
            return if hidden { 15_000 } else { 2_000 };
        }
        self.failures = self.failures.saturating_add(1);
        let base = (2_000u64 << (self.failures - 1).min(10)).min(60_000) as f64;
        (base * (0.8 + 0.4 * jitter.clamp(0.0, 1.0))) as u32
    }
}

/// How long ago, in a few words ("just now", "5 min", "3 h", "2 d").
pub fn age(since_ms: f64, now_ms: f64) -> String {
    let s = ((now_ms - since_ms) / 1000.0).max(0.0) as u64;
    match s {
        0..=9 => "just now".into(),
        10..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86_399 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86_400),
    }
}

/// An RFC 3339 time (`2026-12-07T19:30:00.123456+00:00`, `…Z`) as milliseconds since 1970.
pub fn epoch_ms(s: &str) -> Option<f64> {
    let b = s.trim().as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        std::str::from_utf8(b.get(r)?).ok()?.parse().ok()
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if b.get(4) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let mut i = 19;
    let mut frac = 0.0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        frac = format!("0.{}", std::str::from_utf8(&b[start..i]).ok()?)
            .parse::<f64>()
            .ok()?;
    }
    let offset_min = match b.get(i) {
        Some(b'Z' | b'z') | None => 0,
        Some(sign @ (b'+' | b'-')) => {
            let m = num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    Some((secs as f64 + frac) * 1000.0)
}

fn str_of(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

fn allowed_of(config: &Value) -> Vec<String> {
    config
        .get("allowed_decisions")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The decision types a per-call request's `response_schema` allows (its `type` constants, found
/// wherever they sit in the schema's alternatives; bounded, never recursive).
fn decisions_in_schema(schema: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![schema];
    let mut seen = 0;
    while let Some(v) = todo.pop() {
        seen += 1;
        if seen > 500 {
            break;
        }
        match v {
            Value::Object(m) => {
                if let Some(t) = m.get("properties").and_then(|p| p.get("type")) {
                    for k in ["const", "enum"] {
                        match t.get(k) {
                            Some(Value::String(s)) => found.push(s.clone()),
                            Some(Value::Array(l)) => {
                                found.extend(l.iter().filter_map(Value::as_str).map(str::to_owned))
                            }
                            _ => {}
                        }
                    }
                }
                todo.extend(m.values());
            }
            Value::Array(l) => todo.extend(l.iter()),
            _ => {}
        }
    }
    found.sort();
    found.dedup();
    found
}

fn first_line(s: &str) -> String {
    crate::http::truncate(s.lines().next().unwrap_or("").trim(), 160)
}

fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

#[cfg(test)]
mod tests;
