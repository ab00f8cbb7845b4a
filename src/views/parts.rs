//! The thread pane's tabs other than Messages, each a part of its own: fetched the first time it is
//! opened (the split release build), so the first screen downloads the conversation alone.

use crate::views::folder_runs::{LastRunTab, SeenRunsTab};
use crate::views::part::lazy_part;
use crate::views::tabs::{EventsTab, RunsTab, StateTab};
use crate::views::timeline::TimelineTab;
use leptos::prelude::*;

lazy_part!(
    /// The State tab: the thread's values and history, two checkpoints compared.
    pub STATE = fn state_tab() in tab_state => view! { <StateTab /> }.into_any()
);
lazy_part!(
    /// The Runs tab of a server that lists a thread's runs.
    pub RUNS = fn runs_tab() in tab_runs => view! { <RunsTab /> }.into_any()
);
lazy_part!(
    /// The Runs tab of a server that keeps only the last run.
    pub LAST_RUN = fn last_run_tab() in tab_runs => view! { <LastRunTab /> }.into_any()
);
lazy_part!(
    /// The Runs tab of the runs this tab saw.
    pub SEEN_RUNS = fn seen_runs_tab() in tab_runs => view! { <SeenRunsTab chain=false /> }.into_any()
);
lazy_part!(
    /// The Runs tab of a chain of responses.
    pub CHAIN_RUNS = fn chain_runs_tab() in tab_runs => view! { <SeenRunsTab chain=true /> }.into_any()
);
lazy_part!(
    /// The Timeline tab.
    pub TIMELINE = fn timeline_tab() in tab_timeline => view! { <TimelineTab /> }.into_any()
);
lazy_part!(
    /// The Events tab.
    pub EVENTS = fn events_tab() in tab_events => view! { <EventsTab /> }.into_any()
);
