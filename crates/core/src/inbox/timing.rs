//! The Inbox's times: how often a server is asked again, how long an item has waited, and the
//! servers' RFC 3339 times read (no clock: the app passes "now").

/// How long to wait before asking a server again: every 2 s while the page is seen, 15 s while it
/// is hidden; after failures 2 s doubling up to a minute, ±20 % (`jitter` in 0..1) so that servers
/// that failed together are not asked together again.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cadence {
    pub failures: u32,
}

impl Cadence {
    pub fn next_ms(&mut self, ok: bool, hidden: bool, jitter: f64) -> u32 {
        if ok {
            self.failures = 0;
            return if hidden { 15_000 } else { 2_000 };
        }
        self.failures = self.failures.saturating_add(1);
        let base = (2_000u64 << (self.failures - 1).min(10)).min(60_000) as f64;
        (base * (0.8 + 0.4 * jitter.clamp(0.0, 1.0))) as u32
    }
}

/// How long ago, in a few words ("just now", "5 min", "3 h", "2 d").
pub fn age(since_ms: f64, now_ms: f64) -> String {
    let s = ((now_ms - since_ms) / 1000.0).max(0.0) as u64;
    match s {
        0..=9 => "just now".into(),
        10..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86_399 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86_400),
    }
}

/// An RFC 3339 time (`2026-12-07T19:30:00.123456+00:00`, `…Z`) as milliseconds since 1970.
pub fn epoch_ms(s: &str) -> Option<f64> {
    let b = s.trim().as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        std::str::from_utf8(b.get(r)?).ok()?.parse().ok()
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if b.get(4) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let mut i = 19;
    let mut frac = 0.0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        frac = format!("0.{}", std::str::from_utf8(&b[start..i]).ok()?)
            .parse::<f64>()
            .ok()?;
    }
    let offset_min = match b.get(i) {
        Some(b'Z' | b'z') | None => 0,
        Some(sign @ (b'+' | b'-')) => {
            let m = num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    Some((secs as f64 + frac) * 1000.0)
}
