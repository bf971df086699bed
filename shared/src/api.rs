//! JSON shapes exchanged between the browser and the server.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which database engine a server is running on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DatabaseEngine {
    /// An embedded SQLite file: the zero-set-up default.
    Sqlite,
    /// A PostgreSQL server: the engine for several backend instances at once.
    Postgres,
}

/// The body of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `"ok"` when the server answers.
    pub status: String,
    /// The server's version, from its Cargo manifest.
    pub version: String,
    /// The engine the server stores its data in.
    pub database: DatabaseEngine,
    /// Whether this instance's dialler is placing calls.
    pub dialler: DiallerHealth,
}

/// The state of one instance's dialler loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiallerState {
    /// Its last step succeeded.
    Running,
    /// Its last step failed or panicked; it retries with backoff.
    Degraded,
    /// It is not running: `--no-dialler`, shut down, or the task ended.
    Stopped,
}

/// The dialler part of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiallerHealth {
    /// Running, degraded or stopped.
    pub state: DiallerState,
    /// Failed steps in a row (0 once a step succeeds).
    pub consecutive_failures: u32,
    /// The most recent failure, kept after recovery so it can be looked up.
    pub last_error: Option<String>,
    /// When it happened.
    pub last_error_at: Option<DateTime<Utc>>,
}

impl DiallerHealth {
    /// A dialler that is not running and never failed.
    pub fn stopped() -> DiallerHealth {
        DiallerHealth {
            state: DiallerState::Stopped,
            consecutive_failures: 0,
            last_error: None,
            last_error_at: None,
        }
    }
}

/// The one error shape every API route answers with:
/// `{"error":{"code":"…","message":"…","fields":{…}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// The error itself.
    pub error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// A stable, machine-readable code such as `not_found` or `validation`.
    pub code: String,
    /// A sentence an operator can read.
    pub message: String,
    /// Per-field messages, keyed by the field's JSON name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// The body of `POST /api/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The operator's username, such as `admin`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, schema_with = crate::openapi::not_blank))]
    pub username: String,
    /// The operator's password, sent once and never stored in plain text.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, schema_with = crate::openapi::not_blank))]
    pub password: String,
}

/// How the caller of a request proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// The `outdial_session` cookie set by `POST /api/auth/login`.
    Session,
    /// An `Authorization: Bearer` API token.
    Token,
}

/// The body of `GET /api/auth/me` and of a successful login: who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The operator's id.
    pub user_id: i64,
    /// The operator's username.
    pub username: String,
    /// Whether this request came with a session cookie or an API token.
    pub auth: AuthMethod,
    /// The IANA zone the operator chose to see times in; `null` when they
    /// have not chosen one, and the app follows the browser's zone.
    #[serde(default)]
    pub display_timezone: Option<String>,
}

/// The body of `PUT /api/auth/me/settings`: the operator's own settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorSettings {
    /// An IANA zone name (`Asia/Kolkata`) the app shows times in, or `null`
    /// to follow the browser's zone.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::display_timezone))]
    pub display_timezone: Option<String>,
}

/// The body of `PUT /api/auth/password`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    /// The password the operator signs in with now.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, schema_with = crate::openapi::not_blank))]
    pub current_password: String,
    /// The new password: at least [`MIN_PASSWORD_CHARS`] characters, not the current one.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, schema_with = crate::openapi::new_password))]
    pub new_password: String,
}

/// The shortest password an operator may choose.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why `new` cannot be an operator's new password (`None` when it can):
/// checked as they type on the Settings page and again by the server.
pub fn new_password_problem(new: &str, current: &str) -> Option<String> {
    let chars = new.chars().count();
    if new.trim().is_empty() {
        Some("Enter a new password.".to_owned())
    } else if chars < MIN_PASSWORD_CHARS {
        Some(format!(
            "The new password is {chars} character(s); use at least {MIN_PASSWORD_CHARS}."
        ))
    } else if new == current {
        Some("The new password is the same as the current one.".to_owned())
    } else {
        None
    }
}

