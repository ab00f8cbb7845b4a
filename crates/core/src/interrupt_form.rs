//! What an interrupt asks for, read from its value: a question, simple choices, or a form described by a
//! JSON Schema `response_schema` (object with `properties`). And the reverse: the user's typed inputs
//! checked against that form and turned into the JSON answer that resumes the run.

use crate::domain::Interrupt;
use serde_json::{Map, Number, Value};

/// How the UI should let the user answer an interrupt.
#[derive(Debug, Clone, PartialEq)]
pub struct InterruptPrompt {
    /// `value.question` (or `description`, `message`) when it is text.
    pub question: Option<String>,
    /// `value.options`: plain choices, each answered as its own string.
    pub options: Vec<String>,
    /// Fields from `value.response_schema`; empty when there is none.
    pub fields: Vec<FormField>,
}

/// One input of an interrupt form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// The property name: the key in the answer.
    pub name: String,
    /// `title`, else the name.
    pub label: String,
    pub description: Option<String>,
    pub kind: FieldKind,
    pub required: bool,
    /// `default`, if the schema gives one.
    pub default: Option<Value>,
}

/// The input a field needs.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text,
    /// `multiline` is a guess from `format: "textarea"` or a `maxLength` over 200.
    LongText,
    Integer {
        min: Option<f64>,
        max: Option<f64>,
    },
    Number {
        min: Option<f64>,
        max: Option<f64>,
    },
    Boolean,
    /// `enum` of strings: a choice.
    Choice(Vec<String>),
    /// Anything else (objects, arrays, unions): typed as JSON.
    Json,
}

/// Reads what an interrupt asks for. Never fails: an unknown shape gives no options and no fields, and
/// the UI falls back to a JSON answer. The form comes from the interrupt's own `response_schema`, else
/// from one inside its value.
pub fn prompt_of(interrupt: &Interrupt) -> InterruptPrompt {
    let value = &interrupt.value;
    let text = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_owned);
    InterruptPrompt {
        question: interrupt
            .question()
            .map(str::to_owned)
            .or_else(|| text("description"))
            .or_else(|| text("message")),
        options: interrupt.options(),
        fields: interrupt
            .response_schema
            .as_ref()
            .or_else(|| value.get("response_schema"))
            .map(fields_of_schema)
            .unwrap_or_default(),
    }
}

/// The fields of an object schema, in the schema's property order.
pub fn fields_of_schema(schema: &Value) -> Vec<FormField> {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    props
        .iter()
        .map(|(name, p)| FormField {
            name: name.clone(),
            label: p
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or(name)
                .to_owned(),
            description: p
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            kind: kind_of(p),
            required: required.contains(&name.as_str()),
            default: p.get("default").cloned(),
        })
        .collect()
}

fn kind_of(p: &Value) -> FieldKind {
    let num = |k: &str| p.get(k).and_then(Value::as_f64);
    if let Some(choices) = p.get("enum").and_then(Value::as_array) {
        let strings: Vec<String> = choices
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        if strings.len() == choices.len() && !strings.is_empty() {
            return FieldKind::Choice(strings);
        }
        return FieldKind::Json;
    }
    match p.get("type").and_then(Value::as_str) {
        Some("string") => {
            let long = p.get("format").and_then(Value::as_str) == Some("textarea")
                || num("maxLength").is_some_and(|n| n > 200.0);
            if long {
                FieldKind::LongText
            } else {
                FieldKind::Text
            }
        }
        Some("integer") => FieldKind::Integer {
            min: num("minimum"),
            max: num("maximum"),
        },
        Some("number") => FieldKind::Number {
            min: num("minimum"),
            max: num("maximum"),
        },
        Some("boolean") => FieldKind::Boolean,
        _ => FieldKind::Json,
    }
}

/// The text an input starts with: the schema's default, shown as the user would type it.
pub fn initial_input(field: &FormField) -> String {
    match (&field.default, &field.kind) {
        (None, FieldKind::Boolean) => "false".into(),
        (None, FieldKind::Choice(c)) if field.required => c.first().cloned().unwrap_or_default(),
        (None, _) => String::new(),
        (Some(Value::String(s)), _) => s.clone(),
        (Some(v), _) => v.to_string(),
    }
}

