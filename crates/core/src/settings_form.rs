//! An assistant's settings as forms generated from its graph's schemas: the context
//! (`context_schema`) and the config's `configurable` (`config_schema`), each a field per property
//! — the inputs an interrupt's `response_schema` form has — with the keys the schema does not name
//! kept as JSON beside them.

use crate::interrupt_form::{answer_from_inputs, fields_of_schema, FieldKind, FormField};
use serde_json::{Map, Value};

/// The form of one object: its fields, and the key of the object it fills (`configurable` inside
/// the config), or the object itself.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsForm {
    pub fields: Vec<FormField>,
    pub within: Option<&'static str>,
}

impl SettingsForm {
    /// The context's form, where the schema names properties.
    pub fn context(context_schema: &Value) -> Option<Self> {
        Self::of(context_schema, None)
    }

    /// The config's `configurable` form, where the config schema describes it — unless it is the
    /// context's own schema again (LangGraph ≥ 1.0 lists the context there too, for older clients):
    /// the same fields are not asked for twice.
    pub fn configurable(config_schema: &Value, context_schema: &Value) -> Option<Self> {
        let inner = config_schema.get("properties")?.get("configurable")?;
        let resolved = resolve(config_schema, inner)?;
        let same = context_schema.get("properties").is_some()
            && context_schema.get("properties") == resolved.get("properties");
        if same {
            return None;
        }
        Self::of(resolved, Some("configurable"))
    }

    fn of(schema: &Value, within: Option<&'static str>) -> Option<Self> {
        let mut fields = fields_of_schema(schema);
        // An assistant's settings are partial — a run's own are merged over them, and the default
        // assistant has none —, so no field is required here (else a rename could not be saved).
        for f in &mut fields {
            f.required = false;
        }
        (!fields.is_empty()).then_some(Self { fields, within })
    }

    /// `values` (the assistant's config or context) split into the fields' inputs and the rest:
    /// the keys no field names — or whose value its field cannot hold (a choice not offered, a
    /// number as text), left as they are —, as JSON (empty when there are none). A box the values
    /// do not set is `""`: unset, not false.
    pub fn split(&self, values: &Value) -> (Vec<String>, String) {
        let mut rest = values.as_object().cloned().unwrap_or_default();
        // The object the fields fill: `configurable` inside the config (left among the other keys
        // when it is not an object), or the values themselves.
        let mut target = match self.within {
            Some(k) => match rest.get(k) {
                Some(Value::Object(_)) => match rest.remove(k) {
                    Some(Value::Object(o)) => o,
                    _ => Map::new(),
                },
                _ => Map::new(),
            },
            None => std::mem::take(&mut rest),
        };
        let inputs = self
            .fields
            .iter()
            .map(|f| {
                let input = target.get(&f.name).and_then(|v| input_of(f, v));
                if input.is_some() {
                    target.remove(&f.name);
                }
                input.unwrap_or_default()
            })
            .collect();
        match self.within {
            Some(k) if !target.is_empty() => {
                rest.insert(k.to_owned(), Value::Object(target));
            }
            Some(_) => {}
            None => rest = target,
        }
        let text = if rest.is_empty() {
            String::new()
        } else {
            serde_json::to_string_pretty(&rest).unwrap_or_default()
        };
        (inputs, text)
    }

