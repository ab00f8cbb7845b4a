//! The Store page (a part of its own): the server's long-term memory — its namespaces, the items
//! under one (searched by query and filter, a page at a time), each item's value as a JSON tree,
//! edited and saved, or deleted after a second click; a new item written. Every write says what it
//! did, or the server's refusal.

use crate::actions::store::{
    delete, filter_of, get, go_to, namespace_of, namespaces, put, search, STORE_PAGE,
};
use crate::state::use_app_state;
use crate::views::json_tree::json_tree;
use agent_console_core::backend::{StoreItem, StoreQuery};
use agent_console_core::store_tree::namespace_rows;
use leptos::prelude::*;

/// A value larger than this (as JSON text) is shown as the start of its text, not as a tree.
const TREE_LIMIT: usize = 64 * 1024;

/// Rows of the namespaces' tree drawn at most.
const TREE_ROWS: usize = 1000;

type Said = RwSignal<Option<Result<String, String>>>;

#[component]
pub fn StorePage() -> impl IntoView {
    let state = use_app_state();
    let said: Said = RwSignal::new(None);
    // Bumped by each write: the namespaces and the page are read again.
    let revision = RwSignal::new(0u32);
    // Where a deep link (or the last visit) left the page.
    let at = state.store_place.get_untracked().0;
    let (prefix, query, filter) = (
        RwSignal::new(at.clone()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let offset = RwSignal::new(0u64);
    // The search asked for: set by *Search*, a namespace chosen or a page turned.
    let asked = RwSignal::new(StoreQuery {
        prefix: namespace_of(&at),
        limit: STORE_PAGE,
        ..StoreQuery::default()
    });
    let spaces = LocalResource::new(move || {
        revision.track();
        namespaces(state)
    });
    let page = LocalResource::new(move || {
        revision.track();
        search(state, asked.get())
    });
    let ask = move || match filter_of(&filter.get_untracked()) {
        Ok(f) => asked.set(StoreQuery {
            prefix: namespace_of(&prefix.get_untracked()),
            query: Some(query.get_untracked()).filter(|q| !q.trim().is_empty()),
            filter: f,
            limit: STORE_PAGE,
            offset: offset.get_untracked(),
        }),
        Err(e) => said.set(Some(Err(e))),
    };
    let choose = move |ns: String| {
        go_to(state, ns.clone(), String::new());
        prefix.set(ns);
        offset.set(0);
        ask();
    };
    view! {
        <section class="ac-store-page" aria-label="Store">
            <nav class="ac-store-namespaces" aria-label="Namespaces">
                <h1 class="ac-page-title">"Store"</h1>
                <button type="button" class="ac-store-ns" data-ns="" class:ac-tab-active=move || asked.with(|q| q.prefix.is_empty())
                    on:click=move |_| choose(String::new())>"All namespaces"</button>
                {move || match spaces.get().flatten() {
                    None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="ac-empty">"The store is empty."</p> }.into_any(),
                    // A tree: each namespace under its prefixes (a prefix alone searches all under it).
                    Some(Ok(list)) => namespace_rows(&list, TREE_ROWS).into_iter().map(|row| {
                        let name = row.path.join(".");
                        let (n1, n2) = (name.clone(), name.clone());
                        view! {
                            <button type="button" class="ac-store-ns" data-ns=name.clone() title=name.clone()
                                class:ac-store-ns-prefix=!row.own
                                style=format!("padding-left: {}em", row.depth() + 1)
                                class:ac-tab-active=move || asked.with(|q| q.prefix.join(".") == n1)
                                on:click=move |_| choose(n2.clone())>{row.label().to_owned()}</button>
                        }
                    }).collect_view().into_any(),
                }}
            </nav>
            <div class="ac-store-main">
                {move || said.get().map(|r| match r {
                    Ok(s) => view! { <p class="ac-notice ac-store-said" role="status">{s}</p> }.into_any(),
                    Err(e) => view! { <p class="ac-error ac-store-error" role="alert">{e}</p> }.into_any(),
                })}
                {move || {
                    let (ns, key) = state.store_place.get();
                    (!key.is_empty()).then(|| view! { <OneItem ns=ns key=key said=said revision=revision /> })
                }}
                <form class="ac-store-form ac-store-find" on:submit=move |e| {
                    e.prevent_default(); offset.set(0); said.set(None);
                    go_to(state, prefix.get_untracked().trim().to_owned(), String::new());
                    ask();
                }>
                    <label>"Namespace prefix (parts separated by dots)"
                        <input class="ac-store-prefix" prop:value=move || prefix.get() on:input=move |e| prefix.set(event_target_value(&e)) />
                    </label>
                    <label>"Query (servers that index values)"
                        <input class="ac-store-query" prop:value=move || query.get() on:input=move |e| query.set(event_target_value(&e)) />
                    </label>
                    <label>"Filter (JSON: each key equal)"
                        <input class="ac-store-filter" placeholder="{}" prop:value=move || filter.get() on:input=move |e| filter.set(event_target_value(&e)) />
                    </label>
                    <button type="submit" class="ac-store-search">"Search"</button>
                </form>
                {move || match page.get().flatten() {
                    None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                    Some(Ok(items)) => {
                        let full = items.len() as u32 == STORE_PAGE;
                        let at = asked.with_untracked(|q| q.offset);
                        view! {
                            <p class="ac-hint ac-store-count">{if items.is_empty() { "No item matches.".to_owned() } else { format!("Items {}–{}", at + 1, at + items.len() as u64) }}</p>
                            <ul class="ac-store-items">
                                {items.into_iter().map(|i| view! { <Item item=i said=said revision=revision /> }).collect_view()}
                            </ul>
                            <div class="ac-store-pages">
                                {(at > 0).then(|| view! { <button type="button" class="ac-store-prev"
                                    on:click=move |_| { offset.set(at.saturating_sub(STORE_PAGE as u64)); ask(); }>"Previous page"</button> })}
                                {full.then(|| view! { <button type="button" class="ac-store-next"
                                    on:click=move |_| { offset.set(at + STORE_PAGE as u64); ask(); }>"Next page"</button> })}
                            </div>
                        }.into_any()
                    }
                }}
                <NewItem said=said revision=revision prefix=prefix />
            </div>
        </section>
    }
}

/// The item a deep link names (`ns` dotted, `key`), read by itself and shown above the search.
#[component]
fn OneItem(ns: String, key: String, said: Said, revision: RwSignal<u32>) -> impl IntoView {
    let state = use_app_state();
    let (n, k) = (StoredValue::new(ns.clone()), StoredValue::new(key.clone()));
    let item = LocalResource::new(move || {
        revision.track();
        get(state, namespace_of(&n.get_value()), k.get_value())
    });
    view! {
        <section class="ac-store-one" aria-label="The item linked">
            <h2>{format!("{ns} / {key}")}</h2>
            {move || match item.get().flatten() {
                None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(None)) => view! {
                    <p class="ac-empty ac-store-none">{format!("The store has no item {} in {}.", k.get_value(), n.get_value())}</p>
                }.into_any(),
                Some(Ok(Some(i))) => view! { <ul class="ac-store-items"><Item item=i said=said revision=revision /></ul> }.into_any(),
            }}
            <button type="button" class="ac-store-close" on:click=move |_| go_to(state, n.get_value(), String::new())>"Close"</button>
        </section>
    }
}

