//! One contact's attempts, for its history on the campaign's page.

use chrono::{DateTime, Utc};
use outdial_shared::api::ContactAttempt;

use crate::db::Db;

use super::with_pool;

#[derive(Debug, sqlx::FromRow)]
struct AttemptRow {
    id: i64,
    run_no: i64,
    attempt_no: i64,
    from_number: Option<String>,
    carrier: Option<String>,
    dialed_at: Option<DateTime<Utc>>,
    answered_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    disposition: Option<String>,
    duration_s: Option<i64>,
    machine: Option<bool>,
    business_disposition: Option<String>,
    callback_at: Option<DateTime<Utc>>,
}

/// Every attempt of `contact_id` (of `campaign_id`), newest first.
pub async fn of_contact(
    db: &Db,
    campaign_id: i64,
    contact_id: i64,
) -> sqlx::Result<Vec<ContactAttempt>> {
    let sql = "select a.id, cast(a.run_no as bigint) as run_no, \
               cast(a.attempt_no as bigint) as attempt_no, a.from_number, c.name as carrier, \
               a.dialed_at, a.answered_at, a.ended_at, a.disposition, \
               cast(a.duration_s as bigint) as duration_s, a.machine, a.business_disposition, \
               a.callback_at \
               from attempts a left join carriers c on c.id = a.carrier_id \
               where a.campaign_id = $1 and a.contact_id = $2 \
               order by a.run_no desc, a.attempt_no desc, a.id desc";
    let rows = with_pool!(db, |pool| {
        sqlx::query_as::<_, AttemptRow>(sql)
            .bind(campaign_id)
            .bind(contact_id)
            .fetch_all(pool)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| ContactAttempt {
            id: r.id,
            run_no: r.run_no,
            attempt_no: r.attempt_no,
            from_number: r.from_number,
            carrier: r.carrier,
            dialed_at: r.dialed_at,
            answered_at: r.answered_at,
            ended_at: r.ended_at,
            disposition: r.disposition,
            duration_seconds: r.duration_s,
            machine: r.machine,
            business_disposition: r.business_disposition,
            callback_at: r.callback_at,
        })
        .collect())
}