/// A voice bot that campaigns call contacts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bot {
    /// The bot's id.
    pub id: i64,
    /// A unique, non-blank name of at most 120 characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub name: String,
    /// Free text for operators; may be empty.
    pub description: String,
    /// Whether the bot may schedule callbacks (the bot half of the double gate;
    /// the campaign's callback detection is the other half).
    pub callback_enabled: bool,
    /// Whether the bot has passed its test calls and is ready for live use.
    pub ready: bool,
    /// When its last passed test call ended (a person answered and the call
    /// connected, [`test_call_passed`]); `null` when none has.
    #[serde(default)]
    pub last_passed_test_call: Option<DateTime<Utc>>,
    /// When the bot was created.
    pub created_at: DateTime<Utc>,
    /// When the bot was last changed.
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/bots`. Absent fields take the defaults shown in the
/// contract: an empty description, callbacks off, not ready.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBot {
    /// Required; see [`Bot::name`].
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, schema_with = crate::openapi::name))]
    pub name: String,
    /// Optional free text.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub description: String,
    /// Defaults to `false`.
    #[serde(default)]
    pub callback_enabled: bool,
    /// Defaults to `false`.
    #[serde(default)]
    pub ready: bool,
}

/// The body of `PATCH /api/bots/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BotPatch {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::optional_name))]
    pub name: Option<String>,
    /// A new description (`""` clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub description: Option<String>,
    /// Turns callbacks on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_enabled: Option<bool>,
    /// Marks the bot ready or not ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
}

/// The body of `POST /api/bots/{id}/test-calls`: one call to the operator's
/// own phone, from one of the outbound numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTestCall {
    /// The number to call, in any common format; read in the calling
    /// number's country when it has no country code.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, max_length = 40))]
    pub to: String,
    /// The outbound number to call from (not inbound-only).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required))]
    pub from_number_id: i64,
}

/// Where a test call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TestCallStatus {
    /// The dial request went out; nothing heard yet.
    Dialling,
    Ringing,
    Answered,
    Ended,
}

impl TestCallStatus {
    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            TestCallStatus::Dialling => "dialling",
            TestCallStatus::Ringing => "ringing",
            TestCallStatus::Answered => "answered",
            TestCallStatus::Ended => "ended",
        }
    }

    /// A stored name back; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        [
            TestCallStatus::Dialling,
            TestCallStatus::Ringing,
            TestCallStatus::Answered,
            TestCallStatus::Ended,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// As the Bots page shows it.
    pub fn label(self) -> &'static str {
        match self {
            TestCallStatus::Dialling => "Dialling…",
            TestCallStatus::Ringing => "Ringing…",
            TestCallStatus::Answered => "Answered, in call…",
            TestCallStatus::Ended => "Ended",
        }
    }
}

/// One bot test call: placed outside any campaign through the configured
/// telephony, with the same dial request and call events as campaign calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestCall {
    pub id: i64,
    pub bot_id: i64,
    /// The operator who placed it.
    pub placed_by: String,
    /// The caller id, E.164.
    pub from_number: String,
    /// The number called, E.164.
    pub to_number: String,
    pub status: TestCallStatus,
    pub dialed_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// The system disposition once ended: `connected`, `no_answer`,
    /// `rejected`, `rnr`, `error` or `timeout`.
    pub disposition: Option<String>,
    /// Connected seconds.
    pub duration_seconds: Option<i64>,
    /// Answered by an answering machine.
    pub machine: Option<bool>,
    /// The bot's post-call business disposition.
    pub business_disposition: Option<String>,
    /// Why the call could not be placed or finished, when it could not.
    pub error: Option<String>,
    /// A person answered and the call connected ([`test_call_passed`]).
    pub passed: bool,
}

/// A test call passes when it connected and a person, not an answering
/// machine, answered: the bot then really spoke with someone.
pub fn test_call_passed(disposition: &str, machine: bool) -> bool {
    disposition == "connected" && !machine
}

/// Reads an optional whole number that JSON may write as `12` or `12.0`
/// (both are the integer 12 to JSON Schema and to JavaScript), so a client
/// that sends what the API document allows is never refused for it.
pub mod whole_number {
    use serde::de::{Deserializer, Error};
    use serde::Deserialize;

