//! agent-console's core: everything between the bytes of a response and what the UI shows, in plain
//! Rust with no web dependency and no I/O, so all of it tests natively.
//!
//! Flow: [`decode`] (bytes → raw events) → [`dialects`] (raw → [`event::StreamEvent`]) →
//! [`reducer`] (events → [`reducer::ThreadView`]). Requests flow the other way: a dialect's `requests`
//! builds an [`http::HttpRequest`] that a transport outside this crate executes.

pub mod attachments;
pub mod backend;
pub mod branches;
pub mod cron;
pub mod debugger;
pub mod decode;
pub mod deeplink;
pub mod dialects;
pub mod diff;
pub mod domain;
pub mod event;
pub mod exchange;
pub mod follow;
pub mod forms;
pub mod gen_ui;
pub mod graph;
pub mod highlight;
pub mod http;
pub mod inbox;
pub mod interrupt_form;
pub mod json_scan;
pub mod markdown;
pub mod marks;
pub mod math;
pub mod meters;
pub mod objects;
pub mod paging;
pub mod pipeline;
pub mod player;
pub mod profiles;
pub mod recording;
pub mod reducer;
pub mod replay_output;
pub mod run_options;
pub mod settings_form;
pub mod store_tree;
pub mod timeline;
pub mod trust;

pub use domain::Dialect;
pub use pipeline::{replay, StreamPipeline};
pub use reducer::ThreadView;
