//! Campaigns: `GET|POST /api/campaigns`, `GET|PATCH|DELETE /api/campaigns/{id}`.
//!
//! The body is the contract's configuration JSON, read leniently by the
//! shared [`CampaignInput`] (blank or below-1 numbers take the spec's
//! defaults) and stored as the strict [`CampaignConfig`]. A PATCH merges the
//! fields it carries onto the saved configuration, so it may send one field
//! or the whole form. Editing follows the shared [`check_edit`]: only draft
//! and paused campaigns, and never name or bot once the campaign has run.
//! The lifecycle actions live in `campaign_actions`.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use outdial_shared::api::{Campaign, ErrorBody, Page, PAGE_SIZE};
use outdial_shared::config::{CampaignConfig, CampaignInput, ConfigErrors};
use outdial_shared::contacts::DefaultRegion;
use outdial_shared::lifecycle::{check_edit, EditError, Status, IDENTITY_LOCKED_NOTICE};
use serde::Deserialize;
use serde_json::{json, Value};

use super::events::CampaignEvent;
use super::extract::{AppJson, AppPath};
use super::AppState;
use crate::auth::Actor;
use crate::error::AppError;
use crate::store::campaigns::{Deletion, ListFilter, StoredCampaign};
use crate::store::{self, Timestamp};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns", get(list).post(create))
        .route("/campaigns/{id}", get(read).patch(update).delete(remove))
}

pub(super) fn not_found() -> AppError {
    AppError::NotFound("There is no campaign with this id.".into())
}

/// The campaign, or a 404.
pub(super) async fn load(state: &AppState, id: i64) -> Result<StoredCampaign, AppError> {
    store::campaigns::get(&state.db, id)
        .await?
        .ok_or_else(not_found)
}

/// The campaign as the API returns it, with its counts.
pub(super) async fn respond(
    state: &AppState,
    campaign: StoredCampaign,
) -> Result<Campaign, AppError> {
    let counts = store::campaigns::counts(&state.db, &[campaign.id])
        .await?
        .remove(&campaign.id)
        .unwrap_or_default();
    Ok(campaign.with_counts(counts, Timestamp::now().as_datetime()))
}

/// Reads query parameters, answering a malformed query in our error shape.
pub(super) fn query<T>(
    query: Result<Query<T>, axum::extract::rejection::QueryRejection>,
) -> Result<T, AppError> {
    query
        .map(|Query(value)| value)
        .map_err(|_| AppError::BadRequest("The query string is not valid.".into()))
}

/// A 1-based `page` parameter: `(limit, offset)` for the store.
pub(super) fn page(raw: Option<&str>) -> Result<(u32, i64, i64), AppError> {
    // Exactly a whole number when present, as the document's integer says
    // (`page=` is refused, not read as page 1: leave it out for that).
    let page = match raw {
        None => 1,
        Some(text) => text
            .parse::<u32>()
            .ok()
            // The document's `page` is an int32 (utoipa's u32): up to i32::MAX.
            .filter(|p| (1..=i32::MAX as u32).contains(p))
            .ok_or_else(|| {
                AppError::invalid_field(
                    "page",
                    format!("page must be a whole number from 1 to {}.", i32::MAX),
                )
            })?,
    };
    let limit = i64::from(PAGE_SIZE);
    Ok((page, limit, (i64::from(page) - 1) * limit))
}

/// The 422 for configuration errors.
pub(super) fn config_error(errors: &ConfigErrors) -> AppError {
    let fields = errors.to_fields();
    message_with_fields(fields)
}

fn message_with_fields(fields: BTreeMap<String, String>) -> AppError {
    let message = match fields.len() {
        1 => fields.values().next().cloned().unwrap_or_default(),
        _ => "Some fields are not valid.".to_string(),
    };
    AppError::Validation { message, fields }
}

/// The refusal of an edit: 409 when the status forbids editing, 422 naming
/// the locked fields with the spec's notice otherwise.
pub(super) fn edit_refused(error: EditError) -> AppError {
    match &error {
        EditError::NotEditable { .. } => AppError::Conflict(error.to_string()),
        EditError::Locked { .. } => {
            let fields: BTreeMap<String, String> = error
                .field_messages()
                .into_iter()
                .map(|(field, notice)| (field.json_name().to_owned(), notice.to_owned()))
                .collect();
            let notices: Vec<&str> = fields.values().map(String::as_str).collect();
            let notice = if notices.iter().all(|n| *n == IDENTITY_LOCKED_NOTICE) {
                IDENTITY_LOCKED_NOTICE.to_owned()
            } else {
                notices.first().map(|n| n.to_string()).unwrap_or_default()
            };
            AppError::Validation {
                message: format!("{error} {notice}"),
                fields,
            }
        }
    }
}