/// A store item's time to live, where the server takes one.
fn ttl_field(class: &'static str, ttl: RwSignal<String>) -> impl IntoView {
    let state = use_app_state();
    move || {
        state.caps().store_ttl.then(|| view! {
            <label>"Time to live (minutes; blank: for good)"
                <input class=class inputmode="decimal" prop:value=move || ttl.get() on:input=move |e| ttl.set(event_target_value(&e)) />
            </label>
        })
    }
}

/// One item: where it is, when written, its value; edited in place or deleted.
#[component]
fn Item(item: StoreItem, said: Said, revision: RwSignal<u32>) -> impl IntoView {
    let state = use_app_state();
    let text = serde_json::to_string_pretty(&item.value).unwrap_or_default();
    let editing = RwSignal::new(false);
    let edited = RwSignal::new(text.clone());
    let ttl = RwSignal::new(String::new());
    let confirm = RwSignal::new(false);
    let (ns, key) = (
        StoredValue::new(item.namespace.clone()),
        StoredValue::new(item.key.clone()),
    );
    let done = move |r: Result<String, String>| {
        let ok = r.is_ok();
        let _ = said.try_set(Some(r));
        if ok {
            let _ = revision.try_update(|r| *r += 1);
        }
    };
    let save = move |_| {
        state.spawn(async move {
            done(
                put(
                    state,
                    ns.get_value(),
                    key.get_value(),
                    edited.get_untracked(),
                    ttl.get_untracked(),
                )
                .await,
            )
        });
    };
    let remove = move |_| {
        if !confirm.get_untracked() {
            return confirm.set(true);
        }
        state.spawn(async move { done(delete(state, ns.get_value(), key.get_value()).await) });
    };
    let value = if text.len() > TREE_LIMIT {
        let cut = (0..=TREE_LIMIT)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        view! { <pre class="ac-store-value-text">{text[..cut].to_owned()}</pre>
            <p class="ac-hint">{format!("The first {} KB of {} KB shown.", TREE_LIMIT / 1024, text.len() / 1024)}</p> }.into_any()
    } else {
        json_tree(&item.value)
    };
    let when = format!(
        "updated {} · created {}{}",
        item.updated_at.clone().unwrap_or_else(|| "—".into()),
        item.created_at.clone().unwrap_or_else(|| "—".into()),
        item.score
            .map(|s| format!(" · score {s:.3}"))
            .unwrap_or_default()
    );
    view! {
        <li class="ac-store-item" data-ns=item.namespace.join(".") data-key=item.key.clone()>
            <p class="ac-store-item-head"><code class="ac-store-item-ns">{item.namespace.join(".")}</code>" / "<code class="ac-store-item-key">{item.key.clone()}</code></p>
            <p class="ac-hint ac-mono">{when}</p>
            <div class="ac-store-value">{value}</div>
            <div class="ac-store-item-actions">
                <button type="button" class="ac-store-edit" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>"Edit"</button>
                <button type="button" class="ac-store-alone"
                    on:click=move |_| go_to(state, ns.get_value().join("."), key.get_value())>"Link to it"</button>
                <button type="button" class="ac-store-delete" class:ac-danger=move || confirm.get() on:click=remove>
                    {move || if confirm.get() { "Delete for good" } else { "Delete…" }}</button>
            </div>
            {move || editing.get().then(|| view! {
                <div class="ac-store-form">
                    <label>"Value (JSON object)"
                        <textarea class="ac-store-edit-value" rows="6" prop:value=move || edited.get()
                            on:input=move |e| edited.set(event_target_value(&e))></textarea>
                    </label>
                    {ttl_field("ac-store-edit-ttl", ttl)}
                    <button type="button" class="ac-store-save" on:click=save>"Save"</button>
                </div>
            })}
        </li>
    }
}

