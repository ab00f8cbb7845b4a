//! The address bar kept a deep link to what is shown.

use super::{AppState, Screen};
use agent_console_core::deeplink::DeepLink;
use leptos::prelude::*;

impl AppState {
    /// Keeps the address bar a deep link to what is shown (server, dialect, assistant, thread, page,
    /// run).
    pub fn update_url(&self) {
        if !self.sync_url.get_value() {
            return;
        }
        let Some(p) = self.profile_now() else { return };
        let screen = self.screen.get_untracked();
        let runs_page = screen != Screen::Thread;
        let run = if screen == Screen::Runs {
            self.folder_runs
                .open
                .get_untracked()
                .or_else(|| self.search_runs.open.get_untracked())
        } else {
            self.open_run.get_untracked()
        };
        // The Store page's namespace and item, on that page.
        let store = match screen {
            Screen::Store => self.store_place.with_untracked(|(ns, key)| {
                let given = |s: &String| Some(s.clone()).filter(|s| !s.is_empty());
                (given(ns), given(key))
            }),
            _ => (None, None),
        };
        let link = DeepLink {
            server: Some(p.base_url),
            dialect: Some(p.dialect),
            assistant: self.wanted_assistant.get_value(),
            thread: self.selected.get_untracked().filter(|_| !runs_page),
            message: self
                .open_message
                .get_untracked()
                .filter(|_| !runs_page && self.selected.with_untracked(Option::is_some)),
            checkpoint: self
                .session
                .branch
                .with_untracked(|b| (!b.newest).then(|| b.head.clone()).flatten())
                .filter(|_| !runs_page),
            run,
            folder: p.folder_id.clone(),
            view: Some(self.tab.get_untracked().as_str().to_owned())
                .filter(|v| v != "messages" && !runs_page),
            page: match screen {
                Screen::Thread => None,
                Screen::Runs => Some("runs".to_owned()),
                Screen::Assistants => Some("assistants".to_owned()),
                Screen::Store => Some("store".to_owned()),
                Screen::Crons => Some("crons".to_owned()),
                Screen::Inbox => Some("inbox".to_owned()),
            },
            ns: store.0,
            key: store.1,
        };
        crate::platform::replace_url(&format!("?{}", link.to_query()));
    }
}
