//! Every transition of the follow machine, with a fake clock (times are plain numbers).

use super::*;
use crate::domain::RunStatus;

fn cfg() -> FollowConfig {
    FollowConfig {
        silence_ms: 10_000.0,
        stop_grace_ms: 2_000.0,
        max_rejoins: 3,
        final_status_tries: 8,
    }
}

fn dropped() -> ApiError {
    ApiError::Dropped {
        detail: "reset".into(),
    }
}

fn status(code: u16) -> ApiError {
    ApiError::Status {
        status: code,
        message: "no".into(),
        purpose: "joining the run",
    }
}

fn bytes(at: f64) -> Input {
    Input::Bytes {
        at,
        events: true,
        stopping: false,
    }
}

fn heartbeat(at: f64) -> Input {
    Input::Bytes {
        at,
        events: false,
        stopping: false,
    }
}

fn quiet(at: f64) -> Input {
    Input::Quiet {
        at,
        stopping: false,
    }
}

const ASK_AFTER_END: Action = Action::AskOutcome { tries: 8 };

#[test]
fn events_keep_the_follow_reading() {
    let mut f = Follow::new(cfg(), 0.0, true);
    for t in 1..50 {
        assert_eq!(f.on(bytes(t as f64 * 500.0)), vec![Action::Read]);
    }
    assert_eq!(f.phase(), Phase::Reading);
}

#[test]
fn a_silent_connection_is_closed_and_rejoined_after_the_silence() {
    let mut f = Follow::new(cfg(), 0.0, true);
    assert_eq!(f.on(bytes(1_000.0)), vec![Action::Read]);
    assert_eq!(
        f.on(quiet(10_999.0)),
        vec![Action::Read],
        "not yet: 9,999 ms silent"
    );
    assert_eq!(
        f.on(quiet(11_000.0)),
        vec![Action::Close, Action::Rejoin { after_ms: 300 }]
    );
    assert_eq!(f.phase(), Phase::Rejoining);
    assert_eq!(f.attempt(), 1);
}

#[test]
fn heartbeats_only_ask_the_server_and_a_run_it_says_ended_is_settled() {
    let mut f = Follow::new(cfg(), 0.0, true);
    assert_eq!(f.on(bytes(500.0)), vec![Action::Read]);
    for t in 1..19 {
        assert_eq!(
            f.on(heartbeat(500.0 + t as f64 * 500.0)),
            vec![Action::Read]
        );
    }
    // 10 s of heartbeats after the last event: bytes keep the connection alive, the server is asked.
    assert_eq!(
        f.on(heartbeat(10_500.0)),
        vec![Action::AskOutcome { tries: 1 }]
    );
    assert_eq!(f.phase(), Phase::AskingWhileReading);
    assert_eq!(
        f.on(Input::Outcome(Outcome::Ended(RunStatus::Success))),
        vec![
            Action::Close,
            Action::Settle(Outcome::Ended(RunStatus::Success))
        ]
    );
    assert_eq!(f.phase(), Phase::Done);
    assert!(
        f.on(heartbeat(11_000.0)).is_empty(),
        "a settled follow does nothing more"
    );
}

#[test]
fn heartbeats_of_a_run_still_going_keep_reading_and_ask_again_a_silence_later() {
    let mut f = Follow::new(cfg(), 0.0, true);
    assert_eq!(
        f.on(heartbeat(10_000.0)),
        vec![Action::AskOutcome { tries: 1 }]
    );
    // Bytes that come while the question is out are read.
    assert_eq!(f.on(heartbeat(10_200.0)), vec![Action::Read]);
    // Still going: reading goes on, and the user is told why nothing shows.
    assert_eq!(
        f.on(Input::Outcome(Outcome::Active)),
        vec![
            Action::Note(
                "The stream has sent nothing but keep-alives for 10 s; the server says the run still goes."
                    .into()
            ),
            Action::Read
        ]
    );
    assert_eq!(f.on(heartbeat(19_999.0)), vec![Action::Read]);
    assert_eq!(
        f.on(heartbeat(20_000.0)),
        vec![Action::AskOutcome { tries: 1 }]
    );
    // The server could not say: reading goes on, said.
    let out = f.on(Input::Outcome(Outcome::Unconfirmed(status(500))));
    assert!(
        matches!(&out[0], Action::Note(n) if n.contains("could not say whether the run goes on")),
        "{out:?}"
    );
    assert_eq!(out[1], Action::Read);
}

