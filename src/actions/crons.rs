//! Scheduled runs ([`Capabilities::crons`]): the Schedules page opened, the server's scheduled runs
//! listed, one created (its schedule checked and explained before it is sent), one deleted. Each
//! write answers what it did, or the server's refusal in its own words.
//!
//! [`Capabilities::crons`]: agent_console_core::backend::Capabilities::crons

use super::server;
use crate::state::{AppState, Screen};
use agent_console_core::backend::{CronJob, NewCron};
use agent_console_core::cron::Cron;
use agent_console_core::objects;
use leptos::prelude::*;

/// Shows the Schedules page.
pub fn open_page(state: AppState) {
    state.screen.set(Screen::Crons);
    state.drawer_open.set(false);
    state.update_url();
}

/// A schedule as typed, in words with its next three times — or what is wrong with it.
pub fn explain(schedule: &str) -> Result<(String, Vec<String>), String> {
    let c = Cron::parse(schedule)?;
    Ok((c.explain(), c.next_times(js_sys::Date::now(), 3)))
}

/// The server's scheduled runs (`None`: not connected). Its request stops if the page goes.
pub async fn list(state: AppState) -> Option<Result<Vec<CronJob>, String>> {
    let s = server(state)?;
    let http = s.http.aborted_on_cleanup();
    Some(objects::crons::list(&http).await.map_err(|e| e.to_string()))
}

/// Schedules `new` (its schedule checked first: a bad one is never sent).
pub async fn create(state: AppState, new: NewCron) -> Result<String, String> {
    let (words, _) = explain(&new.schedule)?;
    if new.assistant_id.is_empty() {
        return Err("Assistant: the server lists none to run.".into());
    }
    if new.message.trim().is_empty() {
        return Err("Message: each run needs something to send.".into());
    }
    let s = server(state).ok_or("Not connected.")?;
    let c = objects::crons::create(&s.http, &new)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "Scheduled {words}; next run {}.",
        c.next_run.unwrap_or_else(|| "as the server decides".into())
    ))
}

pub async fn delete(state: AppState, id: String) -> Result<String, String> {
    let s = server(state).ok_or("Not connected.")?;
    objects::crons::delete(&s.http, &id)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("Deleted the scheduled run {id}."))
}
