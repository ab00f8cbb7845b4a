//! Agent Protocol 0.1.6 (langchain-ai/agent-protocol). Facts: shared/contracts/agent-protocol.md.

pub mod convert;
pub mod requests;
pub mod stream;
pub mod wire;
