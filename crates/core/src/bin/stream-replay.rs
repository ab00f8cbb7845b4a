//! `stream-replay`: decode a recorded stream the way agent-console does and print what it understood.
//!
//! ```text
//! stream-replay --dialect <langgraph|agent-protocol|yandex|responses> [--state | --timeline] FILE
//! ```
//! FILE is a raw stream body or a recorded exchange (headers, a blank line, the body); `-` reads stdin.
//! `--dialect` may be left out for a recording agent-console saved (it names its dialect).
//! Prints one JSON line per normalized event; with `--state` only the final state as one JSON object;
//! with `--timeline` the run's timeline as the UI draws it (a line per node or tool bar, then the
//! markers) — timed by the recording's `x-agent-console-chunks` line where it has one.

use agent_console_core::{exchange, replay, replay_output, Dialect};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: stream-replay --dialect <langgraph|agent-protocol|yandex|responses> [--state | --timeline] FILE";

fn main() -> ExitCode {
    let mut dialect = None;
    let mut state = false;
    let mut timeline = false;
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dialect" => match args.next().as_deref().and_then(Dialect::parse) {
                Some(d) => dialect = Some(d),
                None => {
                    return fail("--dialect takes langgraph, agent-protocol, yandex or responses")
                }
            },
            "--state" => state = true,
            "--timeline" => timeline = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if file.is_none() => file = Some(a),
            _ => return fail(&format!("unexpected argument {a}")),
        }
    }
    let Some(file) = file else {
        return fail(USAGE);
    };
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(&file).map(|b| bytes = b)
    };
    if let Err(e) = read {
        return fail(&format!("cannot read {file}: {e}"));
    }
    let ex = exchange::parse(&bytes);
    // A recording from agent-console names its dialect; --dialect wins.
    let named = ex
        .header(agent_console_core::recording::DIALECT_HEADER)
        .and_then(Dialect::parse);
    let Some(dialect) = dialect.or(named) else {
        return fail(USAGE);
    };
    if let Some(status) = ex.status.filter(|s| !(200..300).contains(s)) {
        eprintln!("stream-replay: note: the recorded response has HTTP status {status}");
    }
    if state && timeline {
        return fail("--state and --timeline: choose one");
    }
    let mut out = std::io::stdout().lock();
    if timeline {
        let tl = agent_console_core::timeline::of_connections(
            dialect,
            agent_console_core::recording::timed_chunks(&ex),
        );
        if ex
            .header(agent_console_core::recording::CHUNKS_HEADER)
            .is_none()
        {
            eprintln!(
                "stream-replay: note: the recording has no chunk times: every event is at 0 ms"
            );
        }
        return match replay_output::timeline_lines(&tl)
            .iter()
            .try_for_each(|l| writeln!(out, "{l}"))
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => fail(&e.to_string()),
        };
    }
    let (batches, view) = replay(dialect, &ex.body);
    let result = if state {
        writeln!(out, "{}", replay_output::state_json(&view))
    } else {
        replay_output::event_lines(&batches)
            .iter()
            .try_for_each(|l| writeln!(out, "{l}"))
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("stream-replay: {msg}");
    ExitCode::from(2)
}
