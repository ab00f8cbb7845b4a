//! The policy of following one run's stream, as a state machine with no I/O and no clock of its own:
//! the app's follower (the driver) opens and reads connections, asks the server, waits and shows; it
//! tells the machine what happened ([`Input`], each with the time it happened) and does what the
//! machine answers ([`Action`]). So every rule — the watchdog (silence, heartbeats only, a Stop the
//! stream ignores), rejoining with backoff, settling only against the server's word — is tested
//! natively with a fake clock (see the tests below).
//!
//! The rules:
//! - A connection silent for `silence_ms` is dead: it is closed and rejoined.
//! - Bytes but no event (heartbeats only) for `silence_ms` — or, after a Stop the server accepted,
//!   for `stop_grace_ms` — the server is asked whether the run is over; if it is, the stream is closed
//!   and the run settled with the server's status; if not, reading goes on.
//! - A stream that ends cleanly does not end the run: the server is asked (a few tries, as it may
//!   record the end a moment after the stream's last byte). Still running → the stream was cut:
//!   rejoin. Not reachable for a moment (5xx, no answer) → rejoin too.
//! - A drop, a 5xx or 429, no answer: rejoin after `300 ms × 2^(n-1)` (at most 5 s; the driver adds
//!   jitter), at most `max_rejoins` times in a row; bytes that arrive reset the count. A 4xx or a
//!   refused redirect is final. A run whose id is unknown cannot be rejoined.
//! - A rejoin that fails again is said, and the server asked whether the run has ended before the
//!   next: a run that ended is settled at once, not after every rejoin has failed.
//! - A stream that cannot be had (a final error, rejoins exhausted) while the server says the run
//!   goes on: that is said, and the server is asked every [`WATCH_EVERY_MS`] until the run ends —
//!   never left "running" without a word, never settled by a guess.
//! - The server that cannot say how the run stands (its status unreadable) `max_unconfirmed` times
//!   in a row: the view is settled as unconfirmed, and says why.
//! - However the follow ends — the run's end seen, a final error, rejoins exhausted — the view is
//!   settled once, with the server's word ([`Action::AskOutcome`] before [`Action::Settle`]).

use crate::domain::RunStatus;
use crate::http::ApiError;

/// The numbers of the policy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FollowConfig {
    /// Silence that kills a connection, and heartbeats-only time before the server is asked (0: no
    /// watchdog).
    pub silence_ms: f64,
    /// After an accepted Stop, how long the stream may go on before the server is asked.
    pub stop_grace_ms: f64,
    /// Rejoins in a row before giving up.
    pub max_rejoins: u32,
    /// How often the server is asked how a run whose stream ended has ended.
    pub final_status_tries: u32,
}

impl Default for FollowConfig {
    fn default() -> Self {
        Self {
            silence_ms: 45_000.0,
            stop_grace_ms: 2_000.0,
            max_rejoins: 8,
            final_status_tries: 8,
        }
    }
}

/// How often the driver should look at an open connection when nothing arrives.
pub const WATCH_TICK_MS: u32 = 500;

/// How often the server is asked about a run whose stream cannot be followed.
pub const WATCH_EVERY_MS: u32 = 2_000;

/// Answers in a row that could not say how the run stands before the view is settled as unconfirmed.
pub const MAX_UNCONFIRMED: u32 = 3;

/// What the server says of the run's end (the driver asks `run_outcome`).
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Over, with this status.
    Ended(RunStatus),
    /// Still pending or running (after every try the driver was asked to make).
    Active,
    /// Gone (404): rolled back or deleted.
    Deleted,
    /// The server could not be asked.
    Unconfirmed(ApiError),
    /// The run's id is unknown: nothing to ask.
    NoRun,
}

/// What happened, told to the machine by the driver.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A connection (the first or a rejoin) opened at `at`.
    Opened { at: f64 },
    /// Bytes arrived at `at`; `events`: they completed at least one event that was not a heartbeat.
    /// `stopping`: a Stop the server accepted is pending.
    Bytes {
        at: f64,
        events: bool,
        stopping: bool,
    },
    /// Nothing arrived for a watch tick, at `at`.
    Quiet { at: f64, stopping: bool },
    /// The stream itself said the run ended (a thread subscription's lifecycle).
    EndSeen(RunStatus),
    /// The connection ended cleanly.
    Closed,
    /// The connection broke, or a rejoin could not open.
    Failed(ApiError),
    /// The run's id became known.
    RunNamed,
    /// The server's answer to the last [`Action::AskOutcome`].
    Outcome(Outcome),
}

