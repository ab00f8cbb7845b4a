//! Scheduled runs ([`Capabilities::crons`]: LangGraph's `/runs/crons`, where `/info` says
//! `flags.crons`): listed, created, deleted.
//!
//! [`Capabilities::crons`]: crate::backend::Capabilities::crons

use crate::backend::{CronJob, Http, NewCron};
use crate::dialects::langgraph::{convert, requests};
use crate::http::ApiError;

/// Scheduled runs listed at most.
pub const LISTED: u32 = 200;

pub async fn list(h: &impl Http) -> Result<Vec<CronJob>, ApiError> {
    convert::crons(&h.send(&requests::search_crons(LISTED)).await?.body)
}

pub async fn create(h: &impl Http, new: &NewCron) -> Result<CronJob, ApiError> {
    convert::cron(&h.send(&requests::create_cron(new)).await?.body)
}

pub async fn delete(h: &impl Http, id: &str) -> Result<(), ApiError> {
    h.send(&requests::delete_cron(id)).await.map(|_| ())
}
