//! A2A (Agent2Agent) over JSON-RPC 2.0: an agent's card says what it is, a context (`contextId`) is a
//! conversation, a task a run. Both protocol versions are read by one set of functions — 0.3 tags
//! objects with `kind` and writes states as `working`, 1.0 wraps them (`{"task": …}`) and writes
//! `TASK_STATE_WORKING` — and written in the version the server was found to speak.

pub mod convert;
pub mod requests;
pub mod stream;
pub mod wire;