/// What the driver does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Go on reading the open connection (wait at most [`WATCH_TICK_MS`] for a chunk).
    Read,
    /// Close the open connection (the actions after this one say what follows).
    Close,
    /// Ask the server how the run stands, at most `tries` times (a little apart while it is active).
    AskOutcome { tries: u32 },
    /// Show this error in the view (the follow goes on with the next action).
    ShowError(String),
    /// Tell the user this (not an error: the run goes on).
    Note(String),
    /// Count a reconnect (shown to the user), wait `after_ms` (plus jitter), then open a rejoin.
    Rejoin { after_ms: u32 },
    /// Wait `after_ms`, then ask the server once how the run stands (no stream is open).
    Watch { after_ms: u32 },
    /// The follow is over: settle the view once with this, against the server's state where the run
    /// ended.
    Settle(Outcome),
}

/// Where the follow is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// A connection is open and read.
    Reading,
    /// Reading, and the server was asked whether the run ended (heartbeats only, or a Stop ignored).
    AskingWhileReading,
    /// The connection ended cleanly; the server was asked how the run stands.
    AskingAfterEnd,
    /// Waiting to rejoin, or a rejoin opening.
    Rejoining,
    /// The follow failed for good; the server was asked for the run's final status.
    AskingAfterFailure,
    /// A rejoin failed again; the server was asked whether the run has ended before the next one.
    AskingWhileRejoining,
    /// The run goes on but its stream cannot be followed: the server is asked now and then.
    Watching,
    /// Settled.
    Done,
}

/// One run's follow.
#[derive(Debug, Clone)]
pub struct Follow {
    config: FollowConfig,
    phase: Phase,
    /// Rejoins in a row with no byte between.
    attempt: u32,
    run_known: bool,
    last_bytes: f64,
    last_event: f64,
    /// The server was last asked because of a Stop the stream ignores (not heartbeats only).
    asked_stopping: bool,
    /// Answers in a row that could not say how the run stands.
    unconfirmed: u32,
}

impl Follow {
    /// A follow whose first connection opened at `at`; `run_known`: the run's id is known already.
    pub fn new(config: FollowConfig, at: f64, run_known: bool) -> Self {
        Self {
            config,
            phase: Phase::Reading,
            attempt: 0,
            run_known,
            last_bytes: at,
            last_event: at,
            asked_stopping: false,
            unconfirmed: 0,
        }
    }

