//! Operators who sign in.

use crate::db::Db;

use super::with_pool;

/// A stored operator with the hash their password is checked against.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
}

pub async fn find_by_username(db: &Db, username: &str) -> sqlx::Result<Option<UserRow>> {
    with_pool!(db, |pool| {
        sqlx::query_as::<_, UserRow>(
            "select id, username, password_hash from users where username = $1",
        )
        .bind(username)
        .fetch_optional(pool)
        .await
    })
}

/// Creates the user unless one of that name exists; `Some(id)` when created.
/// Safe when several instances start at once: exactly one of them creates it.
pub async fn insert_if_absent(
    db: &Db,
    username: &str,
    password_hash: &str,
) -> sqlx::Result<Option<i64>> {
    with_pool!(db, |pool| {
        sqlx::query_scalar::<_, i64>(
            "insert into users (username, password_hash) values ($1, $2) \
             on conflict (username) do nothing returning id",
        )
        .bind(username)
        .bind(password_hash)
        .fetch_optional(pool)
        .await
    })
}
