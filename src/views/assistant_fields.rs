//! What an assistant is made of, as the Assistants page's forms type it: name, description, the
//! config and the context — each a form generated from the graph's schemas once they are read (the
//! keys no field names kept as JSON beside it) — and metadata as JSON.

use crate::actions::assistant_admin::json_object;
use crate::views::schema_fields::field_rows;
use agent_console_core::backend::{AssistantDraft, AssistantSchemas};
use agent_console_core::domain::Assistant;
use agent_console_core::settings_form::{config_to_edit, SettingsForm};
use leptos::prelude::*;
use serde_json::Value;

/// A settings object (config or context): its schema's form with its inputs, if one is read, and
/// the other keys as typed JSON.
#[derive(Clone, Copy)]
pub struct Settings {
    label: &'static str,
    form: RwSignal<Option<SettingsForm>>,
    /// The fields' texts, in the form's order.
    inputs: RwSignal<Vec<String>>,
    rest: RwSignal<String>,
}

impl Settings {
    fn new(label: &'static str, v: &Value) -> Self {
        Self {
            label,
            form: RwSignal::new(None),
            inputs: RwSignal::new(Vec::new()),
            rest: RwSignal::new(pretty(v)),
        }
    }

    /// The object as it stands (the fields over the other keys), or what is wrong with it.
    fn value(&self) -> Result<Value, String> {
        let rest = json_object(self.label, &self.rest.get_untracked())?;
        self.form.with_untracked(|f| match f {
            Some(form) => self
                .inputs
                .with_untracked(|typed| form.join(self.label, typed, rest)),
            None => Ok(rest),
        })
    }

    /// Takes a (new) schema's form: what was typed so far is split into its fields and the rest.
    /// Typed text that is not a JSON object is left as it is, the fields empty.
    fn take(&self, form: Option<SettingsForm>) {
        let now = self.value();
        match (form, now) {
            (Some(form), Ok(v)) => {
                let (inputs, rest) = form.split(&v);
                self.rest.set(rest);
                self.inputs.set(inputs);
                self.form.set(Some(form));
            }
            (Some(form), Err(_)) => {
                self.inputs.set(form.split(&Value::Null).0);
                self.form.set(Some(form));
            }
            (None, Ok(v)) => {
                self.form.set(None);
                self.rest.set(pretty(&v));
            }
            (None, Err(_)) => self.form.set(None),
        }
    }

    fn view(self, class: &'static str, hint: &'static str) -> impl IntoView {
        let (rest, inputs) = (self.rest, self.inputs);
        move || {
            match self.form.get() {
            Some(form) => view! {
                <fieldset class=format!("ac-admin-settings {class}-form")>
                    <legend>{self.label}</legend>
                    {field_rows(&form.fields, inputs)}
                    <label>{format!("Other {} keys (JSON)", self.label.to_lowercase())}
                        <textarea class=class rows="2" placeholder="{}" prop:value=move || rest.get()
                            on:input=move |e| rest.set(event_target_value(&e))></textarea>
                    </label>
                </fieldset>
            }
            .into_any(),
            None => view! {
                <label>{format!("{} (JSON{hint})", self.label)}
                    <textarea class=class rows="4" placeholder="{}" prop:value=move || rest.get()
                        on:input=move |e| rest.set(event_target_value(&e))></textarea>
                </label>
            }
            .into_any(),
        }
        }
    }
}

fn pretty(v: &Value) -> String {
    if v.is_null() || v.as_object().is_some_and(|o| o.is_empty()) {
        String::new()
    } else {
        serde_json::to_string_pretty(v).unwrap_or_default()
    }
}

/// The fields an assistant is made of, as typed.
#[derive(Clone, Copy)]
pub struct Fields {
    /// The id asked for (a new assistant only; blank: the server's).
    pub id: RwSignal<String>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    config: Settings,
    context: Settings,
    metadata: RwSignal<String>,
}

impl Fields {
    pub fn of(a: Option<&Assistant>) -> Self {
        let null = Value::Null;
        Self {
            id: RwSignal::new(String::new()),
            name: RwSignal::new(a.map(|a| a.name.clone()).unwrap_or_default()),
            description: RwSignal::new(a.and_then(|a| a.description.clone()).unwrap_or_default()),
            config: Settings::new(
                "Config",
                &a.map_or(Value::Null, |a| config_to_edit(&a.config, &a.context)),
            ),
            context: Settings::new("Context", a.map_or(&null, |a| &a.context)),
            metadata: RwSignal::new(a.map(|a| pretty(&a.metadata)).unwrap_or_default()),
        }
    }

    /// The graph's schemas read (or none): config and context become their forms.
    pub fn take_schemas(&self, s: Option<&AssistantSchemas>) {
        let null = Value::Null;
        let context = s.map_or(&null, |s| &s.context);
        self.context.take(SettingsForm::context(context));
        self.config
            .take(s.and_then(|s| SettingsForm::configurable(&s.config, context)));
    }

    /// The draft they make for `graph`, or the first thing wrong with them.
    pub fn draft(&self, graph: String) -> Result<AssistantDraft, String> {
        let name = self.name.get_untracked().trim().to_owned();
        if name.is_empty() {
            return Err("Name: an assistant needs a name.".into());
        }
        let id = self.id.get_untracked().trim().to_owned();
        Ok(AssistantDraft {
            id: (!id.is_empty()).then_some(id),
            graph_id: graph,
            name,
            description: self.description.get_untracked().trim().to_owned(),
            config: self.config.value()?,
            context: self.context.value()?,
            metadata: json_object("Metadata", &self.metadata.get_untracked())?,
        })
    }

    /// The inputs; `new`: with the id one may ask for.
    pub fn view(self, new: bool) -> impl IntoView {
        let text = |label: &'static str, class: &'static str, v: RwSignal<String>| {
            view! {
                <label>{label}
                    <input class=class prop:value=move || v.get() on:input=move |e| v.set(event_target_value(&e)) />
                </label>
            }
        };
        view! {
            {text("Name", "ac-admin-name", self.name)}
            {text("Description", "ac-admin-description", self.description)}
            {new.then(|| text("Id (optional, a UUID)", "ac-admin-id", self.id))}
            {self.config.view("ac-admin-config", ": configurable, tags, recursion_limit")}
            {self.context.view("ac-admin-context", "")}
            <label>"Metadata (JSON)"
                <textarea class="ac-admin-metadata" rows="4" placeholder="{}" prop:value=move || self.metadata.get()
                    on:input=move |e| self.metadata.set(event_target_value(&e))></textarea>
            </label>
        }
    }
}
