//! Run options as data: each server's form is a list of typed fields ([`RunOption`]) with labels,
//! help and defaults; one generic panel renders any of them, one store holds what the user typed
//! ([`RunValues`]), and the server's own module turns a filled form ([`RunForm`]) into its request
//! ([`crate::backend::RunSettings`]). A new run option is one entry in a table here and one line in
//! its dialect's `settings`.

mod a2a;
mod agent_protocol;
mod langgraph;
mod responses;
#[cfg(test)]
mod tests;
mod yandex;

use crate::backend::{RunOptionsForm, RunSettings};
use crate::forms::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// The options every app reads, whatever the server: what Stop asks for, whether a second run may
/// start while one streams, whether runs go through the thread-centric protocol.
pub mod keys {
    pub const STOP_ACTION: &str = "cancel_action";
    pub const MULTITASK: &str = "multitask_strategy";
    pub const THREAD_PROTOCOL: &str = "thread_protocol";
}

/// What a one-line or multi-line text must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    Plain,
    /// `8-4-4-4-12` hex digits.
    Uuid,
    /// An http(s) URL.
    HttpUrl,
}

/// What a number must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberRule {
    /// A whole number above 0.
    Count,
    /// A number from 0 to 1.
    Fraction,
    /// Any whole number.
    Whole,
}

/// What a JSON field must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonShape {
    Object,
    /// A list of `{"role", "content"}` messages.
    Messages,
    Any,
}

/// The input a run option needs (the kinds an interrupt form has, and a set of choices).
#[derive(Debug, Clone, Copy)]
pub enum OptionKind {
    Text {
        multiline: bool,
        format: TextFormat,
    },
    Number(NumberRule),
    Bool,
    /// One of fixed `(value, label)` pairs; the first is the default unless the option says otherwise.
    /// `unset_label`, when given, words the `""` choice from the rest of the form (what the server does
    /// when the field is not sent depends on other fields).
    Choice {
        options: &'static [(&'static str, &'static str)],
        unset_label: Option<fn(&RunForm<'_>, bool) -> &'static str>,
    },
    /// Any JSON of a shape, typed in a text area.
    Json(JsonShape),
    /// Comma-separated words.
    List,
    /// Any set of the choices (checkboxes, each with `item_class`).
    Many {
        options: &'static [&'static str],
        item_class: &'static str,
    },
}

/// One field of a server's run options.
#[derive(Debug, Clone, Copy)]
pub struct RunOption {
    /// The key its value is stored under (and read by the dialect's `settings`).
    pub key: &'static str,
    pub label: &'static str,
    /// What it does, shown as the field's tooltip.
    pub help: &'static str,
    pub placeholder: &'static str,
    pub kind: OptionKind,
    /// The value before the user changes it: text as typed; `"true"` / `"false"` for a bool; a
    /// comma-separated list for a set.
    pub default: &'static str,
    /// The field's fixed class name (for styles and tests).
    pub class: &'static str,
    /// A group the field is shown in (a fieldset with this legend), if any.
    pub group: Option<&'static str>,
}

/// A server's run options form.
#[derive(Debug)]
pub struct RunOptionsSpec {
    /// The panel's extra class name (besides `ac-run-options`).
    pub class: &'static str,
    /// A line under the panel's title.
    pub hint: Option<&'static str>,
    pub options: &'static [RunOption],
}

/// A value the user set.
#[derive(Debug, Clone, PartialEq)]
pub enum RunValue {
    Text(String),
    On(bool),
    Set(Vec<String>),
}

impl RunOption {
    /// The value of this option before the user changes it.
    pub fn initial(&self) -> RunValue {
        match self.kind {
            OptionKind::Bool => RunValue::On(self.default == "true"),
            OptionKind::Many { .. } => RunValue::Set(
                self.default
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            _ => RunValue::Text(self.default.to_owned()),
        }
    }

    /// What is wrong with `value` for this option, in words for the user.
    pub fn problem(&self, value: &RunValue) -> Option<String> {
        let text = match value {
            RunValue::Text(t) => t.as_str(),
            RunValue::Set(s) if s.is_empty() => {
                return matches!(self.kind, OptionKind::Many { .. })
                    .then(|| format!("Choose at least one {}.", singular(self.label)))
            }
            _ => return None,
        };
        let name = self.label;
        match self.kind {
            OptionKind::Text { format, .. } => {
                let t = text.trim();
                match format {
                    _ if t.is_empty() => None,
                    TextFormat::Uuid if !is_uuid(t) => {
                        Some(format!("{name} must be a UUID (8-4-4-4-12 hex digits)."))
                    }
                    TextFormat::HttpUrl => check_webhook(t).err(),
                    _ => None,
                }
            }
            OptionKind::Number(NumberRule::Count) => parse_count(name, text).err(),
            OptionKind::Number(NumberRule::Fraction) => parse_temperature(text).err(),
            OptionKind::Number(NumberRule::Whole) => parse_int(name, text).err(),
            OptionKind::Json(JsonShape::Object) => parse_object(name, text).err(),
            OptionKind::Json(JsonShape::Messages) => parse_list(name, text).err(),
            OptionKind::Json(JsonShape::Any) => parse_any(name, text).err(),
            _ => None,
        }
    }
}

/// "Stream modes" → "stream mode".
fn singular(label: &str) -> String {
    let l = label.to_lowercase();
    l.strip_suffix('s').map(str::to_owned).unwrap_or(l)
}

/// What the user changed of one server's run options; the rest keep their defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunValues(BTreeMap<String, RunValue>);

impl RunValues {
    pub fn set(&mut self, key: &str, value: RunValue) {
        self.0.insert(key.to_owned(), value);
    }

