//! The campaign detail page's numbers, computed from the contacts and
//! attempts tables, and the campaign's audit trail.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use outdial_shared::api::{AuditEntry, HourlyAttempts};

use crate::db::Db;

use super::contact_lists::VISIBLE;
use super::{with_pool, Timestamp};

/// What the attempts and contacts tables say about one campaign.
#[derive(Debug, Clone, Default)]
pub struct AttemptFigures {
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

fn counted(rows: Vec<(Option<String>, i64)>) -> BTreeMap<String, u64> {
    rows.into_iter()
        .filter_map(|(key, count)| key.map(|k| (k, count.max(0) as u64)))
        .collect()
}

pub async fn figures(db: &Db, campaign_id: i64, now: Timestamp) -> sqlx::Result<AttemptFigures> {
    let since = now + chrono::Duration::hours(-24);
    // The hour an attempt was dialled in, as text both engines group by.
    let hour = match db {
        Db::Sqlite(_) => "substr(dialed_at, 1, 13) || ':00:00.000Z'",
        Db::Postgres(_) => {
            "to_char(date_trunc('hour', dialed_at at time zone 'UTC'), 'YYYY-MM-DD\"T\"HH24:00:00.000\"Z\"')"
        }
    };
    let per_hour_sql = format!(
        "select {hour} as h, count(*) from attempts \
         where campaign_id = $1 and dialed_at >= $2 group by h order by h"
    );
    let (done, dispositions, business, totals, hours, callbacks) = with_pool!(db, |pool| {
        let done: Vec<(Option<String>, i64)> = sqlx::query_as(&format!(
            "select done_reason, count(*) from contacts \
             where campaign_id = $1 and state = 'done' and {VISIBLE} group by done_reason"
        ))
        .bind(campaign_id)
        .fetch_all(pool)
        .await?;
        let dispositions: Vec<(Option<String>, i64)> = sqlx::query_as(
            "select disposition, count(*) from attempts \
             where campaign_id = $1 and ended_at is not null group by disposition",
        )
        .bind(campaign_id)
        .fetch_all(pool)
        .await?;
        let business: Vec<(Option<String>, i64)> = sqlx::query_as(
            "select business_disposition, count(*) from attempts \
             where campaign_id = $1 and ended_at is not null group by business_disposition",
        )
        .bind(campaign_id)
        .fetch_all(pool)
        .await?;
        let totals: (i64, Option<i64>, Option<i64>) = sqlx::query_as(
            "select count(*), \
             sum(case when machine then 1 else 0 end), \
             sum(case when ended_at is null then 1 else 0 end) \
             from attempts where campaign_id = $1",
        )
        .bind(campaign_id)
        .fetch_one(pool)
        .await?;
        let hours: Vec<(String, i64)> = sqlx::query_as(&per_hour_sql)
            .bind(campaign_id)
            .bind(since)
            .fetch_all(pool)
            .await?;
        let callbacks: (i64, Option<Timestamp>) = sqlx::query_as(&format!(
            "select count(*), min(next_eligible_at) from contacts \
             where campaign_id = $1 and state = 'callback' and {VISIBLE}"
        ))
        .bind(campaign_id)
        .fetch_one(pool)
        .await?;
        Ok::<_, sqlx::Error>((done, dispositions, business, totals, hours, callbacks))
    })?;
    let attempts_per_hour = hours
        .into_iter()
        .map(|(hour, count)| {
            let hour = DateTime::parse_from_rfc3339(&hour)
                .map_err(|e| sqlx::Error::Decode(format!("attempt hour {hour:?}: {e}").into()))?;
            Ok(HourlyAttempts {
                hour: hour.with_timezone(&Utc),
                attempts: count.max(0) as u64,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(AttemptFigures {
        done_reasons: counted(done),
        dispositions: counted(dispositions),
        business_dispositions: counted(business),
        attempts_total: totals.0.max(0) as u64,
        answering_machines: totals.1.unwrap_or(0).max(0) as u64,
        live_calls: totals.2.unwrap_or(0).max(0) as u64,
        attempts_per_hour,
        callbacks_scheduled: callbacks.0.max(0) as u64,
        next_callback_at: callbacks.1.map(Timestamp::as_datetime),
    })
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct AuditRow {
    id: i64,
    actor: String,
    action: String,
    details: String,
    at: DateTime<Utc>,
}

/// The campaign's audit entries, newest first by insertion order (not by
/// `at`: the dialler stamps its entries with its own clock, the API with the
/// wall clock, and the order must be the order things happened in), and how
/// many there are.
pub async fn audit(
    db: &Db,
    campaign_id: i64,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<AuditEntry>, u64)> {
    let (rows, total) = with_pool!(db, |pool| {
        let rows = sqlx::query_as::<_, AuditRow>(
            "select id, actor, action, details, at from audit where campaign_id = $1 \
             order by id desc limit $2 offset $3",
        )
        .bind(campaign_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?;
        let total: i64 = sqlx::query_scalar("select count(*) from audit where campaign_id = $1")
            .bind(campaign_id)
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    let entries = rows
        .into_iter()
        .map(|row| AuditEntry {
            id: row.id,
            actor: row.actor,
            action: row.action,
            details: serde_json::from_str(&row.details).unwrap_or(serde_json::Value::Null),
            at: row.at,
        })
        .collect();
    Ok((entries, total.max(0) as u64))
}