/// A new item (or a new value for a key already there).
#[component]
fn NewItem(said: Said, revision: RwSignal<u32>, prefix: RwSignal<String>) -> impl IntoView {
    let state = use_app_state();
    let (ns, key, value, ttl) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let save = move |_| {
        let namespace = namespace_of(&ns.get_untracked());
        let (k, v) = (key.get_untracked().trim().to_owned(), value.get_untracked());
        let t = ttl.get_untracked();
        state.spawn(async move {
            let r = put(state, namespace, k, v, t).await;
            let ok = r.is_ok();
            let _ = said.try_set(Some(r));
            if ok {
                let _ = revision.try_update(|r| *r += 1);
                let _ = key.try_set(String::new());
            }
        });
    };
    view! {
        <form class="ac-store-form ac-store-new" on:submit=|e| e.prevent_default()>
            <h3>"Write an item"</h3>
            <label>"Namespace (parts separated by dots)"
                <input class="ac-store-new-ns" placeholder=move || prefix.get() prop:value=move || ns.get() on:input=move |e| ns.set(event_target_value(&e)) />
            </label>
            <label>"Key"
                <input class="ac-store-new-key" prop:value=move || key.get() on:input=move |e| key.set(event_target_value(&e)) />
            </label>
            <label>"Value (JSON object)"
                <textarea class="ac-store-new-value" rows="4" placeholder="{}" prop:value=move || value.get()
                    on:input=move |e| value.set(event_target_value(&e))></textarea>
            </label>
            {ttl_field("ac-store-new-ttl", ttl)}
            <button type="button" class="ac-store-put" on:click=save>"Save item"</button>
        </form>
    }
}