    /// `Option<i64>` from an integer, a float with no fraction, or `null`.
    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match Option::<serde_json::Number>::deserialize(d)? {
            None => Ok(None),
            Some(number) => {
                if let Some(whole) = number.as_i64() {
                    return Ok(Some(whole));
                }
                match number.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
                    _ => Err(D::Error::custom(format!("{number} is not a whole number"))),
                }
            }
        }
    }
}

/// The lowest calls-per-second limit a carrier may have.
pub const CPS_LIMIT_MIN: i64 = 1;
/// The highest calls-per-second limit a carrier may have.
pub const CPS_LIMIT_MAX: i64 = 1000;
/// The calls-per-second limit a new carrier gets when none is given.
pub const CPS_LIMIT_DEFAULT: i64 = 10;

/// A telephony carrier that places the calls, with its outbound numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Carrier {
    /// The carrier's id.
    pub id: i64,
    /// A unique, non-blank name of at most 120 characters.
    pub name: String,
    /// How many calls the carrier lets us start per second, summed over all
    /// campaigns ([`CPS_LIMIT_MIN`]..=[`CPS_LIMIT_MAX`]).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub cps_limit: i64,
    /// The carrier's numbers, in E.164 order.
    pub numbers: Vec<PhoneNumber>,
    /// When the carrier was created.
    pub created_at: DateTime<Utc>,
    /// When the carrier was last changed.
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/carriers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCarrier {
    /// Required; see [`Carrier::name`].
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, schema_with = crate::openapi::name))]
    pub name: String,
    /// Defaults to [`CPS_LIMIT_DEFAULT`] when absent or `null`.
    #[serde(default, deserialize_with = "whole_number::optional")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub cps_limit: Option<i64>,
}

/// The body of `PATCH /api/carriers/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarrierPatch {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::optional_name))]
    pub name: Option<String>,
    /// A new calls-per-second limit.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_number::optional"
    )]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub cps_limit: Option<i64>,
}

/// An outbound number (DID) of a carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneNumber {
    /// The number's id.
    pub id: i64,
    /// The carrier the number belongs to.
    pub carrier_id: i64,
    /// The number in E.164, such as `+14155552671`.
    pub number: String,
    /// An optional label shown beside the number, such as "Support team".
    pub label: Option<String>,
    /// Inbound-only numbers are refused for campaigns.
    pub inbound_only: bool,
    /// When the number was added.
    pub created_at: DateTime<Utc>,
    /// When the number was last changed.
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/carriers/{id}/numbers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPhoneNumber {
    /// The number in any common format; without a leading `+` and country
    /// code, `default_region` says which country it belongs to.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required))]
    pub number: String,
    /// An optional label; blank means none.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::optional_label))]
    pub label: Option<String>,
    /// Defaults to `false`.
    #[serde(default)]
    pub inbound_only: bool,
    /// An ISO 3166 region such as `IN` or `US`, used only to read a number
    /// written without a country code.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::optional_region))]
    pub default_region: Option<String>,
}

/// The body of `PATCH /api/numbers/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneNumberPatch {
    /// A new number, in any common format (see [`NewPhoneNumber::number`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// A new label; `""` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::optional_label))]
    pub label: Option<String>,
    /// Marks the number inbound-only or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound_only: Option<bool>,
    /// Moves the number to another carrier.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_number::optional"
    )]
    pub carrier_id: Option<i64>,
    /// Used only to read a new `number` written without a country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::optional_region))]
    pub default_region: Option<String>,
}

/// An API token as listed: never its secret, which is shown once at creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    /// The token's id.
    pub id: i64,
    /// What the token is for, such as "CRM feed".
    pub name: String,
    /// The first characters of the secret, so an operator can tell tokens apart.
    pub prefix: String,
    /// The operator who created it.
    pub created_by: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last authenticated a request, if ever.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The body of `POST /api/tokens`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiToken {
    /// Required: what the token is for, at most 120 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, schema_with = crate::openapi::name))]
    pub name: String,
}

/// The answer to `POST /api/tokens`: the token and, this once, its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    /// The stored token.
    pub token: ApiToken,
    /// The secret to send as `Authorization: Bearer <secret>`. It is stored
    /// only as a hash and cannot be shown again.
    pub secret: String,
}

