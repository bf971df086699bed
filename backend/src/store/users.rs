//! Operators who sign in.

use crate::db::Db;

use super::with_pool;

/// A stored operator with the hash their password is checked against.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub display_timezone: Option<String>,
}

const COLUMNS: &str = "id, username, password_hash, display_timezone";

pub async fn find_by_username(db: &Db, username: &str) -> sqlx::Result<Option<UserRow>> {
    with_pool!(db, |pool| {
        sqlx::query_as::<_, UserRow>(&format!("select {COLUMNS} from users where username = $1"))
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

pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<UserRow>> {
    with_pool!(db, |pool| {
        sqlx::query_as::<_, UserRow>(&format!("select {COLUMNS} from users where id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
    })
}

/// Sets the operator's display timezone (`None`: follow the browser).
pub async fn set_display_timezone(db: &Db, id: i64, zone: Option<&str>) -> sqlx::Result<()> {
    with_pool!(db, |pool| {
        sqlx::query("update users set display_timezone = $2 where id = $1")
            .bind(id)
            .bind(zone)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(())
}

/// Replaces the operator's password and ends every other session of
/// theirs (the one `keep_session` hashes stays), in one transaction: a
/// password changed because it leaked must not leave the leak signed in.
pub async fn change_password(
    db: &Db,
    id: i64,
    password_hash: &str,
    keep_session: &str,
) -> sqlx::Result<u64> {
    with_pool!(db, |pool| {
        async {
            let mut tx = pool.begin().await?;
            sqlx::query("update users set password_hash = $2 where id = $1")
                .bind(id)
                .bind(password_hash)
                .execute(&mut *tx)
                .await?;
            let ended = sqlx::query("delete from sessions where user_id = $1 and token_hash <> $2")
                .bind(id)
                .bind(keep_session)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok(ended)
        }
        .await
    })
}
