//! A campaign's contacts: `PUT /api/campaigns/{id}/contacts` (replace the
//! list with a CSV, draft only), `POST …/contacts` (append a CSV or JSON to
//! a draft, running or paused campaign), `GET …/contacts` (the list) and
//! `GET …/contacts.csv` (the export).
//!
//! Uploads are exempt from the JSON body limit and stream through
//! [`super::contact_upload`]; the answer is the shared reader's report, as
//! `outdial contacts check --json` prints it. A file over 100 MB or 500,000
//! rows is a 413; a file rejected as a whole (no `phone_number` column, not
//! text) a 422; either way nothing changes.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::StreamExt;
use outdial_shared::api::{CampaignContact, ContactState, ErrorBody, NewContact, Page, PAGE_SIZE};
use outdial_shared::config::{CampaignConfig, Field};
use outdial_shared::contacts::{DefaultRegion, ReaderOptions, Report, MAX_FILE_BYTES, MAX_ROWS};
use outdial_shared::lifecycle::{check_edit, Status};
use serde::Deserialize;
use serde_json::json;

use super::campaigns::{edit_refused, load, not_found, page, query};
use super::contact_upload::{is_over_limits, read_json, stream_csv, write_all, Writer};
use super::events::publish_counts;
use super::extract::{AppJson, AppPath};
use super::AppState;
use crate::auth::Actor;
use crate::error::AppError;
use crate::store::contact_lists::{CommitError, Ingest, Reserve, UploadTarget};
use crate::store::contacts::{ContactFilter, ExportItem, ExportRow};
use crate::store::variables;
use crate::store::{self, campaigns::parse_status, Timestamp};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/campaigns/{id}/contacts",
            get(list).put(replace).post(append),
        )
        .route("/campaigns/{id}/contacts.csv", get(export))
        .layer(DefaultBodyLimit::disable())
}

#[derive(Debug, Deserialize)]
pub(super) struct UploadQuery {
    default_region: Option<String>,
}

type QueryResult<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

fn region_override(params: UploadQuery) -> Result<Option<DefaultRegion>, AppError> {
    params
        .default_region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| {
            DefaultRegion::parse(r)
                .map_err(|e| AppError::invalid_field("default_region", e.to_string()))
        })
        .transpose()
}

fn declared_size(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"))
}

/// A rejected file: 413 over the limits, 422 otherwise.
fn rejected(report: &Report, options: &ReaderOptions) -> AppError {
    let reason = report.file_error.clone().unwrap_or_default();
    if is_over_limits(report, options) {
        AppError::PayloadTooLarge(reason)
    } else {
        AppError::invalid_field("contacts", reason)
    }
}

/// Reads a JSON append whole, within the file limits.
async fn json_contacts(body: Body) -> Result<Vec<NewContact>, AppError> {
    let mut bytes = Vec::new();
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            AppError::BadRequest("The upload broke off before the whole body arrived.".into())
        })?;
        if (bytes.len() + chunk.len()) as u64 > MAX_FILE_BYTES {
            return Err(AppError::PayloadTooLarge(format!(
                "The body is over the limit of {} MB.",
                MAX_FILE_BYTES / 1024 / 1024
            )));
        }
        bytes.extend_from_slice(&chunk);
    }
    let contacts: Vec<NewContact> =
        serde_json::from_slice(&bytes).map_err(|e| AppError::Validation {
            message: format!(
                "Send a JSON array of {{\"phone_number\", \"variables\"}} objects: {e}"
            ),
            fields: Default::default(),
        })?;
    if contacts.len() > MAX_ROWS as usize {
        return Err(AppError::PayloadTooLarge(format!(
            "The list has {} contacts; the limit is {MAX_ROWS}.",
            contacts.len()
        )));
    }
    Ok(contacts)
}