/// How many items a page of a paginated list holds.
pub const PAGE_SIZE: u32 = 50;

/// How many pages `total` items fill at `page_size` a page (at least one,
/// so an empty list still shows "Page 1 of 1").
pub fn page_count(total: u64, page_size: u64) -> u64 {
    total.div_ceil(page_size.max(1)).max(1)
}

/// `part` of `whole` in whole percent, rounded down and at most 100 (0 for
/// an empty whole): the share a progress bar fills.
pub fn percent(part: u64, whole: u64) -> u64 {
    (part.min(whole) * 100).checked_div(whole).unwrap_or(0)
}

/// One page of a list, newest or first items first as the route says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// This page's number, from 1.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub page: u32,
    /// The most items a page holds ([`PAGE_SIZE`]).
    pub page_size: u32,
    /// How many items match in all pages.
    pub total: u64,
}

/// Where a contact is in the current run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactState {
    /// Not yet called in this run; eligible as soon as the campaign dials.
    Pending,
    /// A call to the contact is live.
    InCall,
    /// Waiting for its next attempt at `next_eligible_at`.
    Retry,
    /// A callback the contact asked for is scheduled at `next_eligible_at`.
    Callback,
    /// No more attempts; `done_reason` says why.
    Done,
    /// Excluded by an operator; never dialled.
    Excluded,
}

impl ContactState {
    /// Every state, in the order a contact usually moves through them.
    pub const ALL: [ContactState; 6] = [
        ContactState::Pending,
        ContactState::InCall,
        ContactState::Retry,
        ContactState::Callback,
        ContactState::Done,
        ContactState::Excluded,
    ];

    /// The wire name, also the value stored in `contacts.state`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactState::Pending => "pending",
            ContactState::InCall => "in_call",
            ContactState::Retry => "retry",
            ContactState::Callback => "callback",
            ContactState::Done => "done",
            ContactState::Excluded => "excluded",
        }
    }

    /// Reads a wire name.
    pub fn parse(name: &str) -> Option<ContactState> {
        ContactState::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// What the operator reads: "Pending", "In call", "Retry scheduled", ….
    pub fn label(self) -> &'static str {
        match self {
            ContactState::Pending => "Pending",
            ContactState::InCall => "In call",
            ContactState::Retry => "Retry scheduled",
            ContactState::Callback => "Callback scheduled",
            ContactState::Done => "Done",
            ContactState::Excluded => "Excluded",
        }
    }
}

/// How many of a campaign's contacts are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactCounts {
    /// Every contact of the campaign.
    pub total: u64,
    /// See [`ContactState::Pending`].
    pub pending: u64,
    /// See [`ContactState::InCall`].
    pub in_call: u64,
    /// See [`ContactState::Retry`].
    pub retry: u64,
    /// See [`ContactState::Callback`].
    pub callback: u64,
    /// See [`ContactState::Done`].
    pub done: u64,
    /// See [`ContactState::Excluded`].
    pub excluded: u64,
}

impl ContactCounts {
    /// Adds `count` contacts in `state`.
    pub fn add(&mut self, state: ContactState, count: u64) {
        self.total += count;
        match state {
            ContactState::Pending => self.pending += count,
            ContactState::InCall => self.in_call += count,
            ContactState::Retry => self.retry += count,
            ContactState::Callback => self.callback += count,
            ContactState::Done => self.done += count,
            ContactState::Excluded => self.excluded += count,
        }
    }
}

