//! `GET /api/openapi.json`: the API described from the handlers' own
//! `#[utoipa::path]` annotations.
//!
//! The JSON types live in `outdial_shared::api`, which stays free of
//! server-only crates; [`schema`] mirrors them for the document, and an
//! integration test (`tests/api/openapi.rs`) compares each mirror with the
//! JSON the server really sends, so they cannot drift apart unnoticed.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Outdial API", description = "Outbound campaigns for AI voice bots. Every error answers with `ErrorBody`."),
    paths(
        super::health::health,
        super::auth::login, super::auth::logout, super::auth::me,
        super::tokens::list, super::tokens::create, super::tokens::revoke,
        super::bots::list, super::bots::create, super::bots::read, super::bots::update, super::bots::remove,
        super::carriers::list, super::carriers::create, super::carriers::read, super::carriers::update,
        super::carriers::remove, super::carriers::add_number,
        super::numbers::list, super::numbers::update, super::numbers::remove,
        super::campaigns::list, super::campaigns::create, super::campaigns::read,
        super::campaigns::update, super::campaigns::remove,
        super::campaign_actions::start, super::campaign_actions::pause,
        super::campaign_actions::resume, super::campaign_actions::stop,
        super::campaign_actions::restart, super::campaign_actions::clone,
        super::contacts::replace, super::contacts::append, super::contacts::list,
        super::contacts::export,
        super::exclusions::exclude, super::exclusions::unexclude,
        super::campaign_detail::stats, super::campaign_detail::audit,
        super::campaign_detail::events,
        super::telephony_webhook::receive,
        openapi_json,
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "Signing in and out"),
        (name = "tokens", description = "API tokens for scripts"),
        (name = "bots", description = "Voice bots"),
        (name = "carriers", description = "Carriers and their calls-per-second limits"),
        (name = "numbers", description = "Outbound numbers (E.164)"),
        (name = "campaigns", description = "Campaigns, their lifecycle, stats, audit trail and live events"),
        (name = "contacts", description = "A campaign's contacts: uploads, list, export, exclusions"),
        (name = "telephony", description = "Signed call events from the HTTP gateway (HMAC, no session)"),
        (name = "meta", description = "Health and this document"),
    )
)]
pub struct ApiDoc;

/// `session`: the `outdial_session` cookie; `token`: `Authorization: Bearer`.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json))
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Mirrors of `outdial_shared::api` for the document (see the module docs).
pub mod schema {
    #![allow(dead_code)]

    use chrono::{DateTime, Utc};
    use std::collections::BTreeMap;
    use utoipa::ToSchema;

    /// The one error shape of every route.
    #[derive(ToSchema)]
    pub struct ErrorBody {
        pub error: ErrorDetail,
    }

    #[derive(ToSchema)]
    pub struct ErrorDetail {
        /// `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`,
        /// `method_not_allowed`, `payload_too_large`, `unsupported_media_type`,
        /// `validation`, `too_many_requests` or `internal`.
        pub code: String,
        /// A sentence an operator can read.
        pub message: String,
        /// Per-field messages keyed by the field's JSON name; absent when empty.
        pub fields: Option<BTreeMap<String, String>>,
    }

    #[derive(ToSchema)]
    pub struct Health {
        /// Always `ok`.
        pub status: String,
        pub version: String,
        /// `sqlite` or `postgres`.
        pub database: String,
        pub dialler: DiallerHealth,
    }

    /// This instance's dialler loop.
    #[derive(ToSchema)]
    pub struct DiallerHealth {
        /// `running`, `degraded` (its last step failed; it retries with backoff) or `stopped`.
        pub state: String,
        /// Failed steps in a row.
        pub consecutive_failures: u32,
        /// The most recent failure, kept after recovery.
        pub last_error: Option<String>,
        pub last_error_at: Option<String>,
    }

    #[derive(ToSchema)]
    pub struct LoginRequest {
        pub username: String,
        pub password: String,
    }

    #[derive(ToSchema)]
    pub struct Me {
        pub user_id: i64,
        pub username: String,
        /// `session` or `token`.
        pub auth: String,
    }

    #[derive(ToSchema)]
    pub struct Bot {
        pub id: i64,
        pub name: String,
        pub description: String,
        pub callback_enabled: bool,
        pub ready: bool,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
    }

    #[derive(ToSchema)]
    pub struct NewBot {
        /// Required, unique, at most 120 characters.
        pub name: String,
        pub description: Option<String>,
        /// Default `false`.
        pub callback_enabled: Option<bool>,
        /// Default `false`.
        pub ready: Option<bool>,
    }

