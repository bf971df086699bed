//! The campaign detail page's data: `GET /api/campaigns/{id}/stats`,
//! `GET /api/campaigns/{id}/audit`, `GET /api/campaigns/{id}/callbacks` and
//! `GET /api/campaigns/{id}/events`,
//! a Server-Sent Events stream of status and count changes with a stats
//! snapshot every two seconds (see [`super::events`]).

use std::convert::Infallible;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use outdial_shared::api::{
    AuditEntry, CampaignEventName, CampaignStats, Page, ScheduledCallback, PAGE_SIZE,
};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use super::campaigns::{load, page, query};
use super::events::{CampaignEvent, SNAPSHOT_EVERY};
use super::extract::{AppJson, AppPath};
use super::AppState;
use crate::error::AppError;
use crate::store::campaigns::StoredCampaign;
use crate::store::{self, Timestamp};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}/stats", get(stats))
        .route("/campaigns/{id}/audit", get(audit))
        .route("/campaigns/{id}/callbacks", get(callbacks))
        .route("/campaigns/{id}/events", get(events))
}

/// The campaign's figures now.
async fn figures(state: &AppState, campaign: &StoredCampaign) -> Result<CampaignStats, AppError> {
    let contacts = store::campaigns::counts(&state.db, &[campaign.id])
        .await?
        .remove(&campaign.id)
        .unwrap_or_default();
    let f = store::campaign_stats::figures(&state.db, campaign.id, Timestamp::now()).await?;
    Ok(CampaignStats {
        status: campaign.status,
        run_no: campaign.run_no,
        contacts,
        done_reasons: f.done_reasons,
        dispositions: f.dispositions,
        business_dispositions: f.business_dispositions,
        answering_machines: f.answering_machines,
        attempts_total: f.attempts_total,
        live_calls: f.live_calls,
        attempts_per_hour: f.attempts_per_hour,
        callbacks_scheduled: f.callbacks_scheduled,
        next_callback_at: f.next_callback_at,
    })
}

/// Counts by contact state and by disposition (answering machines too),
/// live calls, attempts per hour over the last day, callbacks scheduled.
#[utoipa::path(get, path = "/api/campaigns/{id}/stats", operation_id = "campaign_stats", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 200, body = CampaignStats),
    ))]
async fn stats(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> Result<AppJson<CampaignStats>, AppError> {
    let campaign = load(&state, id).await?;
    Ok(AppJson(figures(&state, &campaign).await?))
}

#[derive(Debug, Deserialize)]
/// A page number: the audit trail's and the callbacks' only parameter.
pub(super) struct PageQuery {
    page: Option<String>,
}

/// Who did what when, newest first, 50 a page.
#[utoipa::path(get, path = "/api/campaigns/{id}/audit", operation_id = "campaign_audit", tag = "campaigns",
    params(
        ("id" = i64, Path, description = "The campaign's id"),
        ("page" = Option<u32>, Query, minimum = 1, description = "From 1; 50 entries a page"),
    ),
    responses(
        (status = 200, body = Page<AuditEntry>),
    ))]
async fn audit(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    params: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<AppJson<Page<AuditEntry>>, AppError> {
    let params = query(params)?;
    load(&state, id).await?;
    let (page, limit, offset) = page(params.page.as_deref())?;
    let (items, total) = store::campaign_stats::audit(&state.db, id, limit, offset).await?;
    Ok(AppJson(Page {
        items,
        page,
        page_size: PAGE_SIZE,
        total,
    }))
}

/// The callbacks the dialler will make, soonest first, 50 a page: who,
/// when, and the call in which they asked for it.
#[utoipa::path(get, path = "/api/campaigns/{id}/callbacks", operation_id = "campaign_callbacks", tag = "campaigns",
    params(
        ("id" = i64, Path, description = "The campaign's id"),
        ("page" = Option<u32>, Query, minimum = 1, description = "From 1; 50 callbacks a page"),
    ),
    responses(
        (status = 200, body = Page<ScheduledCallback>),
    ))]
async fn callbacks(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    params: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<AppJson<Page<ScheduledCallback>>, AppError> {
    let params = query(params)?;
    load(&state, id).await?;
    let (page, limit, offset) = page(params.page.as_deref())?;
    let (items, total) = store::callbacks::scheduled(&state.db, id, limit, offset).await?;
    Ok(AppJson(Page {
        items,
        page,
        page_size: PAGE_SIZE,
        total,
    }))
}

pub(super) fn sse_event(name: &str, data: &impl serde::Serialize) -> Event {
    Event::default()
        .event(name)
        .data(serde_json::to_string(data).unwrap_or_else(|_| "null".into()))
}

/// A live stream: `status`, `counts`, `edited` and `deleted` events as they
/// happen, and a `stats` event (the body of `/stats`) at once and every
/// two seconds; keep-alive comments in between.
#[utoipa::path(get, path = "/api/campaigns/{id}/events", operation_id = "campaign_events", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 200, description = "Server-Sent Events", content_type = "text/event-stream", body = String),
    ))]
async fn events(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    load(&state, id).await?;
    let (receiver, closed) = state.events.subscribe();
    let mut ticker = tokio::time::interval(SNAPSHOT_EVERY);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let start = (state, receiver, closed, ticker, false);
    let stream = stream::unfold(
        start,
        move |(state, mut receiver, mut closed, mut ticker, done)| async move {
            if done || *closed.borrow() {
                return None;
            }
            loop {
                tokio::select! {
                    _ = closed.changed() => return None,
                    received = receiver.recv() => match received {
                        Ok(event) if event.campaign_id() == id => {
                            let ended = matches!(event, CampaignEvent::Deleted { .. });
                            let sse = sse_event(event.name(), &event);
                            return Some((Ok(sse), (state, receiver, closed, ticker, ended)));
                        }
                        Ok(_) | Err(RecvError::Lagged(_)) => continue,
                        Err(RecvError::Closed) => return None,
                    },
                    _ = ticker.tick() => {
                        let snapshot = match store::campaigns::get(&state.db, id).await {
                            Ok(Some(campaign)) => figures(&state, &campaign).await.ok(),
                            Ok(None) => return None,
                            Err(_) => None,
                        };
                        if let Some(snapshot) = snapshot {
                            let sse = sse_event(CampaignEventName::Stats.as_str(), &snapshot);
                            return Some((Ok(sse), (state, receiver, closed, ticker, false)));
                        }
                    }
                }
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
