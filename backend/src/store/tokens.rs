//! API tokens for scripts, looked up by the SHA-256 hash of their secret.

use chrono::{DateTime, Utc};
use outdial_shared::api::ApiToken;

use crate::db::Db;

use super::{with_pool, Timestamp};

#[derive(Debug, Clone, sqlx::FromRow)]
struct TokenRow {
    id: i64,
    name: String,
    prefix: String,
    created_by: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

impl From<TokenRow> for ApiToken {
    fn from(row: TokenRow) -> Self {
        ApiToken {
            id: row.id,
            name: row.name,
            prefix: row.prefix,
            created_by: row.created_by,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        }
    }
}

const SELECT: &str = "select t.id, t.name, t.prefix, u.username as created_by, \
     t.created_at, t.last_used_at from api_tokens t join users u on u.id = t.created_by";

/// The operator a valid token acts for.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenUser {
    pub token_id: i64,
    pub user_id: i64,
    pub username: String,
}

pub async fn create(
    db: &Db,
    name: &str,
    token_hash: &str,
    prefix: &str,
    created_by: i64,
    now: Timestamp,
) -> sqlx::Result<ApiToken> {
    let id = with_pool!(db, |pool| {
        sqlx::query_scalar::<_, i64>(
            "insert into api_tokens (name, token_hash, prefix, created_by, created_at) \
             values ($1, $2, $3, $4, $5) returning id",
        )
        .bind(name)
        .bind(token_hash)
        .bind(prefix)
        .bind(created_by)
        .bind(now)
        .fetch_one(pool)
        .await
    })?;
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, TokenRow>(&format!("{SELECT} where t.id = $1"))
            .bind(id)
            .fetch_one(pool)
            .await
    })?;
    Ok(row.into())
}

/// Tokens that still work, newest first.
pub async fn list_active(db: &Db) -> sqlx::Result<Vec<ApiToken>> {
    let rows = with_pool!(db, |pool| {
        sqlx::query_as::<_, TokenRow>(&format!(
            "{SELECT} where t.revoked_at is null order by t.created_at desc, t.id desc"
        ))
        .fetch_all(pool)
        .await
    })?;
    Ok(rows.into_iter().map(ApiToken::from).collect())
}

/// Revokes an active token; `None` when there is no such active token,
/// otherwise its name.
pub async fn revoke(db: &Db, id: i64, now: Timestamp) -> sqlx::Result<Option<String>> {
    with_pool!(db, |pool| {
        sqlx::query_scalar::<_, String>(
            "update api_tokens set revoked_at = $2 \
             where id = $1 and revoked_at is null returning name",
        )
        .bind(id)
        .bind(now)
        .fetch_optional(pool)
        .await
    })
}

/// The operator behind an unrevoked token, recording that it was used.
pub async fn authenticate(
    db: &Db,
    token_hash: &str,
    now: Timestamp,
) -> sqlx::Result<Option<TokenUser>> {
    with_pool!(db, |pool| {
        sqlx::query_as::<_, TokenUser>(
            "update api_tokens set last_used_at = $2 \
             where token_hash = $1 and revoked_at is null \
             returning id as token_id, created_by as user_id, \
             (select username from users where users.id = api_tokens.created_by) as username",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
    })
}