#[test]
fn a_stop_the_stream_ignores_asks_the_server_after_the_grace() {
    let mut f = Follow::new(cfg(), 0.0, true);
    let hb = |at| Input::Bytes {
        at,
        events: false,
        stopping: true,
    };
    assert_eq!(f.on(hb(1_999.0)), vec![Action::Read]);
    assert_eq!(f.on(hb(2_000.0)), vec![Action::AskOutcome { tries: 1 }]);
    let mut again = f.clone();
    let out = again.on(Input::Outcome(Outcome::Active));
    assert!(
        matches!(&out[0], Action::Note(n) if n.starts_with("The run was asked to stop")),
        "{out:?}"
    );
    assert_eq!(
        f.on(Input::Outcome(Outcome::Ended(RunStatus::Interrupted))),
        vec![
            Action::Close,
            Action::Settle(Outcome::Ended(RunStatus::Interrupted))
        ]
    );
}

#[test]
fn with_no_silence_limit_there_is_no_watchdog() {
    let mut f = Follow::new(
        FollowConfig {
            silence_ms: 0.0,
            ..cfg()
        },
        0.0,
        true,
    );
    assert_eq!(f.on(quiet(1e9)), vec![Action::Read]);
    assert_eq!(f.on(heartbeat(2e9)), vec![Action::Read]);
}

#[test]
fn a_clean_end_is_not_the_runs_end_the_server_is_asked() {
    for (answer, then) in [
        (
            Outcome::Ended(RunStatus::Success),
            vec![Action::Settle(Outcome::Ended(RunStatus::Success))],
        ),
        (Outcome::Deleted, vec![Action::Settle(Outcome::Deleted)]),
        (Outcome::NoRun, vec![Action::Settle(Outcome::NoRun)]),
        // Still running after every try: the stream was cut — rejoin.
        (Outcome::Active, vec![Action::Rejoin { after_ms: 300 }]),
        // The server away for a moment: rejoin, as for a drop.
        (
            Outcome::Unconfirmed(status(502)),
            vec![Action::Rejoin { after_ms: 300 }],
        ),
        // It answers, but not with the run: settled as unconfirmed (the view says so).
        (
            Outcome::Unconfirmed(status(400)),
            vec![Action::Settle(Outcome::Unconfirmed(status(400)))],
        ),
    ] {
        let mut f = Follow::new(cfg(), 0.0, true);
        f.on(bytes(100.0));
        assert_eq!(f.on(Input::Closed), vec![ASK_AFTER_END]);
        assert_eq!(f.phase(), Phase::AskingAfterEnd);
        assert_eq!(f.on(Input::Outcome(answer.clone())), then, "{answer:?}");
    }
}

#[test]
fn drops_are_rejoined_with_doubling_waits_then_given_up_with_the_servers_word() {
    let mut f = Follow::new(cfg(), 0.0, true);
    assert_eq!(
        f.on(Input::Failed(dropped())),
        vec![Action::Rejoin { after_ms: 300 }]
    );
    // A rejoin that fails again is said, and the server asked before the next one.
    let out = f.on(Input::Failed(dropped()));
    assert!(
        matches!(&out[0], Action::Note(m) if m.contains("could not be rejoined") && m.contains("attempt 1 of 3")),
        "{out:?}"
    );
    assert_eq!(out[1], Action::AskOutcome { tries: 1 });
    assert_eq!(f.phase(), Phase::AskingWhileRejoining);
    assert_eq!(
        f.on(Input::Outcome(Outcome::Active)),
        vec![Action::Rejoin { after_ms: 600 }]
    );
    assert_eq!(
        f.on(Input::Failed(status(503)))[1],
        Action::AskOutcome { tries: 1 }
    );
    assert_eq!(
        f.on(Input::Outcome(Outcome::Unconfirmed(status(502)))),
        vec![Action::Rejoin { after_ms: 1_200 }],
        "a server that cannot say: the next rejoin"
    );
    // The fourth failure in a row (max_rejoins 3): the error is shown, the server asked.
    let out = f.on(Input::Failed(dropped()));
    assert!(
        matches!(&out[0], Action::ShowError(m) if m.contains("reset")),
        "{out:?}"
    );
    assert_eq!(out[1], ASK_AFTER_END);
    assert_eq!(f.phase(), Phase::AskingAfterFailure);
    // Rejoins gave up while the run goes on: said, and the server asked now and then until it ends.
    let out = f.on(Input::Outcome(Outcome::Active));
    assert!(
        matches!(&out[0], Action::Note(m) if m.contains("cannot be followed")),
        "{out:?}"
    );
    let watch = Action::Watch {
        after_ms: WATCH_EVERY_MS,
    };
    assert_eq!(out[1], watch);
    assert_eq!(f.phase(), Phase::Watching);
    assert_eq!(f.on(Input::Outcome(Outcome::Active)), vec![watch.clone()]);
    assert_eq!(
        f.on(Input::Outcome(Outcome::Unconfirmed(status(502)))),
        vec![watch],
        "a server away for a moment is asked again"
    );
    assert_eq!(
        f.on(Input::Outcome(Outcome::Ended(RunStatus::Success))),
        vec![Action::Settle(Outcome::Ended(RunStatus::Success))]
    );
}

