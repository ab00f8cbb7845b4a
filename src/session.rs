//! The stream session of the open thread: owns the reducer's `ThreadView` and mirrors it into signals.
//! One signal per message body, so a token touches one text node, not the list.

use agent_console_core::domain::{Block, Interrupt, Message, Role, RunStatus};
use agent_console_core::reducer::{Changes, ThreadView};
use leptos::prelude::*;

/// One rendered message.
#[derive(Clone)]
pub struct MessageRow {
    pub id: String,
    pub role: Role,
    pub text: RwSignal<String>,
    /// Tool calls and other non-text blocks.
    pub extras: RwSignal<Vec<Block>>,
    pub name: Option<String>,
}

impl MessageRow {
    fn new(m: &Message) -> Self {
        Self {
            id: m.id.clone(),
            role: m.role.clone(),
            text: RwSignal::new(m.plain_text()),
            extras: RwSignal::new(extras_of(m)),
            name: m.name.clone(),
        }
    }

    fn refresh(&self, m: &Message) {
        let text = m.plain_text();
        if self.text.with_untracked(|t| *t != text) {
            self.text.set(text);
        }
        let extras = extras_of(m);
        if self.extras.with_untracked(|e| *e != extras) {
            self.extras.set(extras);
        }
    }
}

fn extras_of(m: &Message) -> Vec<Block> {
    m.blocks
        .iter()
        .filter(|b| !matches!(b, Block::Text { .. } | Block::ToolResult { .. }))
        .cloned()
        .collect()
}

#[derive(Clone, Copy)]
pub struct ThreadSession {
    view: StoredValue<ThreadView>,
    pub rows: RwSignal<Vec<MessageRow>>,
    pub status: RwSignal<Option<RunStatus>>,
    pub interrupts: RwSignal<Vec<Interrupt>>,
    /// The error to show in the thread (a failed request, a server error event, a dropped stream).
    pub error: RwSignal<Option<String>>,
    pub warnings: RwSignal<Vec<String>>,
    pub run_id: RwSignal<Option<String>>,
    /// A run is being started or streamed.
    pub streaming: RwSignal<bool>,
    /// Chunks read from the current stream (shown in the status line, used by tests).
    pub chunks: RwSignal<u32>,
}

impl ThreadSession {
    pub fn new() -> Self {
        Self {
            view: StoredValue::new(ThreadView::new()),
            rows: RwSignal::new(Vec::new()),
            status: RwSignal::new(None),
            interrupts: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            warnings: RwSignal::new(Vec::new()),
            run_id: RwSignal::new(None),
            streaming: RwSignal::new(false),
            chunks: RwSignal::new(0),
        }
    }

    /// Starts over with a thread's stored messages and pending interrupts.
    pub fn load(&self, messages: Vec<Message>, interrupts: Vec<Interrupt>) {
        let mut view = ThreadView::new();
        view.load_messages(messages);
        view.interrupts = interrupts;
        self.view.set_value(view);
        self.error.set(None);
        self.warnings.set(Vec::new());
        self.run_id.set(None);
        self.status.set(None);
        self.sync(Changes {
            list: true,
            interrupts: true,
            ..Changes::default()
        });
    }

    pub fn clear(&self) {
        self.load(Vec::new(), Vec::new());
    }

    pub fn push_local(&self, m: Message) {
        let c = self
            .view
            .try_update_value(|v| v.push_local_message(m))
            .unwrap_or_default();
        self.sync(c);
    }

    pub fn begin_run(&self) {
        self.view.update_value(|v| v.begin_run());
        self.error.set(None);
        self.chunks.set(0);
        self.streaming.set(true);
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

    fn sync(&self, c: Changes) {
        self.view.with_value(|v| {
            if c.list {
                let old = self.rows.get_untracked();
                let rows: Vec<MessageRow> = v
                    .messages
                    .iter()
                    .map(
                        |m| match old.iter().find(|r| r.id == m.id && r.role == m.role) {
                            Some(r) => {
                                r.refresh(m);
                                r.clone()
                            }
                            None => MessageRow::new(m),
                        },
                    )
                    .collect();
                self.rows.set(rows);
            } else if !c.messages.is_empty() {
                let rows = self.rows.get_untracked();
                for &i in &c.messages {
                    if let (Some(r), Some(m)) = (rows.get(i), v.messages.get(i)) {
                        r.refresh(m);
                    }
                }
            }
            if c.status || self.status.get_untracked() != v.status {
                self.status.set(v.status.clone());
            }
            if c.interrupts {
                self.interrupts.set(v.interrupts.clone());
            }
            if self.run_id.get_untracked() != v.run_id {
                self.run_id.set(v.run_id.clone());
            }
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

impl Default for ThreadSession {
    fn default() -> Self {
        Self::new()
    }
}
