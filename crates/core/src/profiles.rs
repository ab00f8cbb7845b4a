//! Saved server profiles: the extra-header lines a user types, and the JSON a remembered profile is kept
//! as in the tab's sessionStorage (only when the user ticks "remember" — otherwise credentials stay in
//! memory). Pure: the app does the storing.

use crate::domain::{Auth, Dialect, ServerProfile};
use serde::{Deserialize, Serialize};

/// Parses `Name: value` lines (blank lines skipped). Names must be HTTP tokens; names that would let a
/// profile override what the client itself controls are refused.
pub fn parse_header_lines(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!(
                "Header line {} has no ':' — write it as Name: value.",
                n + 1
            ));
        };
        let name = name.trim();
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || !name.chars().all(token) {
            return Err(format!(
                "Header line {}: {name:?} is not a header name.",
                n + 1
            ));
        }
        let lower = name.to_ascii_lowercase();
        if [
            "content-type",
            "accept",
            "last-event-id",
            "content-length",
            "host",
        ]
        .contains(&lower.as_str())
        {
            return Err(format!(
                "Header line {}: {name} is set by agent-console itself.",
                n + 1
            ));
        }
        let value = value.trim();
        if value.chars().any(|c| c.is_control()) {
            return Err(format!(
                "Header line {}: the value has control characters.",
                n + 1
            ));
        }
        out.push((name.to_owned(), value.to_owned()));
    }
    Ok(out)
}

/// The header lines a profile's extra headers are edited as.
pub fn header_lines(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A profile as stored.
#[derive(Serialize, Deserialize)]
struct StoredProfile {
    label: String,
    base_url: String,
    dialect: String,
    /// `x-api-key`, `bearer` or `yandex-api-key`, with the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    auth: Option<(String, String)>,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default)]
    folder_id: Option<String>,
}

/// Serializes profiles for storage.
pub fn to_json(profiles: &[ServerProfile]) -> String {
    let stored: Vec<StoredProfile> = profiles
        .iter()
        .map(|p| StoredProfile {
            label: p.label.clone(),
            base_url: p.base_url.clone(),
            dialect: p.dialect.as_str().to_owned(),
            auth: match &p.auth {
                Auth::None => None,
                Auth::ApiKeyHeader(k) => Some(("x-api-key".into(), k.clone())),
                Auth::Bearer(t) => Some(("bearer".into(), t.clone())),
                Auth::YandexApiKey(k) => Some(("yandex-api-key".into(), k.clone())),
            },
            headers: p.extra_headers.clone(),
            folder_id: p.folder_id.clone(),
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".into())
}

/// Reads stored profiles; anything unreadable (an older format, a hand edit) is skipped, not fatal.
pub fn from_json(text: &str) -> Vec<ServerProfile> {
    let Ok(items) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|v| serde_json::from_value::<StoredProfile>(v).ok())
        .filter_map(|s| {
            Some(ServerProfile {
                label: s.label,
                base_url: s.base_url,
                dialect: Dialect::parse(&s.dialect)?,
                auth: match s.auth {
                    None => Auth::None,
                    Some((kind, secret)) => match kind.as_str() {
                        "x-api-key" => Auth::ApiKeyHeader(secret),
                        "bearer" => Auth::Bearer(secret),
                        "yandex-api-key" => Auth::YandexApiKey(secret),
                        _ => return None,
                    },
                },
                extra_headers: s.headers,
                folder_id: s.folder_id,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_parse_and_print_back() {
        let h = parse_header_lines("X-Tenant: blue\n\n  X-Trace :  a:b  \n").unwrap();
        assert_eq!(
            h,
            vec![
                ("X-Tenant".into(), "blue".into()),
                ("X-Trace".into(), "a:b".into())
            ]
        );
        assert_eq!(header_lines(&h), "X-Tenant: blue\nX-Trace: a:b");
    }

    #[test]
    fn bad_header_lines_are_named() {
        assert_eq!(
            parse_header_lines("X-Ok: 1\nno colon").unwrap_err(),
            "Header line 2 has no ':' — write it as Name: value."
        );
        assert!(parse_header_lines("Bad Name: 1")
            .unwrap_err()
            .contains("not a header name"));
        assert!(parse_header_lines("Accept: x")
            .unwrap_err()
            .contains("set by agent-console"));
    }

    #[test]
    fn profiles_round_trip_and_bad_entries_are_skipped() {
        let mut p = ServerProfile::new("https://a.example", Dialect::LangGraph);
        p.label = "Staging".into();
        p.auth = Auth::ApiKeyHeader("sk-1".into());
        p.extra_headers = vec![("X-Tenant".into(), "blue".into())];
        let mut q = ServerProfile::new("https://b.example", Dialect::Yandex);
        q.folder_id = Some("b1g".into());
        let json = to_json(&[p.clone(), q.clone()]);
        assert_eq!(from_json(&json), vec![p.clone(), q]);
        let first = to_json(std::slice::from_ref(&p));
        let mixed = format!(
            "[{}, {{\"label\": 3}}, {{\"label\":\"x\",\"base_url\":\"u\",\"dialect\":\"klingon\"}}]",
            first.trim_start_matches('[').trim_end_matches(']')
        );
        assert_eq!(from_json(&mixed), vec![p]);
        assert!(from_json("not json").is_empty());
    }

    #[test]
    fn debug_of_a_profile_shows_no_secret() {
        let mut p = ServerProfile::new("https://a.example", Dialect::LangGraph);
        p.auth = Auth::Bearer("tok-secret".into());
        p.extra_headers = vec![("X-Key".into(), "hdr-secret".into())];
        let d = format!("{p:?}");
        assert!(
            !d.contains("tok-secret") && !d.contains("hdr-secret"),
            "{d}"
        );
        assert!(d.contains("X-Key"));
    }
}