    pub fn get(&self, key: &str) -> Option<&RunValue> {
        self.0.get(key)
    }

    /// Ticks `choice` of the set `key` on or off (kept in the order ticked).
    pub fn toggle(&mut self, option: &RunOption, choice: &str, on: bool) {
        let mut set = match self.0.get(option.key).cloned().unwrap_or(option.initial()) {
            RunValue::Set(s) => s,
            _ => Vec::new(),
        };
        set.retain(|x| x != choice);
        if on {
            set.push(choice.to_owned());
        }
        self.set(option.key, RunValue::Set(set));
    }
}

/// A server's run options with what the user set: what the panel shows and the request reads.
#[derive(Clone, Copy)]
pub struct RunForm<'a> {
    pub spec: &'static RunOptionsSpec,
    pub values: &'a RunValues,
}

impl<'a> RunForm<'a> {
    pub fn new(spec: &'static RunOptionsSpec, values: &'a RunValues) -> Self {
        Self { spec, values }
    }

    fn option(&self, key: &str) -> Option<&'static RunOption> {
        self.spec.options.iter().find(|o| o.key == key)
    }

    /// The option's value: what the user set, else its default. `None` for an option this form lacks.
    pub fn value(&self, key: &str) -> Option<RunValue> {
        let option = self.option(key)?;
        Some(
            self.values
                .get(key)
                .cloned()
                .unwrap_or_else(|| option.initial()),
        )
    }

    /// Text as typed (untrimmed); empty for an option this form lacks.
    pub fn raw(&self, key: &str) -> String {
        match self.value(key) {
            Some(RunValue::Text(t)) => t,
            _ => String::new(),
        }
    }

    /// Trimmed text, `None` when empty (not sent).
    pub fn text(&self, key: &str) -> Option<String> {
        Some(self.raw(key).trim().to_owned()).filter(|t| !t.is_empty())
    }

    pub fn on(&self, key: &str) -> bool {
        matches!(self.value(key), Some(RunValue::On(true)))
    }

    pub fn set(&self, key: &str) -> Vec<String> {
        match self.value(key) {
            Some(RunValue::Set(s)) => s,
            _ => Vec::new(),
        }
    }

    /// The set `key` in the order of its choices (not the order ticked).
    pub fn set_in_order(&self, key: &str) -> Vec<String> {
        let chosen = self.set(key);
        match self.option(key).map(|o| o.kind) {
            Some(OptionKind::Many { options, .. }) => options
                .iter()
                .filter(|m| chosen.iter().any(|x| x == *m))
                .map(|m| (*m).to_owned())
                .collect(),
            _ => chosen,
        }
    }

    /// The first thing wrong with the form, in field order.
    pub fn problem(&self) -> Option<String> {
        self.spec.options.iter().find_map(|o| {
            let v = self
                .values
                .get(o.key)
                .cloned()
                .unwrap_or_else(|| o.initial());
            o.problem(&v)
        })
    }

    /// What Stop asks the server to do (`interrupt` when the form has no such option).
    pub fn stop_action(&self) -> String {
        self.text(keys::STOP_ACTION)
            .unwrap_or_else(|| "interrupt".into())
    }

    /// Whether a second run may be sent while one streams (what multitask strategies are for).
    pub fn allows_concurrent_runs(&self) -> bool {
        self.text(keys::MULTITASK).is_some()
    }

    /// Whether the user chose the thread-centric protocol (the server must offer it too).
    pub fn thread_protocol(&self) -> bool {
        self.on(keys::THREAD_PROTOCOL)
    }
}

impl RunOptionsForm {
    /// The fields of this form.
    pub fn spec(self) -> &'static RunOptionsSpec {
        match self {
            Self::LangGraph => &langgraph::SPEC,
            Self::AgentProtocol => &agent_protocol::SPEC,
            Self::Yandex => &yandex::SPEC,
            Self::Responses => &responses::SPEC,
            Self::A2a => &a2a::SPEC,
        }
    }

    /// The run options the filled form says, for a run of `assistant` (where the server needs one),
    /// or what is wrong with them.
    pub fn settings(
        self,
        values: &RunValues,
        assistant: Option<String>,
    ) -> Result<RunSettings, String> {
        let form = RunForm::new(self.spec(), values);
        if let Some(p) = form.problem() {
            return Err(p);
        }
        match self {
            Self::LangGraph => langgraph::settings(&form, assistant),
            Self::AgentProtocol => agent_protocol::settings(&form),
            Self::Yandex => yandex::settings(&form),
            Self::Responses => responses::settings(&form),
            Self::A2a => a2a::settings(&form),
        }
    }
}

/// A parsed JSON field (already checked by [`RunForm::problem`]).
fn json(form: &RunForm<'_>, key: &str) -> Result<Option<Value>, String> {
    parse_any(key, &form.raw(key))
}
