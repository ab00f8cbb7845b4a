//! LangGraph Platform API (`langgraph dev`, LangGraph Server). Facts: shared/contracts/langgraph.md.

pub mod convert;
pub mod requests;
pub mod stream;
pub mod wire;
