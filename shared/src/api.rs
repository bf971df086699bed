//! JSON shapes exchanged between the browser and the server.

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
}
