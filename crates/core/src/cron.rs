//! Cron expressions as a scheduled run's `schedule` takes them (five fields: minute, hour, day of the
//! month, month, day of the week; `*`, `*/n`, `a-b`, `a-b/n`, lists; Sunday is 0 or 7): checked,
//! explained in words, and the next times they fire (UTC, as the server reads them without a
//! timezone). When both days are restricted a day matching either fires (as cron does).

/// A checked expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Cron {
    minutes: Vec<bool>,
    hours: Vec<bool>,
    days: Vec<bool>,
    months: Vec<bool>,
    weekdays: Vec<bool>,
    /// Whether the day of the month / of the week was restricted (not `*`).
    days_set: bool,
    weekdays_set: bool,
    fields: Vec<String>,
}

const NAMES: [&str; 5] = [
    "minute",
    "hour",
    "day of the month",
    "month",
    "day of the week",
];
const RANGES: [(u32, u32); 5] = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

impl Cron {
    /// Reads `text`, or says what is wrong with it in the user's words.
    pub fn parse(text: &str) -> Result<Self, String> {
        let fields: Vec<&str> = text.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(format!(
                "A schedule has five fields (minute hour day month weekday), not {}: e.g. */15 * * * *.",
                fields.len()
            ));
        }
        let mut sets = Vec::with_capacity(5);
        for (i, f) in fields.iter().enumerate() {
            sets.push(
                field(f, RANGES[i]).map_err(|e| format!("The {} field {f:?}: {e}", NAMES[i]))?,
            );
        }
        let mut weekdays = sets.pop().unwrap_or_default();
        // 7 is Sunday too.
        if weekdays[7] {
            weekdays[0] = true;
        }
        weekdays.truncate(7);
        let months = sets.pop().unwrap_or_default();
        let days = sets.pop().unwrap_or_default();
        let days_all = days[1..].iter().all(|d| *d);
        let weekdays_all = weekdays.iter().all(|d| *d);
        let hours = sets.pop().unwrap_or_default();
        let minutes = sets.pop().unwrap_or_default();
        Ok(Self {
            minutes,
            hours,
            days,
            months,
            weekdays,
            // A field that allows every value is as `*` (1-31, */1, 0-6): not a restriction.
            days_set: !days_all,
            weekdays_set: !weekdays_all,
            fields: fields.iter().map(|s| (*s).to_owned()).collect(),
        })
    }

    /// In words: "every 5 minutes", "at 09:00 on Monday to Friday", …
    pub fn explain(&self) -> String {
        let f = &self.fields;
        let every_minute = f[0] == "*";
        let when = match (f[0].as_str(), f[1].as_str()) {
            ("*", "*") => "every minute".to_owned(),
            // Only a step that divides the hour fires evenly every n minutes.
            (m, "*")
                if m.strip_prefix("*/")
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| 60 % n == 0) =>
            {
                format!("every {} minutes", &m[2..])
            }
            (_, "*") => format!(
                "at minute {} of every hour",
                list(&self.minutes, 0, |n| n.to_string())
            ),
            (m, h) if !every_minute && single(m) && h.chars().all(|c| c.is_ascii_digit()) => {
                format!(
                    "at {:02}:{:02}",
                    h.parse::<u32>().unwrap_or(0),
                    m.parse::<u32>().unwrap_or(0)
                )
            }
            _ => format!(
                "at minute {} of hour {}",
                list(&self.minutes, 0, |n| n.to_string()),
                list(&self.hours, 0, |n| n.to_string())
            ),
        };
        let mut out = vec![when];
        let days = self.days_set.then(|| {
            format!(
                "day {} of the month",
                list(&self.days, 1, |n| n.to_string())
            )
        });
        let weekdays = self.weekdays_set.then(|| {
            format!(
                "on {}",
                list(&self.weekdays, 0, |n| WEEKDAYS[n as usize].to_owned())
            )
        });
        match (days, weekdays) {
            (Some(d), Some(w)) => out.push(format!("on {d} or {w}")),
            (Some(d), None) => out.push(format!("on {d}")),
            (None, Some(w)) => out.push(w),
            (None, None) => {}
        }
        if f[3] != "*" {
            out.push(format!(
                "in {}",
                list(&self.months, 1, |n| MONTHS[n as usize - 1].to_owned())
            ));
        }
        out.push("(UTC)".into());
        out.join(" ")
    }

    /// The next `n` times it fires after `after_ms` (ms since the epoch, UTC), within four years.
    pub fn next_times(&self, after_ms: f64, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        // The first whole minute after.
        let mut minute = (after_ms / 60_000.0).floor() as i64 + 1;
        let end = minute + 4 * 366 * 24 * 60;
        while out.len() < n && minute < end {
            let days = minute.div_euclid(24 * 60);
            let (y, mo, d) = civil(days);
            let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday.
            let day_ok = match (self.days_set, self.weekdays_set) {
                (true, true) => self.days[d as usize] || self.weekdays[weekday],
                _ => self.days[d as usize] && self.weekdays[weekday],
            };
            if !self.months[mo as usize] || !day_ok {
                minute = (days + 1) * 24 * 60;
                continue;
            }
            let in_day = minute.rem_euclid(24 * 60);
            let (h, m) = (in_day / 60, in_day % 60);
            if !self.hours[h as usize] {
                minute = days * 24 * 60 + (h + 1) * 60;
                continue;
            }
            if self.minutes[m as usize] {
                out.push(format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02} UTC"));
            }
            minute += 1;
        }
        out
    }
}

fn single(f: &str) -> bool {
    !f.is_empty() && f.chars().all(|c| c.is_ascii_digit())
}

