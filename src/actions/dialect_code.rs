//! The code of a dialect, fetched when a server of that dialect is first connected or a recording of it
//! first opened. In the split release build (`--cfg ac_split`) each dialect this build speaks is a wasm
//! module of its own (`split_dialect_*.wasm`), so a visitor downloads the connected server's dialect
//! alone; everywhere else the code is in the one module and [`code_of`] answers at once.

use agent_console_core::backend::{self, DialectCode};
use agent_console_core::Dialect;

/// The code of `dialect` (a dialect this build leaves out: one that says so when connecting), or why
/// it could not be fetched, in words.
pub async fn code_of(dialect: Dialect) -> Result<&'static dyn DialectCode, String> {
    #[cfg(ac_split)]
    {
        let code = split::code_of(dialect).await.map_err(|e| {
            format!(
                "the code for {} could not be loaded ({e}): the page's server did not send it. Check the connection, then try again",
                backend::ConnectForm::of(dialect).name
            )
        })?;
        let _ = split::LOADED[dialect as usize].set(code);
        Ok(code)
    }
    #[cfg(not(ac_split))]
    {
        Ok(backend::code_of(dialect))
    }
}

/// The code of `dialect` if it is here already (fetched once, or in the one module), without fetching.
pub fn loaded(dialect: Dialect) -> Option<&'static dyn DialectCode> {
    #[cfg(ac_split)]
    {
        split::LOADED[dialect as usize].get().copied()
    }
    #[cfg(not(ac_split))]
    {
        Some(backend::code_of(dialect))
    }
}

/// Fetches `dialect`'s code without using it (a server of that dialect is about to be connected).
pub async fn preload(dialect: Dialect) {
    #[cfg(ac_split)]
    split::preload(dialect).await;
    #[cfg(not(ac_split))]
    let _ = dialect;
}

#[cfg(ac_split)]
mod split {
    use super::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    type Loaded = Result<&'static dyn DialectCode, SplitLoaderError>;

    /// The code of each dialect fetched so far (the page's: every app on it shares its wasm).
    pub static LOADED: [std::sync::OnceLock<&'static dyn DialectCode>; Dialect::ALL.len()] =
        [const { std::sync::OnceLock::new() }; Dialect::ALL.len()];

    /// One split point per dialect: the part holds everything only that dialect's code reaches.
    macro_rules! dialect_part {
        ($feature:literal, $name:ident, $preload:ident in $module:ident => $code:path) => {
            #[cfg(feature = $feature)]
            #[wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
            fn $name() -> Loaded {
                Ok($code())
            }
        };
    }
    dialect_part!("langgraph", langgraph, preload_langgraph in dialect_langgraph => backend::langgraph_code);
    dialect_part!("agent-protocol", agent_protocol, preload_agent_protocol in dialect_agent_protocol => backend::agent_protocol_code);
    dialect_part!("yandex", yandex, preload_yandex in dialect_yandex => backend::yandex_code);
    dialect_part!("responses", responses, preload_responses in dialect_responses => backend::responses_code);
    dialect_part!("a2a", a2a, preload_a2a in dialect_a2a => backend::a2a_code);

    pub async fn code_of(dialect: Dialect) -> Loaded {
        match dialect {
            #[cfg(feature = "langgraph")]
            Dialect::LangGraph => langgraph().await,
            #[cfg(feature = "agent-protocol")]
            Dialect::AgentProtocol => agent_protocol().await,
            #[cfg(feature = "yandex")]
            Dialect::Yandex => yandex().await,
            #[cfg(feature = "responses")]
            Dialect::Responses => responses().await,
            #[cfg(feature = "a2a")]
            Dialect::A2a => a2a().await,
            // A dialect this build leaves out; one arm each, so that a new dialect is named here.
            #[cfg(not(feature = "langgraph"))]
            Dialect::LangGraph => Ok(backend::unspoken_code(dialect)),
            #[cfg(not(feature = "agent-protocol"))]
            Dialect::AgentProtocol => Ok(backend::unspoken_code(dialect)),
            #[cfg(not(feature = "yandex"))]
            Dialect::Yandex => Ok(backend::unspoken_code(dialect)),
            #[cfg(not(feature = "responses"))]
            Dialect::Responses => Ok(backend::unspoken_code(dialect)),
            #[cfg(not(feature = "a2a"))]
            Dialect::A2a => Ok(backend::unspoken_code(dialect)),
        }
    }

    pub async fn preload(dialect: Dialect) {
        let _ = match dialect {
            #[cfg(feature = "langgraph")]
            Dialect::LangGraph => preload_langgraph().await,
            #[cfg(feature = "agent-protocol")]
            Dialect::AgentProtocol => preload_agent_protocol().await,
            #[cfg(feature = "yandex")]
            Dialect::Yandex => preload_yandex().await,
            #[cfg(feature = "responses")]
            Dialect::Responses => preload_responses().await,
            #[cfg(feature = "a2a")]
            Dialect::A2a => preload_a2a().await,
            #[allow(unreachable_patterns)]
            _ => Ok(()), // a dialect this build leaves out: nothing to fetch
        };
    }
}
