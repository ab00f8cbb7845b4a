//! Yandex wire types → domain types.

use super::wire::{WireContentPart, WireMessage};
use crate::domain::{Message, Role};

/// A Yandex message; its text is all text content parts joined.
pub fn message(w: WireMessage, fallback_id: &str) -> Message {
    let role = Role::parse(
        w.author
            .as_ref()
            .and_then(|a| a.role.as_deref())
            .unwrap_or("ASSISTANT"),
    );
    let text = w
        .content
        .map(|c| text_of_parts(c.content))
        .unwrap_or_default();
    Message::text(
        w.id.filter(|i| !i.is_empty())
            .unwrap_or_else(|| fallback_id.to_owned()),
        role,
        text,
    )
}

/// The text of all text content parts, joined (other part kinds carry no text).
pub fn text_of_parts(parts: Vec<WireContentPart>) -> String {
    parts
        .into_iter()
        .filter_map(|p| p.text.map(|t| t.content))
        .collect()
}
