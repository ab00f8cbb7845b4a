//! Yandex Cloud AI Assistants REST. Facts: shared/contracts/yandex.md. Responses are snake_case in real
//! traffic and camelCase in the reference; every wire field reads both.

pub mod convert;
pub mod requests;
pub mod stream;
pub mod wire;
