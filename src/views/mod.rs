//! Views. They read signals and capabilities and call actions; they never parse wire data, never
//! name a dialect and never touch the network.

pub mod app;
pub mod assistant_admin;
pub mod assistant_fields;
pub mod assistants;
pub mod connect;
pub mod crons;
pub mod debugger;
pub mod diff_rows;
pub mod folder_runs;
pub mod graph;
pub mod icons;
pub mod inbox;
pub mod inbox_row;
pub mod insight;
pub mod json_tree;
pub mod markdown;
pub mod part;
pub mod parts;
pub mod replay;
pub mod run_options;
pub mod schema_fields;
pub mod search_runs;
pub mod store;
pub mod tabs;
pub mod thread;
pub mod thread_list;
pub mod timeline;