/// Checks the campaign and writes the upload's rows (not yet visible).
async fn write_list(
    tx: &mut Ingest,
    campaign: &UploadTarget,
    append: bool,
    region: Option<DefaultRegion>,
    headers: &HeaderMap,
    body: Body,
    now: Timestamp,
) -> Result<(Report, Writer), AppError> {
    upload_allowed(append, &campaign.status, campaign.has_run)?;
    let config: CampaignConfig =
        serde_json::from_str(&campaign.config).map_err(|e| AppError::Internal(e.into()))?;
    let mut options = ReaderOptions::new(region.or_else(|| {
        campaign
            .default_region
            .as_deref()
            .and_then(|r| DefaultRegion::parse(r).ok())
    }));
    let mut writer = Writer::prepare(tx, append, config.sticky_exclusion(), now).await?;
    let report = if append && is_json(headers) {
        let (contacts, report) = read_json(json_contacts(body).await?, &options);
        write_all(tx, &mut writer, contacts).await?;
        report
    } else {
        options.declared_size = declared_size(headers);
        stream_csv(body, options, tx, &mut writer).await?
    };
    if report.file_error.is_some() {
        return Err(rejected(&report, &options));
    }
    Ok((report, writer))
}

/// Whether a campaign in `status` takes an upload: an append unless it is
/// completed, a replace while its contacts may be edited. Checked when the
/// upload starts and again when its list is swapped in.
fn upload_allowed(append: bool, status: &str, has_run: bool) -> Result<(), AppError> {
    let status = parse_status(status)?;
    if append {
        if status == Status::Completed {
            return Err(AppError::Conflict(
                "Contacts cannot be added to a completed campaign. Restart it, or clone it for a new list."
                    .into(),
            ));
        }
        Ok(())
    } else {
        check_edit(status, has_run, &[Field::Contacts]).map_err(edit_refused)
    }
}

/// One upload, start to finish: a new list written beside the current one
/// and swapped in at the end (see [`crate::store::contact_lists`]).
async fn ingest(
    state: &AppState,
    actor: &Actor,
    id: i64,
    append: bool,
    region: Option<DefaultRegion>,
    headers: &HeaderMap,
    body: Body,
) -> Result<Report, AppError> {
    let now = Timestamp::now();
    let (mut tx, campaign) = Ingest::begin(&state.db, id, now)
        .await
        .map_err(|error| match error {
            Reserve::NoSuchCampaign => not_found(),
            Reserve::Busy => AppError::Conflict(
                "Another upload to this campaign is still being saved. Try again when it has finished."
                    .into(),
            ),
            Reserve::Database(error) => error.into(),
        })?;
    let written = write_list(&mut tx, &campaign, append, region, headers, body, now).await;
    let (mut report, mut writer) = match written {
        Ok(done) => done,
        Err(error) => {
            if let Err(abort) = tx.abort().await {
                tracing::warn!(campaign_id = id, error = %abort, "could not abandon a failed upload");
            }
            return Err(error);
        }
    };
    let swap = writer.finish(&mut report);
    let details = json!({
        "rows": report.rows,
        "valid": report.valid,
        "invalid": report.invalid,
        "duplicates": report.duplicates,
        "excluded": writer.suppressed,
        "readded": writer.readded,
    });
    let audit = store::audit::Entry {
        actor: &actor.audit_name(),
        action: if append {
            "contacts_appended"
        } else {
            "contacts_uploaded"
        },
        details: &details,
    };
    tx.commit(&swap, &audit, now, |status, has_run| {
        upload_allowed(append, status, has_run)
    })
    .await
    .map_err(|error| match error {
        CommitError::NoSuchCampaign => not_found(),
        CommitError::Refused(error) => error,
        CommitError::Database(error) => error.into(),
    })?;
    state.janitor.notify_one();
    state.dialler_wake.notify_one();
    // Counting a large list takes a moment (0.2–0.4 s at 500,000 rows): the
    // stream hears the new counts shortly after the answer, not before it.
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(error) = publish_counts(&state, id).await {
            tracing::warn!(campaign_id = id, %error, "could not count the contacts after an upload");
        }
    });
    Ok(report)
}

/// Replaces a draft's contacts with a CSV (streamed; the new list swapped in at the end).
#[utoipa::path(put, path = "/api/campaigns/{id}/contacts", operation_id = "replace_contacts", tag = "contacts",
    params(
        ("id" = i64, Path, description = "The campaign's id"),
        ("default_region" = Option<String>, Query, description = "ISO region for numbers without a country code; default: the country of the campaign's first outbound number"),
    ),
    request_body(content = String, content_type = "text/csv", description = "A CSV with a phone_number column; other columns become variables"),
    responses(
        (status = 200, description = "The check report, as `outdial contacts check --json`", body = Report),
        (status = 409, description = "Only draft and paused campaigns can be edited. Current status: …", body = ErrorBody),
        (status = 413, description = "Over 100 MB or 500,000 rows", body = ErrorBody),
        (status = 422, description = "The file is rejected as a whole, or the contacts are locked after the first run", body = ErrorBody),
    ))]
