//! Every part of the app fetched when first opened (the split release build; see `part`): the thread
//! pane's tabs other than Messages, the server-wide runs pages and what the server says an assistant
//! is (its graph and schemas), the agent's components (generative UI), the debugger (the Graph tab and
//! the bar of a paused run). The first screen — the rail and the conversation — downloads none of
//! them; [`ALL`] are fetched when the browser is idle after it.

use crate::views::assistant_admin::AssistantsPage;
use crate::views::assistants::AssistantInsides;
use crate::views::crons::CronsPage;
use crate::views::debugger::{DebugBar, GraphTab, RunBreakpoints};
use crate::views::folder_runs::{FolderRunsPage, LastRunTab, SeenRunsTab};
use crate::views::inbox::InboxPage;
use crate::views::part::{lazy_part, PartCode};
use crate::views::search_runs::SearchRunsPage;
use crate::views::store::StorePage;
use crate::views::tabs::{EventsTab, RunsTab, StateTab};
use crate::views::thread::Components;
use crate::views::timeline::TimelineTab;
use leptos::prelude::*;

lazy_part!(
    /// The State tab: the thread's values and history, two checkpoints compared.
    pub STATE = fn state_tab(), preload_state_tab in tab_state => view! { <StateTab /> }.into_any()
);
lazy_part!(
    /// The Runs tab of a server that lists a thread's runs.
    pub RUNS = fn runs_tab(), preload_runs_tab in tab_runs => view! { <RunsTab /> }.into_any()
);
lazy_part!(
    /// The Runs tab of a server that keeps only the last run.
    pub LAST_RUN = fn last_run_tab(), preload_last_run_tab in tab_runs => view! { <LastRunTab /> }.into_any()
);
lazy_part!(
    /// The Runs tab of the runs this tab saw.
    pub SEEN_RUNS = fn seen_runs_tab(), preload_seen_runs_tab in tab_runs => view! { <SeenRunsTab chain=false /> }.into_any()
);
lazy_part!(
    /// The Runs tab of a chain of responses.
    pub CHAIN_RUNS = fn chain_runs_tab(), preload_chain_runs_tab in tab_runs => view! { <SeenRunsTab chain=true /> }.into_any()
);
lazy_part!(
    /// The Timeline tab.
    pub TIMELINE = fn timeline_tab(), preload_timeline_tab in tab_timeline => view! { <TimelineTab /> }.into_any()
);
lazy_part!(
    /// The Events tab (with the recordings and the playback's file picker).
    pub EVENTS = fn events_tab(), preload_events_tab in tab_events => view! { <EventsTab /> }.into_any()
);
lazy_part!(
    /// The server-wide runs page of a server that searches its runs.
    pub SEARCH_RUNS_PAGE = fn search_runs_page(), preload_search_runs_page in page_runs => view! { <SearchRunsPage /> }.into_any()
);
lazy_part!(
    /// The server-wide runs page of a folder.
    pub FOLDER_RUNS_PAGE = fn folder_runs_page(), preload_folder_runs_page in page_runs => view! { <FolderRunsPage /> }.into_any()
);
lazy_part!(
    /// What the server says the chosen assistant is: a graph's drawing and schemas, an agent's
    /// capabilities, a model's settings.
    pub ASSISTANT = fn assistant_insides(), preload_assistant_insides in assistant_insides => view! { <AssistantInsides /> }.into_any()
);

lazy_part!(
    /// The agent's components (generative UI) under a message: the page's elements, the built-in card.
    pub GEN_UI = fn gen_ui_components(), preload_gen_ui_components in gen_ui => view! { <Components /> }.into_any()
);

lazy_part!(
    /// The Graph tab: the graph live, with the debugger's breakpoints.
    pub GRAPH = fn graph_tab(), preload_graph_tab in debugger => view! { <GraphTab /> }.into_any()
);
lazy_part!(
    /// The debugger's bar: where runs pause, a paused run's Continue, Step and edit.
    pub DEBUG_BAR = fn debug_bar(), preload_debug_bar in debugger => view! { <DebugBar /> }.into_any()
);
lazy_part!(
    /// The breakpoints in the composer's Run options.
    pub RUN_BREAKPOINTS = fn run_breakpoints(), preload_run_breakpoints in debugger => view! { <RunBreakpoints /> }.into_any()
);

lazy_part!(
    /// The Assistants page: the server's assistants created, edited, versioned, deleted.
    pub ASSISTANTS_PAGE = fn assistants_page(), preload_assistants_page in page_assistants => view! { <AssistantsPage /> }.into_any()
);

lazy_part!(
    /// The Store page: the server's long-term memory, browsed, searched, written.
    pub STORE_PAGE = fn store_page(), preload_store_page in page_store => view! { <StorePage /> }.into_any()
);

lazy_part!(
    /// The Schedules page: the server's scheduled runs listed, created, deleted.
    pub CRONS_PAGE = fn crons_page(), preload_crons_page in page_crons => view! { <CronsPage /> }.into_any()
);

lazy_part!(
    /// The Inbox: what waits for a person on every saved server, answered by keyboard.
    pub INBOX_PAGE = fn inbox_page(), preload_inbox_page in page_inbox => view! { <InboxPage /> }.into_any()
);

/// One of each module, in the order a user is likeliest to open them: what is preloaded.
pub const ALL: &[PartCode] = &[
    STATE,
    RUNS,
    TIMELINE,
    EVENTS,
    ASSISTANT,
    SEARCH_RUNS_PAGE,
    GEN_UI,
    GRAPH,
    ASSISTANTS_PAGE,
    STORE_PAGE,
    CRONS_PAGE,
    INBOX_PAGE,
];
