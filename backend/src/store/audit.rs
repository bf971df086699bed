//! The audit trail: who did what, when. Campaign actions carry their
//! campaign's id; actions on bots, carriers, numbers and tokens carry none.

use serde_json::Value;

use crate::db::Db;

use super::{with_pool, Timestamp};

/// An entry to record inside another write's transaction (an upload's swap),
/// so the change and its entry are stored together or not at all.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub details: &'a Value,
}

/// The insert of an entry: campaign, actor, action, details (JSON text), at.
pub const INSERT: &str =
    "insert into audit (campaign_id, actor, action, details, at) values ($1, $2, $3, $4, $5)";

/// Appends one entry. `details` is a JSON object such as the changed fields.
pub async fn record(
    db: &Db,
    campaign_id: Option<i64>,
    actor: &str,
    action: &str,
    details: &Value,
    at: Timestamp,
) -> sqlx::Result<()> {
    with_pool!(db, |pool| {
        sqlx::query(INSERT)
            .bind(campaign_id)
            .bind(actor)
            .bind(action)
            .bind(details.to_string())
            .bind(at)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(())
}
