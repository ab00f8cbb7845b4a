//! A recording being played in the thread view: the decoded events (core `Player`), how many are
//! applied, whether it plays and how fast. The actions (`actions::replay`) move it; the session's
//! reducer and signals show it, as they show a live run.

use agent_console_core::player::Player;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speed {
    /// At the pace it was recorded.
    Recorded,
    Ten,
    /// As fast as possible (a frame's worth at a time).
    Max,
}

impl Speed {
    pub const ALL: [Speed; 3] = [Speed::Recorded, Speed::Ten, Speed::Max];

    pub fn label(self) -> &'static str {
        match self {
            Speed::Recorded => "×1",
            Speed::Ten => "×10",
            Speed::Max => "max",
        }
    }
}

#[derive(Clone, Copy)]
pub struct Replay {
    /// The file's name.
    pub name: StoredValue<String>,
    pub player: StoredValue<Player>,
    /// Events applied to the view (0..=len).
    pub position: RwSignal<usize>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<Speed>,
    /// Bumped by every pause, seek or close: a playing loop of an older generation stops.
    pub generation: StoredValue<u64>,
    /// The Events tab's count of events before this playing's first (its numbers go on).
    pub base: StoredValue<u64>,
}

impl Replay {
    pub fn new(name: String, player: Player) -> Self {
        Self {
            name: StoredValue::new(name),
            player: StoredValue::new(player),
            position: RwSignal::new(0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(Speed::Recorded),
            generation: StoredValue::new(0),
            base: StoredValue::new(0),
        }
    }

    pub fn events(&self) -> usize {
        self.player.try_with_value(Player::len).unwrap_or(0)
    }
}

impl Replay {
    /// Stops playing: a playing loop of an older generation ends.
    pub fn stop(&self) {
        self.generation.update_value(|g| *g += 1);
        self.playing.set(false);
    }
}

impl super::AppState {
    /// Stops playing and forgets the recording (another thread is being opened).
    pub fn leave_recording(&self) {
        if let Some(r) = self.replay.get_untracked() {
            r.stop();
            self.replay.set(None);
        }
    }
}
