//! The run's meters and timeline, as the session keeps them while it streams.

use super::*;

impl ThreadSession {
    /// A run was asked for at `at_ms`, recorded as `recording`: its meters and timeline start (the
    /// last run's go).
    pub fn start_meters(&self, at_ms: f64, recording: u64) {
        self.meters.set_value(Some(RunMeters::new(at_ms)));
        self.timeline
            .set_value(Some((recording, Timeline::new(at_ms))));
        self.meters_tick.update(|t| *t += 1);
    }

    /// The usage the server keeps on the finished run (its meters say it).
    pub fn run_usage(&self, usage: Usage) {
        let _ = self.meters.try_update_value(|m| {
            if let Some(m) = m {
                m.reported = Some(usage);
            }
        });
        let _ = self.meters_tick.try_update(|t| *t += 1);
    }

    /// The stream dropped and is joined again: counted, and marked on the timeline.
    pub fn reconnected(&self) {
        self.reconnects.update(|n| *n += 1);
        let now = js_sys::Date::now();
        self.timeline.update_value(|t| {
            if let Some((_, t)) = t {
                t.reconnect(now);
            }
        });
    }

    /// The followed run ended (its meters stop; they stay shown).
    pub fn end_meters(&self) {
        let now = js_sys::Date::now();
        if self
            .meters
            .try_update_value(|m| {
                if let Some(m) = m {
                    m.end(now);
                }
            })
            .is_some()
            && self
                .timeline
                .try_update_value(|t| {
                    if let Some((_, t)) = t {
                        t.end(now);
                    }
                })
                .is_some()
        {
            self.meters_tick.update(|t| *t += 1);
        }
    }
}
