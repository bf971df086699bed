//! Ended attempts counted by outcome, for the forecast's rates
//! (`crate::forecast::rates_of`): a campaign's own, or its carriers' recent ones.

use chrono::{DateTime, Utc};

use crate::db::Db;
use crate::forecast::History;

use super::{with_pool, Timestamp};

const COUNTS: &str = "select count(*), \
     coalesce(sum(case when disposition = 'connected' then 1 else 0 end), 0), \
     coalesce(sum(case when disposition = 'connected' and machine then 1 else 0 end), 0), \
     coalesce(sum(case when disposition = 'rejected' then 1 else 0 end), 0), \
     coalesce(sum(case when disposition in ('error', 'timeout') then 1 else 0 end), 0), \
     cast(avg(case when disposition = 'connected' and not machine then duration_s end) \
     as double precision) \
     from attempts where ended_at is not null";

type Row = (i64, i64, i64, i64, i64, Option<f64>);

fn history(row: Row) -> History {
    let count = |n: i64| n.max(0) as u64;
    History {
        ended: count(row.0),
        connected: count(row.1),
        machine: count(row.2),
        rejected: count(row.3),
        errors: count(row.4),
        talk_seconds: row.5,
    }
}

/// Every ended attempt of the campaign, all runs.
pub async fn of_campaign(db: &Db, campaign_id: i64) -> sqlx::Result<History> {
    let sql = format!("{COUNTS} and campaign_id = $1");
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, Row>(&sql)
            .bind(campaign_id)
            .fetch_one(pool)
            .await
    })?;
    Ok(history(row))
}

/// The attempts the carriers ended since `since`, every campaign's.
pub async fn of_carriers(db: &Db, carriers: &[i64], since: DateTime<Utc>) -> sqlx::Result<History> {
    if carriers.is_empty() {
        return Ok(History::default());
    }
    let list: Vec<String> = (0..carriers.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "{COUNTS} and ended_at > $1 and carrier_id in ({})",
        list.join(", ")
    );
    let row = with_pool!(db, |pool| {
        let mut query = sqlx::query_as::<_, Row>(&sql).bind(Timestamp::from(since));
        for carrier in carriers {
            query = query.bind(*carrier);
        }
        query.fetch_one(pool).await
    })?;
    Ok(history(row))
}
