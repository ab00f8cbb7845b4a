//! Parts of the app fetched when first opened. In the split release build (`--cfg ac_split`, see
//! `scripts/split.sh`) each part declared with [`lazy_part!`] is a wasm module of its own, loaded the
//! first time it is shown; everywhere else (`trunk serve`, the browser suites) the same function is
//! an ordinary one. [`Part`] shows a part: *Loading…* while it is fetched, and a failed fetch said in
//! place with *Retry* (a part that loaded once stays loaded).

use crate::state::use_app_state;
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;

/// A part's view, or why its code could not be fetched.
pub type Loaded = Result<AnyView, SplitLoaderError>;

/// What loads a part: a function [`lazy_part!`] declared, boxed.
pub type Loader = fn() -> Pin<Box<dyn Future<Output = Loaded>>>;

/// Declares `fn $name()`, the view of a part split into the wasm module `$module`, and `$loader`,
/// what [`Part`] takes to show it:
/// `lazy_part!(pub STATE_TAB = fn state_tab() in tab_state => view! { <StateTab /> }.into_any());`
macro_rules! lazy_part {
    ($(#[$m:meta])* $vis:vis $loader:ident = fn $name:ident() in $module:ident => $body:expr) => {
        #[cfg(ac_split)]
        #[::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name() -> $crate::views::part::Loaded {
            Ok($body)
        }
        #[cfg(not(ac_split))]
        async fn $name() -> $crate::views::part::Loaded {
            Ok($body)
        }
        $(#[$m])*
        $vis const $loader: $crate::views::part::Loader =
            || -> ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = $crate::views::part::Loaded>>> {
                ::std::boxed::Box::pin($name())
            };
    };
}
pub(crate) use lazy_part;

/// Shows the part `load` gives, named `what` for the user ("The State tab"). Not a `Suspense`: a
/// resource inside the part refetching must not take the part down to its fallback and back (that
/// would rebuild it and lose what it holds, e.g. the history paged so far).
#[component]
pub fn Part(what: &'static str, load: Loader) -> impl IntoView {
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
        let loading = ScopedFuture::new_untracked(load());
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