    /// The object the fields' inputs and the other keys (`rest`, an object or `Null`) make, the
    /// fields winning over a key typed in both; `Null` when nothing is set. An unset box says
    /// nothing; one ticked or unticked says `true` / `false`. An input that does not pass its
    /// field's check is refused, named with `label`.
    pub fn join(&self, label: &str, inputs: &[String], rest: Value) -> Result<Value, String> {
        let (fields, typed): (Vec<FormField>, Vec<String>) = self
            .fields
            .iter()
            .zip(inputs)
            .filter(|(f, t)| !(matches!(f.kind, FieldKind::Boolean) && t.is_empty()))
            .map(|(f, t)| (f.clone(), t.clone()))
            .unzip();
        let answer = answer_from_inputs(&fields, &typed).map_err(|e| format!("{label}: {e}"))?;
        let set = match answer {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let mut out = match rest {
            Value::Object(o) => o,
            _ => Map::new(),
        };
        match self.within {
            Some(k) => {
                let inner = out
                    .entry(k.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                let Some(inner) = inner.as_object_mut() else {
                    return Err(format!("{label}: {k} must be a JSON object."));
                };
                inner.extend(set);
                if inner.is_empty() {
                    out.remove(k);
                }
            }
            None => out.extend(set),
        }
        Ok(if out.is_empty() {
            Value::Null
        } else {
            Value::Object(out)
        })
    }
}

/// A stored value as its field's input, if the field can hold it as it is.
fn input_of(f: &FormField, v: &Value) -> Option<String> {
    match (&f.kind, v) {
        (FieldKind::Text | FieldKind::LongText, Value::String(s)) => Some(s.clone()),
        (FieldKind::Choice(c), Value::String(s)) if c.contains(s) => Some(s.clone()),
        (FieldKind::Integer { .. }, Value::Number(n)) if n.is_i64() || n.is_u64() => {
            Some(n.to_string())
        }
        (FieldKind::Number { .. }, Value::Number(n)) => Some(n.to_string()),
        (FieldKind::Boolean, Value::Bool(b)) => Some(b.to_string()),
        (FieldKind::Json, v) => Some(v.to_string()),
        _ => None,
    }
}

/// An assistant's config as it is edited: without the copy of its context LangGraph keeps in
/// `configurable` (it answers `config.configurable` = the context, and refuses an edit that sends
/// both). A `configurable` that is not that copy stays.
pub fn config_to_edit(config: &Value, context: &Value) -> Value {
    let mirrored = context.as_object().is_some_and(|c| !c.is_empty())
        && config.get("configurable") == Some(context);
    if !mirrored {
        return config.clone();
    }
    let mut c = config.clone();
    if let Some(o) = c.as_object_mut() {
        o.remove("configurable");
    }
    c
}

/// A `{"$ref": "#/$defs/X"}` read in `root`'s `$defs` (one step: a reference to a reference is
/// not followed), else the schema itself.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/")?;
            root.get("$defs")?.get(name)
        }
        None => Some(schema),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context_schema() -> Value {
        json!({"properties": {
            "signature": {"title": "Signature", "type": "string"},
            "tone": {"enum": ["plain", "dry", "wet"], "title": "Tone", "type": "string"},
            "max_words": {"maximum": 500, "minimum": 1, "title": "Max words", "type": "integer"},
            "formal": {"title": "Formal", "type": "boolean"}
        }, "type": "object"})
    }

