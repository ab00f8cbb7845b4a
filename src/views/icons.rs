//! The icons of icon buttons: inline SVG drawn with `currentColor` (no icon font, nothing fetched; a
//! glyph a system font lacks would show as a box). Each is decorative: its button carries the name.

use leptos::prelude::*;

/// What an icon shows.
#[derive(Clone, Copy)]
pub enum Icon {
    /// Two sheets: copy.
    Copy,
    /// An `i` in a circle: details.
    Info,
    /// A pencil: edit.
    Edit,
    /// A turning arrow: run again.
    Again,
}

/// The icon, 14 px, in the text's colour.
pub fn icon(kind: Icon) -> impl IntoView {
    let d = match kind {
        Icon::Copy => "M9 9h11v11H9zM5 15V4h11",
        Icon::Info => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 11v6M12 7v1",
        Icon::Edit => "M4 20h4L19 9l-4-4L4 16zM13 7l4 4",
        Icon::Again => "M20 12a8 8 0 1 1-2.3-5.7M20 3v5h-5",
    };
    view! {
        <svg class="ac-svg-icon" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d=d />
        </svg>
    }
}