    /// A follow whose first connection did not open (its answer lost, a run created before its
    /// stream): it starts by rejoining.
    pub fn rejoining(config: FollowConfig, run_known: bool) -> Self {
        Self {
            phase: Phase::Rejoining,
            ..Self::new(config, 0.0, run_known)
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Whether the open connection has been silent long enough at `at` to be closed (the driver
    /// looks for an unnamed run first: a run with no id cannot be rejoined).
    pub fn is_silent(&self, at: f64) -> bool {
        self.config.silence_ms > 0.0 && at - self.last_bytes >= self.config.silence_ms
    }

    /// Rejoins in a row so far.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// What to do after `input`.
    pub fn on(&mut self, input: Input) -> Vec<Action> {
        use Input as I;
        use Phase as P;
        match &input {
            I::Outcome(Outcome::Unconfirmed(_)) => self.unconfirmed += 1,
            I::Outcome(_) => self.unconfirmed = 0,
            _ => {}
        }
        match (self.phase, input) {
            (P::Done, _) => Vec::new(),
            // The server could not say, again and again: settled as unconfirmed, with why.
            (
                P::AskingAfterEnd | P::AskingWhileRejoining | P::Watching,
                I::Outcome(Outcome::Unconfirmed(e)),
            ) if self.unconfirmed >= MAX_UNCONFIRMED => {
                self.phase = P::Done;
                vec![Action::Settle(Outcome::Unconfirmed(e))]
            }
            (P::AskingWhileRejoining, I::Outcome(o @ (Outcome::Ended(_) | Outcome::Deleted))) => {
                self.phase = P::Done;
                vec![Action::Settle(o)]
            }
            // Not over, or not known: the next rejoin.
            (P::AskingWhileRejoining, I::Outcome(_)) => self.rejoin(),
            (P::Watching, I::Outcome(Outcome::Active))
            | (P::AskingAfterFailure, I::Outcome(Outcome::Active)) => {
                let first = self.phase == P::AskingAfterFailure;
                self.phase = P::Watching;
                let mut out = Vec::new();
                if first {
                    out.push(Action::Note(format!(
                        "The run goes on on the server, but its stream cannot be followed: how it ends is read from the server every {} s.",
                        WATCH_EVERY_MS / 1000
                    )));
                }
                out.push(Action::Watch {
                    after_ms: WATCH_EVERY_MS,
                });
                out
            }
            (P::Watching, I::Outcome(Outcome::Unconfirmed(e))) if transient(&e) => {
                vec![Action::Watch {
                    after_ms: WATCH_EVERY_MS,
                }]
            }
            (P::Watching, I::Outcome(o)) => {
                self.phase = P::Done;
                vec![Action::Settle(o)]
            }
            (_, I::RunNamed) => {
                self.run_known = true;
                Vec::new()
            }
            (P::Rejoining, I::Opened { at }) => {
                self.phase = P::Reading;
                self.last_bytes = at;
                self.last_event = at;
                vec![Action::Read]
            }
            (
                P::Reading | P::AskingWhileReading,
                I::Bytes {
                    at,
                    events,
                    stopping,
                },
            ) => {
                self.attempt = 0;
                self.last_bytes = at;
                if events {
                    self.last_event = at;
                }
                self.watch(at, stopping)
            }
            (P::Reading | P::AskingWhileReading, I::Quiet { at, stopping }) => {
                self.watch(at, stopping)
            }
            (P::Reading | P::AskingWhileReading, I::EndSeen(status)) => {
                self.phase = P::Done;
                vec![Action::Close, Action::Settle(Outcome::Ended(status))]
            }
            (P::AskingWhileReading, I::Outcome(Outcome::Ended(status))) => {
                self.phase = P::Done;
                vec![Action::Close, Action::Settle(Outcome::Ended(status))]
            }
            // Not over (or the server could not say): the stream goes on, and the user is told why
            // nothing shows.
            (P::AskingWhileReading, I::Outcome(o)) => {
                self.phase = P::Reading;
                let why = if self.asked_stopping {
                    "The run was asked to stop, but its stream goes on".to_owned()
                } else {
                    format!(
                        "The stream has sent nothing but keep-alives for {} s",
                        (self.config.silence_ms / 1000.0).round()
                    )
                };
                let note = match o {
                    Outcome::Unconfirmed(e) => {
                        format!("{why}, and the server could not say whether the run goes on: {e}")
                    }
                    _ => format!("{why}; the server says the run still goes."),
                };
                vec![Action::Note(note), Action::Read]
            }
            (P::Reading | P::AskingWhileReading, I::Closed) => {
                self.phase = P::AskingAfterEnd;
                vec![Action::AskOutcome {
                    tries: self.config.final_status_tries,
                }]
            }
            (P::AskingAfterEnd, I::Outcome(Outcome::Active)) => self.failed(ApiError::Dropped {
                detail: "the stream ended while the server still reports the run as running".into(),
            }),
            (P::AskingAfterEnd, I::Outcome(Outcome::Unconfirmed(e))) if transient(&e) => {
                self.failed(e)
            }
            (P::AskingAfterEnd | P::AskingAfterFailure, I::Outcome(o)) => {
                self.phase = P::Done;
                vec![Action::Settle(o)]
            }
            (P::Reading | P::AskingWhileReading | P::Rejoining, I::Failed(e)) => self.failed(e),
            // Anything else is out of order (a late answer of a superseded question): ignored.
            _ => Vec::new(),
        }
    }

    /// The watchdog, after bytes or a quiet tick at `at`.
    fn watch(&mut self, at: f64, stopping: bool) -> Vec<Action> {
        let silence = self.config.silence_ms;
        if silence > 0.0 && at - self.last_bytes >= silence {
            let mut out = vec![Action::Close];
            out.extend(self.failed(ApiError::Dropped {
                detail: format!("nothing arrived for {} s", (silence / 1000.0).round()),
            }));
            return out;
        }
        let ask_after = if stopping {
            self.config.stop_grace_ms
        } else {
            silence
        };
        if self.phase == Phase::Reading && ask_after > 0.0 && at - self.last_event >= ask_after {
            self.last_event = at;
            self.asked_stopping = stopping;
            self.phase = Phase::AskingWhileReading;
            return vec![Action::AskOutcome { tries: 1 }];
        }
        vec![Action::Read]
    }

    /// A connection failed with `e`: rejoin, or give up and settle with the server's word.
    fn failed(&mut self, e: ApiError) -> Vec<Action> {
        let final_ask = Action::AskOutcome {
            tries: self.config.final_status_tries,
        };
        if !transient(&e) || self.attempt >= self.config.max_rejoins {
            self.phase = Phase::AskingAfterFailure;
            return vec![Action::ShowError(e.to_string()), final_ask];
        }
        if !self.run_known {
            self.phase = Phase::AskingAfterFailure;
            return vec![
                Action::ShowError(format!(
                    "{e} — the run's id is unknown, so it cannot be rejoined"
                )),
                final_ask,
            ];
        }
        // A rejoin failed: said, and the server asked whether the run ended before the next.
        if self.phase == Phase::Rejoining && self.attempt >= 1 {
            self.phase = Phase::AskingWhileRejoining;
            return vec![
                Action::Note(format!(
                    "The run's stream could not be rejoined ({e}); attempt {} of {} — the server is asked whether the run goes on.",
                    self.attempt, self.config.max_rejoins
                )),
                Action::AskOutcome { tries: 1 },
            ];
        }
        self.rejoin()
    }

    /// The next rejoin, after a longer wait.
    fn rejoin(&mut self) -> Vec<Action> {
        self.attempt += 1;
        self.phase = Phase::Rejoining;
        vec![Action::Rejoin {
            after_ms: backoff_ms(self.attempt),
        }]
    }
}

/// The wait before rejoin `attempt` (1, 2, …): 300 ms doubling, at most 5 s (before jitter).
pub fn backoff_ms(attempt: u32) -> u32 {
    let doubled = 300u64 << attempt.saturating_sub(1).min(16);
    doubled.min(5_000) as u32
}

/// Whether an error may pass by itself: no answer, a dropped stream, a 5xx or 429 (a server or proxy
/// restarting, overloaded).
pub fn transient(e: &ApiError) -> bool {
    match e {
        ApiError::Status { status, .. } => *status >= 500 || *status == 429,
        ApiError::Unreachable { .. } | ApiError::Dropped { .. } | ApiError::TimedOut { .. } => true,
        ApiError::Decode { .. } | ApiError::Redirected { .. } => false,
    }
}

/// The first request of a run got no answer (`e`): was its answer lost (the server may have started
/// the run) — then the driver looks for the run the request started, after `after_ms` — or is
/// this a plain failure? `thread_known`: the run was started on a known thread; `listen`: the run was
/// created before its stream (its id known), so a stream that did not open is a drop like any other.
pub fn first_answer_lost(e: &ApiError, thread_known: bool, listen: bool) -> FirstAnswer {
    let no_answer = matches!(
        e,
        ApiError::Unreachable { .. } | ApiError::Dropped { .. } | ApiError::TimedOut { .. }
    );
    match (no_answer, listen, thread_known) {
        (true, true, _) => FirstAnswer::Rejoin,
        (true, false, true) => FirstAnswer::LookForRun { after_ms: 300 },
        _ => FirstAnswer::Failed,
    }
}

/// See [`first_answer_lost`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstAnswer {
    /// Follow the run from a rejoin.
    Rejoin,
    /// Wait, then ask the server for the thread's going run (or its newest, if it holds the message
    /// sent); none found → failed.
    LookForRun { after_ms: u32 },
    /// Nothing was started: say so.
    Failed,
}

#[cfg(test)]
mod tests;