    #[test]
    fn the_context_splits_into_its_fields_and_the_other_keys_and_joins_back() {
        let f = SettingsForm::context(&context_schema()).unwrap();
        let names: Vec<&str> = f.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["signature", "tone", "max_words", "formal"]);
        let (inputs, rest) = f.split(&json!({"signature": "Ada", "max_words": 40, "extra": [1]}));
        assert_eq!(
            inputs,
            ["Ada", "", "40", ""],
            "a box not set is unset, not false"
        );
        assert_eq!(
            serde_json::from_str::<Value>(&rest).unwrap(),
            json!({"extra": [1]})
        );
        let back = f
            .join("Context", &inputs, serde_json::from_str(&rest).unwrap())
            .unwrap();
        assert_eq!(
            back,
            json!({"signature": "Ada", "max_words": 40, "extra": [1]})
        );
        // A field wins over the same key typed among the others; nothing set is no context.
        let typed = ["Bo".to_owned(), "dry".into(), "".into(), "true".into()];
        assert_eq!(
            f.join("Context", &typed, json!({"signature": "Zed"}))
                .unwrap(),
            json!({"signature": "Bo", "tone": "dry", "formal": true})
        );
        let empty = ["".to_owned(), "".into(), "".into(), "".into()];
        assert_eq!(f.join("Context", &empty, Value::Null).unwrap(), Value::Null);
        // Checked as the schema says, the field named.
        let bad = ["".to_owned(), "".into(), "900".into(), "".into()];
        let e = f.join("Context", &bad, Value::Null).unwrap_err();
        assert!(
            e.starts_with("Context: Max words") && e.contains("500"),
            "{e}"
        );
        let not_a_choice = ["".to_owned(), "damp".into(), "".into(), "".into()];
        assert!(f.join("Context", &not_a_choice, Value::Null).is_err());
    }

    #[test]
    fn what_is_stored_is_kept_as_it_is_and_nothing_is_required() {
        // Every key required (a TypedDict's default): an assistant with no context still saves.
        let mut schema = context_schema();
        schema["required"] = json!(["signature", "tone", "max_words", "formal"]);
        let f = SettingsForm::context(&schema).unwrap();
        assert!(f.fields.iter().all(|f| !f.required));
        let (inputs, _) = f.split(&Value::Null);
        assert_eq!(
            f.join("Context", &inputs, Value::Null).unwrap(),
            Value::Null
        );
        // An explicit false stays false; a value its field cannot hold (a choice not offered, a
        // number as text) stays among the other keys, unchanged.
        let stored = json!({"formal": false, "tone": "damp", "max_words": "forty"});
        let (inputs, rest) = f.split(&stored);
        assert_eq!(inputs, ["", "", "", "false"]);
        let rest: Value = serde_json::from_str(&rest).unwrap();
        assert_eq!(rest, json!({"tone": "damp", "max_words": "forty"}));
        assert_eq!(f.join("Context", &inputs, rest).unwrap(), stored);
    }

    #[test]
    fn the_context_s_copy_in_the_config_is_not_edited_twice() {
        let ctx = json!({"signature": "Ada"});
        let config = json!({"recursion_limit": 30, "configurable": {"signature": "Ada"}});
        assert_eq!(
            config_to_edit(&config, &ctx),
            json!({"recursion_limit": 30})
        );
        let own = json!({"configurable": {"model": "m"}});
        assert_eq!(config_to_edit(&own, &ctx), own);
        assert_eq!(config_to_edit(&own, &json!({})), own);
        assert_eq!(config_to_edit(&Value::Null, &ctx), Value::Null);
    }

    #[test]
    fn the_configurable_form_reads_its_reference_and_is_not_the_context_twice() {
        let mut defs = json!({"$defs": {"Conf": {"properties": {
            "model": {"type": "string", "title": "Model"}
        }, "type": "object"}}, "properties": {"configurable": {"$ref": "#/$defs/Conf", "default": null}}});
        let f = SettingsForm::configurable(&defs, &Value::Null).unwrap();
        assert_eq!(f.within, Some("configurable"));
        let (inputs, rest) =
            f.split(&json!({"configurable": {"model": "m1", "x": 1}, "tags": ["t"]}));
        assert_eq!(inputs, ["m1"]);
        let rest: Value = serde_json::from_str(&rest).unwrap();
        assert_eq!(rest, json!({"configurable": {"x": 1}, "tags": ["t"]}));
        assert_eq!(
            f.join("Config", &["m2".to_owned()], rest).unwrap(),
            json!({"configurable": {"x": 1, "model": "m2"}, "tags": ["t"]})
        );
        assert_eq!(
            f.join("Config", &["".to_owned()], Value::Null).unwrap(),
            Value::Null
        );
        // A `configurable` that is not an object is kept as typed, and refused if a field is set.
        let (inputs, rest) = f.split(&json!({"configurable": "x"}));
        assert_eq!(
            (inputs, rest.contains("\"x\"")),
            (vec![String::new()], true)
        );
        let e = f
            .join("Config", &["m3".to_owned()], json!({"configurable": "x"}))
            .unwrap_err();
        assert_eq!(e, "Config: configurable must be a JSON object.");
        // LangGraph ≥ 1.0 lists the context under configurable too: not asked twice.
        defs["$defs"]["Conf"] = context_schema();
        assert_eq!(SettingsForm::configurable(&defs, &context_schema()), None);
        // No schema, an empty one (`{}`), a reference elsewhere: no form.
        assert_eq!(SettingsForm::configurable(&json!({}), &Value::Null), None);
        let far = json!({"properties": {"configurable": {"$ref": "http://x/y"}}});
        assert_eq!(SettingsForm::configurable(&far, &Value::Null), None);
        assert_eq!(SettingsForm::context(&Value::Null), None);
    }
}
