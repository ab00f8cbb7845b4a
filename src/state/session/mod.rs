//! The stream session of the open thread: owns the reducer's `ThreadView` and mirrors it into signals.
//! One signal per message body, so a token touches one text node, not the list.

use agent_console_core::backend::ThreadSnapshot;
use agent_console_core::branches::{BranchView, Branches};
use agent_console_core::debugger::Pause;
use agent_console_core::decode::RawEvent;
use agent_console_core::domain::{Block, Interrupt, Message, Role, RunStatus, Usage, Values};
use agent_console_core::event::EventBatch;
use agent_console_core::meters::RunMeters;
use agent_console_core::reducer::{Changes, ThreadView};
use agent_console_core::timeline::Timeline;
use agent_console_core::StreamPipeline;
use leptos::prelude::*;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

mod insight;
mod rows;

pub use rows::{Loaded, MessageRow};

/// Raw events kept for the Events tab, newest last.
const MAX_EVENTS: usize = 2_000;

/// One raw stream event as it came off the wire, for the Events tab.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRecord {
    /// Arrival order within this thread view.
    pub n: u64,
    pub id: Option<String>,
    pub event: String,
    pub data: String,
}

#[derive(Clone, Copy)]
pub struct ThreadSession {
    /// The abort of the stream the view's follower has open: a newer follower takes over from it,
    /// and a test drops it as the network would.
    open_stream: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    view: StoredValue<ThreadView>,
    /// The raw events of the runs followed in this view (Events tab), at most `MAX_EVENTS`: the
    /// oldest leave from the front without moving the rest.
    pub events: RwSignal<VecDeque<EventRecord>>,
    /// Messages whose streamed text waits for the next frame (indices into `rows`): a stream's
    /// chunks between two frames touch each text node once.
    pending: StoredValue<Vec<usize>>,
    frame_asked: StoredValue<bool>,
    events_seen: StoredValue<u64>,
    /// The thread's state values (State tab: read whole only there).
    pub values: RwSignal<Values>,
    /// The components the agent asked for (generative UI), shared with the core's view.
    pub ui: RwSignal<std::sync::Arc<agent_console_core::gen_ui::UiMessages>>,
    /// The thread's checkpoints as a tree, where the server has time travel and the thread was
    /// short enough to look them up (`branch_note` says why not otherwise).
    pub branches: RwSignal<Option<Arc<Branches>>>,
    /// The branch shown: its head checkpoint, and each message's place on it (`‹ 2 / 3 ›`, where an
    /// edit of it runs from). `head: None` in `branch` before the branches are known.
    pub branch: RwSignal<BranchView>,
    pub branch_note: RwSignal<Option<String>>,
    /// The meters of the run followed now, or last (`None` before any): changed with each chunk,
    /// shown at most once a frame (`meters_tick`).
    pub meters: StoredValue<Option<RunMeters>>,
    /// The timeline of that run, with its recording's `seq` (past runs are drawn from their
    /// recordings); shown at most once a frame too.
    pub timeline: StoredValue<Option<(u64, Timeline)>>,
    pub meters_tick: RwSignal<u64>,
    /// Bumped when the thread's history may have grown (a run ended, a fork): the State tab reloads.
    pub revision: RwSignal<u64>,
    /// How often the current run's stream was rejoined after a drop.
    pub reconnects: RwSignal<u32>,
    /// Which run follower owns the view; an older one stops when a newer one takes over.
    follow_generation: StoredValue<u64>,
    pub rows: RwSignal<Vec<MessageRow>>,
    pub status: RwSignal<Option<RunStatus>>,
    pub interrupts: RwSignal<Vec<Interrupt>>,
    /// Stopped at a breakpoint, as the server's state of the thread says (set when the thread is
    /// loaded and when a run settles; a run started clears it).
    pub pause: RwSignal<Option<Pause>>,
    /// The error to show in the thread (a failed request, a server error event, a dropped stream).
    pub error: RwSignal<Option<String>>,
    /// What the follower had to do that the user should know of (a run recovered from the server's
    /// state after its stream ended early).
    pub notice: RwSignal<Option<String>>,
    pub warnings: RwSignal<Vec<String>>,
    pub run_id: RwSignal<Option<String>>,
    /// A run is being started or streamed.
    pub streaming: RwSignal<bool>,
    /// Chunks read from the current stream (shown in the status line, used by tests).
    pub chunks: RwSignal<u32>,
    /// The server accepted a Stop for the current run: its stream should end soon.
    pub stopping: RwSignal<bool>,
    /// A message was sent and the server has not answered yet: Send waits, so one click (or two
    /// Enters) starts one run.
    pub sending: RwSignal<bool>,
    /// The message being sent, shown at once and marked pending until the server has it (then it
    /// is the thread's own message) or refuses it (then it goes; its text stays in the composer).
    pub echo: RwSignal<Option<Message>>,
    /// The thread whose stored messages are being read (the open one, if it is still the one
    /// selected): a message sent meanwhile waits in the queue, for the load would retire its run.
    pub loading: RwSignal<Option<String>>,
}
impl ThreadSession {
    pub fn new() -> Self {
        Self {
            open_stream: StoredValue::new_local(None),
            view: StoredValue::new(ThreadView::new()),
            events: RwSignal::new(VecDeque::new()),
            pending: StoredValue::new(Vec::new()),
            frame_asked: StoredValue::new(false),
            events_seen: StoredValue::new(0),
            values: RwSignal::new(Values::default()),
            ui: RwSignal::new(Default::default()),
            branches: RwSignal::new(None),
            branch: RwSignal::new(BranchView::default()),
            branch_note: RwSignal::new(None),
            revision: RwSignal::new(0),
            meters: StoredValue::new(None),
            timeline: StoredValue::new(None),
            meters_tick: RwSignal::new(0),
            reconnects: RwSignal::new(0),
            follow_generation: StoredValue::new(0),
            rows: RwSignal::new(Vec::new()),
            status: RwSignal::new(None),
            interrupts: RwSignal::new(Vec::new()),
            pause: RwSignal::new(None),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            warnings: RwSignal::new(Vec::new()),
            run_id: RwSignal::new(None),
            streaming: RwSignal::new(false),
            chunks: RwSignal::new(0),
            stopping: RwSignal::new(false),
            sending: RwSignal::new(false),
            echo: RwSignal::new(None),
            loading: RwSignal::new(None),
        }
    }

