//! Carriers, read together with their numbers.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use outdial_shared::api::{Carrier, PhoneNumber};

use crate::db::Db;

use super::{numbers, with_pool, Timestamp};

#[derive(Debug, Clone, sqlx::FromRow)]
struct CarrierRow {
    id: i64,
    name: String,
    cps_limit: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl CarrierRow {
    fn with_numbers(self, numbers: Vec<PhoneNumber>) -> Carrier {
        Carrier {
            id: self.id,
            name: self.name,
            cps_limit: i64::from(self.cps_limit),
            numbers,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

const COLUMNS: &str = "id, name, cps_limit, created_at, updated_at";

/// A carrier's fields as validated for writing.
#[derive(Debug, Clone)]
pub struct CarrierFields {
    pub name: String,
    pub cps_limit: i32,
}

/// The fields a patch changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CarrierChanges {
    pub name: Option<String>,
    pub cps_limit: Option<i32>,
}

pub async fn list(db: &Db) -> sqlx::Result<Vec<Carrier>> {
    let rows = with_pool!(db, |pool| {
        sqlx::query_as::<_, CarrierRow>(&format!(
            "select {COLUMNS} from carriers order by name, id"
        ))
        .fetch_all(pool)
        .await
    })?;
    let mut by_carrier: HashMap<i64, Vec<PhoneNumber>> = HashMap::new();
    for number in numbers::list(db, None).await? {
        by_carrier
            .entry(number.carrier_id)
            .or_default()
            .push(number);
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let numbers = by_carrier.remove(&row.id).unwrap_or_default();
            row.with_numbers(numbers)
        })
        .collect())
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<Carrier>> {
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, CarrierRow>(&format!("select {COLUMNS} from carriers where id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
    })?;
    match row {
        Some(row) => Ok(Some(row.with_numbers(numbers::list(db, Some(id)).await?))),
        None => Ok(None),
    }
}

pub async fn exists(db: &Db, id: i64) -> sqlx::Result<bool> {
    let count = with_pool!(db, |pool| {
        sqlx::query_scalar::<_, i64>("select count(*) from carriers where id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
    })?;
    Ok(count > 0)
}

/// A unique violation when the name is taken.
pub async fn insert(db: &Db, carrier: &CarrierFields, now: Timestamp) -> sqlx::Result<Carrier> {
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, CarrierRow>(&format!(
            "insert into carriers (name, cps_limit, created_at, updated_at) \
             values ($1, $2, $3, $3) returning {COLUMNS}"
        ))
        .bind(&carrier.name)
        .bind(carrier.cps_limit)
        .bind(now)
        .fetch_one(pool)
        .await
    })?;
    Ok(row.with_numbers(Vec::new()))
}

/// `None` when there is no such carrier; a unique violation when the new name is taken.
pub async fn update(
    db: &Db,
    id: i64,
    changes: &CarrierChanges,
    now: Timestamp,
) -> sqlx::Result<Option<Carrier>> {
    let updated = with_pool!(db, |pool| {
        sqlx::query("update carriers set name = coalesce($2, name), cps_limit = coalesce($3, cps_limit), updated_at = $4 where id = $1")
            .bind(id)
            .bind(changes.name.as_deref())
            .bind(changes.cps_limit)
            .bind(now)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    if updated == 0 {
        return Ok(None);
    }
    get(db, id).await
}

/// `false` when there is no such carrier. Its numbers go with it; a
/// foreign-key violation when a campaign's pool holds one of them.
pub async fn delete(db: &Db, id: i64) -> sqlx::Result<bool> {
    let done = with_pool!(db, |pool| {
        sqlx::query("delete from carriers where id = $1")
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(done > 0)
}

/// The names of the campaigns whose number pool holds one of the carrier's numbers.
pub async fn campaigns_using(db: &Db, id: i64) -> sqlx::Result<Vec<String>> {
    with_pool!(db, |pool| {
        sqlx::query_scalar::<_, String>(
            "select distinct c.name from campaigns c \
             join campaign_numbers cn on cn.campaign_id = c.id \
             join numbers n on n.id = cn.number_id \
             where n.carrier_id = $1 order by c.name",
        )
        .bind(id)
        .fetch_all(pool)
        .await
    })
}