/// A campaign as the API returns it: its configuration (the contract's JSON,
/// flattened into this object) and its lifecycle and progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Campaign {
    /// The campaign's id.
    pub id: i64,
    /// The configuration: `name`, `bot_id`, `number_ids`, … as in the contract.
    #[serde(flatten)]
    pub config: crate::config::CampaignConfig,
    /// Draft, running, paused or completed.
    pub status: crate::lifecycle::Status,
    /// Whether the campaign has been started; name, bot and contacts lock then.
    pub has_run: bool,
    /// 0 before the first start; each start or restart begins the next run.
    pub run_no: i64,
    /// The ISO region contact numbers without a country code are read in:
    /// the country of the first outbound number.
    pub default_region: Option<String>,
    /// The contacts by state.
    pub counts: ContactCounts,
    /// The calling window from the instant of this answer (the current
    /// opening's close and the next opening), so a page can say "Open until
    /// 18:00 IST" or "Opens Mon 7 Dec, 09:00 IST" at its own clock.
    #[serde(default)]
    pub schedule: crate::window::WindowSchedule,
    /// When the campaign was created.
    pub created_at: DateTime<Utc>,
    /// When the campaign last changed.
    pub updated_at: DateTime<Utc>,
    /// When the current run began.
    pub started_at: Option<DateTime<Utc>>,
    /// When the campaign last completed.
    pub completed_at: Option<DateTime<Utc>>,
}

/// One contact of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignContact {
    /// The contact's id.
    pub id: i64,
    /// The data row in the uploaded file (1 = first contact row), or the
    /// position in an append.
    pub row_no: i64,
    /// The number in E.164.
    pub phone_number: String,
    /// The per-call variables: the file's other columns.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::text_map))]
    pub variables: serde_json::Map<String, serde_json::Value>,
    /// Where the contact is in the current run.
    pub state: ContactState,
    /// Attempts in the current run.
    pub attempts: i64,
    /// When the contact may next be dialled (a retry or callback), if waiting.
    pub next_eligible_at: Option<DateTime<Utc>>,
    /// The last attempt's disposition.
    pub last_disposition: Option<String>,
    /// Why a `done` contact is done: `reached`, `exhausted`, `not_retryable`, …
    pub done_reason: Option<String>,
    /// When the contact was added.
    pub created_at: DateTime<Utc>,
    /// When the contact last changed.
    pub updated_at: DateTime<Utc>,
}

/// One attempt of a contact, as its history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactAttempt {
    /// The attempt's id (the dial request's `attempt_id`).
    pub id: i64,
    /// The run it belongs to (1 = first start; Restart begins the next).
    pub run_no: i64,
    /// Its number within the run (1, 2, …).
    pub attempt_no: i64,
    /// The outbound number dialled from, in E.164.
    pub from_number: Option<String>,
    /// The carrier's name (absent once the carrier is deleted).
    pub carrier: Option<String>,
    /// When it was dialled.
    pub dialed_at: Option<DateTime<Utc>>,
    /// When it was answered, if it was.
    pub answered_at: Option<DateTime<Utc>>,
    /// When it ended; absent while the call is live.
    pub ended_at: Option<DateTime<Utc>>,
    /// The system disposition: `connected`, `no_answer`, `rejected`, `rnr`,
    /// `error` or `timeout`.
    pub disposition: Option<String>,
    /// Connected seconds.
    pub duration_seconds: Option<i64>,
    /// Answered by an answering machine.
    pub machine: Option<bool>,
    /// The bot's post-call business disposition.
    pub business_disposition: Option<String>,
    /// The callback time the contact asked for in this call.
    pub callback_at: Option<DateTime<Utc>>,
}

/// One entry of `GET /api/campaigns/{id}/callbacks`: a contact the dialler
/// will call back, when, and the call in which they asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduledCallback {
    /// The contact's id.
    pub contact_id: i64,
    /// The number to call back, in E.164.
    pub phone_number: String,
    /// When the dialler calls back: the time asked for, or the next opening
    /// of the window when that time falls outside it.
    pub due_at: Option<DateTime<Utc>>,
    /// The call in which the contact asked for it (absent when no attempt of
    /// theirs recorded a callback time).
    pub requested_in: Option<CallbackRequest>,
}

/// The call in which a contact asked to be called back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallbackRequest {
    /// The attempt's id.
    pub attempt_id: i64,
    /// Its run.
    pub run_no: i64,
    /// Its number within the run.
    pub attempt_no: i64,
    /// When that call was dialled.
    pub dialed_at: Option<DateTime<Utc>>,
    /// The bot's business disposition for that call.
    pub business_disposition: Option<String>,
    /// The time the contact asked for.
    pub asked_for: DateTime<Utc>,
}

