//! The lifecycle actions: `POST /api/campaigns/{id}/start|pause|resume|stop|restart|clone`.
//!
//! Each follows the shared [`Status::apply`]; a refused action is a 409
//! that names the current status. The status moves with a conditional
//! update (`where status = <expected>`), so two operators pressing buttons
//! at once cannot both win. Start and restart begin a new run (`run_no`),
//! set `has_run`, and need a dialable number; start also needs a contact
//! unless the campaign is always-on. Restart makes every contact that was
//! not reached nor excluded eligible again with a fresh Max Attempts budget
//! (docs/api.md). Clone makes a new draft "<name> (copy)" with the same
//! configuration, numbers, contacts and exclusions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use outdial_shared::api::{Campaign, ErrorBody};
use outdial_shared::config::{CampaignInput, MAX_NAME_CHARS};
use outdial_shared::lifecycle::{Action, Status};
use serde_json::json;

use super::campaigns::{check_references, config_error, load, respond};
use super::events::CampaignEvent;
use super::extract::{AppJson, AppPath};
use super::AppState;
use crate::auth::Actor;
use crate::error::AppError;
use crate::store::campaigns::RunChange;
use crate::store::{self, Timestamp};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}/start", post(start))
        .route("/campaigns/{id}/pause", post(pause))
        .route("/campaigns/{id}/resume", post(resume))
        .route("/campaigns/{id}/stop", post(stop))
        .route("/campaigns/{id}/restart", post(restart))
        .route("/campaigns/{id}/clone", post(clone))
}

fn refused(status: Status, action: Action) -> AppError {
    match status.apply(action) {
        Err(error) => AppError::Conflict(error.to_string()),
        Ok(_) => AppError::Conflict(format!(
            "The campaign changed while it was being {}; it is now {status}.",
            action.past_tense()
        )),
    }
}

/// Applies `action` to campaign `id` and records it.
async fn act(
    state: &AppState,
    actor: &Actor,
    id: i64,
    action: Action,
) -> Result<Campaign, AppError> {
    let campaign = load(state, id).await?;
    let next = campaign
        .status
        .apply(action)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    if action.begins_a_run() {
        if store::campaigns::outbound_numbers(&state.db, id).await? == 0 {
            return Err(AppError::Conflict(format!(
                "Cannot {} the campaign: its number pool has no outbound number. Add one first.",
                action.verb()
            )));
        }
        if action == Action::Start
            && !campaign.config.always_on()
            && store::campaigns::dialable_contacts(&state.db, id).await? == 0
        {
            return Err(AppError::Conflict(
                "Cannot start the campaign: it has no contacts to call. Upload a CSV first \
                 (only always-on campaigns may start empty)."
                    .into(),
            ));
        }
    }
    let change = match action {
        Action::Start | Action::Restart => RunChange::NewRun,
        Action::Stop => RunChange::Complete,
        _ => RunChange::None,
    };
    let now = Timestamp::now();
    let Some(updated) =
        store::campaigns::transition(&state.db, id, campaign.status, next, change, now).await?
    else {
        let latest = load(state, id).await?;
        return Err(refused(latest.status, action));
    };
    let details = match action {
        Action::Start | Action::Restart => json!({ "run_no": updated.run_no }),
        _ => json!({}),
    };
    store::audit::record(
        &state.db,
        Some(id),
        &actor.audit_name(),
        &action.audit_action(),
        &details,
        now,
    )
    .await?;
    if matches!(action, Action::Start | Action::Resume | Action::Restart) {
        state.dialler_wake.notify_one();
    }
    state.events.publish(CampaignEvent::Status {
        campaign_id: id,
        status: updated.status,
        run_no: updated.run_no,
    });
    let campaign = respond(state, updated).await?;
    if action == Action::Restart {
        state.events.publish(CampaignEvent::Counts {
            campaign_id: id,
            counts: campaign.counts,
        });
    }
    Ok(campaign)
}