/// Checks the bot and numbers a configuration names against the store;
/// returns the region of the first number (the campaign's default region
/// for contact numbers without a country code).
pub(super) async fn check_references(
    state: &AppState,
    config: &CampaignConfig,
) -> Result<Option<String>, AppError> {
    let mut fields = BTreeMap::new();
    if store::bots::get(&state.db, config.bot_id().get())
        .await?
        .is_none()
    {
        fields.insert(
            "bot_id".to_owned(),
            "There is no bot with this id.".to_owned(),
        );
    }
    let mut problems = Vec::new();
    let mut region = None;
    for (index, id) in config.number_ids().ids().iter().enumerate() {
        match store::numbers::get(&state.db, id.get()).await? {
            None => problems.push(format!("There is no outbound number with id {}.", id.get())),
            Some(number) if number.inbound_only => problems.push(format!(
                "{} is inbound-only; campaigns dial out only from outbound numbers.",
                number.number
            )),
            Some(number) if index == 0 => {
                region = DefaultRegion::of_number(&number.number).map(|r| r.code());
            }
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        fields.insert("number_ids".to_owned(), problems.join(" "));
    }
    if fields.is_empty() {
        Ok(region)
    } else {
        Err(message_with_fields(fields))
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct ListQuery {
    status: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

/// Campaigns, newest first, [`PAGE_SIZE`] a page, each with its counts.
#[utoipa::path(get, path = "/api/campaigns", operation_id = "list_campaigns", tag = "campaigns",
    params(
        ("status" = Option<Status>, Query, description = "Only campaigns in this status"),
        ("q" = Option<String>, Query, description = "Part of the name, ignoring case"),
        ("page" = Option<u32>, Query, minimum = 1, description = "From 1; 50 campaigns a page"),
    ),
    responses(
        (status = 200, body = Page<Campaign>),
    ))]
async fn list(
    State(state): State<AppState>,
    params: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<AppJson<Page<Campaign>>, AppError> {
    let params = query(params)?;
    // Exactly a status name, as the document's enum says (an empty or padded
    // value is refused, not read as "any": leave the parameter out for that).
    let status = match params.status.as_deref() {
        None => None,
        Some(name) => Some(store::campaigns::parse_status(name).map_err(|_| {
            AppError::invalid_field(
                "status",
                format!("{name:?} is not a status; use draft, running, paused or completed."),
            )
        })?),
    };
    let (page, limit, offset) = page(params.page.as_deref())?;
    let filter = ListFilter {
        status,
        name_contains: params
            .q
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
        limit,
        offset,
    };
    let (campaigns, total) = store::campaigns::list(&state.db, &filter).await?;
    let ids: Vec<i64> = campaigns.iter().map(|c| c.id).collect();
    let mut counts = store::campaigns::counts(&state.db, &ids).await?;
    let now = Timestamp::now().as_datetime();
    let items = campaigns
        .into_iter()
        .map(|c| {
            let counts = counts.remove(&c.id).unwrap_or_default();
            c.with_counts(counts, now)
        })
        .collect();
    Ok(AppJson(Page {
        items,
        page,
        page_size: PAGE_SIZE,
        total,
    }))
}

/// Creates a draft campaign.
#[utoipa::path(post, path = "/api/campaigns", operation_id = "create_campaign", tag = "campaigns",
    request_body = CampaignInput,
    responses(
        (status = 201, body = Campaign),
        (status = 422, description = "A field is not valid, the bot or a number does not exist, or a number is inbound-only", body = ErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    AppJson(input): AppJson<CampaignInput>,
) -> Result<impl IntoResponse, AppError> {
    let config = input.parse().map_err(|e| config_error(&e))?;
    let region = check_references(&state, &config).await?;
    let now = Timestamp::now();
    let campaign = store::campaigns::insert(&state.db, &config, region.as_deref(), now).await?;
    let details = json!({ "name": config.name().as_str() });
    store::audit::record(
        &state.db,
        Some(campaign.id),
        &actor.audit_name(),
        "campaign_created",
        &details,
        now,
    )
    .await?;
    state.events.publish(CampaignEvent::Created {
        campaign_id: campaign.id,
    });
    Ok((
        StatusCode::CREATED,
        AppJson(respond(&state, campaign).await?),
    ))
}

/// One campaign.
#[utoipa::path(get, path = "/api/campaigns/{id}", operation_id = "read_campaign", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 200, body = Campaign),
    ))]
async fn read(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> Result<AppJson<Campaign>, AppError> {
    let campaign = load(&state, id).await?;
    Ok(AppJson(respond(&state, campaign).await?))
}

/// Lays `patch`'s fields over `saved` (objects such as `window` field by field).
fn merge(saved: &mut Value, patch: Value) {
    let (Value::Object(saved), Value::Object(patch)) = (saved, patch) else {
        return;
    };
    for (key, value) in patch {
        match (saved.get_mut(&key), value) {
            (Some(Value::Object(inner)), Value::Object(fields)) => {
                inner.extend(fields);
            }
            (_, value) => {
                saved.insert(key, value);
            }
        }
    }
}

/// Changes the configuration fields present in the body (draft or paused
/// only; name and bot are locked once the campaign has run).
#[utoipa::path(patch, path = "/api/campaigns/{id}", operation_id = "update_campaign", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    request_body = CampaignInput,
    responses(
        (status = 200, body = Campaign),
        (status = 409, description = "Only draft and paused campaigns can be edited. Current status: …", body = ErrorBody),
        (status = 422, description = "A field is not valid, or name or bot is locked after the first run", body = ErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
    AppJson(patch): AppJson<Value>,
) -> Result<AppJson<Campaign>, AppError> {
    if !patch.is_object() {
        return Err(AppError::Validation {
            message: "Send the fields to change as a JSON object.".into(),
            fields: Default::default(),
        });
    }
    let current = load(&state, id).await?;
    check_edit(current.status, current.has_run, &[]).map_err(edit_refused)?;
    let mut merged =
        serde_json::to_value(&current.config).map_err(|e| AppError::Internal(e.into()))?;
    merge(&mut merged, patch);
    let input: CampaignInput =
        serde_json::from_value(merged).map_err(|e| AppError::Validation {
            message: format!("The JSON does not have the expected shape: {e}"),
            fields: Default::default(),
        })?;
    let config = input
        .with_display_timezone(current.config.window().timezone())
        .parse()
        .map_err(|e| config_error(&e))?;
    let changed = current.config.changed_fields(&config);
    check_edit(current.status, current.has_run, &changed).map_err(edit_refused)?;
    let region = check_references(&state, &config).await?;
    let now = Timestamp::now();
    let saved = store::campaigns::update_config(
        &state.db,
        id,
        current.status,
        &config,
        region.as_deref(),
        now,
    )
    .await?;
    let Some(saved) = saved else {
        // The status changed under us (a start, say): answer for the new one.
        let latest = load(&state, id).await?;
        return Err(edit_refused(EditError::NotEditable {
            status: latest.status,
        }));
    };
    let diff = current.config.diff(&config);
    if !diff.is_empty() {
        store::audit::record(
            &state.db,
            Some(id),
            &actor.audit_name(),
            "campaign_edited",
            &json!({ "changed": diff }),
            now,
        )
        .await?;
        state.events.publish(CampaignEvent::Edited {
            campaign_id: id,
            changed: diff.iter().map(|f| f.to_string()).collect(),
        });
    }
    Ok(AppJson(respond(&state, saved).await?))
}

/// Deletes a draft with its contacts.
#[utoipa::path(delete, path = "/api/campaigns/{id}", operation_id = "delete_campaign", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "Only draft campaigns can be deleted, and not while an upload to it is being saved", body = ErrorBody),
    ))]
