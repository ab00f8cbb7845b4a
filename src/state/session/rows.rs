//! The open thread's rows: each message mirrored into signals of its own, made from a thread loaded
//! (a long one in parts) or a run's events, and kept in step with the reducer's view.

use super::*;

/// One rendered message. Its signals are reference-counted (`ArcRwSignal`), not owned by a reactive
/// owner: rows are made by the follower's and loader's tasks, which run under no owner, and a row's
/// signals must go with the row (an arena signal made there stayed until the page closed: ~2.3 KB
/// a run, measured by the unmount test's allocator).
#[derive(Clone)]
pub struct MessageRow {
    pub id: String,
    pub role: Role,
    pub text: ArcRwSignal<String>,
    /// Tool calls and other non-text blocks.
    pub extras: ArcRwSignal<Vec<Block>>,
    pub name: Option<String>,
    /// The token usage the server reported on it.
    pub usage: ArcRwSignal<Option<Usage>>,
    /// Its reasoning (thinking) text, streamed apart from the answer.
    pub reasoning: ArcRwSignal<String>,
    /// The subgraph (subagent) it was streamed in, if it is not the conversation's.
    pub group: ArcRwSignal<Option<String>>,
    /// Its height where a window last measured it (an `f64`'s bits; NaN: not measured yet). Kept
    /// with the row, not in a map by id: a window moving reads every row's, and hashing 10,000 ids
    /// (the server's, so with a hasher made against chosen keys) took longer than the rest.
    height: Arc<AtomicU64>,
}

impl MessageRow {
    /// Its height as last measured in a window (px, with the list's gap), if it has been.
    pub fn height(&self) -> Option<f64> {
        Some(f64::from_bits(self.height.load(Ordering::Relaxed))).filter(|h| !h.is_nan())
    }

    pub fn set_height(&self, px: f64) {
        self.height.store(px.to_bits(), Ordering::Relaxed);
    }

    fn new(m: &Message, group: Option<String>) -> Self {
        Self {
            group: ArcRwSignal::new(group),
            id: m.id.clone(),
            role: m.role.clone(),
            text: ArcRwSignal::new(m.plain_text()),
            extras: ArcRwSignal::new(extras_of(m)),
            name: m.name.clone(),
            usage: ArcRwSignal::new(m.usage),
            reasoning: ArcRwSignal::new(reasoning_of(m)),
            height: Arc::new(AtomicU64::new(f64::NAN.to_bits())),
        }
    }

    fn refresh(&self, m: &Message, group: Option<&String>) {
        if self.group.with_untracked(|g| g.as_ref() != group) {
            self.group.set(group.cloned());
        }
        let text = m.plain_text();
        if self.text.with_untracked(|t| *t != text) {
            self.text.set(text);
        }
        let extras = extras_of(m);
        if self.extras.with_untracked(|e| *e != extras) {
            self.extras.set(extras);
        }
        if self.usage.get_untracked() != m.usage {
            self.usage.set(m.usage);
        }
        let reasoning = reasoning_of(m);
        if self.reasoning.with_untracked(|r| *r != reasoning) {
            self.reasoning.set(reasoning);
        }
    }
}

fn extras_of(m: &Message) -> Vec<Block> {
    m.blocks
        .iter()
        .filter(|b| {
            !matches!(
                b,
                Block::Text { .. } | Block::ToolResult { .. } | Block::Reasoning { .. }
            )
        })
        .cloned()
        .collect()
}

