//! The Schedules page (a part of its own): the server's scheduled runs — each with its schedule in
//! words, assistant, thread (or a new one each run), next run and what it sends — one created with
//! its schedule explained and its next times shown as it is typed, one deleted after a second click.

use crate::actions::crons::{create, delete, explain, list};
use crate::state::use_app_state;
use agent_console_core::backend::{CronJob, NewCron};
use leptos::prelude::*;

type Said = RwSignal<Option<Result<String, String>>>;

#[component]
pub fn CronsPage() -> impl IntoView {
    let state = use_app_state();
    let said: Said = RwSignal::new(None);
    let revision = RwSignal::new(0u32);
    let jobs = LocalResource::new(move || {
        revision.track();
        list(state)
    });
    view! {
        <section class="ac-crons-page" aria-label="Scheduled runs">
            <h1 class="ac-page-title">"Scheduled runs"</h1>
            {move || said.get().map(|r| match r {
                Ok(s) => view! { <p class="ac-notice ac-cron-said" role="status">{s}</p> }.into_any(),
                Err(e) => view! { <p class="ac-error ac-cron-error" role="alert">{e}</p> }.into_any(),
            })}
            <NewSchedule said=said revision=revision />
            {move || match jobs.get().flatten() {
                None => view! { <p class="ac-empty">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ac-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(l)) if l.is_empty() => view! { <p class="ac-empty ac-crons-none">"No run is scheduled on this server."</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <table class="ac-crons">
                        <thead><tr><th>"Schedule"</th><th>"Assistant"</th><th>"Thread"</th><th>"Next run"</th><th>"Sends"</th><th></th></tr></thead>
                        <tbody>{l.into_iter().map(|c| view! { <Row job=c said=said revision=revision /> }).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Row(job: CronJob, said: Said, revision: RwSignal<u32>) -> impl IntoView {
    let state = use_app_state();
    let confirm = RwSignal::new(false);
    let id = StoredValue::new(job.id.clone());
    let words = explain(&job.schedule)
        .map(|(w, _)| w)
        .unwrap_or_else(|_| "(not explained here)".into());
    let remove = move |_| {
        if !confirm.get_untracked() {
            return confirm.set(true);
        }
        state.spawn(async move {
            let r = delete(state, id.get_value()).await;
            let ok = r.is_ok();
            let _ = said.try_set(Some(r));
            if ok {
                let _ = revision.try_update(|r| *r += 1);
            }
        });
    };
    view! {
        <tr class="ac-cron" data-cron=job.id.clone()>
            <td><code class="ac-cron-schedule">{job.schedule.clone()}</code><br /><span class="ac-hint ac-cron-words">{words}</span></td>
            <td class="ac-mono">{job.assistant_id.clone().unwrap_or_default()}</td>
            <td class="ac-mono">{job.thread_id.clone().unwrap_or_else(|| "a new thread each run".into())}</td>
            <td class="ac-mono ac-cron-next">{job.next_run.clone().unwrap_or_else(|| "—".into())}</td>
            <td class="ac-cron-sends">{job.sends.clone()}</td>
            <td><button type="button" class="ac-cron-delete" class:ac-danger=move || confirm.get() on:click=remove>
                {move || if confirm.get() { "Delete for good" } else { "Delete…" }}</button></td>
        </tr>
    }
}

/// A new scheduled run: its schedule explained as it is typed.
#[component]
fn NewSchedule(said: Said, revision: RwSignal<u32>) -> impl IntoView {
    let state = use_app_state();
    let schedule = RwSignal::new("*/30 * * * *".to_owned());
    let message = RwSignal::new(String::new());
    let on_thread = RwSignal::new(false);
    // The chosen assistant, else the first listed: the one the picker shows is the one sent.
    let assistant = RwSignal::new(String::new());
    Effect::new(move |_| {
        if assistant.with(String::is_empty) {
            let first = state
                .assistant_id
                .get()
                .or_else(|| state.assistants.with(|l| l.first().map(|a| a.id.clone())));
            if let Some(id) = first {
                assistant.set(id);
            }
        }
    });
    let thread = move || state.selected.get().filter(|_| on_thread.get());
    let save = move |_| {
        let new = NewCron {
            assistant_id: assistant.get_untracked(),
            schedule: schedule.get_untracked().trim().to_owned(),
            message: message.get_untracked(),
            thread_id: untrack(thread),
        };
        state.spawn(async move {
            let r = create(state, new).await;
            let ok = r.is_ok();
            let _ = said.try_set(Some(r));
            if ok {
                let _ = revision.try_update(|r| *r += 1);
            }
        });
    };
    view! {
        <form class="ac-cron-form" on:submit=|e| e.prevent_default()>
            <h3>"Schedule a run"</h3>
            <label>"Schedule (cron: minute hour day month weekday, UTC)"
                <input class="ac-cron-new-schedule" prop:value=move || schedule.get() on:input=move |e| schedule.set(event_target_value(&e)) />
            </label>
            <p class="ac-hint ac-cron-explained" aria-live="polite">{move || match explain(&schedule.get()) {
                Ok((w, next)) if next.is_empty() => format!("Runs {w}; it never comes in the next four years."),
                Ok((w, next)) => format!("Runs {w}. Next: {}.", next.join(", ")),
                Err(e) => e,
            }}</p>
            <label>"Assistant"
                <select class="ac-cron-assistant" on:change=move |e| assistant.set(event_target_value(&e))>
                    {move || state.assistants.get().into_iter().map(|a| view! {
                        <option value=a.id.clone() selected=a.id == assistant.get_untracked()>{a.name.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Message each run sends"
                <input class="ac-cron-message" prop:value=move || message.get() on:input=move |e| message.set(event_target_value(&e)) />
            </label>
            <label class="ac-check">
                <input type="checkbox" class="ac-cron-on-thread" disabled=move || state.selected.with(Option::is_none)
                    prop:checked=move || on_thread.get() on:change=move |e| on_thread.set(event_target_checked(&e)) />
                {move || match state.selected.get() {
                    Some(t) => format!("On the open thread ({t}); else a new thread each run"),
                    None => "A new thread each run (open a thread to schedule on it)".to_owned(),
                }}
            </label>
            <button type="button" class="ac-cron-create" on:click=save>"Schedule"</button>
        </form>
    }
}
