//! The arithmetic of the message window: which rows of a long thread are in the DOM, and keeping the
//! view at the end while a reply streams.

use leptos::prelude::*;

/// Threads longer than this are windowed: only the rows in view, and `OVERSCAN_PX` above and below,
/// are in the DOM. Shorter ones are rendered whole.
pub(super) const WINDOW_FROM: usize = 200;
pub(super) const OVERSCAN_PX: f64 = 1_500.0;
/// The overscan of a window's first render: what is in view is rendered (and laid out) first, the
/// rest of the overscan in a task of its own.
pub(super) const FIRST_OVERSCAN_PX: f64 = 200.0;
/// A row's height until it has been measured (px, with the list's gap).
pub(super) const ESTIMATE_PX: f64 = 88.0;
/// The list's gap between rows (style: `.ac-messages { gap }`).
pub(super) const GAP_PX: f64 = 12.0;
/// Closer to the end than this, the view sticks to the newest message as it streams.
pub(super) const STICK_PX: f64 = 48.0;
/// How long a linked message is kept in view while the rows around it are measured (ms).
pub(super) const ANCHOR_MS: f64 = 1_500.0;

/// Which rows a windowed list renders: `from..to`, and the space the rows above and below take.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) struct Window {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) above: f64,
    pub(super) below: f64,
}

/// The window over `heights` (each row's, measured or estimated) for a viewport at `top`.
pub(super) fn window_of(
    heights: impl Iterator<Item = f64>,
    top: f64,
    viewport: f64,
    overscan: f64,
) -> Window {
    let (start, end) = (top - overscan, top + viewport + overscan);
    let mut w = Window {
        from: 0,
        to: 0,
        above: 0.0,
        below: 0.0,
    };
    let mut y = 0.0;
    let mut first = None;
    for (i, h) in heights.enumerate() {
        if first.is_none() && y + h >= start {
            first = Some(i);
            w.above = y;
        }
        if y <= end {
            w.to = i + 1;
        } else {
            w.below += h;
        }
        y += h;
    }
    w.from = first.unwrap_or(w.to);
    w
}

/// How many frames the end is followed after the view was put there, while rows settle.
pub(super) const SETTLE_FRAMES: u32 = 30;

/// A move up of the view this soon after the user touched the list (wheel, touch, key, pointer) is
/// theirs, whatever else changed.
pub(super) const USER_MOVE_MS: f64 = 1_000.0;

/// Puts the view at the end of `list` and keeps where it landed in `pinned` (the view's top and the
/// list's height then); the end it put it at.
pub(super) fn put_at_end(
    list: NodeRef<leptos::html::Div>,
    pinned: StoredValue<(f64, f64)>,
) -> Option<i32> {
    let el = list.get_untracked()?;
    let end = el.scroll_height();
    el.set_scroll_top(end);
    pinned.set_value((f64::from(el.scroll_top()), f64::from(el.scroll_height())));
    Some(end)
}

/// At the next frame, while the view is stuck to the end: if the end moved from `end` (rows in view
/// rendered taller than estimated), put the view at the new end and look again; done once the end
/// holds for a frame, the user let go, or `frames` ran out.
pub(super) fn settle_at_end(
    list: NodeRef<leptos::html::Div>,
    stick: StoredValue<bool>,
    pinned: StoredValue<(f64, f64)>,
    settling: StoredValue<bool>,
    end: i32,
    frames: u32,
) {
    crate::platform::next_frame(move || {
        // The tab may be gone by then.
        if stick.try_get_value() != Some(true) || frames == 0 {
            let _ = settling.try_set_value(false);
            return;
        }
        let moved = list
            .get_untracked()
            .is_some_and(|el| el.scroll_height() != end);
        match moved.then(|| put_at_end(list, pinned)).flatten() {
            Some(now) => settle_at_end(list, stick, pinned, settling, now, frames - 1),
            None => settling.set_value(false),
        }
    });
}