fn reasoning_of(m: &Message) -> String {
    m.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Reasoning { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// The core's view of a thread as the server holds it.
fn view_of(snap: ThreadSnapshot) -> ThreadView {
    let mut view = ThreadView::new();
    view.load_messages(snap.messages);
    view.interrupts = snap.interrupts;
    view.load_ui(&snap.values);
    view.values = snap.values;
    view.warnings = snap.problems;
    view
}

/// A thread's view and rows, made and not yet shown ([`ThreadSession::prepare`]).
pub struct Loaded {
    view: ThreadView,
    rows: Vec<MessageRow>,
    pause: Option<agent_console_core::debugger::Pause>,
}

impl Loaded {
    /// How many messages it shows.
    pub fn messages(&self) -> usize {
        self.rows.len()
    }
}

impl ThreadSession {
    /// Starts over with a thread's stored messages, values and pending interrupts.
    pub fn load(&self, messages: Vec<Message>, interrupts: Vec<Interrupt>, values: Values) {
        self.load_snapshot(ThreadSnapshot {
            messages,
            interrupts,
            values,
            problems: Vec::new(),
            busy: None,
            pause: None,
        });
    }

    /// Starts over with a thread as the server holds it; what of it could not be read is said.
    pub fn load_snapshot(&self, snap: ThreadSnapshot) {
        self.install(self.prepare(snap));
    }

    /// What [`Self::load_snapshot`] shows, made but not yet shown ([`Self::install`] shows it); the
    /// rows already shown are kept where the thread still has their messages.
    pub fn prepare(&self, mut snap: ThreadSnapshot) -> Loaded {
        let pause = snap.pause.take();
        let view = view_of(snap);
        let rows = self.rows_of(&view);
        Loaded { view, rows, pause }
    }

    /// [`Self::prepare`] for a thread opened anew (the view cleared: no rows to keep): a long thread's
    /// rows are made `MESSAGES_READ_AT_ONCE` at a time, the browser given a task between parts.
    pub async fn prepare_in_parts(&self, mut snap: ThreadSnapshot) -> Loaded {
        let pause = snap.pause.take();
        let view = view_of(snap);
        let mut rows = Vec::with_capacity(view.messages.len());
        for part in view
            .messages
            .chunks(agent_console_core::backend::MESSAGES_READ_AT_ONCE)
        {
            if !rows.is_empty() {
                crate::platform::next_task().await;
            }
            rows.extend(
                part.iter()
                    .map(|m| MessageRow::new(m, view.subgraph_of.get(&m.id).cloned())),
            );
        }
        Loaded { view, rows, pause }
    }

    /// Starts over with what [`Self::prepare`] made.
    pub fn install(&self, loaded: Loaded) {
        self.events.set(VecDeque::new());
        self.pending.set_value(Vec::new());
        self.reconnects.set(0);
        // Opening another thread retires the follower of the previous one.
        self.take_over();
        self.streaming.set(false);
        self.warnings.set(loaded.view.warnings.clone());
        self.view.set_value(loaded.view);
        self.error.set(None);
        self.notice.set(None);
        self.run_id.set(None);
        self.status.set(None);
        self.pause.set(loaded.pause);
        self.rows.set(loaded.rows);
        self.sync(Changes {
            interrupts: true,
            values: true,
            ui: true,
            ..Changes::default()
        });
    }

    /// The rows of `v`'s messages: the shown ones kept (by id and role, found in O(1): a
    /// 10,000-message thread is not 10,000 searches of 10,000 rows) and brought up to date, the
    /// others made.
    pub(super) fn rows_of(&self, v: &ThreadView) -> Vec<MessageRow> {
        let mut old: HashMap<(String, Role), MessageRow> = self
            .rows
            .get_untracked()
            .into_iter()
            .map(|r| ((r.id.clone(), r.role.clone()), r))
            .collect();
        v.messages
            .iter()
            .map(|m| match old.remove(&(m.id.clone(), m.role.clone())) {
                Some(r) => {
                    r.refresh(m, v.subgraph_of.get(&m.id));
                    r
                }
                None => MessageRow::new(m, v.subgraph_of.get(&m.id).cloned()),
            })
            .collect()
    }

    /// The status and run id, mirrored at once (they may change with no flag in `Changes`).
    pub(super) fn sync_ids(&self) {
        self.view.with_value(|v| self.mirror_ids(v));
    }

    pub(super) fn mirror_ids(&self, v: &ThreadView) {
        if self.status.get_untracked() != v.status {
            self.status.set(v.status.clone());
        }
        if self.run_id.get_untracked() != v.run_id {
            self.run_id.set(v.run_id.clone());
        }
    }

    pub(super) fn sync(&self, mut c: Changes) {
        // Texts waiting for a frame go now: this update is as new as anything.
        if let Some(waiting) = self.pending.try_update_value(std::mem::take) {
            c.messages.extend(waiting);
        }
        self.view.with_value(|v| {
            if c.list {
                self.rows.set(self.rows_of(v));
            } else if !c.messages.is_empty() {
                self.rows.with_untracked(|rows| {
                    for &i in &c.messages {
                        if let (Some(r), Some(m)) = (rows.get(i), v.messages.get(i)) {
                            r.refresh(m, v.subgraph_of.get(&m.id));
                        }
                    }
                });
            }
            if c.status {
                self.status.set(v.status.clone());
            }
            if c.interrupts {
                self.interrupts.set(v.interrupts.clone());
            }
            if c.values {
                self.values.set(v.values.clone());
            }
            if c.ui {
                self.ui.set(std::sync::Arc::new(v.ui.clone()));
            }
            self.mirror_ids(v);
            if c.errors {
                if let Some(e) = v.errors.last() {
                    let code = e
                        .code
                        .as_deref()
                        .map(|c| format!("{c}: "))
                        .unwrap_or_default();
                    self.error
                        .set(Some(format!("The run failed — {code}{}", e.message)));
                }
                self.warnings.set(v.warnings.clone());
            }
        });
    }
}
