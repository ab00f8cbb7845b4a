//! The server's own objects — its assistants, its long-term memory store, its scheduled runs —
//! reached by plain functions over the injected [`Http`], not through a dialect's operations: only
//! the pages that manage them call these, so in the split build their code is in those pages' parts
//! (and a chat build, which has no such page, holds none of it). Which server has which is said by
//! its [`Capabilities`](crate::backend::Capabilities): `assistant_admin` and `crons` (LangGraph's
//! routes), `store` (LangGraph's, and an Agent Protocol server's Store stage: the same routes).
//!
//! [`Http`]: crate::backend::Http

pub mod assistants;
pub mod crons;
pub mod store;