    #[derive(ToSchema)]
    pub struct BotPatch {
        pub name: Option<String>,
        pub description: Option<String>,
        pub callback_enabled: Option<bool>,
        pub ready: Option<bool>,
    }

    #[derive(ToSchema)]
    pub struct Carrier {
        pub id: i64,
        pub name: String,
        /// Calls started per second, 1..=1000.
        pub cps_limit: i64,
        pub numbers: Vec<PhoneNumber>,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
    }

    #[derive(ToSchema)]
    pub struct NewCarrier {
        /// Required, unique, at most 120 characters.
        pub name: String,
        /// 1..=1000, default 10.
        pub cps_limit: Option<i64>,
    }

    #[derive(ToSchema)]
    pub struct CarrierPatch {
        pub name: Option<String>,
        pub cps_limit: Option<i64>,
    }

    #[derive(ToSchema)]
    pub struct PhoneNumber {
        pub id: i64,
        pub carrier_id: i64,
        /// E.164, e.g. `+14155552671`.
        pub number: String,
        pub label: Option<String>,
        /// Inbound-only numbers are refused for campaigns.
        pub inbound_only: bool,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
    }

    #[derive(ToSchema)]
    pub struct NewPhoneNumber {
        /// Any common format; without `+` and country code, `default_region` is needed.
        pub number: String,
        pub label: Option<String>,
        /// Default `false`.
        pub inbound_only: Option<bool>,
        /// ISO 3166 region such as `IN`, for a number without country code.
        pub default_region: Option<String>,
    }

    #[derive(ToSchema)]
    pub struct PhoneNumberPatch {
        pub number: Option<String>,
        /// `""` clears the label.
        pub label: Option<String>,
        pub inbound_only: Option<bool>,
        /// Moves the number to another carrier.
        pub carrier_id: Option<i64>,
        pub default_region: Option<String>,
    }

    #[derive(ToSchema)]
    pub struct ApiToken {
        pub id: i64,
        pub name: String,
        /// The first characters of the secret.
        pub prefix: String,
        /// The operator who created it.
        pub created_by: String,
        pub created_at: DateTime<Utc>,
        pub last_used_at: Option<DateTime<Utc>>,
    }

    #[derive(ToSchema)]
    pub struct NewApiToken {
        /// What the token is for; required, at most 120 characters.
        pub name: String,
    }

    #[derive(ToSchema)]
    pub struct CreatedApiToken {
        pub token: ApiToken,
        /// Send as `Authorization: Bearer <secret>`; shown only this once.
        pub secret: String,
    }

    /// The campaign configuration of the API contract. In requests every
    /// field may be missing (blank or below-1 numbers take the spec's
    /// defaults); a PATCH changes only the fields it carries.
    #[derive(ToSchema)]
    pub struct CampaignConfigInput {
        pub name: String,
        pub bot_id: i64,
        pub number_ids: Vec<i64>,
        /// Default 50.
        pub concurrency_limit: i64,
        /// `single_day` (default) or `multi_day`.
        pub mode: String,
        /// Only with `multi_day`.
        pub always_on: bool,
        pub window: Window,
        /// `mon` … `sun`; default all seven.
        pub working_days: Vec<String>,
        /// Default 3.
        pub max_attempts: i64,
        /// Default 30.
        pub retry_delay_minutes: i64,
        /// `no_answer`, `rejected`, `rnr`, `error`, `timeout`.
        pub retry_on_system_dispositions: Vec<String>,
        pub custom_retry_dispositions: Vec<String>,
        pub stop_redials_after_meaningful_connect: ConnectRule,
        pub redial_after_short_connect: ConnectRule,
        pub callback_detection: bool,
        pub sticky_exclusion: bool,
    }

    #[derive(ToSchema)]
    pub struct Window {
        /// `HH:MM`, default `09:00`.
        pub start: String,
        /// `HH:MM`, default `18:00`; before `start` means the window crosses midnight.
        pub end: String,
        /// IANA timezone.
        pub timezone: String,
    }

    #[derive(ToSchema)]
    pub struct ConnectRule {
        pub enabled: bool,
        pub seconds: i64,
    }

    #[derive(ToSchema)]
    pub struct ContactCounts {
        pub total: u64,
        pub pending: u64,
        pub in_call: u64,
        pub retry: u64,
        pub callback: u64,
        pub done: u64,
        pub excluded: u64,
    }