/// The values a field allows, as a table of `hi + 1` flags.
fn field(f: &str, (lo, hi): (u32, u32)) -> Result<Vec<bool>, String> {
    let mut set = vec![false; hi as usize + 1];
    for part in f.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or("a step is a whole number above 0")?,
            ),
            None => (part, 1),
        };
        let num = |s: &str| -> Result<u32, String> {
            Some(s)
                .filter(|s| single(s))
                .and_then(|s| s.parse::<u32>().ok())
                .filter(|n| (lo..=hi).contains(n))
                .ok_or_else(|| format!("{s:?} is not a number from {lo} to {hi}"))
        };
        let (a, b) = match range {
            "*" => (lo, hi),
            r => match r.split_once('-') {
                Some((a, b)) => (num(a)?, num(b)?),
                None if step > 1 => (num(r)?, hi),
                None => (num(r)?, num(r)?),
            },
        };
        if a > b {
            return Err(format!("the range {a}-{b} runs backwards"));
        }
        let mut v = a;
        while v <= b {
            set[v as usize] = true;
            match v.checked_add(step) {
                Some(n) => v = n,
                None => break,
            }
        }
    }
    Ok(set)
}

/// The allowed values as "1, 3 and 5" / "Monday to Friday".
fn list(set: &[bool], lo: u32, name: impl Fn(u32) -> String) -> String {
    let on: Vec<u32> = (lo..set.len() as u32)
        .filter(|n| set[*n as usize])
        .collect();
    // Runs of three or more consecutive values read as "a to b".
    let mut parts = Vec::new();
    let mut i = 0;
    while i < on.len() {
        let mut j = i;
        while j + 1 < on.len() && on[j + 1] == on[j] + 1 {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{} to {}", name(on[i]), name(on[j])));
        } else {
            parts.extend(on[i..=j].iter().map(|n| name(*n)));
        }
        i = j + 1;
    }
    match parts.len() {
        0 => String::new(),
        1 => parts.remove(0),
        _ => {
            let last = parts.pop().unwrap_or_default();
            format!("{} and {last}", parts.join(", "))
        }
    }
}

/// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-07 14:02:30 UTC.
    const NOW: f64 = 1_796_652_150_000.0;

    #[test]
    fn common_schedules_are_explained_in_words() {
        let e = |s: &str| Cron::parse(s).unwrap().explain();
        assert_eq!(e("*/5 * * * *"), "every 5 minutes (UTC)");
        assert_eq!(e("* * * * *"), "every minute (UTC)");
        assert_eq!(e("0 9 * * 1-5"), "at 09:00 on Monday to Friday (UTC)");
        assert_eq!(e("30 * * * *"), "at minute 30 of every hour (UTC)");
        assert_eq!(
            e("0 0 1 1,7 *"),
            "at 00:00 on day 1 of the month in January and July (UTC)"
        );
        assert_eq!(
            e("15 8 1 * 0"),
            "at 08:15 on day 1 of the month or on Sunday (UTC)"
        );
        assert_eq!(
            e("*/7 * * * *"),
            "at minute 0, 7, 14, 21, 28, 35, 42, 49 and 56 of every hour (UTC)"
        );
        assert_eq!(e("0 0 1-31 * 0-6"), "at 00:00 (UTC)");
    }

    #[test]
    fn the_next_times_are_found_across_hours_days_and_years() {
        let c = Cron::parse("*/5 * * * *").unwrap();
        assert_eq!(
            c.next_times(NOW, 3),
            [
                "2026-12-07 14:05 UTC",
                "2026-12-07 14:10 UTC",
                "2026-12-07 14:15 UTC"
            ]
        );
        let c = Cron::parse("0 9 * * 1-5").unwrap();
        // Monday 7 December has passed 09:00; Tuesday to Thursday follow.
        assert_eq!(
            c.next_times(NOW, 3),
            [
                "2026-12-08 09:00 UTC",
                "2026-12-09 09:00 UTC",
                "2026-12-10 09:00 UTC"
            ]
        );
        let c = Cron::parse("0 0 29 2 *").unwrap();
        assert_eq!(c.next_times(NOW, 1), ["2028-02-29 00:00 UTC"]);
        // Day 1 of the month or a Sunday, whichever comes.
        let c = Cron::parse("15 8 1 * 0").unwrap();
        assert_eq!(
            c.next_times(NOW, 4),
            [
                "2026-12-13 08:15 UTC",
                "2026-12-20 08:15 UTC",
                "2026-12-27 08:15 UTC",
                "2027-01-01 08:15 UTC"
            ]
        );
        // Sunday as 7.
        let c = Cron::parse("0 12 * * 7").unwrap();
        assert_eq!(c.next_times(NOW, 1), ["2026-12-13 12:00 UTC"]);
    }

    #[test]
    fn what_is_wrong_is_said() {
        let err = |s: &str| Cron::parse(s).unwrap_err();
        assert!(err("* * *").contains("five fields"));
        assert!(err("61 * * * *").contains("The minute field \"61\""));
        assert!(err("*/0 * * * *").contains("step"));
        assert!(err("5-1 * * * *").contains("backwards"));
        assert!(err("* * * 13 *").contains("from 1 to 12"));
        assert!(err("+5 * * * *").contains("not a number"));
        // A step past the field's end allows its start alone (no overflow).
        let c = Cron::parse("59/4294967295 * * * *").unwrap();
        assert_eq!(c.next_times(NOW, 1), ["2026-12-07 14:59 UTC"]);
        // A day that never comes finds no time, and says nothing false.
        assert!(Cron::parse("0 0 31 2 *")
            .unwrap()
            .next_times(NOW, 1)
            .is_empty());
    }
}