/// The answer to `GET /api/campaigns/{id}/contacts/{contact_id}`: the
/// contact, its attempts (newest first, every run) and why it is or is not
/// due to be dialled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactDetail {
    /// The contact.
    pub contact: CampaignContact,
    /// The names of `contact.variables` in the file's column order (a JSON
    /// object's order is not kept by every reader).
    pub variable_order: Vec<String>,
    /// Its attempts, newest first.
    pub attempts: Vec<ContactAttempt>,
    /// Why it is or is not due (`outdial_shared::why`).
    pub why: crate::why::Why,
}

/// One contact in the JSON form of `POST /api/campaigns/{id}/contacts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewContact {
    /// The number in any common format.
    #[serde(default)]
    pub phone_number: String,
    /// Per-call variables; values are kept as text.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::any_object))]
    pub variables: serde_json::Map<String, serde_json::Value>,
}

/// The body of `POST /api/campaigns/{id}/exclusions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewExclusions {
    /// Numbers in any common format.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required, min_items = 1))]
    pub phone_numbers: Vec<String>,
}

/// The answer to `POST /api/campaigns/{id}/exclusions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exclusions {
    /// The numbers now excluded, in E.164.
    pub phone_numbers: Vec<String>,
    /// Whether these exclusions survive a re-add (the campaign's Sticky exclusion).
    pub sticky: bool,
    /// How many of the campaign's contacts became excluded.
    pub contacts_excluded: u64,
}

/// An entry of a campaign's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// The entry's id.
    pub id: i64,
    /// `user:<username>` or `token:<id>`.
    pub actor: String,
    /// What was done, e.g. `campaign_edited` or `contacts_appended`.
    pub action: String,
    /// What changed, e.g. `{"changed":["concurrency_limit"]}`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::any_object))]
    pub details: serde_json::Value,
    /// When.
    pub at: DateTime<Utc>,
}

/// Attempts that started in one clock hour (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HourlyAttempts {
    /// The start of the hour.
    pub hour: DateTime<Utc>,
    /// Attempts dialled in that hour.
    pub attempts: u64,
}

