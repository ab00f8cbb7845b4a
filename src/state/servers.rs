//! The saved server profiles of this tab (remembered in sessionStorage only when the user asks), and
//! what the connected server said about itself.

use crate::platform::storage;
use agent_console_core::domain::{ServerInfo, ServerProfile};
use leptos::prelude::*;

/// A profile in the rail's list.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedProfile {
    pub profile: ServerProfile,
    /// Kept in this tab's sessionStorage (with its credentials) so a reload restores it.
    pub remember: bool,
}

/// The saved profiles and what the connected server said about itself.
#[derive(Clone, Copy)]
pub struct ServersState {
    pub saved: RwSignal<Vec<SavedProfile>>,
    pub info: RwSignal<Option<ServerInfo>>,
}

impl ServersState {
    /// Starts with the profiles this tab remembered.
    pub fn new() -> Self {
        let remembered = storage::remembered_profiles();
        Self {
            saved: RwSignal::new(
                remembered
                    .into_iter()
                    .map(|profile| SavedProfile {
                        profile,
                        remember: true,
                    })
                    .collect(),
            ),
            info: RwSignal::new(None),
        }
    }

    /// Adds or replaces (by label) a profile, and rewrites what the tab remembers.
    pub fn save(&self, entry: SavedProfile) {
        self.saved.update(|list| {
            match list
                .iter_mut()
                .find(|e| e.profile.label == entry.profile.label)
            {
                Some(e) => *e = entry,
                None => list.push(entry),
            }
        });
        self.persist();
    }

    pub fn forget(&self, label: &str) {
        self.saved
            .update(|list| list.retain(|e| e.profile.label != label));
        self.persist();
    }

    fn persist(&self) {
        let kept: Vec<ServerProfile> = self.saved.with_untracked(|list| {
            list.iter()
                .filter(|e| e.remember)
                .map(|e| e.profile.clone())
                .collect()
        });
        storage::remember_profiles(&kept);
    }
}

impl Default for ServersState {
    fn default() -> Self {
        Self::new()
    }
}
