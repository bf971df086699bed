//! The two bulk paths on SQLite — an upload's rows and the export's pages —
//! made with direct SQLite calls on the connection sqlx lends for it
//! (`SqliteConnection::lock_handle`), through rusqlite's safe API.
//!
//! Through sqlx each row is a message between the async task and the
//! connection's worker thread (and a bound batch had to be one JSON text
//! that SQLite parsed again): at 500,000 rows those hand-overs cost more
//! than SQLite's own work. Here an upload's batch is one prepared statement
//! stepped once per row inside one `begin immediate` transaction of its own
//! ([`insert_contacts`]), and the export's pages are read inside one read
//! transaction sqlx opened ([`ListPages`]). Figures: docs/api.md.

use sqlx::pool::PoolConnection;
use sqlx::sqlite::LockedSqliteHandle;
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use super::contact_lists::{NewContactRow, VISIBLE};
use super::contacts::ExportRow;
use super::Timestamp;

/// A SQLite error as sqlx's, so callers handle one error type.
fn to_sqlx(error: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(format!("SQLite: {error}")))
}

/// Runs `work` on the connection `handle` has locked out of sqlx's worker.
fn with_connection<T>(
    handle: &mut LockedSqliteHandle<'_>,
    work: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>,
) -> sqlx::Result<T> {
    // SAFETY: while `handle` lives, sqlx's worker thread makes no call on
    // this connection or its statements (LockedSqliteHandle's guarantee);
    // the rusqlite `Connection` made from it does not close it when dropped
    // (`from_handle`, not `from_handle_owned`), and it is dropped at the end
    // of this function, while `handle` is still borrowed.
    let connection = unsafe { rusqlite::Connection::from_handle(handle.as_raw_handle().as_ptr()) }
        .map_err(to_sqlx)?;
    work(&connection).map_err(to_sqlx)
}

/// Writes `rows` under list `list_no` of campaign `campaign_id` in one
/// transaction of their own (committed, yet invisible until the swap).
///
/// The connection does not copy the write-ahead log back into the database
/// file when this transaction commits (`wal_autocheckpoint` is 0 for it,
/// then set back): that copy, as long again as the write at 500,000 rows,
/// is left to [`checkpoint`], which the server's janitor runs after the
/// swap, and to the other connections' ordinary commits. The rows are
/// durable in the log either way.
pub async fn insert_contacts(
    pool: &SqlitePool,
    campaign_id: i64,
    list_no: i64,
    now: Timestamp,
    rows: &[NewContactRow],
) -> sqlx::Result<()> {
    let at = now.to_sqlite_text();
    let mut connection = pool.acquire().await?;
    let mut handle = connection.lock_handle().await?;
    let mut write = move || {
        with_connection(&mut handle, |connection| {
            let checkpoint: i64 =
                connection.pragma_query_value(None, "wal_autocheckpoint", |row| row.get(0))?;
            connection.pragma_update(None, "wal_autocheckpoint", 0)?;
            let written = insert_batch(connection, campaign_id, list_no, &at, rows);
            let restored = connection.pragma_update(None, "wal_autocheckpoint", checkpoint);
            written.and(restored)
        })
    };
    // The batch blocks its thread (milliseconds; up to the busy timeout
    // while another connection writes): tell a multi-threaded runtime so.
    match tokio::runtime::Handle::current().runtime_flavor() {
        tokio::runtime::RuntimeFlavor::CurrentThread => write(),
        _ => tokio::task::block_in_place(write),
    }
}