    /// A campaign: the configuration fields plus lifecycle and counts.
    #[derive(ToSchema)]
    pub struct Campaign {
        pub id: i64,
        pub name: String,
        pub bot_id: i64,
        pub number_ids: Vec<i64>,
        pub concurrency_limit: i64,
        pub mode: String,
        pub always_on: bool,
        pub window: Window,
        pub working_days: Vec<String>,
        pub max_attempts: i64,
        pub retry_delay_minutes: i64,
        pub retry_on_system_dispositions: Vec<String>,
        pub custom_retry_dispositions: Vec<String>,
        pub stop_redials_after_meaningful_connect: ConnectRule,
        pub redial_after_short_connect: ConnectRule,
        pub callback_detection: bool,
        pub sticky_exclusion: bool,
        /// `draft`, `running`, `paused` or `completed`.
        pub status: String,
        pub has_run: bool,
        pub run_no: i64,
        /// ISO region for contact numbers without a country code.
        pub default_region: Option<String>,
        pub counts: ContactCounts,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
        pub started_at: Option<DateTime<Utc>>,
        pub completed_at: Option<DateTime<Utc>>,
    }

    #[derive(ToSchema)]
    pub struct CampaignPage {
        pub items: Vec<Campaign>,
        pub page: u32,
        pub page_size: u32,
        pub total: u64,
    }

    #[derive(ToSchema)]
    pub struct CampaignContact {
        pub id: i64,
        pub row_no: i64,
        pub phone_number: String,
        pub variables: BTreeMap<String, String>,
        /// `pending`, `in_call`, `retry`, `callback`, `done` or `excluded`.
        pub state: String,
        pub attempts: i64,
        pub next_eligible_at: Option<DateTime<Utc>>,
        pub last_disposition: Option<String>,
        pub done_reason: Option<String>,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
    }

    #[derive(ToSchema)]
    pub struct ContactPage {
        pub items: Vec<CampaignContact>,
        pub page: u32,
        pub page_size: u32,
        pub total: u64,
    }

    #[derive(ToSchema)]
    pub struct NewContact {
        pub phone_number: String,
        pub variables: BTreeMap<String, String>,
    }

    #[derive(ToSchema)]
    pub struct RowError {
        /// Spreadsheet row (header = 1); for JSON, the 1-based position.
        pub row: u32,
        pub column: Option<String>,
        pub value: String,
        pub reason: String,
    }

    /// The report of `outdial contacts check --json`.
    #[derive(ToSchema)]
    pub struct ContactsReport {
        pub rows: u32,
        pub valid: u32,
        pub invalid: u32,
        pub duplicates: u32,
        pub variables: Vec<String>,
        pub delimiter: Option<String>,
        pub encoding: Option<String>,
        pub errors: Vec<RowError>,
        pub errors_omitted: u32,
        pub file_error: Option<String>,
    }

    #[derive(ToSchema)]
    pub struct NewExclusions {
        pub phone_numbers: Vec<String>,
    }

    #[derive(ToSchema)]
    pub struct Exclusions {
        /// E.164.
        pub phone_numbers: Vec<String>,
        pub sticky: bool,
        pub contacts_excluded: u64,
    }

    #[derive(ToSchema)]
    pub struct HourlyAttempts {
        pub hour: DateTime<Utc>,
        pub attempts: u64,
    }

    #[derive(ToSchema)]
    pub struct CampaignStats {
        pub status: String,
        pub run_no: i64,
        pub contacts: ContactCounts,
        pub done_reasons: BTreeMap<String, u64>,
        pub dispositions: BTreeMap<String, u64>,
        pub business_dispositions: BTreeMap<String, u64>,
        pub answering_machines: u64,
        pub attempts_total: u64,
        pub live_calls: u64,
        pub attempts_per_hour: Vec<HourlyAttempts>,
        pub callbacks_scheduled: u64,
        pub next_callback_at: Option<DateTime<Utc>>,
    }

    #[derive(ToSchema)]
    pub struct AuditEntry {
        pub id: i64,
        /// `user:<username>` or `token:<id>`.
        pub actor: String,
        pub action: String,
        pub details: BTreeMap<String, String>,
        pub at: DateTime<Utc>,
    }

    #[derive(ToSchema)]
    pub struct AuditPage {
        pub items: Vec<AuditEntry>,
        pub page: u32,
        pub page_size: u32,
        pub total: u64,
    }
}
