//! Parts of the app fetched when first opened. In the split release build (`--cfg ac_split`, see
//! `scripts/split.sh`) each part declared with [`lazy_part!`] is a wasm module of its own, loaded the
//! first time it is shown; everywhere else (`trunk serve`, the browser suites) the same function is
//! an ordinary one. [`Part`] shows a part: *Loading…* while it is fetched, and a failed fetch said in
//! place with *Retry* (a part that loaded once stays loaded).

use crate::state::{use_app_state, AppState};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;

/// A part's view, or why its code could not be fetched.
pub type Loaded = Result<AnyView, SplitLoaderError>;

/// A part's code: `load` fetches it (the first time) and builds its view; `preload` only fetches it.
/// Declared with [`lazy_part!`].
#[derive(Clone, Copy)]
pub struct PartCode {
    pub load: fn() -> Pin<Box<dyn Future<Output = Loaded>>>,
    pub preload: fn() -> Pin<Box<dyn Future<Output = Fetched>>>,
}

/// Whether a part's code was fetched (or was already there).
pub type Fetched = Result<(), SplitLoaderError>;

/// Declares `fn $name()`, the view of a part split into the wasm module `$module`, `$preload`, which
/// fetches that module without building anything, and `$code`, what [`Part`] takes to show it:
/// `lazy_part!(pub STATE = fn state_tab(), preload_state_tab in tab_state => view! { <StateTab /> }.into_any());`
macro_rules! lazy_part {
    ($(#[$m:meta])* $vis:vis $code:ident = fn $name:ident(), $preload:ident in $module:ident => $body:expr) => {
        #[cfg(ac_split)]
        #[::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        fn $name() -> $crate::views::part::Loaded {
            Ok($body)
        }
        #[cfg(not(ac_split))]
        async fn $name() -> $crate::views::part::Loaded {
            Ok($body)
        }
        #[cfg(not(ac_split))]
        async fn $preload() -> $crate::views::part::Fetched {
            Ok(())
        }
        $(#[$m])*
        $vis const $code: $crate::views::part::PartCode = $crate::views::part::PartCode {
            load: || ::std::boxed::Box::pin($name()),
            preload: || ::std::boxed::Box::pin($preload()),
        };
    };
}
pub(crate) use lazy_part;

/// Fetches `parts` one after another once the first screen is up and the browser idle, so that a
/// screen opened later shows at once. A part that cannot be fetched now is left for its first use,
/// which fetches it again and says so if it fails (nobody asked for it yet: nothing is said here).
pub fn preload_when_idle(state: AppState, parts: &'static [PartCode]) {
    state.spawn(async move {
        crate::platform::sleep_ms(PRELOAD_AFTER_MS).await;
        for part in parts {
            crate::platform::idle(PRELOAD_WITHIN_MS).await;
            let _ = (part.preload)().await;
        }
    });
}

/// How long after mounting the preloading starts (the first screen's own requests go first), and
/// how long it waits at most for the browser to be idle before each part.
const PRELOAD_AFTER_MS: i32 = 1_500;
const PRELOAD_WITHIN_MS: u32 = 2_000;

/// Shows the part `load` gives, named `what` for the user ("The State tab"). Not a `Suspense`: a
/// resource inside the part refetching must not take the part down to its fallback and back (that
/// would rebuild it and lose what it holds, e.g. the history paged so far).
#[component]
pub fn Part(what: &'static str, load: PartCode) -> impl IntoView {
    let state = use_app_state();
    let attempt = RwSignal::new(0u32);
    // None: loading; Some(Ok): the view is in `loaded`; Some(Err): why it could not be fetched.
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let loaded = StoredValue::new_local(None::<AnyView>);
    Effect::new(move |_| {
        attempt.track();
        outcome.set(None);
        // Built under this effect's owner (disposed with the part, or by a retry), reading nothing
        // on its behalf.
        let loading = ScopedFuture::new_untracked((load.load)());
        state.spawn(async move {
            let result = loading.await;
            let said = match result {
                Ok(view) => {
                    loaded.set_value(Some(view));
                    Ok(())
                }
                Err(e) => Err(e.to_string()),
            };
            outcome.try_set(Some(said));
        });
    });
    move || {
        match outcome.get() {
        None => view! { <p class="ac-part-loading" role="status">{format!("Loading {}…", what.to_lowercase())}</p> }.into_any(),
        Some(Ok(())) => loaded
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
        Some(Err(e)) => view! {
            <div class="ac-part-error" role="alert">
                <p>{format!("{what} could not be loaded ({e}): the page's server did not send its code. ")}
                    "Check the connection, then retry."</p>
                <button type="button" class="ac-part-retry" on:click=move |_| attempt.update(|n| *n += 1)>"Retry"</button>
            </div>
        }
        .into_any(),
    }
    }
}
