//! What a waiting item asks, read from its interrupt's shape, the replies it takes and the answer
//! each reply sends.

use super::Kind;
use crate::domain::Interrupt;
use crate::interrupt_form::prompt_of;
use serde_json::{json, Value};

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
