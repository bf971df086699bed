//! Bot test calls (migration 0010): placed within the carrier's calls per
//! second like a campaign's dials, then moved along by the same call events.
//! The dial request names a test call by its id negated
//! ([`attempt_id_of`]), which is how its events are told from a campaign
//! attempt's.

use chrono::{DateTime, Duration, Utc};
use outdial_shared::api::{test_call_passed, TestCall, TestCallStatus};

use crate::db::Db;
use crate::dialler::telephony::{CallEvent, CallEventKind};

use super::{with_pool, Timestamp};

/// A test call with no ending after this long is ended as `timeout`: its
/// events were lost (the gateway never sent them, or the server restarted
/// while the simulated carrier held them).
pub const NO_EVENTS_AFTER: Duration = Duration::minutes(10);

/// The dial request's `attempt_id` of test call `id`.
pub fn attempt_id_of(id: i64) -> i64 {
    -id
}

/// The test call a call event's `attempt_id` names, if it names one.
pub fn test_call_of(attempt_id: i64) -> Option<i64> {
    (attempt_id < 0).then(|| -attempt_id)
}

/// Splits call events into campaign calls' and test calls', each in order.
pub fn split(events: Vec<CallEvent>) -> (Vec<CallEvent>, Vec<CallEvent>) {
    events
        .into_iter()
        .partition(|event| test_call_of(event.attempt_id).is_none())
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    bot_id: i64,
    placed_by: String,
    from_number: String,
    to_number: String,
    status: String,
    dialed_at: DateTime<Utc>,
    answered_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    disposition: Option<String>,
    duration_s: Option<i64>,
    machine: Option<bool>,
    business_disposition: Option<String>,
    error: Option<String>,
    passed: bool,
}

impl From<Row> for TestCall {
    fn from(row: Row) -> Self {
        TestCall {
            id: row.id,
            bot_id: row.bot_id,
            placed_by: row.placed_by,
            from_number: row.from_number,
            to_number: row.to_number,
            status: TestCallStatus::parse(&row.status).unwrap_or(TestCallStatus::Ended),
            dialed_at: row.dialed_at,
            answered_at: row.answered_at,
            ended_at: row.ended_at,
            disposition: row.disposition,
            duration_seconds: row.duration_s,
            machine: row.machine,
            business_disposition: row.business_disposition,
            error: row.error,
            passed: row.passed,
        }
    }
}

const COLUMNS: &str = "id, bot_id, placed_by, from_number, to_number, status, dialed_at, \
     answered_at, ended_at, disposition, cast(duration_s as bigint) as duration_s, machine, \
     business_disposition, error, passed";

/// A test call to record, before it is dialled.
#[derive(Debug, Clone)]
pub struct NewTestCall<'a> {
    pub bot_id: i64,
    pub placed_by: &'a str,
    pub from_number: &'a str,
    pub to_number: &'a str,
    pub carrier_id: i64,
    pub carrier_cps: u32,
}

/// What [`place`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// Recorded as dialling, under this id.
    Recorded(i64),
    /// The carrier's calls per second are used up in the second before
    /// `now` (by campaign dials and test calls together): nothing recorded.
    CarrierBusy,
}

/// Records a test call as dialled at `now` if its carrier has a dial left
/// in the second before `now`, counting campaign attempts and test calls,
/// under the same lock the dialler's claim takes (the carrier's row on
/// PostgreSQL, the write lock on SQLite), so the two never overrun it
/// together.
pub async fn place(db: &Db, call: &NewTestCall<'_>, now: DateTime<Utc>) -> sqlx::Result<Placed> {
    let postgres = matches!(db, Db::Postgres(_));
    let at = Timestamp::from(now);
    let since = Timestamp::from(now - Duration::seconds(1));
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        // PostgreSQL: the carrier's row, as the claim locks it. SQLite: a
        // write first, so the transaction holds the write lock from here.
        let lock = if postgres {
            "select id from carriers where id = $1 for update"
        } else {
            "update carriers set cps_limit = cps_limit where id = $1 returning id"
        };
        sqlx::query_scalar::<_, i64>(lock)
            .bind(call.carrier_id)
            .fetch_optional(&mut *tx)
            .await?;
        let dialled: i64 = sqlx::query_scalar(
            "select (select count(*) from attempts where carrier_id = $1 and dialed_at > $2) \
             + (select count(*) from test_calls where carrier_id = $1 and dialed_at > $2)",
        )
        .bind(call.carrier_id)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        if dialled >= i64::from(call.carrier_cps) {
            tx.rollback().await?;
            return Ok(Placed::CarrierBusy);
        }
        let id: i64 = sqlx::query_scalar(
            "insert into test_calls (bot_id, placed_by, from_number, to_number, carrier_id, \
             status, dialed_at) values ($1, $2, $3, $4, $5, 'dialling', $6) returning id",
        )
        .bind(call.bot_id)
        .bind(call.placed_by)
        .bind(call.from_number)
        .bind(call.to_number)
        .bind(call.carrier_id)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Placed::Recorded(id))
    })
}