/// One batch in one `begin immediate` transaction (the write lock at once;
/// rolled back if any row fails).
fn insert_batch(
    connection: &rusqlite::Connection,
    campaign_id: i64,
    list_no: i64,
    at: &str,
    rows: &[NewContactRow],
) -> rusqlite::Result<()> {
    let tx =
        rusqlite::Transaction::new_unchecked(connection, rusqlite::TransactionBehavior::Immediate)?;
    {
        let mut insert = tx.prepare(
            "insert into contacts (campaign_id, list_no, row_no, phone, variables, state, \
             created_at, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?;
        for row in rows {
            insert.execute(rusqlite::params![
                campaign_id,
                list_no,
                row.row_no,
                row.phone,
                row.variables,
                row.state.as_str(),
                at,
            ])?;
        }
    }
    tx.commit()
}

/// A connection of the pool whose commits do not copy the write-ahead log
/// back into the database file (`wal_autocheckpoint` 0), like an upload's
/// batches, until [`Unchecked::release`] sets it back. One dropped
/// unreleased (an error, a cancelled request) is closed, not returned to
/// the pool, so no pooled connection is left without its checkpoints.
pub struct Unchecked {
    connection: PoolConnection<Sqlite>,
    saved: i64,
    released: bool,
}

impl Unchecked {
    pub async fn acquire(pool: &SqlitePool) -> sqlx::Result<Unchecked> {
        let mut connection = pool.acquire().await?;
        let saved: i64 = sqlx::query_scalar("pragma wal_autocheckpoint")
            .fetch_one(&mut *connection)
            .await?;
        let mut unchecked = Unchecked {
            connection,
            saved,
            released: false,
        };
        sqlx::query("pragma wal_autocheckpoint = 0")
            .execute(unchecked.connection())
            .await?;
        Ok(unchecked)
    }

    pub fn connection(&mut self) -> &mut SqliteConnection {
        &mut self.connection
    }

    /// Sets the connection's checkpoints back and returns it to the pool.
    pub async fn release(mut self) -> sqlx::Result<()> {
        let restore = format!("pragma wal_autocheckpoint = {}", self.saved);
        sqlx::query(&restore).execute(self.connection()).await?;
        self.released = true;
        Ok(())
    }
}

impl Drop for Unchecked {
    fn drop(&mut self) {
        if !self.released {
            self.connection.close_on_drop();
        }
    }
}

/// Copies the write-ahead log back into the database file as far as no
/// reader needs it (`PASSIVE`: it waits for no one and blocks no one), and
/// when all of it is copied, empties the log (`TRUNCATE`), waiting at most
/// [`TRUNCATE_WAIT`] for readers still on it.
///
/// Emptying matters after an upload: until the log restarts, every read
/// looks each page up in the log's index and reads it from the log (an
/// export right after a 500,000-row upload took 1.9 s instead of 1.2 s),
/// and only a later write restarts it. While `TRUNCATE` waits it holds
/// writers back, hence the short wait; a log it could not empty is emptied
/// by the next write or the next checkpoint.
pub async fn checkpoint(pool: &SqlitePool) -> sqlx::Result<()> {
    let (busy, log, copied): (i64, i64, i64) = sqlx::query_as("pragma wal_checkpoint(passive)")
        .fetch_one(pool)
        .await?;
    if busy != 0 || log <= 0 || copied < log {
        return Ok(());
    }
    let mut connection = pool.acquire().await?;
    let mut handle = connection.lock_handle().await?;
    with_connection(&mut handle, |connection| {
        connection.busy_timeout(TRUNCATE_WAIT)?;
        let emptied = connection.query_row("pragma wal_checkpoint(truncate)", [], |_| Ok(()));
        connection.busy_timeout(BUSY_TIMEOUT)?;
        emptied
    })
}

/// How long emptying the log waits for readers (and so holds writers back).
const TRUNCATE_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// The busy timeout every connection of the pool has (`crate::db`).
const BUSY_TIMEOUT: std::time::Duration = crate::db::SQLITE_BUSY_TIMEOUT;

/// A read of a campaign's current list in id order, a page at a time, all
/// pages from one snapshot (one read transaction), the connection lent to
/// sqlx's worker again between pages.
pub struct ListPages {
    tx: Transaction<'static, Sqlite>,
    campaign_id: i64,
    /// The last id read; the next page starts after it.
    after: i64,
    done: bool,
}

/// The condition of a page: the campaign's current list, after `?2`. The
/// unary `+` keeps SQLite on the primary key (see
/// [`super::contacts::stream_export`]).
fn page_condition() -> String {
    format!(
        "id > ?2 and +campaign_id = ?1 and {}",
        VISIBLE
            .replace("contacts.list_no", "+contacts.list_no")
            .replace("$1", "?1")
    )
}

impl ListPages {
    pub async fn open(pool: &SqlitePool, campaign_id: i64) -> sqlx::Result<ListPages> {
        Ok(ListPages {
            tx: pool.begin().await?,
            campaign_id,
            after: 0,
            done: false,
        })
    }

    /// The campaign's variable names, from the pages' snapshot.
    pub async fn variable_names(&mut self) -> sqlx::Result<Option<String>> {
        sqlx::query_scalar("select variable_names from campaigns where id = ?1")
            .bind(self.campaign_id)
            .fetch_one(&mut *self.tx)
            .await
    }

    /// The next `limit` contacts' stored variables; empty at the end.
    pub async fn variables(&mut self, limit: usize) -> sqlx::Result<Vec<String>> {
        let sql = format!(
            "select id, variables from contacts where {} order by id limit ?3",
            page_condition()
        );
        let rows = self
            .page(&sql, limit, |row| Ok((row.get(0)?, row.get(1)?)))
            .await?;
        Ok(rows.into_iter().map(|(_, variables)| variables).collect())
    }

    /// Starts the pages again from the list's first contact (same snapshot).
    pub fn rewind(&mut self) {
        self.after = 0;
        self.done = false;
    }

    /// The next `limit` contacts as the export writes them; empty at the end.
    pub async fn export_rows(&mut self, limit: usize) -> sqlx::Result<Vec<ExportRow>> {
        let sql = format!(
            "select id, phone, variables, state, attempts, last_disposition, done_reason, \
             next_eligible_at, \
             (select max(a.dialed_at) from attempts a where a.contact_id = contacts.id) \
             from contacts where {} order by id limit ?3",
            page_condition()
        );
        let rows = self
            .page(&sql, limit, |row| {
                let instant = |index: usize| -> rusqlite::Result<_> {
                    let text: Option<String> = row.get(index)?;
                    text.map(|text| parse_instant(index, &text)).transpose()
                };
                let id = row.get(0)?;
                Ok((
                    id,
                    ExportRow {
                        id,
                        phone: row.get(1)?,
                        variables: row.get(2)?,
                        state: row.get(3)?,
                        attempts: row.get(4)?,
                        last_disposition: row.get(5)?,
                        done_reason: row.get(6)?,
                        next_eligible_at: instant(7)?,
                        last_call_at: instant(8)?,
                    },
                ))
            })
            .await?;
        Ok(rows.into_iter().map(|(_, row)| row).collect())
    }

    async fn page<T>(
        &mut self,
        sql: &str,
        limit: usize,
        map: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<(i64, T)>,
    ) -> sqlx::Result<Vec<(i64, T)>> {
        if self.done {
            return Ok(Vec::new());
        }
        let (campaign_id, after) = (self.campaign_id, self.after);
        let mut handle = self.tx.lock_handle().await?;
        let rows = with_connection(&mut handle, |connection| {
            let mut select = connection.prepare(sql)?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let rows = select
                .query_map(rusqlite::params![campaign_id, after, limit], map)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })?;
        drop(handle);
        match rows.last() {
            Some((id, _)) if rows.len() == limit => self.after = *id,
            _ => self.done = true,
        }
        Ok(rows)
    }
}

/// A stored instant (`2025-03-01T09:30:00.000Z`) of result column `index`.
fn parse_instant(index: usize, text: &str) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&chrono::Utc))
        .map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(
                index,
                rusqlite::types::Type::Text,
                Box::new(error),
            )
        })
}