#[test]
fn a_run_that_ended_while_rejoins_failed_is_settled_at_once() {
    let mut f = Follow::rejoining(cfg(), true);
    assert_eq!(
        f.on(Input::Failed(status(500))),
        vec![Action::Rejoin { after_ms: 300 }]
    );
    assert_eq!(
        f.on(Input::Failed(status(500)))[1],
        Action::AskOutcome { tries: 1 }
    );
    assert_eq!(
        f.on(Input::Outcome(Outcome::Ended(RunStatus::Success))),
        vec![Action::Settle(Outcome::Ended(RunStatus::Success))]
    );
    assert_eq!(f.phase(), Phase::Done);
}

#[test]
fn a_stream_that_cannot_be_had_is_watched_from_the_server_until_the_run_ends() {
    // The join answered 404 while the run goes on: said, then the run's end read from the server.
    let mut f = Follow::rejoining(cfg(), true);
    let out = f.on(Input::Failed(status(404)));
    assert!(matches!(&out[0], Action::ShowError(_)), "{out:?}");
    assert_eq!(out[1], ASK_AFTER_END);
    let out = f.on(Input::Outcome(Outcome::Active));
    assert_eq!(
        out[1],
        Action::Watch {
            after_ms: WATCH_EVERY_MS
        }
    );
    assert_eq!(
        f.on(Input::Outcome(Outcome::Deleted)),
        vec![Action::Settle(Outcome::Deleted)],
        "a run gone while watched is settled as gone"
    );
}

#[test]
fn a_status_that_cannot_be_read_again_and_again_is_settled_as_unconfirmed() {
    // The stream ends cleanly; the run's status answers 500 each time; each rejoin brings bytes.
    let mut f = Follow::new(cfg(), 0.0, true);
    let unreadable = Outcome::Unconfirmed(status(500));
    for round in 1..MAX_UNCONFIRMED {
        f.on(bytes(f64::from(round) * 1_000.0));
        assert_eq!(f.on(Input::Closed), vec![ASK_AFTER_END]);
        assert_eq!(
            f.on(Input::Outcome(unreadable.clone())),
            vec![Action::Rejoin { after_ms: 300 }],
            "round {round}"
        );
        assert_eq!(
            f.on(Input::Opened {
                at: f64::from(round) * 1_000.0
            }),
            vec![Action::Read]
        );
    }
    f.on(bytes(9_000.0));
    assert_eq!(f.on(Input::Closed), vec![ASK_AFTER_END]);
    assert_eq!(
        f.on(Input::Outcome(unreadable.clone())),
        vec![Action::Settle(unreadable)],
        "not rejoined for ever, not guessed"
    );
}

#[test]
fn bytes_after_a_rejoin_reset_the_count() {
    let mut f = Follow::new(cfg(), 0.0, true);
    f.on(Input::Failed(dropped()));
    f.on(Input::Failed(dropped()));
    f.on(Input::Outcome(Outcome::Active));
    assert_eq!(f.attempt(), 2);
    assert_eq!(f.on(Input::Opened { at: 5_000.0 }), vec![Action::Read]);
    assert_eq!(f.attempt(), 2, "opening is not progress");
    f.on(bytes(5_100.0));
    assert_eq!(f.attempt(), 0);
    assert_eq!(
        f.on(Input::Failed(dropped())),
        vec![Action::Rejoin { after_ms: 300 }]
    );
}

#[test]
fn a_rejoin_that_cannot_open_waits_longer() {
    let mut f = Follow::rejoining(cfg(), true);
    assert_eq!(f.phase(), Phase::Rejoining);
    assert_eq!(
        f.on(Input::Failed(status(502))),
        vec![Action::Rejoin { after_ms: 300 }]
    );
    f.on(Input::Failed(status(502)));
    assert_eq!(
        f.on(Input::Outcome(Outcome::Active)),
        vec![Action::Rejoin { after_ms: 600 }]
    );
    // A 4xx on a rejoin: the run's stream is gone — final.
    let out = f.on(Input::Failed(status(404)));
    assert!(matches!(&out[0], Action::ShowError(_)));
    assert_eq!(out[1], ASK_AFTER_END);
}

