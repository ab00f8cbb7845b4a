//! What the user does, as functions of the app state: each asks the connected server's backend and
//! writes the state; views call them. No action names a dialect or touches the network itself — the
//! backend knows the dialect, the server's HTTP carries the requests.

pub mod assistants;
pub mod branches;
pub mod connect;
pub mod insight;
pub mod server_runs;
pub mod thread;
pub mod threads;

use crate::state::{AppState, Server};

/// The connected server, or nothing to do.
fn server(state: AppState) -> Option<Server> {
    state.server_now()
}
