//! Views. They read signals and call actions; they never parse wire data.

pub mod ap_runs;
pub mod assistants;
pub mod connect;
pub mod json_tree;
pub mod markdown;
pub mod runs_page;
pub mod tabs;
pub mod thread_list;
pub mod thread_view;
