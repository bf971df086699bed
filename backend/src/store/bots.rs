//! Bots, and which campaigns use them.

use chrono::{DateTime, Utc};
use outdial_shared::api::Bot;

use crate::db::Db;

use super::{with_pool, Timestamp};

#[derive(Debug, Clone, sqlx::FromRow)]
struct BotRow {
    id: i64,
    name: String,
    description: String,
    callback_enabled: bool,
    ready: bool,
    last_passed_test_call: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<BotRow> for Bot {
    fn from(row: BotRow) -> Self {
        Bot {
            id: row.id,
            name: row.name,
            description: row.description,
            callback_enabled: row.callback_enabled,
            ready: row.ready,
            last_passed_test_call: row.last_passed_test_call,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A bot's columns, with when its last passed test call ended (a subquery:
/// both engines take it in `returning` too).
const COLUMNS: &str = "id, name, description, callback_enabled, ready, \
     (select max(t.ended_at) from test_calls t where t.bot_id = bots.id and t.passed) \
     as last_passed_test_call, created_at, updated_at";

/// A bot's fields as validated for writing.
#[derive(Debug, Clone)]
pub struct BotFields {
    pub name: String,
    pub description: String,
    pub callback_enabled: bool,
    pub ready: bool,
}

/// The fields a patch changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct BotChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub callback_enabled: Option<bool>,
    pub ready: Option<bool>,
}

pub async fn list(db: &Db) -> sqlx::Result<Vec<Bot>> {
    let rows = with_pool!(db, |pool| {
        sqlx::query_as::<_, BotRow>(&format!("select {COLUMNS} from bots order by name, id"))
            .fetch_all(pool)
            .await
    })?;
    Ok(rows.into_iter().map(Bot::from).collect())
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<Bot>> {
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, BotRow>(&format!("select {COLUMNS} from bots where id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
    })?;
    Ok(row.map(Bot::from))
}

/// Fails with a unique violation when the name is taken.
pub async fn insert(db: &Db, bot: &BotFields, now: Timestamp) -> sqlx::Result<Bot> {
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, BotRow>(&format!(
            "insert into bots (name, description, callback_enabled, ready, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $5) returning {COLUMNS}"
        ))
        .bind(&bot.name)
        .bind(&bot.description)
        .bind(bot.callback_enabled)
        .bind(bot.ready)
        .bind(now)
        .fetch_one(pool)
        .await
    })?;
    Ok(row.into())
}

/// `None` when there is no such bot; a unique violation when the new name is taken.
pub async fn update(
    db: &Db,
    id: i64,
    changes: &BotChanges,
    now: Timestamp,
) -> sqlx::Result<Option<Bot>> {
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, BotRow>(&format!(
            "update bots set name = coalesce($2, name), \
             description = coalesce($3, description), \
             callback_enabled = coalesce($4, callback_enabled), \
             ready = coalesce($5, ready), updated_at = $6 \
             where id = $1 returning {COLUMNS}"
        ))
        .bind(id)
        .bind(changes.name.as_deref())
        .bind(changes.description.as_deref())
        .bind(changes.callback_enabled)
        .bind(changes.ready)
        .bind(now)
        .fetch_optional(pool)
        .await
    })?;
    Ok(row.map(Bot::from))
}

/// `false` when there is no such bot. A foreign-key violation when a
/// campaign uses it (callers check [`campaigns_using`] first for a clear answer).
pub async fn delete(db: &Db, id: i64) -> sqlx::Result<bool> {
    let done = with_pool!(db, |pool| {
        sqlx::query("delete from bots where id = $1")
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(done > 0)
}

/// The names of the campaigns that use the bot, oldest first.
pub async fn campaigns_using(db: &Db, id: i64) -> sqlx::Result<Vec<String>> {
    with_pool!(db, |pool| {
        sqlx::query_scalar::<_, String>(
            "select name from campaigns where bot_id = $1 order by created_at, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await
    })
}
