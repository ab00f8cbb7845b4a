//! The OpenAI-compatible Responses API (`/v1/responses`, `/v1/conversations`, `/v1/models`): what
//! OpenAI serves, what Yandex AI Studio moved its assistants to, and what many self-hosted servers
//! speak. Streams are SSE whose `data` is a JSON event with a `type` and a `sequence_number`.

pub mod convert;
pub mod requests;
pub mod stream;
pub mod wire;
