//! What the user types into forms, read into values for requests: run options, metadata filters,
//! labels. Each parser says what is wrong in words meant for the user; empty means "not given".

use serde_json::{Map, Value};

/// Empty → none; otherwise a positive whole number (int64, sent as a string).
pub fn parse_count(name: &str, text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u64>() {
        Ok(n) if n > 0 && n <= i64::MAX as u64 => Ok(Some(n)),
        _ => Err(format!("{name} must be a whole number above 0.")),
    }
}

/// Empty → none; otherwise a number from 0 to 1.
pub fn parse_temperature(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
        _ => Err("Temperature must be a number from 0 to 1.".into()),
    }
}

/// Empty → none; otherwise a number of minutes above 0 (a store item's time to live).
pub fn parse_minutes(name: &str, text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(Some(x)),
        _ => Err(format!(
            "{name}: minutes, a number above 0 (blank: for good)."
        )),
    }
}

/// Empty → none; otherwise a whole number.
pub fn parse_int(name: &str, text: &str) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>()
        .map(Some)
        .map_err(|_| format!("{name} must be a whole number."))
}

/// Empty → none; otherwise any JSON value.
pub fn parse_any(name: &str, text: &str) -> Result<Option<Value>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str::<Value>(text)
        .map(Some)
        .map_err(|e| format!("{name} is not valid JSON: {e}"))
}

/// Empty → none; otherwise a JSON list of messages (`role` and `content` each).
pub fn parse_list(name: &str, text: &str) -> Result<Vec<Value>, String> {
    match parse_any(name, text)? {
        None => Ok(Vec::new()),
        Some(Value::Array(items))
            if items.iter().all(|m| {
                m.get("role").is_some_and(Value::is_string) && m.get("content").is_some()
            }) =>
        {
            Ok(items)
        }
        Some(_) => Err(format!(
            "{name} must be a JSON list of {{\"role\", \"content\"}} objects."
        )),
    }
}

/// A webhook is an http(s) URL.
pub fn check_webhook(w: &str) -> Result<(), String> {
    if (w.starts_with("http://") || w.starts_with("https://")) && !w.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err("Webhook must be an http:// or https:// URL.".into())
    }
}

/// Empty → none; otherwise a JSON object.
pub fn parse_object(name: &str, text: &str) -> Result<Option<Value>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v @ Value::Object(_)) => Ok(Some(v)),
        Ok(_) => Err(format!("{name} must be a JSON object.")),
        Err(e) => Err(format!("{name} is not valid JSON: {e}")),
    }
}

/// `8-4-4-4-12` hex digits.
pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `key=value` pairs (comma or newline separated) → a metadata filter; numbers and booleans typed.
pub fn parse_pairs(text: &str) -> Result<Option<Value>, String> {
    let mut map = serde_json::Map::new();
    for part in text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("Metadata filter: {part:?} is not key=value."))?;
        let v = v.trim();
        let value = serde_json::from_str::<Value>(v)
            .ok()
            .filter(|x| x.is_number() || x.is_boolean())
            .unwrap_or_else(|| Value::from(v));
        map.insert(k.trim().to_owned(), value);
    }
    Ok((!map.is_empty()).then_some(Value::Object(map)))
}

/// `key=value` lines → a labels object; a line without `=` is refused.
pub fn parse_labels(text: &str) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (k, v) = line
            .split_once('=')
            .ok_or_else(|| format!("A label is written key=value: \"{line}\""))?;
        if k.trim().is_empty() {
            return Err(format!("A label needs a key: \"{line}\""));
        }
        out.insert(k.trim().to_owned(), Value::String(v.trim().to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn minutes_are_a_positive_number_or_nothing() {
        assert_eq!(parse_minutes("TTL", " "), Ok(None));
        assert_eq!(parse_minutes("TTL", "1.5"), Ok(Some(1.5)));
        for bad in ["0", "-2", "soon", "inf", "NaN"] {
            assert!(
                parse_minutes("TTL", bad)
                    .unwrap_err()
                    .starts_with("TTL: minutes"),
                "{bad}"
            );
        }
    }

    #[test]
    fn metadata_pairs() {
        assert_eq!(parse_pairs(" "), Ok(None));
        assert_eq!(
            parse_pairs("user=ana, n=2\nok=true"),
            Ok(Some(json!({"user": "ana", "n": 2, "ok": true})))
        );
        assert!(parse_pairs("oops").is_err());
    }

    #[test]
    fn labels_need_keys() {
        assert_eq!(parse_labels("a=1\n b = two ").unwrap()["b"], "two");
        assert!(parse_labels("novalue").is_err());
        assert!(parse_labels("=x").is_err());
    }

    #[test]
    fn run_option_fields() {
        assert_eq!(parse_count("Max tokens", ""), Ok(None));
        assert_eq!(parse_count("Max tokens", "12"), Ok(Some(12)));
        assert!(parse_count("Max tokens", "0").is_err());
        assert!(parse_temperature("1.5").is_err());
        assert_eq!(parse_temperature("0.3"), Ok(Some(0.3)));
        assert!(parse_object("Config", "[1]")
            .unwrap_err()
            .contains("JSON object"));
        assert!(parse_object("Config", "{")
            .unwrap_err()
            .contains("not valid JSON"));
        assert_eq!(
            parse_list("Messages", "[{\"role\":\"user\",\"content\":\"x\"}]").map(|l| l.len()),
            Ok(1)
        );
        assert!(parse_list("Messages", "[{\"content\":\"x\"}]").is_err());
        assert!(check_webhook("ftp://x").is_err() && check_webhook("https://x/y").is_ok());
        assert!(is_uuid("01a20b1a-e666-77bf-a3bc-cadb4a946090") && !is_uuid("01a2"));
        assert_eq!(parse_int("Recursion limit", "7"), Ok(Some(7)));
    }
}
