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
        let fields = fields_of_schema(schema);
        (!fields.is_empty()).then_some(Self { fields, within })
    }

    /// `values` (the assistant's config or context) split into the fields' inputs and the rest:
    /// the keys no field names, as JSON (empty when there are none).
    pub fn split(&self, values: &Value) -> (Vec<String>, String) {
        let mut rest = values.as_object().cloned().unwrap_or_default();
        let mut target = match self.within {
            Some(k) => rest
                .remove(k)
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default(),
            None => std::mem::take(&mut rest),
        };
        let inputs = self
            .fields
            .iter()
            .map(|f| match target.remove(&f.name) {
                Some(Value::String(s)) => s,
                Some(v) => v.to_string(),
                None if matches!(f.kind, FieldKind::Boolean) => "false".into(),
                None => String::new(),
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
    /// fields winning over a key typed in both; `Null` when nothing is set. An input that does not
    /// pass its field's check is refused, named with `label`.
    pub fn join(&self, label: &str, inputs: &[String], rest: Value) -> Result<Value, String> {
        let answer =
            answer_from_inputs(&self.fields, inputs).map_err(|e| format!("{label}: {e}"))?;
        let set: Map<String, Value> = answer
            .as_object()
            .into_iter()
            .flatten()
            // An unticked box that was never set says nothing.
            .filter(|(k, v)| !(v == &&Value::Bool(false) && self.boolean(k) && !self.required(k)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut out = rest.as_object().cloned().unwrap_or_default();
        let target = match self.within {
            Some(k) => {
                let inner = out
                    .entry(k.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                if !inner.is_object() {
                    *inner = Value::Object(Map::new());
                }
                inner.as_object_mut().expect("an object")
            }
            None => &mut out,
        };
        target.extend(set);
        if let Some(k) = self.within {
            if out
                .get(k)
                .and_then(Value::as_object)
                .is_some_and(Map::is_empty)
            {
                out.remove(k);
            }
        }
        Ok(if out.is_empty() {
            Value::Null
        } else {
            Value::Object(out)
        })
    }

    fn boolean(&self, name: &str) -> bool {
        self.fields
            .iter()
            .any(|f| f.name == name && matches!(f.kind, FieldKind::Boolean))
    }

    fn required(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.name == name && f.required)
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
        assert_eq!(inputs, ["Ada", "", "40", "false"]);
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
        let empty = ["".to_owned(), "".into(), "".into(), "false".into()];
        assert_eq!(f.join("Context", &empty, Value::Null).unwrap(), Value::Null);
        // Checked as the schema says, the field named.
        let bad = ["".to_owned(), "".into(), "900".into(), "false".into()];
        let e = f.join("Context", &bad, Value::Null).unwrap_err();
        assert!(
            e.starts_with("Context: Max words") && e.contains("500"),
            "{e}"
        );
        let not_a_choice = ["".to_owned(), "damp".into(), "".into(), "false".into()];
        assert!(f.join("Context", &not_a_choice, Value::Null).is_err());
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
