//! `POST /api/telephony/events`: call events from the HTTP gateway (see
//! `crate::dialler::telephony::gateway` for the contract). Authenticated by
//! the HMAC signature, not a session: the gateway is a machine. Any
//! instance may receive the events of any call: they are applied to the
//! database, where the attempt lives.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, Utc};
use outdial_shared::api::ErrorBody;
use outdial_shared::retry::{AttemptOutcome, CallStatus};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::AppJson;
use super::AppState;
use crate::dialler::sql_store::SqlStore;
use crate::dialler::store::DiallerStore;
use crate::dialler::telephony::gateway::{verify, SIGNATURE_TOLERANCE_SECONDS};
use crate::dialler::telephony::{CallEvent, CallEventKind};
use crate::error::AppError;

pub fn router() -> axum::Router<AppState> {
    Router::new().route("/telephony/events", post(receive))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Ringing,
    Answered,
    Ended,
}

#[derive(Debug, Deserialize)]
struct WireEvent {
    attempt_id: i64,
    event: Kind,
    #[serde(default)]
    at: Option<DateTime<Utc>>,
    #[serde(default)]
    machine: bool,
    #[serde(default)]
    disposition: Option<CallStatus>,
    #[serde(default)]
    duration_s: u32,
    #[serde(default)]
    business_disposition: Option<String>,
    #[serde(default)]
    callback_at: Option<DateTime<Utc>>,
}

impl WireEvent {
    fn into_event(self, now: DateTime<Utc>, index: usize) -> Result<CallEvent, AppError> {
        let kind = match self.event {
            Kind::Ringing => CallEventKind::Ringing,
            Kind::Answered => CallEventKind::Answered {
                machine: self.machine,
            },
            Kind::Ended => CallEventKind::Ended(AttemptOutcome {
                status: self.disposition.ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "Event {index}: an \"ended\" event needs a \"disposition\" \
                         (connected, no_answer, rejected, rnr, error or timeout)."
                    ))
                })?,
                duration_seconds: self.duration_s,
                answered_by_machine: self.machine,
                disposition: self.business_disposition.filter(|d| !d.trim().is_empty()),
                callback_at: self.callback_at,
            }),
        };
        Ok(CallEvent {
            attempt_id: self.attempt_id,
            // The gateway's clock may run a little ahead; an event further
            // in the future than the signature tolerance is taken as now.
            at: self.at.map_or(now, |at| {
                if at > now + chrono::Duration::seconds(SIGNATURE_TOLERANCE_SECONDS) {
                    now
                } else {
                    at
                }
            }),
            kind,
        })
    }
}

/// Applies signed call events; duplicates and events of unknown or
/// already-ended calls are accepted and ignored.
#[utoipa::path(post, path = "/api/telephony/events", operation_id = "receive_call_events", security(("gateway_signature" = [])), tag = "telephony",
    request_body(content = String, content_type = "application/json",
        description = "One event or an array: `{\"attempt_id\",\"event\":\"ringing\"|\"answered\"|\"ended\",\"at\",\"machine\",\"disposition\",\"duration_s\",\"business_disposition\",\"callback_at\"}`. Headers `X-Outdial-Timestamp` (Unix seconds) and `X-Outdial-Signature: sha256=<hex HMAC-SHA256 of \"<timestamp>.<body>\">`."),
    responses(
        (status = 200, description = "`{\"received\":n,\"applied\":m}`: applied excludes duplicates and unknown calls"),
        (status = 400, body = ErrorBody),
        (status = 401, description = "Missing, wrong or stale signature, or no gateway secret set", body = ErrorBody),
    ))]
pub(super) async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<AppJson<Value>, AppError> {
    let Some(secret) = state.webhook_secret.as_ref() else {
        return Err(AppError::Unauthorized(
            "This server takes no telephony events: it is not set up with a gateway secret.".into(),
        ));
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let timestamp: i64 = header("x-outdial-timestamp")
        .and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| AppError::Unauthorized("X-Outdial-Timestamp is missing.".into()))?;
    let signature = header("x-outdial-signature")
        .ok_or_else(|| AppError::Unauthorized("X-Outdial-Signature is missing.".into()))?;
    let now = Utc::now();
    if (now.timestamp() - timestamp).abs() > SIGNATURE_TOLERANCE_SECONDS {
        return Err(AppError::Unauthorized(
            "X-Outdial-Timestamp is more than five minutes from now.".into(),
        ));
    }
    if !verify(secret.as_slice(), timestamp, &body, signature) {
        return Err(AppError::Unauthorized(
            "X-Outdial-Signature does not match the body.".into(),
        ));
    }
    let value: Value = serde_json::from_slice(&body)
        .map_err(|e| AppError::BadRequest(format!("The body is not JSON: {e}")))?;
    let items = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    let mut events = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let wire: WireEvent = serde_json::from_value(item)
            .map_err(|e| AppError::BadRequest(format!("Event {index}: {e}")))?;
        events.push(wire.into_event(now, index)?);
    }
    events.sort_by_key(|e| e.at);
    let received = events.len();
    // A negative attempt_id names a bot test call (store::test_calls).
    let (events, test_calls) = crate::store::test_calls::split(events);
    let applied = SqlStore::new(state.db.clone()).apply(&events, now).await?;
    let tested = crate::store::test_calls::apply(&state.db, &test_calls).await?;
    state.dialler_wake.notify_one();
    Ok(AppJson(
        json!({ "received": received, "applied": applied.len() + tested }),
    ))
}
