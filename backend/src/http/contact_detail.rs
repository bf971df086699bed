//! `GET /api/campaigns/{id}/contacts/{contact_id}`: one contact with its
//! attempt history and why it is or is not due to be dialled, in the shared
//! rules' own words (`outdial_shared::why`).

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use outdial_shared::api::{ContactAttempt, ContactDetail};
use outdial_shared::retry::{AttemptOutcome, CallStatus};
use outdial_shared::why::{why, CampaignFacts, ContactRecord, EndedAttempt};

use super::campaigns::load;
use super::extract::{AppJson, AppPath};
use super::AppState;
use crate::error::AppError;
use crate::store::{self, Timestamp};

pub fn router() -> Router<AppState> {
    Router::new().route("/campaigns/{id}/contacts/{contact_id}", get(detail))
}

/// The call's outcome as the dialler recorded it, for the retry policy.
fn outcome(attempt: &ContactAttempt) -> Option<EndedAttempt> {
    let ended_at = attempt.ended_at?;
    let status: CallStatus =
        serde_json::from_value(serde_json::Value::String(attempt.disposition.clone()?)).ok()?;
    Some(EndedAttempt {
        outcome: AttemptOutcome {
            status,
            duration_seconds: attempt
                .duration_seconds
                .unwrap_or(0)
                .clamp(0, i64::from(u32::MAX)) as u32,
            answered_by_machine: attempt.machine.unwrap_or(false),
            disposition: attempt.business_disposition.clone(),
            callback_at: attempt.callback_at,
        },
        ended_at,
    })
}

/// The contact, its attempts of every run (newest first) and why it is or
/// is not due now.
#[utoipa::path(get, path = "/api/campaigns/{id}/contacts/{contact_id}", operation_id = "contact_detail", tag = "contacts",
    params(
        ("id" = i64, Path, description = "The campaign's id"),
        ("contact_id" = i64, Path, description = "The contact's id"),
    ),
    responses(
        (status = 200, body = ContactDetail),
        (status = 404, description = "No such campaign, or no such contact in its current list", body = outdial_shared::api::ErrorBody),
    ))]
async fn detail(
    State(state): State<AppState>,
    AppPath((id, contact_id)): AppPath<(i64, i64)>,
) -> Result<AppJson<ContactDetail>, AppError> {
    let campaign = load(&state, id).await?;
    let (contact, variable_order) = store::contacts::get(&state.db, id, contact_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Campaign {id} has no contact {contact_id}.")))?;
    let attempts = store::attempts::of_contact(&state.db, id, contact_id).await?;
    let bot_callbacks = store::bots::get(&state.db, campaign.config.bot_id().get())
        .await?
        .is_some_and(|bot| bot.callback_enabled);
    // The last ended attempt of the current run: the one the dialler's
    // decision followed.
    let last = attempts
        .iter()
        .filter(|a| a.run_no == campaign.run_no)
        .find_map(outcome);
    let record = ContactRecord {
        state: contact.state,
        attempts: contact.attempts.clamp(0, i64::from(u32::MAX)) as u32,
        next_eligible_at: contact.next_eligible_at,
        done_reason: contact.done_reason.clone(),
    };
    let facts = CampaignFacts {
        config: &campaign.config,
        status: campaign.status,
        bot_callbacks,
    };
    let why = why(
        facts,
        &record,
        last.as_ref(),
        Timestamp::now().as_datetime(),
    );
    Ok(AppJson(ContactDetail {
        contact,
        variable_order,
        attempts,
        why,
    }))
}
