//! Outbound numbers, stored in E.164, and which campaigns use them.

use chrono::{DateTime, Utc};
use outdial_shared::api::PhoneNumber;

use crate::db::Db;

use super::{with_pool, Timestamp};

#[derive(Debug, Clone, sqlx::FromRow)]
struct NumberRow {
    id: i64,
    carrier_id: i64,
    number: String,
    label: Option<String>,
    inbound_only: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<NumberRow> for PhoneNumber {
    fn from(row: NumberRow) -> Self {
        PhoneNumber {
            id: row.id,
            carrier_id: row.carrier_id,
            number: row.number,
            label: row.label,
            inbound_only: row.inbound_only,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

const COLUMNS: &str = "id, carrier_id, number, label, inbound_only, created_at, updated_at";

/// A new number, validated: `number` is E.164.
#[derive(Debug, Clone)]
pub struct NumberFields {
    pub carrier_id: i64,
    pub number: String,
    pub label: Option<String>,
    pub inbound_only: bool,
}

/// The fields a patch changes; `None` leaves a field as it is, and
/// `label: Some(None)` clears the label.
#[derive(Debug, Clone, Default)]
pub struct NumberChanges {
    pub carrier_id: Option<i64>,
    pub number: Option<String>,
    pub label: Option<Option<String>>,
    pub inbound_only: Option<bool>,
}

/// Every number, or one carrier's, in E.164 order.
pub async fn list(db: &Db, carrier_id: Option<i64>) -> sqlx::Result<Vec<PhoneNumber>> {
    let rows = with_pool!(db, |pool| {
        sqlx::query_as::<_, NumberRow>(&format!(
            "select {COLUMNS} from numbers where ($1 is null or carrier_id = $1) \
             order by number, id"
        ))
        .bind(carrier_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows.into_iter().map(PhoneNumber::from).collect())
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<PhoneNumber>> {
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, NumberRow>(&format!("select {COLUMNS} from numbers where id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
    })?;
    Ok(row.map(PhoneNumber::from))
}

/// A unique violation when the number exists (on any carrier).
pub async fn insert(db: &Db, number: &NumberFields, now: Timestamp) -> sqlx::Result<PhoneNumber> {
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, NumberRow>(&format!(
            "insert into numbers (carrier_id, number, label, inbound_only, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $5) returning {COLUMNS}"
        ))
        .bind(number.carrier_id)
        .bind(&number.number)
        .bind(number.label.as_deref())
        .bind(number.inbound_only)
        .bind(now)
        .fetch_one(pool)
        .await
    })?;
    Ok(row.into())
}

/// `None` when there is no such number; a unique violation when the new
/// number exists already.
pub async fn update(
    db: &Db,
    id: i64,
    changes: &NumberChanges,
    now: Timestamp,
) -> sqlx::Result<Option<PhoneNumber>> {
    let (set_label, label) = match &changes.label {
        Some(label) => (true, label.as_deref()),
        None => (false, None),
    };
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, NumberRow>(&format!(
            "update numbers set carrier_id = coalesce($2, carrier_id), \
             number = coalesce($3, number), \
             label = case when $4 then $5 else label end, \
             inbound_only = coalesce($6, inbound_only), updated_at = $7 \
             where id = $1 returning {COLUMNS}"
        ))
        .bind(id)
        .bind(changes.carrier_id)
        .bind(changes.number.as_deref())
        .bind(set_label)
        .bind(label)
        .bind(changes.inbound_only)
        .bind(now)
        .fetch_optional(pool)
        .await
    })?;
    Ok(row.map(PhoneNumber::from))
}

/// `false` when there is no such number; a foreign-key violation when a
/// campaign's pool holds it.
pub async fn delete(db: &Db, id: i64) -> sqlx::Result<bool> {
    let done = with_pool!(db, |pool| {
        sqlx::query("delete from numbers where id = $1")
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(done > 0)
}

/// The names of the campaigns whose number pool holds the number.
pub async fn campaigns_using(db: &Db, id: i64) -> sqlx::Result<Vec<String>> {
    with_pool!(db, |pool| {
        sqlx::query_scalar::<_, String>(
            "select c.name from campaigns c \
             join campaign_numbers cn on cn.campaign_id = c.id \
             where cn.number_id = $1 order by c.created_at, c.id",
        )
        .bind(id)
        .fetch_all(pool)
        .await
    })
}
