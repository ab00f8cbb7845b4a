//! agent-console's browser app: Leptos components over the pure-Rust core.
//!
//! Data flows one way: [`platform::transport`] (fetch, stream reader) → core pipeline (decoder →
//! adapter → reducer) → [`state`] (signals, one per message body) → [`views`]. Commands go the other
//! way: views → [`actions`] → the core's `Backend` → the transport; [`follow`] streams runs.

pub mod actions;
pub mod config;
pub mod follow;
pub mod platform;
pub mod state;
pub mod views;
pub mod widget;

pub use config::{AppConfig, Mode, Theme};
pub use views::app::{mount_app, App};
pub use widget::{mount, Widget};