async fn replace(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
    params: QueryResult<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<AppJson<Report>, AppError> {
    let region = region_override(query(params)?)?;
    Ok(AppJson(
        ingest(&state, &actor, id, false, region, &headers, body).await?,
    ))
}

/// Appends contacts to a draft, running or paused campaign: a CSV body, or
/// JSON `[{"phone_number", "variables"}]` with `Content-Type: application/json`.
#[utoipa::path(post, path = "/api/campaigns/{id}/contacts", operation_id = "append_contacts", tag = "contacts",
    params(
        ("id" = i64, Path, description = "The campaign's id"),
        ("default_region" = Option<String>, Query, description = "ISO region for numbers without a country code"),
    ),
    request_body(description = "JSON contacts, or a CSV body as for PUT",
        content((Vec<NewContact> = "application/json"), (String = "text/csv"))),
    responses(
        (status = 200, description = "The check report; numbers already in the campaign count as duplicates", body = Report),
        (status = 409, description = "The campaign is completed", body = ErrorBody),
        (status = 413, description = "Over 100 MB or 500,000 rows", body = ErrorBody),
        (status = 422, description = "The file or JSON is rejected as a whole", body = ErrorBody),
    ))]
async fn append(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
    params: QueryResult<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<AppJson<Report>, AppError> {
    let region = region_override(query(params)?)?;
    Ok(AppJson(
        ingest(&state, &actor, id, true, region, &headers, body).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub(super) struct ContactsQuery {
    state: Option<String>,
    q: Option<String>,
    disposition: Option<String>,
    page: Option<String>,
}

/// The contacts in list order, 50 a page, with state, attempts and next eligible time.
#[utoipa::path(get, path = "/api/campaigns/{id}/contacts", operation_id = "list_contacts", tag = "contacts",
    params(
        ("id" = i64, Path, description = "The campaign's id"),
        ("state" = Option<ContactState>, Query, description = "Only contacts in this state"),
        ("q" = Option<String>, Query, description = "Part of the phone number or of a variable"),
        ("disposition" = Option<String>, Query, description = "Only contacts whose last attempt ended with this disposition (`no_answer`, `connected`, or a business disposition)"),
        ("page" = Option<u32>, Query, minimum = 1, description = "From 1; 50 contacts a page"),
    ),
    responses(
        (status = 200, body = Page<CampaignContact>),
    ))]
async fn list(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    params: QueryResult<ContactsQuery>,
) -> Result<AppJson<Page<CampaignContact>>, AppError> {
    let params = query(params)?;
    load(&state, id).await?;
    // Exactly a state name, as the document's enum says (an empty or padded
    // value is refused, not read as "any": leave the parameter out for that).
    let contact_state = match params.state.as_deref() {
        None => None,
        Some(name) => Some(ContactState::parse(name).ok_or_else(|| {
            AppError::invalid_field(
                "state",
                format!("{name:?} is not a contact state; use pending, in_call, retry, callback, done or excluded."),
            )
        })?),
    };
    let (page, limit, offset) = page(params.page.as_deref())?;
    let filter = ContactFilter {
        state: contact_state,
        search: params
            .q
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
        disposition: params
            .disposition
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
        limit,
        offset,
    };
    let (items, total) = store::contacts::list(&state.db, id, &filter).await?;
    Ok(AppJson(Page {
        items,
        page,
        page_size: PAGE_SIZE,
        total,
    }))
}

/// A cell as it is safe to open in a spreadsheet: text starting with
/// `=`, `+`, `-` or `@` (a formula) gets a leading apostrophe, and the
/// cell is quoted when it holds a separator, quote or line break.
pub fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Rows read from the store at a time while exporting.
const EXPORT_PAGE: usize = 5_000;

/// The export's columns after `phone_number` and the variables.
const OUTCOME_COLUMNS: [&str; 6] = [
    "state",
    "attempts",
    "last_disposition",
    "done_reason",
    "last_call_at",
    "next_eligible_at",
];

fn instant(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// Appends `value` as a CSV cell (see [`csv_cell`]) without building it apart.
fn push_cell(out: &mut String, value: &str) {
    let formula = value.starts_with(['=', '+', '-', '@']);
    let quoted = value.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        for c in value.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// One page of the export as CSV lines, the variables under `columns`.
fn export_lines(page: &[ExportRow], columns: &[String]) -> Result<String, variables::Unreadable> {
    let mut out = String::with_capacity(page.len() * 256);
    for row in page {
        out.push_str(&row.phone);
        if row.variables.starts_with('[') {
            // A compact row: value `i` is column `i` (the campaign's names).
            let mut values = variables::values(&row.variables, columns.len())?.into_iter();
            for _ in columns {
                out.push(',');
                if let Some(Some(value)) = values.next() {
                    push_cell(&mut out, &value);
                }
            }
        } else {
            let pairs = variables::decode(None, &row.variables)?;
            for name in columns {
                out.push(',');
                if let Some((_, value)) = pairs.iter().find(|(key, _)| key == name) {
                    push_cell(&mut out, value);
                }
            }
        }
        out.push(',');
        out.push_str(&row.state);
        out.push(',');
        out.push_str(&row.attempts.to_string());
        out.push(',');
        push_cell(&mut out, row.last_disposition.as_deref().unwrap_or(""));
        out.push(',');
        push_cell(&mut out, row.done_reason.as_deref().unwrap_or(""));
        out.push(',');
        out.push_str(&instant(row.last_call_at));
        out.push(',');
        out.push_str(&instant(row.next_eligible_at));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// Every contact with its outcome, as CSV: `phone_number`, the variables,
/// then `state`, `attempts`, `last_disposition`, `done_reason`,
/// `last_call_at` and `next_eligible_at`. Formula-like cells are
/// neutralised; the phone number is the E.164 the server wrote and is left
/// as it is, so the file can be uploaded again.
///
/// The file is streamed: the variable columns are the campaign's names
/// (for a campaign stored before compact rows, a first pass over the list
/// finds them in order of first appearance), then each page of
/// [`EXPORT_PAGE`] contacts is written as it is read, so the server holds
/// one page at a time whatever the list's size.
#[utoipa::path(get, path = "/api/campaigns/{id}/contacts.csv", operation_id = "export_contacts", tag = "contacts",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 200, description = "The contacts as CSV", content_type = "text/csv", body = String),
    ))]
async fn export(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> Result<Response, AppError> {
    let campaign = load(&state, id).await?;
    let (pages_tx, mut pages) = tokio::sync::mpsc::channel(2);
    tokio::spawn(store::contacts::stream_export(
        state.db.clone(),
        id,
        EXPORT_PAGE,
        pages_tx,
    ));
    let columns = match pages.recv().await {
        Some(Ok(ExportItem::Columns(columns))) => columns,
        Some(Err(error)) => return Err(error.into()),
        Some(Ok(ExportItem::Rows(_))) | None => {
            return Err(AppError::Internal(anyhow::anyhow!(
                "the export's reader stopped before naming its columns"
            )))
        }
    };
    let mut header = vec!["phone_number".to_owned()];
    header.extend(columns.iter().map(|c| csv_cell(c)));
    header.extend(OUTCOME_COLUMNS.map(str::to_owned));
    let header = format!("{}\r\n", header.join(","));
    let pages = futures_util::stream::unfold(pages, move |mut pages| {
        let columns = columns.clone();
        async move {
            let lines = pages.recv().await?.and_then(|item| match item {
                ExportItem::Rows(page) => export_lines(&page, &columns).map_err(sqlx::Error::from),
                ExportItem::Columns(_) => Err(sqlx::Error::Protocol(
                    "the export named its columns twice".into(),
                )),
            });
            let chunk = match lines {
                Ok(lines) => Ok(lines),
                Err(error) => {
                    // The status is sent already: cut the body short, so
                    // the download fails visibly instead of ending early.
                    tracing::warn!(campaign_id = id, %error, "the export broke off");
                    Err(error)
                }
            };
            Some((chunk, pages))
        }
    });
    let body = futures_util::stream::once(async move { Ok(header) }).chain(pages);
    let file_name: String = campaign
        .config
        .name()
        .as_str()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}-contacts.csv\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formulas_are_neutralised_and_separators_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("Asha, Mumbai"), "\"Asha, Mumbai\"");
        assert_eq!(csv_cell("plain"), "plain");
    }
}
