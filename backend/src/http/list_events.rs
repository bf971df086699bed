//! `GET /api/events`: every campaign's changes on one Server-Sent Events
//! stream, so the campaign list follows all its rows with one connection
//! instead of one per row. Each event is named as on a campaign's own
//! stream (`status`, `counts`, `edited`, `deleted`) plus `created`; its
//! data is the change's JSON with its `campaign_id`. A listener that falls
//! behind the broadcast gets one `lagged` event (with how many it missed)
//! and should read the list again.

use std::convert::Infallible;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use outdial_shared::api::CampaignEventName;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::campaign_detail::sse_event;
use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

/// Every campaign's `status`, `counts`, `edited`, `deleted` and `created`
/// events as they happen; `lagged` when some were missed.
#[utoipa::path(get, path = "/api/events", operation_id = "campaign_list_events", tag = "campaigns",
    responses(
        (status = 200, description = "Server-Sent Events", content_type = "text/event-stream", body = String),
    ))]
async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (receiver, closed) = state.events.subscribe();
    let stream = stream::unfold(
        (receiver, closed),
        |(mut receiver, mut closed)| async move {
            if *closed.borrow() {
                return None;
            }
            let event = tokio::select! {
                _ = closed.changed() => return None,
                received = receiver.recv() => match received {
                    Ok(event) => sse_event(event.name(), &event),
                    Err(RecvError::Lagged(missed)) => {
                        sse_event(CampaignEventName::Lagged.as_str(), &json!({ "missed": missed }))
                    }
                    Err(RecvError::Closed) => return None,
                },
            };
            Some((Ok(event), (receiver, closed)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}
