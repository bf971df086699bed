//! Bot test calls: `POST /api/bots/{id}/test-calls` places one call to the
//! operator's own phone through this instance's telephony (the simulated
//! carrier or the HTTP gateway), outside any campaign, with the same signed
//! dial request and call events as campaign calls; `GET` lists a bot's
//! test calls, newest first (docs/api.md, "Bot test calls").

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use outdial_shared::api::{ErrorBody, NewTestCall, TestCall};
use serde_json::json;

use super::extract::{AppJson, AppPath};
use super::AppState;
use crate::auth::Actor;
use crate::dialler::telephony::{DialError, DialRequest};
use crate::domain::{E164Number, Region};
use crate::error::AppError;
use crate::store;
use crate::store::test_calls::{attempt_id_of, Placed};

/// Test calls one operator may place in [`RATE_WINDOW`].
pub const RATE_LIMIT: i64 = 5;
/// The window of the rate limit.
pub const RATE_WINDOW: Duration = Duration::minutes(10);
/// Test calls a bot's list shows.
const LISTED: i64 = 20;

pub fn router() -> Router<AppState> {
    Router::new().route("/bots/{id}/test-calls", get(list).post(place))
}

fn no_bot() -> AppError {
    AppError::NotFound("There is no bot with this id.".into())
}

/// Places a test call from one of the outbound numbers to `to` and answers
/// with it as it stands (usually `dialling`); its ringing, answer and end
/// arrive as call events. A dial request the telephony refuses ends the
/// call at once with the reason in `error`.
#[utoipa::path(post, path = "/api/bots/{id}/test-calls", operation_id = "place_test_call", tag = "bots",
    params(("id" = i64, Path, description = "The bot's id")),
    request_body = NewTestCall,
    responses(
        (status = 201, body = TestCall),
        (status = 429, description = "This operator placed 5 test calls in the last 10 minutes, or the number's carrier is at its calls per second; `Retry-After` says when to try again", body = ErrorBody),
        (status = 503, description = "This server places no calls (started with --no-dialler)", body = ErrorBody),
    ))]
async fn place(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(bot_id): AppPath<i64>,
    AppJson(input): AppJson<NewTestCall>,
) -> Result<(StatusCode, AppJson<TestCall>), AppError> {
    store::bots::get(&state.db, bot_id)
        .await?
        .ok_or_else(no_bot)?;
    let Some(telephony) = state.telephony.clone() else {
        return Err(AppError::Unavailable(
            "This server places no calls: it was started with --no-dialler. Place the test \
             call on an instance that dials."
                .into(),
        ));
    };
    let number = store::numbers::get(&state.db, input.from_number_id)
        .await?
        .ok_or_else(|| {
            AppError::invalid_field(
                "from_number_id",
                "There is no outbound number with this id.",
            )
        })?;
    if number.inbound_only {
        return Err(AppError::invalid_field(
            "from_number_id",
            format!(
                "{} is inbound-only: it cannot place outbound calls.",
                number.number
            ),
        ));
    }
    // A number without a country code is read in the calling number's country.
    let to = E164Number::parse(&input.to, Region::of_number(&number.number))
        .map_err(|message| AppError::invalid_field("to", message))?
        .into_inner();
    let now = Utc::now();
    let operator = actor.username.clone();
    let (placed, oldest) =
        store::test_calls::placed_since(&state.db, &operator, now - RATE_WINDOW).await?;
    if placed >= RATE_LIMIT {
        return Err(rate_limited(oldest.unwrap_or(now), now));
    }
    let carrier = store::carriers::get(&state.db, number.carrier_id)
        .await?
        .ok_or_else(|| {
            AppError::invalid_field("from_number_id", "The number's carrier is gone.")
        })?;
    let call = store::test_calls::NewTestCall {
        bot_id,
        placed_by: &operator,
        from_number: &number.number,
        to_number: &to,
        carrier_id: carrier.id,
        carrier_cps: u32::try_from(carrier.cps_limit).unwrap_or(0),
    };
    let id = match store::test_calls::place(&state.db, &call, now).await? {
        Placed::Recorded(id) => id,
        Placed::CarrierBusy => {
            return Err(AppError::TooManyRequests {
                message: format!(
                    "{} is at its {} calls per second with campaign calls; try again in a second.",
                    carrier.name, carrier.cps_limit
                ),
                retry_after_secs: 1,
            })
        }
    };
    let request = DialRequest {
        attempt_id: attempt_id_of(id),
        campaign_id: 0,
        contact_id: 0,
        attempt_no: 1,
        from: number.number.clone(),
        to,
        bot_id,
        variables: json!({ "test_call": true }),
    };
    match telephony.telephony.dial(request).await {
        Ok(()) => {}
        Err(DialError::Backpressure { .. }) => {
            store::test_calls::fail(
                &state.db,
                id,
                "The gateway is busy or unreachable: the call was not placed.",
                Utc::now(),
            )
            .await?;
        }
        Err(DialError::Failed(reason)) => {
            store::test_calls::fail(
                &state.db,
                id,
                &format!("The gateway refused the call: {reason}"),
                Utc::now(),
            )
            .await?;
        }
    }
    state.dialler_wake.notify_one();
    let call = store::test_calls::get(&state.db, id)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("test call {id} vanished")))?;
    tracing::info!(bot_id, test_call = id, operator = %actor.audit_name(), "bot test call placed");
    Ok((StatusCode::CREATED, AppJson(call)))
}

fn rate_limited(oldest: DateTime<Utc>, now: DateTime<Utc>) -> AppError {
    let free_at = oldest + RATE_WINDOW;
    let seconds = (free_at - now).num_seconds().max(1) as u64;
    AppError::TooManyRequests {
        message: format!(
            "You placed {RATE_LIMIT} test calls in the last {} minutes; the next can be placed \
             in {} (at {} UTC).",
            RATE_WINDOW.num_minutes(),
            in_words(seconds),
            free_at.format("%H:%M:%S")
        ),
        retry_after_secs: seconds,
    }
}

fn in_words(seconds: u64) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{} min {} s", seconds / 60, seconds % 60)
    }
}

/// A bot's test calls, newest first (the last 20), each as it stands.
#[utoipa::path(get, path = "/api/bots/{id}/test-calls", operation_id = "list_test_calls", tag = "bots",
    params(("id" = i64, Path, description = "The bot's id")),
    responses((status = 200, body = [TestCall])))]
async fn list(
    State(state): State<AppState>,
    AppPath(bot_id): AppPath<i64>,
) -> Result<AppJson<Vec<TestCall>>, AppError> {
    store::bots::get(&state.db, bot_id)
        .await?
        .ok_or_else(no_bot)?;
    Ok(AppJson(
        store::test_calls::list(&state.db, bot_id, LISTED, Utc::now()).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_limit_says_when_the_next_call_can_go() {
        let now = DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let error = rate_limited(now - Duration::minutes(7), now);
        let AppError::TooManyRequests {
            message,
            retry_after_secs,
        } = error
        else {
            panic!("not a 429");
        };
        assert_eq!(retry_after_secs, 180);
        assert_eq!(
            message,
            "You placed 5 test calls in the last 10 minutes; the next can be placed in 3 min 0 s \
             (at 10:03:00 UTC)."
        );
    }
}
