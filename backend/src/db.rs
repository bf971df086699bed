//! The store's connection: an embedded SQLite file by default, PostgreSQL
//! when given a `postgres://` URL. Migrations for the chosen engine run at
//! connect time, so a fresh file or database is ready to use.
//!
//! # One schema, two engines
//! `migrations/sqlite` and `migrations/postgres` hold the same numbered files,
//! kept equivalent by hand; a migration is never edited once committed.
//!
//! - **Timestamps** are `timestamptz` on PostgreSQL and, on SQLite, ISO-8601
//!   UTC text with exactly three fractional digits and a `Z`
//!   (`2025-03-01T09:30:00.000Z`, what `strftime('%Y-%m-%dT%H:%M:%fZ')`
//!   writes). That text is fixed-width, so SQLite compares and sorts it
//!   chronologically, and `next_eligible_at <= $1` means the same on both
//!   engines. Rust binds every timestamp through
//!   [`crate::store::Timestamp`], which writes exactly that text on SQLite
//!   (sqlx's own `DateTime` encoding writes `+00:00` and a varying number of
//!   digits, which would not compare) and a `timestamptz` on PostgreSQL. All
//!   times are truncated to milliseconds, so both engines return what they
//!   were given. Rows read them back as `chrono::DateTime<Utc>`.
//! - **JSON** (a campaign's configuration, a contact's variables, audit
//!   details) is `text` on both engines, written and parsed by serde; no
//!   query looks inside it.
//! - **Booleans** are `boolean` on both (SQLite stores 0/1 and sqlx reads the
//!   declared type as a bool); **ids** are 64-bit integers.
//! - **Queries** are runtime `sqlx::query` calls with `$1` placeholders, one
//!   text for both engines (SQLite accepts `$n`), in `crate::store`; values are
//!   always bound, never formatted into SQL.

use std::str::FromStr;
use std::time::Duration;

use anyhow::{bail, Context};
use outdial_shared::api::DatabaseEngine;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

/// How long a SQLite connection waits for the write lock (or for readers,
/// when it empties the log) before giving up with `database is locked`.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A pool on one of the two supported engines.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Db {
    /// Connects to `url` and runs the engine's migrations.
    ///
    /// A URL that is neither `sqlite:` nor `postgres:`/`postgresql:`, a file
    /// that cannot be created or a server that does not answer is an error
    /// whose text says which.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let db = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .with_context(|| format!("{url:?} is not a valid SQLite URL"))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT);
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await
                .with_context(|| format!("cannot open the SQLite database {url:?}"))?;
            Db::Sqlite(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)
                .with_context(|| format!("{url:?} is not a valid PostgreSQL URL"))?;
            // One direct connection first: a pool only reports "timed out",
            // while this says why (refused, unknown database, bad password).
            let probe = sqlx::ConnectOptions::connect(&options)
                .await
                .with_context(|| format!("cannot connect to PostgreSQL at {}", redact(url)))?;
            sqlx::Connection::close(probe).await.ok();
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .with_context(|| format!("cannot connect to PostgreSQL at {}", redact(url)))?;
            Db::Postgres(pool)
        } else {
            bail!("unsupported database URL {url:?}: use sqlite://PATH or postgres://USER@HOST/DB")
        };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await,
        }
        .context("database migrations failed")
    }

    /// Which engine this pool talks to.
    pub fn engine(&self) -> DatabaseEngine {
        match self {
            Db::Sqlite(_) => DatabaseEngine::Sqlite,
            Db::Postgres(_) => DatabaseEngine::Postgres,
        }
    }

    /// Closes every connection; used at shutdown so SQLite checkpoints its WAL.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// Hides a password in a database URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_postgres_url_is_hidden_when_printed() {
        assert_eq!(
            redact("postgres://app:s3cret@db.internal/outdial"),
            "postgres://app:***@db.internal/outdial"
        );
        assert_eq!(
            redact("postgres://root@127.0.0.1/test"),
            "postgres://root@127.0.0.1/test"
        );
    }

    #[tokio::test]
    async fn an_unknown_database_scheme_is_refused_with_a_readable_error() {
        let error = Db::connect("mysql://localhost/outdial").await.unwrap_err();
        assert!(
            error.to_string().contains("unsupported database URL"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn a_fresh_sqlite_file_is_created_and_migrated() {
        let dir = std::env::temp_dir().join(format!("outdial-db-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}", dir.join("fresh.db").display());
        let db = Db::connect(&url).await.unwrap();
        assert_eq!(db.engine(), DatabaseEngine::Sqlite);
        let Db::Sqlite(pool) = &db else {
            unreachable!()
        };
        let tables: i64 =
            sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'users'")
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!(tables, 1);
        db.close().await;
        std::fs::remove_dir_all(&dir).ok();
    }
}
