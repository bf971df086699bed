//! A campaign's scheduled callbacks: contacts in the `callback` state of its
//! current list, soonest first, each with the call in which it was asked for.

use chrono::{DateTime, Utc};
use outdial_shared::api::{CallbackRequest, ScheduledCallback};

use crate::db::Db;

use super::contact_lists::VISIBLE;
use super::with_pool;

#[derive(Debug, sqlx::FromRow)]
struct CallbackRow {
    contact_id: i64,
    phone: String,
    due_at: Option<DateTime<Utc>>,
    attempt_id: Option<i64>,
    run_no: Option<i64>,
    attempt_no: Option<i64>,
    dialed_at: Option<DateTime<Utc>>,
    business_disposition: Option<String>,
    asked_for: Option<DateTime<Utc>>,
}

/// One page of the callbacks, soonest first, and how many there are.
pub async fn scheduled(
    db: &Db,
    campaign_id: i64,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<ScheduledCallback>, u64)> {
    // `VISIBLE` reads the campaign id from `$1`. The request is the
    // contact's latest attempt that recorded a callback time.
    let condition =
        format!("contacts.campaign_id = $1 and contacts.state = 'callback' and {VISIBLE}");
    let sql = format!(
        "select contacts.id as contact_id, contacts.phone, contacts.next_eligible_at as due_at, \
         a.id as attempt_id, cast(a.run_no as bigint) as run_no, \
         cast(a.attempt_no as bigint) as attempt_no, a.dialed_at, a.business_disposition, \
         a.callback_at as asked_for \
         from contacts left join attempts a on a.id = ( \
             select max(b.id) from attempts b \
             where b.contact_id = contacts.id and b.callback_at is not null) \
         where {condition} \
         order by contacts.next_eligible_at, contacts.id limit $2 offset $3"
    );
    let (rows, total) = with_pool!(db, |pool| {
        let rows = sqlx::query_as::<_, CallbackRow>(&sql)
            .bind(campaign_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await?;
        let total = sqlx::query_scalar::<_, i64>(&format!(
            "select count(*) from contacts where {condition}"
        ))
        .bind(campaign_id)
        .fetch_one(pool)
        .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    let callbacks = rows
        .into_iter()
        .map(|row| ScheduledCallback {
            contact_id: row.contact_id,
            phone_number: row.phone,
            due_at: row.due_at,
            requested_in: match (row.attempt_id, row.asked_for) {
                (Some(attempt_id), Some(asked_for)) => Some(CallbackRequest {
                    attempt_id,
                    run_no: row.run_no.unwrap_or_default(),
                    attempt_no: row.attempt_no.unwrap_or_default(),
                    dialed_at: row.dialed_at,
                    business_disposition: row.business_disposition,
                    asked_for,
                }),
                _ => None,
            },
        })
        .collect();
    Ok((callbacks, total.max(0) as u64))
}
