//! Agent Protocol wire types → domain types.

use super::wire::WireAgent;
use crate::domain::Assistant;
use crate::http::{parse_json, ApiError};

pub fn agents(body: &str) -> Result<Vec<Assistant>, ApiError> {
    let wire: Vec<WireAgent> = parse_json(body, "reading the agent list")?;
    Ok(wire
        .into_iter()
        .map(|a| Assistant {
            name: if a.name.is_empty() {
                a.agent_id.clone()
            } else {
                a.name
            },
            id: a.agent_id,
            graph_or_model: None,
            description: a.description,
            version: None,
            created_at: None,
            config: serde_json::Value::Null,
            metadata: a.metadata,
        })
        .collect())
}