/// How many test calls `operator` placed after `since` (the rate limit),
/// and when the oldest of them was placed.
pub async fn placed_since(
    db: &Db,
    operator: &str,
    since: DateTime<Utc>,
) -> sqlx::Result<(i64, Option<DateTime<Utc>>)> {
    with_pool!(db, |pool| {
        sqlx::query_as::<_, (i64, Option<DateTime<Utc>>)>(
            "select count(*), min(dialed_at) from test_calls \
             where placed_by = $1 and dialed_at > $2",
        )
        .bind(operator)
        .bind(Timestamp::from(since))
        .fetch_one(pool)
        .await
    })
}

/// Ends a test call whose dial request failed.
pub async fn fail(db: &Db, id: i64, reason: &str, now: DateTime<Utc>) -> sqlx::Result<()> {
    with_pool!(db, |pool| {
        sqlx::query(
            "update test_calls set status = 'ended', ended_at = $2, disposition = 'error', \
             error = $3 where id = $1 and ended_at is null",
        )
        .bind(id)
        .bind(Timestamp::from(now))
        .bind(reason)
        .execute(pool)
        .await
        .map(|_| ())
    })
}

/// Applies call events to the test calls they name (see [`test_call_of`]);
/// events of other calls are left alone. Returns how many changed a call:
/// a repeated event, or one after the call ended, changes nothing.
pub async fn apply(db: &Db, events: &[CallEvent]) -> sqlx::Result<usize> {
    let mut applied = 0u64;
    for event in events {
        let Some(id) = test_call_of(event.attempt_id) else {
            continue;
        };
        let at = Timestamp::from(event.at);
        let done = with_pool!(db, |pool| {
            match &event.kind {
                CallEventKind::Ringing => sqlx::query(
                    "update test_calls set status = 'ringing' \
                         where id = $1 and status = 'dialling'",
                )
                .bind(id)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()),
                CallEventKind::Answered { machine } => sqlx::query(
                    "update test_calls set status = 'answered', answered_at = $2, \
                         machine = $3 where id = $1 and status in ('dialling', 'ringing')",
                )
                .bind(id)
                .bind(at)
                .bind(*machine)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()),
                CallEventKind::Ended(outcome) => {
                    let disposition = crate::dialler::sql_store::status_name(outcome.status);
                    sqlx::query(
                        "update test_calls set status = 'ended', ended_at = $2, \
                         disposition = $3, duration_s = $4, machine = $5, \
                         business_disposition = $6, passed = $7 \
                         where id = $1 and ended_at is null",
                    )
                    .bind(id)
                    .bind(at)
                    .bind(disposition)
                    .bind(i64::from(outcome.duration_seconds))
                    .bind(outcome.answered_by_machine)
                    .bind(outcome.disposition.as_deref())
                    .bind(test_call_passed(disposition, outcome.answered_by_machine))
                    .execute(pool)
                    .await
                    .map(|done| done.rows_affected())
                }
            }
        })?;
        applied += done;
    }
    Ok(applied as usize)
}

/// A bot's test calls, newest first, at most `limit`; calls that heard
/// nothing for [`NO_EVENTS_AFTER`] are ended as `timeout` first.
pub async fn list(
    db: &Db,
    bot_id: i64,
    limit: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<TestCall>> {
    let rows = with_pool!(db, |pool| {
        sqlx::query(
            "update test_calls set status = 'ended', ended_at = $2, disposition = 'timeout', \
             error = 'No call event arrived within 10 minutes: the call was given up.' \
             where bot_id = $1 and ended_at is null and dialed_at < $3",
        )
        .bind(bot_id)
        .bind(Timestamp::from(now))
        .bind(Timestamp::from(now - NO_EVENTS_AFTER))
        .execute(pool)
        .await?;
        sqlx::query_as::<_, Row>(&format!(
            "select {COLUMNS} from test_calls where bot_id = $1 order by id desc limit $2"
        ))
        .bind(bot_id)
        .bind(limit)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows.into_iter().map(TestCall::from).collect())
}

/// One test call.
pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<TestCall>> {
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, Row>(&format!("select {COLUMNS} from test_calls where id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
    })?;
    Ok(row.map(TestCall::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_call_is_named_by_its_id_negated_and_campaign_attempts_are_not_test_calls() {
        assert_eq!(attempt_id_of(7), -7);
        assert_eq!(test_call_of(attempt_id_of(7)), Some(7));
        assert_eq!(test_call_of(7), None);
        assert_eq!(test_call_of(0), None);
    }
}
