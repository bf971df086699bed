//! Browser sessions, looked up by the SHA-256 hash of the cookie's secret.

use crate::db::Db;

use super::{with_pool, Timestamp};

/// The operator a live session belongs to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionUser {
    pub user_id: i64,
    pub username: String,
}

pub async fn create(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    now: Timestamp,
    expires_at: Timestamp,
) -> sqlx::Result<()> {
    with_pool!(db, |pool| {
        sqlx::query(
            "insert into sessions (token_hash, user_id, created_at, expires_at) \
             values ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(())
}

/// The session's operator, if the session exists and has not expired at `now`.
pub async fn find_live(
    db: &Db,
    token_hash: &str,
    now: Timestamp,
) -> sqlx::Result<Option<SessionUser>> {
    with_pool!(db, |pool| {
        sqlx::query_as::<_, SessionUser>(
            "select u.id as user_id, u.username from sessions s \
             join users u on u.id = s.user_id \
             where s.token_hash = $1 and s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
    })
}

pub async fn delete(db: &Db, token_hash: &str) -> sqlx::Result<()> {
    with_pool!(db, |pool| {
        sqlx::query("delete from sessions where token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(())
}

/// Removes sessions that expired before `now`; run at each sign-in.
pub async fn delete_expired(db: &Db, now: Timestamp) -> sqlx::Result<u64> {
    let done = with_pool!(db, |pool| {
        sqlx::query("delete from sessions where expires_at <= $1")
            .bind(now)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(done)
}