/// The numbers on a campaign's detail page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignStats {
    /// The campaign's status now.
    pub status: crate::lifecycle::Status,
    /// The current run (0 before the first start).
    pub run_no: i64,
    /// Contacts by state.
    pub contacts: ContactCounts,
    /// `done` contacts by reason (`reached`, `exhausted`, …).
    pub done_reasons: std::collections::BTreeMap<String, u64>,
    /// Ended attempts of every run by system disposition (`no_answer`,
    /// `connected`, …).
    pub dispositions: std::collections::BTreeMap<String, u64>,
    /// Ended attempts by post-call business disposition.
    pub business_dispositions: std::collections::BTreeMap<String, u64>,
    /// Attempts answered by an answering machine.
    pub answering_machines: u64,
    /// Attempts of every run.
    pub attempts_total: u64,
    /// Calls live now.
    pub live_calls: u64,
    /// Attempts dialled per hour over the last 24 hours, oldest first; hours
    /// without attempts are left out.
    pub attempts_per_hour: Vec<HourlyAttempts>,
    /// Contacts waiting for a callback.
    pub callbacks_scheduled: u64,
    /// The earliest scheduled callback.
    pub next_callback_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_call_passes_only_when_a_person_answered_and_it_connected() {
        assert!(test_call_passed("connected", false));
        assert!(!test_call_passed("connected", true));
        for other in ["no_answer", "rejected", "rnr", "error", "timeout"] {
            assert!(!test_call_passed(other, false), "{other}");
        }
    }

    #[test]
    fn a_test_call_status_reads_back_what_it_writes() {
        for status in [
            TestCallStatus::Dialling,
            TestCallStatus::Ringing,
            TestCallStatus::Answered,
            TestCallStatus::Ended,
        ] {
            assert_eq!(TestCallStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::String(status.as_str().into())
            );
        }
        assert_eq!(TestCallStatus::parse("queued"), None);
    }

    #[test]
    fn an_empty_list_has_one_page_and_a_partial_page_counts_as_one() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
        assert_eq!(page_count(7, 0), 7, "a page size of 0 is read as 1");
    }

    #[test]
    fn a_share_is_whole_percent_rounded_down_and_never_over_a_hundred() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(3, 3), 100);
        assert_eq!(percent(5, 3), 100);
    }

    #[test]
    fn a_new_password_needs_ten_characters_and_must_differ_from_the_current_one() {
        assert_eq!(
            new_password_problem("", "old").as_deref(),
            Some("Enter a new password.")
        );
        assert_eq!(
            new_password_problem("          ", "old").as_deref(),
            Some("Enter a new password.")
        );
        assert_eq!(
            new_password_problem("short", "old").as_deref(),
            Some("The new password is 5 character(s); use at least 10.")
        );
        // Characters, not bytes: nine two-byte letters are still too short.
        assert!(new_password_problem("ééééééééé", "old").is_some());
        assert_eq!(new_password_problem("éééééééééé", "old"), None);
        assert_eq!(
            new_password_problem("same-password", "same-password").as_deref(),
            Some("The new password is the same as the current one.")
        );
        assert_eq!(new_password_problem("a-long-new-one", "old"), None);
    }

    #[test]
    fn health_serialises_with_lowercase_engine_names() {
        let health = Health {
            status: "ok".into(),
            version: "0.1.0".into(),
            database: DatabaseEngine::Postgres,
            dialler: DiallerHealth::stopped(),
        };
        let json = serde_json::to_value(&health).unwrap();
        assert_eq!(json["database"], "postgres");
        assert_eq!(json["dialler"]["state"], "stopped");
    }

    #[test]
    fn an_error_without_fields_leaves_the_fields_key_out() {
        let body = ErrorBody {
            error: ErrorDetail {
                code: "not_found".into(),
                message: "No such campaign.".into(),
                fields: Default::default(),
            },
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(
            json,
            r#"{"error":{"code":"not_found","message":"No such campaign."}}"#
        );
    }

    #[test]
    fn a_new_bot_with_only_a_name_takes_the_contract_defaults() {
        let bot: NewBot = serde_json::from_str(r#"{"name":"Sales"}"#).unwrap();
        assert_eq!(
            bot,
            NewBot {
                name: "Sales".into(),
                description: String::new(),
                callback_enabled: false,
                ready: false,
            }
        );
    }

    #[test]
    fn a_patch_leaves_out_the_fields_it_does_not_change() {
        let patch = BotPatch {
            ready: Some(true),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&patch).unwrap(), r#"{"ready":true}"#);
    }
}

/// The named events of a campaign's stream (`GET /api/campaigns/{id}/events`)
/// and of the campaign list's stream (`GET /api/events`), so the server that
/// sends them and the page that listens spell them alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignEventName {
    /// The status changed or a run began.
    Status,
    /// The contact counts changed.
    Counts,
    /// The configuration was edited.
    Edited,
    /// The campaign was deleted; its own stream ends.
    Deleted,
    /// A full stats snapshot (a campaign's stream only: at once on
    /// connecting, then every 2 s).
    Stats,
    /// A campaign was created or cloned (the list's stream only).
    Created,
    /// The listener fell behind and missed events: read the list again (the
    /// list's stream only).
    Lagged,
}

impl CampaignEventName {
    /// Every event name the streams send.
    pub const ALL: [CampaignEventName; 7] = [
        CampaignEventName::Status,
        CampaignEventName::Counts,
        CampaignEventName::Edited,
        CampaignEventName::Deleted,
        CampaignEventName::Stats,
        CampaignEventName::Created,
        CampaignEventName::Lagged,
    ];

    /// The SSE `event:` name.
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignEventName::Status => "status",
            CampaignEventName::Counts => "counts",
            CampaignEventName::Edited => "edited",
            CampaignEventName::Deleted => "deleted",
            CampaignEventName::Stats => "stats",
            CampaignEventName::Created => "created",
            CampaignEventName::Lagged => "lagged",
        }
    }
}

/// The data of a `counts` event: `{"type":"counts","campaign_id":…,"counts":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountsEvent {
    pub campaign_id: i64,
    pub counts: ContactCounts,
}
