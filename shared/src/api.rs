//! JSON shapes exchanged between the browser and the server.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which database engine a server is running on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseEngine {
    /// An embedded SQLite file: the zero-set-up default.
    Sqlite,
    /// A PostgreSQL server: the engine for several backend instances at once.
    Postgres,
}

/// The body of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always `"ok"` when the server answers.
    pub status: String,
    /// The server's version, from its Cargo manifest.
    pub version: String,
    /// The engine the server stores its data in.
    pub database: DatabaseEngine,
}

/// The one error shape every API route answers with:
/// `{"error":{"code":"…","message":"…","fields":{…}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error itself.
    pub error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct LoginRequest {
    /// The operator's username, such as `admin`.
    #[serde(default)]
    pub username: String,
    /// The operator's password, sent once and never stored in plain text.
    #[serde(default)]
    pub password: String,
}

/// How the caller of a request proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// The `outdial_session` cookie set by `POST /api/auth/login`.
    Session,
    /// An `Authorization: Bearer` API token.
    Token,
}

/// The body of `GET /api/auth/me` and of a successful login: who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// The operator's id.
    pub user_id: i64,
    /// The operator's username.
    pub username: String,
    /// Whether this request came with a session cookie or an API token.
    pub auth: AuthMethod,
}

/// A voice bot that campaigns call contacts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bot {
    /// The bot's id.
    pub id: i64,
    /// A unique, non-blank name of at most 100 characters.
    pub name: String,
    /// Free text for operators; may be empty.
    pub description: String,
    /// Whether the bot may schedule callbacks (the bot half of the double gate;
    /// the campaign's callback detection is the other half).
    pub callback_enabled: bool,
    /// Whether the bot has passed its test calls and is ready for live use.
    pub ready: bool,
    /// When the bot was created.
    pub created_at: DateTime<Utc>,
    /// When the bot was last changed.
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/bots`. Absent fields take the defaults shown in the
/// contract: an empty description, callbacks off, not ready.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBot {
    /// Required; see [`Bot::name`].
    #[serde(default)]
    pub name: String,
    /// Optional free text.
    #[serde(default)]
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
pub struct BotPatch {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new description (`""` clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Turns callbacks on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_enabled: Option<bool>,
    /// Marks the bot ready or not ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
}

/// The lowest calls-per-second limit a carrier may have.
pub const CPS_LIMIT_MIN: i64 = 1;
/// The highest calls-per-second limit a carrier may have.
pub const CPS_LIMIT_MAX: i64 = 1000;
/// The calls-per-second limit a new carrier gets when none is given.
pub const CPS_LIMIT_DEFAULT: i64 = 10;

/// A telephony carrier that places the calls, with its outbound numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Carrier {
    /// The carrier's id.
    pub id: i64,
    /// A unique, non-blank name of at most 100 characters.
    pub name: String,
    /// How many calls the carrier lets us start per second, summed over all
    /// campaigns ([`CPS_LIMIT_MIN`]..=[`CPS_LIMIT_MAX`]).
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
pub struct NewCarrier {
    /// Required; see [`Carrier::name`].
    #[serde(default)]
    pub name: String,
    /// Defaults to [`CPS_LIMIT_DEFAULT`] when absent or `null`.
    #[serde(default)]
    pub cps_limit: Option<i64>,
}

/// The body of `PATCH /api/carriers/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarrierPatch {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new calls-per-second limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cps_limit: Option<i64>,
}

/// An outbound number (DID) of a carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct NewPhoneNumber {
    /// The number in any common format; without a leading `+` and country
    /// code, `default_region` says which country it belongs to.
    #[serde(default)]
    pub number: String,
    /// An optional label; blank means none.
    #[serde(default)]
    pub label: Option<String>,
    /// Defaults to `false`.
    #[serde(default)]
    pub inbound_only: bool,
    /// An ISO 3166 region such as `IN` or `US`, used only to read a number
    /// written without a country code.
    #[serde(default)]
    pub default_region: Option<String>,
}

/// The body of `PATCH /api/numbers/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumberPatch {
    /// A new number, in any common format (see [`NewPhoneNumber::number`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// A new label; `""` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Marks the number inbound-only or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound_only: Option<bool>,
    /// Moves the number to another carrier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_id: Option<i64>,
    /// Used only to read a new `number` written without a country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_region: Option<String>,
}

/// An API token as listed: never its secret, which is shown once at creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct NewApiToken {
    /// Required: what the token is for, at most 100 characters.
    #[serde(default)]
    pub name: String,
}

/// The answer to `POST /api/tokens`: the token and, this once, its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiToken {
    /// The stored token.
    pub token: ApiToken,
    /// The secret to send as `Authorization: Bearer <secret>`. It is stored
    /// only as a hash and cannot be shown again.
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_serialises_with_lowercase_engine_names() {
        let health = Health {
            status: "ok".into(),
            version: "0.1.0".into(),
            database: DatabaseEngine::Postgres,
        };
        let json = serde_json::to_value(&health).unwrap();
        assert_eq!(json["database"], "postgres");
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