    /// Makes the caller the view's run follower; returns its generation.
    pub fn take_over(&self) -> u64 {
        let g = self.follow_generation.get_value() + 1;
        self.follow_generation.set_value(g);
        g
    }

    /// Whether the follower of `generation` still owns the view.
    pub fn is_current(&self, generation: u64) -> bool {
        self.follow_generation.get_value() == generation
    }

    /// Events listed in the Events tab since the app began (their numbers go on across runs).
    pub fn events_seen(&self) -> u64 {
        self.events_seen.get_value()
    }

    /// Makes `abort` the open stream's; returns the one it replaces.
    pub fn register_stream(
        &self,
        abort: Option<web_sys::AbortController>,
    ) -> Option<web_sys::AbortController> {
        self.open_stream
            .try_update_value(|s| std::mem::replace(s, abort))
            .flatten()
    }

    /// Closes the connection of the open stream, if there is one (the follower then rejoins).
    pub fn abort_stream(&self) {
        if let Some(a) = self.open_stream.try_with_value(Clone::clone).flatten() {
            a.abort();
        }
    }

    /// Starts over empty, the branches of the thread shown before forgotten.
    pub fn clear(&self) {
        self.echo.set(None);
        self.branches.set(None);
        self.branch.set(BranchView::default());
        self.branch_note.set(None);
        self.load(Vec::new(), Vec::new(), Values::default());
    }

    /// Feeds one chunk of the stream: decodes, reduces, records raw events, then updates signals once.
    /// Returns whether the chunk completed any event (a heartbeat completes none).
    pub fn apply_chunk(&self, pipeline: &mut StreamPipeline, bytes: &[u8]) -> bool {
        let pairs = pipeline.feed(bytes);
        let now = js_sys::Date::now();
        let batches: Vec<&EventBatch> = pairs.iter().map(|(_, b)| b).collect();
        self.meters.update_value(|m| {
            if let Some(m) = m {
                m.bytes(bytes.len());
                m.events(now, &batches);
            }
        });
        self.timeline.update_value(|t| {
            if let Some((_, t)) = t {
                t.events(now, &batches);
            }
        });
        drop(batches);
        self.ask_frame();
        self.apply_events(pairs)
    }