#[test]
fn a_final_error_is_shown_and_the_run_settled_with_the_servers_word() {
    for e in [
        status(400),
        status(401),
        ApiError::Redirected { url: "x".into() },
        ApiError::Decode {
            purpose: "p",
            detail: "d".into(),
            body_start: String::new(),
        },
    ] {
        let mut f = Follow::new(cfg(), 0.0, true);
        let out = f.on(Input::Failed(e.clone()));
        assert_eq!(out, vec![Action::ShowError(e.to_string()), ASK_AFTER_END]);
        assert_eq!(
            f.on(Input::Outcome(Outcome::Ended(RunStatus::Error))),
            vec![Action::Settle(Outcome::Ended(RunStatus::Error))]
        );
    }
}

#[test]
fn a_run_whose_id_is_unknown_is_not_rejoined_until_it_is_named() {
    let mut f = Follow::new(cfg(), 0.0, false);
    let out = f.on(Input::Failed(dropped()));
    assert!(
        matches!(&out[0], Action::ShowError(m) if m.contains("id is unknown")),
        "{out:?}"
    );
    let mut f = Follow::new(cfg(), 0.0, false);
    assert!(f.on(Input::RunNamed).is_empty());
    assert_eq!(
        f.on(Input::Failed(dropped())),
        vec![Action::Rejoin { after_ms: 300 }]
    );
}

#[test]
fn the_streams_own_end_event_settles_at_once() {
    let mut f = Follow::new(cfg(), 0.0, true);
    assert_eq!(
        f.on(Input::EndSeen(RunStatus::Success)),
        vec![
            Action::Close,
            Action::Settle(Outcome::Ended(RunStatus::Success))
        ]
    );
}

#[test]
fn a_rejoin_racing_a_stop_settles_once_the_server_says_the_run_stopped() {
    let mut f = Follow::new(cfg(), 0.0, true);
    f.on(bytes(1_000.0));
    // The connection drops; the user presses Stop while the rejoin waits.
    assert_eq!(
        f.on(Input::Failed(dropped())),
        vec![Action::Rejoin { after_ms: 300 }]
    );
    assert_eq!(f.on(Input::Opened { at: 1_400.0 }), vec![Action::Read]);
    // The rejoined stream sends heartbeats only; the Stop's grace runs from the rejoin.
    let hb = |at| Input::Bytes {
        at,
        events: false,
        stopping: true,
    };
    assert_eq!(f.on(hb(3_000.0)), vec![Action::Read]);
    assert_eq!(f.on(hb(3_400.0)), vec![Action::AskOutcome { tries: 1 }]);
    assert_eq!(
        f.on(Input::Outcome(Outcome::Ended(RunStatus::Interrupted))),
        vec![
            Action::Close,
            Action::Settle(Outcome::Ended(RunStatus::Interrupted))
        ]
    );
    // The rejoin's stream ending afterwards changes nothing.
    assert!(f.on(Input::Closed).is_empty());
}

#[test]
fn answers_out_of_order_are_ignored() {
    let mut f = Follow::new(cfg(), 0.0, true);
    assert!(f
        .on(Input::Outcome(Outcome::Ended(RunStatus::Success)))
        .is_empty());
    assert!(f.on(Input::Opened { at: 1.0 }).is_empty());
    assert_eq!(f.phase(), Phase::Reading);
    let mut f = Follow::rejoining(cfg(), true);
    assert!(
        f.on(bytes(1.0)).is_empty(),
        "no connection is open while rejoining"
    );
}

#[test]
fn waits_double_from_300_ms_to_at_most_5_s() {
    let waits: Vec<u32> = (1..=8).map(backoff_ms).collect();
    assert_eq!(
        waits,
        vec![300, 600, 1_200, 2_400, 4_800, 5_000, 5_000, 5_000]
    );
    assert_eq!(backoff_ms(0), 300);
    assert_eq!(backoff_ms(u32::MAX), 5_000);
}

#[test]
fn a_first_request_with_no_answer_looks_for_the_run_it_may_have_started() {
    let none = ApiError::TimedOut {
        url: "u".into(),
        after_ms: 1,
    };
    assert_eq!(
        first_answer_lost(&none, true, false),
        FirstAnswer::LookForRun { after_ms: 300 }
    );
    assert_eq!(
        first_answer_lost(&dropped(), false, true),
        FirstAnswer::Rejoin
    );
    assert_eq!(
        first_answer_lost(&none, false, false),
        FirstAnswer::Failed,
        "no thread to look in"
    );
    assert_eq!(
        first_answer_lost(&status(500), true, false),
        FirstAnswer::Failed,
        "it answered"
    );
    assert_eq!(
        first_answer_lost(&status(409), true, true),
        FirstAnswer::Failed
    );
}
