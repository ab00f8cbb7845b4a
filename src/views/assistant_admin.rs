//! The Assistants page (a part of its own): the server's assistants, one created from a graph, one
//! edited (each save a new version), its versions listed, two compared, one made the latest, one
//! deleted after a second click. Every write says what it did, or the server's refusal.

use crate::actions::assistant_admin::{create, delete, make_latest, schemas_of, update, versions};
use crate::actions::assistants::choose;
use crate::state::use_app_state;
use crate::views::assistant_fields::Fields;
use crate::views::diff_rows::change_rows;
use agent_console_core::diff;
use agent_console_core::domain::Assistant;
use leptos::prelude::*;
use serde_json::json;

/// What the page shows on its right: a new assistant's form, or an assistant.
#[derive(Clone, PartialEq)]
enum Shown {
    New,
    One(String),
}

#[component]
pub fn AssistantsPage() -> impl IntoView {
    let state = use_app_state();
    let shown = RwSignal::new(
        state
            .assistant_id
            .get_untracked()
            .map(Shown::One)
            .unwrap_or(Shown::New),
    );
    // What the last write did, or why it was refused.
    let said = RwSignal::new(None::<Result<String, String>>);
    // The assistant shown, as the server lists it: its form is drawn again when it changes (a save,
    // a version made the latest), not when the list is read again unchanged — what is typed stays.
    let one = Memo::new(move |_| match shown.get() {
        Shown::New => None,
        Shown::One(id) => Some(
            state
                .assistants
                .with(|l| l.iter().find(|a| a.id == id).cloned()),
        ),
    });
    view! {
        <section class="ac-assistants-page" aria-label="Assistants">
            <nav class="ac-assistants-list" aria-label="The server's assistants">
                <h1 class="ac-page-title">"Assistants"</h1>
                <button type="button" class="ac-assistant-new" class:ac-tab-active=move || shown.get() == Shown::New
                    on:click=move |_| { said.set(None); shown.set(Shown::New) }>"New assistant"</button>
                <For each=move || state.assistants.get() key=|a| (a.id.clone(), a.version, a.name.clone()) let:a>
                    {
                        let id = a.id.clone();
                        let mine = id.clone();
                        view! {
                            <button type="button" class="ac-assistant-row" data-assistant=id.clone()
                                class:ac-tab-active=move || shown.get() == Shown::One(mine.clone())
                                on:click=move |_| { said.set(None); shown.set(Shown::One(id.clone())) }>
                                <span class="ac-assistant-row-name">{a.name.clone()}</span>
                                <span class="ac-hint">{format!(" {} · v{}", a.graph_or_model.clone().unwrap_or_default(), a.version.unwrap_or(1))}</span>
                            </button>
                        }
                    }
                </For>
            </nav>
            <div class="ac-assistant-admin">
                {move || said.get().map(|r| match r {
                    Ok(s) => view! { <p class="ac-notice ac-admin-said" role="status">{s}</p> }.into_any(),
                    Err(e) => view! { <p class="ac-error ac-admin-error" role="alert">{e}</p> }.into_any(),
                })}
                {move || match one.get() {
                    None => view! { <NewAssistant shown=shown said=said /> }.into_any(),
                    Some(Some(a)) => view! { <OneAssistant a=a shown=shown said=said /> }.into_any(),
                    Some(None) => view! { <p class="ac-empty">"This assistant is not on the server's list any more."</p> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// The graphs the server runs, as its assistants name them.
fn graphs(list: &[Assistant]) -> Vec<String> {
    let mut g: Vec<String> = list
        .iter()
        .filter_map(|a| a.graph_or_model.clone())
        .collect();
    g.sort();
    g.dedup();
    g
}

/// A new assistant of one of the server's graphs.
#[component]
fn NewAssistant(
    shown: RwSignal<Shown>,
    said: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let state = use_app_state();
    let fields = Fields::of(None);
    let graph = RwSignal::new(
        state
            .assistants
            .with_untracked(|l| graphs(l).into_iter().next().unwrap_or_default()),
    );
    let schemas = LocalResource::new(move || schemas_of(state, None, graph.get()));
    Effect::new(move |_| {
        if let Some(s) = schemas.get() {
            fields.take_schemas(s.as_ref());
        }
    });
    let working = RwSignal::new(false);
    let submit = move |_| {
        let draft = match fields.draft(graph.get_untracked()) {
            Ok(d) => d,
            Err(e) => return said.set(Some(Err(e))),
        };
        // What an earlier try said no longer stands.
        said.set(None);
        working.set(true);
        state.spawn(async move {
            let r = create(state, draft).await;
            let _ = working.try_set(false);
            match r {
                Ok((a, s)) => {
                    let _ = said.try_set(Some(Ok(s)));
                    let _ = shown.try_set(Shown::One(a.id));
                }
                Err(e) => {
                    let _ = said.try_set(Some(Err(e)));
                }
            }
        });
    };
    view! {
        <form class="ac-admin-form ac-admin-new" on:submit=|e| e.prevent_default()>
            <h2>"New assistant"</h2>
            <label>"Graph"
                <select class="ac-admin-graph" on:change=move |e| graph.set(event_target_value(&e))>
                    {move || state.assistants.with(|l| graphs(l)).into_iter().map(|g| view! {
                        <option value=g.clone() selected=g == graph.get_untracked()>{g.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            {fields.view(true)}
            <button type="button" class="ac-admin-create" disabled=move || working.get() on:click=submit>"Create"</button>
        </form>
    }
}

/// One assistant: use it, edit it, its versions, delete it.
#[component]
fn OneAssistant(
    a: Assistant,
    shown: RwSignal<Shown>,
    said: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let state = use_app_state();
    let fields = Fields::of(Some(&a));
    let (id, name) = (
        StoredValue::new(a.id.clone()),
        StoredValue::new(a.name.clone()),
    );
    let graph = StoredValue::new(a.graph_or_model.clone().unwrap_or_default());
    let schemas =
        LocalResource::new(move || schemas_of(state, Some(id.get_value()), graph.get_value()));
    Effect::new(move |_| {
        if let Some(s) = schemas.get() {
            fields.take_schemas(s.as_ref());
        }
    });
    let working = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    // Read again after each write that makes or picks a version.
    let revision = RwSignal::new(0u32);
    let save = move |_| {
        let draft = match fields.draft(graph.get_value()) {
            Ok(d) => d,
            Err(e) => return said.set(Some(Err(e))),
        };
        // What an earlier try said no longer stands.
        said.set(None);
        working.set(true);
        state.spawn(async move {
            let r = update(state, id.get_value(), draft).await;
            let _ = working.try_set(false);
            let _ = said.try_set(Some(r.map(|(_, s)| s)));
            let _ = revision.try_update(|r| *r += 1);
        });
    };
    let remove = move |_| {
        if !confirm.get_untracked() {
            return confirm.set(true);
        }
        working.set(true);
        state.spawn(async move {
            let r = delete(state, id.get_value(), name.get_value()).await;
            let _ = working.try_set(false);
            let gone = r.is_ok();
            let _ = said.try_set(Some(r));
            if gone {
                let _ = shown.try_set(Shown::New);
            }
        });
    };
    let current = move || state.assistant_id.get().as_deref() == Some(id.get_value().as_str());
    view! {
        <div class="ac-admin-one" data-assistant=a.id.clone()>
            <h2>{a.name.clone()}</h2>
            <p class="ac-hint ac-mono">{format!("{} · graph {} · version {}", a.id, a.graph_or_model.clone().unwrap_or_default(), a.version.unwrap_or(1))}</p>
            <button type="button" class="ac-admin-use" disabled=current
                on:click=move |_| choose(state, id.get_value())>
                {move || if current() { "Runs go to this assistant" } else { "Use for the conversation" }}</button>
            <form class="ac-admin-form ac-admin-edit" on:submit=|e| e.prevent_default()>
                <h3>"Edit (a new version)"</h3>
                {fields.view(false)}
                <button type="button" class="ac-admin-save" disabled=move || working.get() on:click=save>"Save as a new version"</button>
            </form>
            <Versions id=a.id.clone() revision=revision said=said />
            <div class="ac-admin-delete">
                <button type="button" class="ac-admin-remove" class:ac-danger=move || confirm.get()
                    disabled=move || working.get() on:click=remove>
                    {move || if confirm.get() { format!("Delete {} for good", name.get_value()) } else { "Delete…".to_owned() }}
                </button>
                {move || confirm.get().then(|| view! {
                    <button type="button" class="ac-admin-keep" on:click=move |_| confirm.set(false)>"Keep it"</button>
                })}
            </div>
        </div>
    }
}

/// The versions of an assistant, newest first: tick two to compare, make one the latest.
#[component]
fn Versions(
    id: String,
    revision: RwSignal<u32>,
    said: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let state = use_app_state();
    let id = StoredValue::new(id);
    let list = LocalResource::new(move || {
        revision.track();
        versions(state, id.get_value())
    });
    let ticked = RwSignal::new(Vec::<i64>::new());
    let latest = move || {
        state.assistants.with(|l| {
            l.iter()
                .find(|a| a.id == id.get_value())
                .and_then(|a| a.version)
        })
    };
    let pick = move |v: i64, context: serde_json::Value| {
        state.spawn(async move {
            let r = make_latest(state, id.get_value(), v, context).await;
            let _ = said.try_set(Some(r));
            let _ = revision.try_update(|r| *r += 1);
        });
    };
    view! {
        <section class="ac-admin-versions" aria-label="Versions">
            <h3>"Versions"</h3>
            {move || match list.get().flatten() {
                None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(vs)) => {
                    let all = StoredValue::new(vs.clone());
                    view! {
                        <table class="ac-admin-version-table">
                            <thead><tr><th>"Compare"</th><th>"Version"</th><th>"Name"</th><th>"Saved"</th><th>"Config"</th><th>"Runs"</th></tr></thead>
                            <tbody>
                                {vs.into_iter().map(|v| {
                                    let n = v.version.unwrap_or(0);
                                    let context = StoredValue::new(v.context.clone());
                                    view! {
                                        <tr class="ac-admin-version" data-version=n.to_string()
                                            class:ac-admin-latest=move || latest() == Some(n)>
                                            <td><input type="checkbox" class="ac-admin-compare" aria-label=format!("Compare version {n}")
                                                prop:checked=move || ticked.with(|t| t.contains(&n))
                                                on:change=move |_| ticked.update(|t| {
                                                    if let Some(i) = t.iter().position(|x| *x == n) { t.remove(i); } else { t.push(n); if t.len() > 2 { t.remove(0); } }
                                                }) /></td>
                                            <td>{n.to_string()}</td>
                                            <td>{v.name.clone()}</td>
                                            <td class="ac-mono">{v.created_at.clone().unwrap_or_default()}</td>
                                            <td class="ac-mono">{serde_json::to_string(&v.config).unwrap_or_default()}</td>
                                            <td>{move || if latest() == Some(n) {
                                                view! { <span class="ac-hint">"runs use it"</span> }.into_any()
                                            } else {
                                                view! { <button type="button" class="ac-admin-make-latest" on:click=move |_| pick(n, context.get_value())>"Make latest"</button> }.into_any()
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {move || {
                            let t = ticked.get();
                            (t.len() == 2).then(|| all.with_value(|vs| compare(vs, t[0], t[1])))
                        }}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Two versions compared field by field (the older first).
fn compare(vs: &[Assistant], a: i64, b: i64) -> AnyView {
    let (a, b) = (a.min(b), a.max(b));
    let of = |n: i64| {
        vs.iter().find(|v| v.version == Some(n)).map(|v| {
            json!({"name": v.name, "description": v.description, "config": v.config, "context": v.context, "metadata": v.metadata})
        })
    };
    let (Some(before), Some(after)) = (of(a), of(b)) else {
        return view! { <p class="ac-empty">"Those versions are not both listed."</p> }.into_any();
    };
    let changes = diff::values(&before, &after);
    view! {
        <section class="ac-diff ac-admin-diff" aria-label="Comparison">
            <h4>{format!("Version {a} → version {b}")}</h4>
            {if changes.is_empty() {
                view! { <p class="ac-empty">"No differences."</p> }.into_any()
            } else {
                view! { <table><tbody>{change_rows(&changes)}</tbody></table> }.into_any()
            }}
        </section>
    }
    .into_any()
}