/// Checks the user's inputs (one per field, in field order; booleans as "true"/"false") and builds
/// the answer object. An empty optional field is left out. Errors name the field and what is wrong.
pub fn answer_from_inputs(fields: &[FormField], inputs: &[String]) -> Result<Value, String> {
    let mut out = Map::new();
    for (field, raw) in fields.iter().zip(inputs.iter()) {
        let raw = raw.trim();
        if raw.is_empty() && !matches!(field.kind, FieldKind::Boolean) {
            if field.required {
                return Err(format!("{} is required.", field.label));
            }
            continue;
        }
        let value = match &field.kind {
            FieldKind::Text | FieldKind::LongText => Value::String(raw.to_owned()),
            FieldKind::Boolean => Value::Bool(raw == "true"),
            FieldKind::Choice(choices) => {
                if !choices.iter().any(|c| c == raw) {
                    return Err(format!(
                        "{}: choose one of {}.",
                        field.label,
                        choices.join(", ")
                    ));
                }
                Value::String(raw.to_owned())
            }
            FieldKind::Integer { min, max } => {
                let n: i64 = raw
                    .parse()
                    .map_err(|_| format!("{} must be a whole number.", field.label))?;
                check_range(&field.label, n as f64, *min, *max)?;
                Value::Number(n.into())
            }
            FieldKind::Number { min, max } => {
                let n: f64 = raw
                    .parse()
                    .ok()
                    .filter(|n: &f64| n.is_finite())
                    .ok_or_else(|| format!("{} must be a number.", field.label))?;
                check_range(&field.label, n, *min, *max)?;
                Number::from_f64(n)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
            FieldKind::Json => serde_json::from_str(raw)
                .map_err(|e| format!("{} is not valid JSON: {e}", field.label))?,
        };
        out.insert(field.name.clone(), value);
    }
    Ok(Value::Object(out))
}

fn check_range(label: &str, n: f64, min: Option<f64>, max: Option<f64>) -> Result<(), String> {
    if let Some(min) = min.filter(|m| n < *m) {
        return Err(format!("{label} must be at least {min}."));
    }
    if let Some(max) = max.filter(|m| n > *m) {
        return Err(format!("{label} must be at most {max}."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn interrupt(value: Value) -> Interrupt {
        Interrupt {
            id: None,
            value,
            response_schema: None,
            namespace: Vec::new(),
        }
    }

    fn review() -> Value {
        json!({"question": "Review the release notes", "response_schema": {
            "type": "object",
            "properties": {
                "reviewer": {"type": "string", "title": "Reviewer"},
                "approved": {"type": "boolean", "title": "Approved"},
                "score": {"type": "integer", "title": "Score", "minimum": 1, "maximum": 5},
                "channel": {"type": "string", "enum": ["email", "chat"]},
                "extra": {"type": "object"}
            },
            "required": ["reviewer", "score"]
        }})
    }

    #[test]
    fn a_schema_becomes_fields_in_order() {
        let p = prompt_of(&interrupt(review()));
        assert_eq!(p.question.as_deref(), Some("Review the release notes"));
        let names: Vec<_> = p.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["reviewer", "approved", "score", "channel", "extra"]);
        assert_eq!(p.fields[0].label, "Reviewer");
        assert!(p.fields[0].required && !p.fields[1].required);
        assert_eq!(p.fields[1].kind, FieldKind::Boolean);
        assert_eq!(
            p.fields[2].kind,
            FieldKind::Integer {
                min: Some(1.0),
                max: Some(5.0)
            }
        );
        assert_eq!(
            p.fields[3].kind,
            FieldKind::Choice(vec!["email".into(), "chat".into()])
        );
        assert_eq!(p.fields[3].label, "channel", "no title: the name");
        assert_eq!(p.fields[4].kind, FieldKind::Json);
    }

    #[test]
    fn inputs_become_a_typed_answer() {
        let fields = prompt_of(&interrupt(review())).fields;
        let inputs: Vec<String> = ["Ada", "true", "4", "chat", ""].map(String::from).to_vec();
        assert_eq!(
            answer_from_inputs(&fields, &inputs).unwrap(),
            json!({"reviewer": "Ada", "approved": true, "score": 4, "channel": "chat"})
        );
    }

    #[test]
    fn bad_inputs_are_named() {
        let fields = prompt_of(&interrupt(review())).fields;
        let check =
            |inputs: [&str; 5]| answer_from_inputs(&fields, &inputs.map(String::from)).unwrap_err();
        assert_eq!(check(["", "false", "3", "", ""]), "Reviewer is required.");
        assert_eq!(
            check(["A", "false", "9", "", ""]),
            "Score must be at most 5."
        );
        assert_eq!(
            check(["A", "false", "2.5", "", ""]),
            "Score must be a whole number."
        );
        assert_eq!(
            check(["A", "false", "2", "fax", ""]),
            "channel: choose one of email, chat."
        );
        assert!(check(["A", "false", "2", "", "{"]).starts_with("extra is not valid JSON"));
    }

    #[test]
    fn simple_choices_and_odd_values() {
        let p = prompt_of(&interrupt(
            json!({"question": "Publish?", "options": ["yes", "no"]}),
        ));
        assert_eq!(p.options, ["yes", "no"]);
        assert!(p.fields.is_empty());
        for odd in [
            json!("just text"),
            json!(null),
            json!({"response_schema": "not a schema"}),
            json!({"options": [1, {"x": 2}]}),
        ] {
            let p = prompt_of(&interrupt(odd.clone()));
            assert!(p.fields.is_empty() && p.options.is_empty(), "{odd}");
        }
    }

    #[test]
    fn the_interrupts_own_schema_comes_first() {
        let mut i = interrupt(
            json!({"description": "Rate it", "response_schema": {"properties": {"a": {}}}}),
        );
        i.response_schema = Some(json!({"properties": {"stars": {"type": "integer"}}}));
        let p = prompt_of(&i);
        assert_eq!(p.question.as_deref(), Some("Rate it"));
        assert_eq!(p.fields.len(), 1);
        assert_eq!(p.fields[0].name, "stars");
    }

    #[test]
    fn defaults_fill_the_inputs() {
        let fields = fields_of_schema(&json!({"properties": {
            "n": {"type": "number", "default": 2.5},
            "s": {"type": "string", "default": "hi"},
            "c": {"enum": ["a", "b"]}
        }, "required": ["c"]}));
        let initial: Vec<_> = fields.iter().map(initial_input).collect();
        assert_eq!(initial, ["2.5", "hi", "a"]);
    }
}
