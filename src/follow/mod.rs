//! Following runs: one follower streams any run into the thread session (rejoining after a drop,
//! settling with the server's final status); the thread-centric protocol's commands and
//! subscriptions feed it. This layer reads streams from the transport; it names no dialect.

mod asking;
pub mod follower;
mod settle;
pub mod subscription;