macro_rules! action_route {
    ($name:ident, $action:expr, $path:literal, $summary:literal, $refusal:literal) => {
        #[doc = $summary]
        #[utoipa::path(post, path = $path, operation_id = concat!(stringify!($name), "_campaign"), tag = "campaigns",
                            params(("id" = i64, Path, description = "The campaign's id")),
                            responses(
                                (status = 200, body = Campaign),
                                (status = 409, description = $refusal, body = ErrorBody),
                            ))]
        async fn $name(
            State(state): State<AppState>,
            actor: Actor,
            AppPath(id): AppPath<i64>,
        ) -> Result<AppJson<Campaign>, AppError> {
            Ok(AppJson(act(&state, &actor, id, $action).await?))
        }
    };
}

action_route!(start, Action::Start, "/api/campaigns/{id}/start",
    "Starts a draft: the first run begins and name, bot and contacts lock.",
    "Not a draft (the message names the status), or no contacts (unless always-on), or no outbound number");
action_route!(
    pause,
    Action::Pause,
    "/api/campaigns/{id}/pause",
    "Pauses a running campaign: no new calls; live calls finish.",
    "Not running (the message names the status)"
);
action_route!(
    resume,
    Action::Resume,
    "/api/campaigns/{id}/resume",
    "Resumes a paused campaign.",
    "Not paused (the message names the status)"
);
action_route!(
    stop,
    Action::Stop,
    "/api/campaigns/{id}/stop",
    "Completes a running or paused campaign.",
    "Not running or paused (the message names the status)"
);
action_route!(restart, Action::Restart, "/api/campaigns/{id}/restart",
    "Runs a completed campaign again as a new run; contacts not reached nor excluded are eligible again with a fresh attempt budget.",
    "Not completed (the message names the status), or no outbound number");

/// "<name> (copy)", shortened to fit the name limit.
fn copy_name(name: &str) -> String {
    const SUFFIX: &str = " (copy)";
    let room = MAX_NAME_CHARS - SUFFIX.chars().count();
    let base: String = name.chars().take(room).collect();
    format!("{}{SUFFIX}", base.trim_end())
}

/// Copies any campaign into a new draft "<name> (copy)" with the same
/// configuration, numbers, contacts (fresh, for a first run) and exclusions.
#[utoipa::path(post, path = "/api/campaigns/{id}/clone", operation_id = "clone_campaign", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign to copy")),
    responses(
        (status = 201, description = "The new draft", body = Campaign),
        (status = 422, description = "The copied bot or a number is no longer usable", body = ErrorBody),
    ))]
async fn clone(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
) -> Result<impl IntoResponse, AppError> {
    let source = load(&state, id).await?;
    let mut input = CampaignInput::from(&source.config);
    input.name = Some(copy_name(source.config.name().as_str()));
    let config = input.parse().map_err(|e| config_error(&e))?;
    let region = check_references(&state, &config).await?;
    let now = Timestamp::now();
    let copy = store::campaigns::clone(&state.db, id, &config, region.as_deref(), now).await?;
    let actor_name = actor.audit_name();
    store::audit::record(
        &state.db,
        Some(id),
        &actor_name,
        "campaign_cloned",
        &json!({ "clone_id": copy.id }),
        now,
    )
    .await?;
    store::audit::record(
        &state.db,
        Some(copy.id),
        &actor_name,
        "campaign_created",
        &json!({ "name": config.name().as_str(), "cloned_from": id }),
        now,
    )
    .await?;
    state.events.publish(CampaignEvent::Created {
        campaign_id: copy.id,
    });
    Ok((StatusCode::CREATED, AppJson(respond(&state, copy).await?)))
}

#[cfg(test)]
mod tests {
    use super::copy_name;

    #[test]
    fn a_copy_is_named_after_its_original_within_the_name_limit() {
        assert_eq!(copy_name("Q2 Renewal Drive"), "Q2 Renewal Drive (copy)");
        let long = "x".repeat(120);
        let copied = copy_name(&long);
        assert_eq!(copied.chars().count(), 120);
        assert!(copied.ends_with(" (copy)"));
    }
}