async fn remove(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
) -> Result<StatusCode, AppError> {
    let campaign = load(&state, id).await?;
    let refused = |status: Status| {
        AppError::Conflict(format!(
            "Only draft campaigns can be deleted. Current status: {status}. Stop it instead, or keep it for its history."
        ))
    };
    if campaign.status != Status::Draft {
        return Err(refused(campaign.status));
    }
    match store::campaigns::delete_draft(&state.db, id).await? {
        Deletion::Deleted => {}
        Deletion::NotDraft => {
            let latest = load(&state, id).await?;
            return Err(refused(latest.status));
        }
        Deletion::Uploading => {
            return Err(AppError::Conflict(
                "An upload to this campaign is still being saved. Delete it when the upload has finished."
                    .into(),
            ))
        }
    }
    let details = json!({ "campaign_id": id, "name": campaign.config.name().as_str() });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "campaign_deleted",
        &details,
        Timestamp::now(),
    )
    .await?;
    state
        .events
        .publish(CampaignEvent::Deleted { campaign_id: id });
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::merge;
    use serde_json::json;

    #[test]
    fn a_patch_overlays_saved_fields_and_nested_objects_field_by_field() {
        let mut saved = json!({"name": "A", "window": {"start": "09:00", "end": "18:00"}});
        merge(
            &mut saved,
            json!({"window": {"start": "08:00"}, "max_attempts": 5}),
        );
        assert_eq!(
            saved,
            json!({"name": "A", "window": {"start": "08:00", "end": "18:00"}, "max_attempts": 5})
        );
    }
}
