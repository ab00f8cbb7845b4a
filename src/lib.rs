//! agent-console's browser app: Leptos components over the pure-Rust core.
//!
//! Data flows one way: [`transport`] (fetch, stream reader) → core pipeline (decoder → adapter →
//! reducer) → [`session`] (signals, one per message body) → [`components`] (views).

pub mod agent_protocol;
pub mod app;
pub mod components;
pub mod config;
pub mod host_events;
pub mod run_follower;
pub mod run_options;
pub mod servers;
pub mod session;
pub mod storage;
pub mod thread_actions;
pub mod thread_stream;
pub mod transport;
pub mod widget;
pub mod yandex;

pub use app::{mount_app, App};
pub use config::{AppConfig, Mode, Theme};
pub use widget::{mount, Widget};