    /// Applies decoded events — a live chunk's, or a recording's being played —: reduces them, lists
    /// them in the Events tab, then updates signals once. Returns whether there were any.
    pub fn apply_events(&self, pairs: Vec<(RawEvent, EventBatch)>) -> bool {
        if pairs.is_empty() {
            return false;
        }
        let mut c = self
            .view
            .try_update_value(|v| {
                let mut c = Changes::default();
                for (_, b) in &pairs {
                    c.merge(v.apply(b));
                }
                c
            })
            .unwrap_or_default();
        let mut n = self.events_seen.get_value();
        self.events.update(|list| {
            for (raw, _) in pairs {
                n += 1;
                if list.len() == MAX_EVENTS {
                    list.pop_front();
                }
                list.push_back(EventRecord {
                    n,
                    id: raw.id,
                    event: raw.event,
                    data: raw.data,
                });
            }
        });
        self.events_seen.set_value(n);
        self.chunks.update(|k| *k += 1);
        // Streamed text is shown at the next frame; everything else (status, run id, a new
        // message, interrupts, errors) at once — the follower reads them right after.
        if !c.list && !c.messages.is_empty() {
            let texts = std::mem::take(&mut c.messages);
            self.pending.update_value(|p| {
                for i in texts {
                    if !p.contains(&i) {
                        p.push(i);
                    }
                }
            });
            self.ask_frame();
            // Only texts changed: they wait for the frame. A chunk between two frames touches no
            // DOM (so the layout the browser did for the last frame holds until the next).
            if !c.any() {
                self.sync_ids();
                return true;
            }
        }
        self.sync(c);
        true
    }

    /// One update of the waiting texts at the next frame.
    fn ask_frame(&self) {
        if self.frame_asked.get_value() {
            return;
        }
        self.frame_asked.set_value(true);
        let session = *self;
        crate::platform::next_frame(move || {
            // The app may be gone by then.
            if session.frame_asked.try_set_value(false).is_none() {
                session.sync(Changes::default());
                session.meters_tick.update(|t| *t += 1);
            }
        });
    }

    /// Shows an error in the thread; what was streamed stays.
    pub fn fail(&self, message: String) {
        self.error.set(Some(message));
        self.sending.set(false);
        self.echo.set(None);
    }

    pub fn set_run_id(&self, run_id: &str) {
        let rid = run_id.to_owned();
        self.apply(|v| {
            v.run_id = Some(rid);
            Changes::default()
        });
    }

    /// Sets the run status from an authoritative source (the server's run object).
    pub fn set_status(&self, status: RunStatus) {
        self.apply(|v| v.settle(status));
    }

    pub fn push_local(&self, m: Message) {
        self.echo.set(None);
        let c = self
            .view
            .try_update_value(|v| v.push_local_message(m))
            .unwrap_or_default();
        self.sync(c);
    }

    pub fn begin_run(&self) {
        self.view.update_value(|v| v.begin_run());
        self.error.set(None);
        self.notice.set(None);
        self.chunks.set(0);
        self.reconnects.set(0);
        self.stopping.set(false);
        self.sending.set(false);
        self.streaming.set(true);
        self.pause.set(None);
        self.status.set(Some(RunStatus::Pending));
    }

    /// Runs `f` on the reducer state and mirrors what changed into the signals.
    pub fn apply(&self, f: impl FnOnce(&mut ThreadView) -> Changes) {
        let c = self.view.try_update_value(f).unwrap_or_default();
        self.sync(c);
    }

    pub fn with_view<T>(&self, f: impl FnOnce(&ThreadView) -> T) -> Option<T> {
        self.view.try_with_value(f)
    }
}

impl Default for ThreadSession {
    fn default() -> Self {
        Self::new()
    }
}
