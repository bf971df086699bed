//! How an upload writes a campaign's contact list without ever showing a
//! half-written one, without holding SQLite's one write lock for seconds,
//! and without deleting the old list while the operator waits.
//!
//! A campaign's list is its contacts whose `list_no` lies between the
//! campaign's `list_from` and `list_to` (migration 0007; every reader filters
//! with [`VISIBLE`]). An [`Ingest`]:
//! 1. **reserves** a new list number, `list_seq + 1`, and reads what the
//!    upload checks (status, settings);
//! 2. **writes** the new rows under that number ([`Rows`]), invisible to every
//!    reader and to the dialler;
//! 3. **swaps** in one short transaction ([`Ingest::commit`]): checks the
//!    campaign may still take the upload, applies the re-adds of excluded
//!    numbers, and moves `list_to` (an append) or both ends (a replace) onto
//!    the new number. The old list of a replace is then garbage.
//!
//! On **SQLite** (one writer at a time) each batch of rows is its own short
//! transaction, so a dialler step of another campaign waits milliseconds,
//! not the length of the upload; `upload_list_no` marks the upload in
//! progress (a second upload of the campaign is refused while it is set),
//! and an upload that fails, is refused or whose client goes away clears it
//! and leaves its rows as garbage — also when the request is dropped midway
//! (the [`Drop`] of an unfinished [`Ingest`] does it). A server killed
//! mid-upload clears every marker when it starts again ([`recover`]).
//!
//! On **PostgreSQL** the whole upload is one transaction (MVCC: it blocks no
//! reader and no dialler, and a failure or a crash leaves nothing behind);
//! two uploads of one campaign are kept apart by a transaction-scoped
//! advisory lock, and rows go in by one binary `COPY`.
//!
//! Garbage (an old list below `list_from`, a failed upload's rows above
//! `list_to`) is deleted by [`collect_garbage`] in batches of
//! [`GARBAGE_BATCH`] rows, each its own transaction; the server's janitor
//! runs it at start, after each upload and every few minutes.
//!
//! On PostgreSQL `contacts.campaign_id` has no foreign key (migration 0005:
//! its per-row check was half of the ingest's time); deleting a campaign
//! deletes its contacts itself ([`super::campaigns::delete_draft`]).

use std::collections::HashMap;

use outdial_shared::api::ContactState;
use sqlx::postgres::PgCopyIn;
use sqlx::{Connection, PgConnection, Postgres, SqlitePool, Transaction};

use crate::db::Db;

use super::{audit, sqlite_bulk, with_pool, Timestamp};

/// The condition that keeps a query to the campaign's current list, for a
/// query whose contacts are `contacts` and whose campaign id is `$1`.
pub const VISIBLE: &str = "contacts.list_no between \
     (select list_from from campaigns where id = $1) and (select list_to from campaigns where id = $1)";

/// Rows per SQLite statement and transaction.
pub const SQLITE_BATCH: usize = 5_000;

/// Garbage rows deleted per transaction.
pub const GARBAGE_BATCH: i64 = 5_000;

/// A contact ready to be written.
#[derive(Debug, Clone)]
pub struct NewContactRow {
    pub row_no: i32,
    pub phone: String,
    /// The variables as stored ([`super::variables`]).
    pub variables: String,
    pub state: ContactState,
}

/// What an upload needs to know about its campaign.
#[derive(Debug, Clone)]
pub struct UploadTarget {
    pub status: String,
    pub has_run: bool,
    pub config: String,
    pub default_region: Option<String>,
}

/// A contact already in the campaign, for an append.
#[derive(Debug, Clone, Copy)]
pub struct Existing {
    pub id: i64,
    pub excluded: bool,
}

/// Why an upload could not start.
#[derive(Debug)]
pub enum Reserve {
    NoSuchCampaign,
    /// Another upload of the campaign is being written.
    Busy,
    Database(sqlx::Error),
}

impl From<sqlx::Error> for Reserve {
    fn from(error: sqlx::Error) -> Self {
        Reserve::Database(error)
    }
}

/// What the swap does besides moving the list's ends.
#[derive(Debug, Clone, Default)]
pub struct Swap {
    /// Replace the list (else: append to it).
    pub replace: bool,
    /// The campaign's variable names as the upload leaves them (`None`:
    /// unchanged, an append of object rows; see [`super::variables`]).
    pub variable_names: Option<Vec<String>>,
    /// Excluded contacts a re-add makes dialable again.
    pub reactivate: Vec<i64>,
    /// Exclusions a re-add lifts.
    pub lifted: Vec<String>,
}

enum Conn {
    Sqlite(SqlitePool),
    Postgres(Transaction<'static, Postgres>),
}

/// One upload of a campaign's contacts (see the module docs).
pub struct Ingest {
    conn: Option<Conn>,
    campaign_id: i64,
    list_no: i64,
    /// When the upload was reserved (exclusions made since then are applied at the swap).
    began: Timestamp,
}

/// Runs `$body` with `$ex` bound to something queries execute on: the
/// SQLite pool, or the PostgreSQL upload's transaction.
macro_rules! on_conn {
    ($ingest:expr, |$ex:ident| $body:expr) => {
        match $ingest.conn.as_mut().expect("the upload is open") {
            Conn::Sqlite(pool) => {
                let $ex = &*pool;
                $body
            }
            Conn::Postgres(tx) => {
                let $ex = &mut **tx;
                $body
            }
        }
    };
}

/// The swap's work inside its transaction `$tx` (either engine's):
/// checks the campaign `$row` read under its lock, applies the re-adds,
/// excludes the new rows of numbers excluded since the upload `$began`,
/// moves the list's ends and records the audit entry `$audit`. Evaluates to
/// `Result<(), CommitError<E>>`.
macro_rules! swap_in {
    ($tx:ident, $id:expr, $list_no:expr, $row:expr, $swap:expr, $audit:expr, $began:expr, $now:expr, $allowed:expr) => {
        async {
            let Some((status, has_run)) = $row else {
                return Err(CommitError::NoSuchCampaign);
            };
            ($allowed)(&status, has_run).map_err(CommitError::Refused)?;
            for contact in &$swap.reactivate {
                sqlx::query(
                    "update contacts set state = 'pending', next_eligible_at = null, \
                     done_reason = null, updated_at = $2 where id = $1 and state = 'excluded'",
                )
                .bind(*contact)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
            }
            for phone in &$swap.lifted {
                sqlx::query("delete from exclusions where campaign_id = $1 and phone = $2")
                    .bind($id)
                    .bind(phone)
                    .execute(&mut *$tx)
                    .await?;
            }
            // Numbers excluded while the rows were written: the writer
            // could not see them, so their new rows are excluded here.
            let late: i64 = sqlx::query_scalar(
                "select count(*) from exclusions where campaign_id = $1 and created_at >= $2",
            )
            .bind($id)
            .bind($began)
            .fetch_one(&mut *$tx)
            .await?;
            if late > 0 {
                sqlx::query(
                    "update contacts set state = 'excluded', next_eligible_at = null, updated_at = $3 \
                     where campaign_id = $1 and list_no = $2 and state = 'pending' and phone in \
                     (select phone from exclusions where campaign_id = $1 and created_at >= $4)",
                )
                .bind($id)
                .bind($list_no)
                .bind($now)
                .bind($began)
                .execute(&mut *$tx)
                .await?;
            }
            let sql = if $swap.replace {
                "update campaigns set list_from = $2, list_to = $2, updated_at = $3 where id = $1"
            } else {
                "update campaigns set list_to = $2, updated_at = $3 where id = $1"
            };
            sqlx::query(sql)
                .bind($id)
                .bind($list_no)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
            if let Some(names) = &$swap.variable_names {
                sqlx::query("update campaigns set variable_names = $2 where id = $1")
                    .bind($id)
                    .bind(super::variables::names_text(names))
                    .execute(&mut *$tx)
                    .await?;
            }
            let audit: &audit::Entry<'_> = $audit;
            sqlx::query(audit::INSERT)
                .bind($id)
                .bind(audit.actor)
                .bind(audit.action)
                .bind(audit.details.to_string())
                .bind($now)
                .execute(&mut *$tx)
                .await?;
            Ok(())
        }
    };
}

/// What the reservation reads: status, has_run, config, default region and
/// the new list's number.
type Row = (String, bool, String, Option<String>, i64);

/// The upload on `conn` of campaign `id`, reserved as `row` says.
fn reserved(conn: Conn, id: i64, row: Row, began: Timestamp) -> (Ingest, UploadTarget) {
    let (status, has_run, config, default_region, list_no) = row;
    let ingest = Ingest {
        conn: Some(conn),
        campaign_id: id,
        list_no,
        began,
    };
    let target = UploadTarget {
        status,
        has_run,
        config,
        default_region,
    };
    (ingest, target)
}

impl Ingest {
    /// Reserves a new list for campaign `id` and reads the campaign.
    pub async fn begin(
        db: &Db,
        id: i64,
        now: Timestamp,
    ) -> Result<(Ingest, UploadTarget), Reserve> {
        type Row = (String, bool, String, Option<String>, i64);
        match db {
            Db::Sqlite(pool) => {
                let row: Option<Row> = sqlx::query_as(
                    "update campaigns set list_seq = list_seq + 1, upload_list_no = list_seq + 1, \
                     updated_at = $2 where id = $1 and upload_list_no is null \
                     returning status, has_run, config, default_region, upload_list_no",
                )
                .bind(id)
                .bind(now)
                .fetch_optional(pool)
                .await?;
                let Some(row) = row else {
                    let exists: Option<i64> =
                        sqlx::query_scalar("select id from campaigns where id = $1")
                            .bind(id)
                            .fetch_optional(pool)
                            .await?;
                    return Err(if exists.is_some() {
                        Reserve::Busy
                    } else {
                        Reserve::NoSuchCampaign
                    });
                };
                Ok(reserved(Conn::Sqlite(pool.clone()), id, row, now))
            }
            Db::Postgres(pool) => {
                // The number is taken outside the upload's transaction, so
                // the campaign row is not held while the rows are written.
                let row: Option<Row> = sqlx::query_as(
                    "update campaigns set list_seq = list_seq + 1 where id = $1 \
                     returning status, has_run, config, default_region, list_seq",
                )
                .bind(id)
                .fetch_optional(pool)
                .await?;
                let Some(row) = row else {
                    return Err(Reserve::NoSuchCampaign);
                };
                let mut tx = pool.begin().await?;
                let free: bool = sqlx::query_scalar("select pg_try_advisory_xact_lock($1)")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                if !free {
                    return Err(Reserve::Busy);
                }
                Ok(reserved(Conn::Postgres(tx), id, row, now))
            }
        }
    }

    /// The campaign's current contacts by phone, for an append's duplicate check.
    pub async fn existing(&mut self) -> sqlx::Result<HashMap<String, Existing>> {
        let sql =
            format!("select id, phone, state from contacts where campaign_id = $1 and {VISIBLE}");
        let id = self.campaign_id;
        let rows: Vec<(i64, String, String)> = on_conn!(self, |ex| {
            sqlx::query_as(&sql).bind(id).fetch_all(ex).await
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, phone, state)| {
                let excluded = state == ContactState::Excluded.as_str();
                (phone, Existing { id, excluded })
            })
            .collect())
    }

    /// The campaign's variable names, for an append ([`super::variables`]).
    pub async fn variable_names(&mut self) -> sqlx::Result<super::variables::Names> {
        let id = self.campaign_id;
        let stored: Option<String> = on_conn!(self, |ex| {
            sqlx::query_scalar("select variable_names from campaigns where id = $1")
                .bind(id)
                .fetch_one(ex)
                .await
        })?;
        Ok(super::variables::parse_names(stored.as_deref())?)
    }

    /// The campaign's exclusions: phone → sticky.
    pub async fn exclusions(&mut self) -> sqlx::Result<HashMap<String, bool>> {
        let id = self.campaign_id;
        let rows: Vec<(String, bool)> = on_conn!(self, |ex| {
            sqlx::query_as("select phone, sticky from exclusions where campaign_id = $1")
                .bind(id)
                .fetch_all(ex)
                .await
        })?;
        Ok(rows.into_iter().collect())
    }

    /// The current list's highest row number (0 for none), so appends continue after it.
    pub async fn last_row_no(&mut self) -> sqlx::Result<i32> {
        let sql = format!("select max(row_no) from contacts where campaign_id = $1 and {VISIBLE}");
        let id = self.campaign_id;
        let last: Option<i32> = on_conn!(self, |ex| sqlx::query_scalar(&sql)
            .bind(id)
            .fetch_one(ex)
            .await)?;
        Ok(last.unwrap_or(0))
    }

    /// Opens the row writer: on PostgreSQL this starts the upload's one
    /// `COPY`, so until [`Rows::finish`] or [`Rows::abort`] the transaction
    /// runs nothing else.
    pub async fn rows(&mut self, now: Timestamp) -> sqlx::Result<Rows<'_>> {
        let (campaign_id, list_no) = (self.campaign_id, self.list_no);
        Ok(match self.conn.as_mut().expect("the upload is open") {
            Conn::Sqlite(pool) => Rows::Sqlite {
                pool,
                campaign_id,
                list_no,
                now,
            },
            Conn::Postgres(tx) => {
                let conn: &mut PgConnection = tx;
                let copy = conn
                    .copy_in_raw(
                        "copy contacts (campaign_id, list_no, row_no, phone, variables, state, \
                         created_at, updated_at) from stdin with (format binary)",
                    )
                    .await?;
                // The file header goes out with the first batch.
                let mut buf = Vec::with_capacity(1 << 20);
                buf.extend_from_slice(COPY_BINARY_HEADER);
                Rows::Postgres {
                    copy,
                    campaign_id,
                    list_no,
                    at: pg_timestamp(now),
                    buf,
                }
            }
        })
    }

    /// Makes the new list the campaign's and records `audit`, in one short
    /// transaction, if `allowed` still accepts the campaign's
    /// `(status, has_run)` (it may have been started while the rows were
    /// written); its refusal is returned as it is and the upload is
    /// abandoned.
    ///
    /// On SQLite the transaction commits on a connection that leaves the
    /// write-ahead log to the janitor's checkpoint, as the batches did
    /// ([`sqlite_bulk::Unchecked`]): else this commit, the first on an
    /// ordinary connection, would copy the whole upload into the database
    /// file while the operator waits (0.3–0.6 s at 500,000 rows).
    pub async fn commit<E>(
        mut self,
        swap: &Swap,
        audit: &audit::Entry<'_>,
        now: Timestamp,
        allowed: impl Fn(&str, bool) -> Result<(), E>,
    ) -> Result<(), CommitError<E>> {
        let (id, list_no, began) = (self.campaign_id, self.list_no, self.began);
        let conn = self.conn.take().expect("the upload is open");
        match conn {
            Conn::Sqlite(pool) => {
                let mut unchecked = sqlite_bulk::Unchecked::acquire(&pool).await?;
                let mut tx = unchecked.connection().begin().await?;
                // A write first: SQLite's write lock at once (see the
                // dialler's claim). The marker goes in the same transaction.
                let row: Option<(String, bool)> = sqlx::query_as(
                    "update campaigns set upload_list_no = null, updated_at = $2 \
                     where id = $1 and upload_list_no = $3 returning status, has_run",
                )
                .bind(id)
                .bind(now)
                .bind(list_no)
                .fetch_optional(&mut *tx)
                .await?;
                let swapped =
                    swap_in!(tx, id, list_no, row, swap, audit, began, now, &allowed).await;
                if let Err(error) = swapped {
                    tx.rollback().await?;
                    unchecked.release().await?;
                    release_sqlite(&pool, id, list_no).await?;
                    return Err(error);
                }
                tx.commit().await?;
                unchecked.release().await?;
                Ok(())
            }
            Conn::Postgres(mut tx) => {
                let row: Option<(String, bool)> = sqlx::query_as(
                    "select status, has_run from campaigns where id = $1 for update",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                // On an error the dropped transaction rolls back.
                swap_in!(tx, id, list_no, row, swap, audit, began, now, &allowed).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    }

    /// Abandons the upload: nothing of it becomes visible.
    pub async fn abort(mut self) -> sqlx::Result<()> {
        match self.conn.take() {
            Some(Conn::Sqlite(pool)) => release_sqlite(&pool, self.campaign_id, self.list_no).await,
            Some(Conn::Postgres(tx)) => tx.rollback().await,
            None => Ok(()),
        }
    }
}

impl Drop for Ingest {
    /// An upload dropped unfinished (its request was cancelled: the client
    /// went away) releases its marker on SQLite; PostgreSQL rolls back the
    /// dropped transaction by itself.
    fn drop(&mut self) {
        if let Some(Conn::Sqlite(pool)) = self.conn.take() {
            let (id, list_no) = (self.campaign_id, self.list_no);
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    if let Err(error) = release_sqlite(&pool, id, list_no).await {
                        tracing::warn!(campaign_id = id, %error, "could not release an abandoned upload; the next start clears it");
                    }
                });
            }
        }
    }
}

/// A swap that did not happen.
#[derive(Debug)]
pub enum CommitError<E> {
    /// The campaign was deleted while the rows were written.
    NoSuchCampaign,
    /// `allowed` refused the campaign as it now is.
    Refused(E),
    Database(sqlx::Error),
}

impl<E> From<sqlx::Error> for CommitError<E> {
    fn from(error: sqlx::Error) -> Self {
        CommitError::Database(error)
    }
}

/// Ends a SQLite upload that will not be swapped in: clears its marker (its
/// rows, above `list_to`, are now garbage).
async fn release_sqlite(pool: &SqlitePool, id: i64, list_no: i64) -> sqlx::Result<()> {
    sqlx::query("update campaigns set upload_list_no = null where id = $1 and upload_list_no = $2")
        .bind(id)
        .bind(list_no)
        .execute(pool)
        .await?;
    Ok(())
}

/// At server start: an upload marked in progress died with the previous
/// server (SQLite is served by one server), so its marker is cleared and its
/// rows left to [`collect_garbage`]. Returns how many were cleared.
pub async fn recover(db: &Db) -> sqlx::Result<u64> {
    with_pool!(db, |pool| {
        sqlx::query("update campaigns set upload_list_no = null where upload_list_no is not null")
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })
}

/// Deletes every campaign's garbage rows, a batch per transaction; returns
/// how many rows went. Safe on several instances at once.
pub async fn collect_garbage(db: &Db) -> sqlx::Result<u64> {
    let campaigns: Vec<(i64, i64, i64, Option<i64>)> = with_pool!(db, |pool| {
        sqlx::query_as(
            "select c.id, c.list_from, c.list_to, c.upload_list_no from campaigns c \
             where exists (select 1 from contacts k where k.campaign_id = c.id and k.list_no < c.list_from) \
             or exists (select 1 from contacts k where k.campaign_id = c.id and k.list_no > c.list_to \
                        and k.list_no <> coalesce(c.upload_list_no, -1))",
        )
        .fetch_all(pool)
        .await
    })?;
    let mut deleted = 0;
    for (id, from, to, uploading) in campaigns {
        // Below the list (an old list), then above it but not the upload in progress.
        for condition in [
            "list_no < $2",
            "list_no > $3 and list_no <> coalesce($4, -1)",
        ] {
            let sql = format!(
                "delete from contacts where id in (select id from contacts \
                 where campaign_id = $1 and {condition} limit $5)"
            );
            loop {
                let done = with_pool!(db, |pool| {
                    sqlx::query(&sql)
                        .bind(id)
                        .bind(from)
                        .bind(to)
                        .bind(uploading)
                        .bind(GARBAGE_BATCH)
                        .execute(pool)
                        .await
                        .map(|done| done.rows_affected())
                })?;
                deleted += done;
                if done < GARBAGE_BATCH as u64 {
                    break;
                }
            }
        }
    }
    Ok(deleted)
}

/// Where an upload's new contacts go, batch by batch (see [`Ingest::rows`]).
pub enum Rows<'a> {
    Sqlite {
        pool: &'a SqlitePool,
        campaign_id: i64,
        list_no: i64,
        now: Timestamp,
    },
    Postgres {
        copy: PgCopyIn<&'a mut PgConnection>,
        campaign_id: i64,
        list_no: i64,
        /// `created_at` and `updated_at`, as COPY's binary format has them.
        at: i64,
        /// One batch's COPY data, reused from batch to batch.
        buf: Vec<u8>,
    },
}

impl Rows<'_> {
    /// Writes one batch (on SQLite: committed, yet invisible until the swap).
    pub async fn write(&mut self, rows: &[NewContactRow]) -> sqlx::Result<()> {
        match self {
            Rows::Sqlite {
                pool,
                campaign_id,
                list_no,
                now,
            } => {
                for chunk in rows.chunks(SQLITE_BATCH) {
                    super::sqlite_bulk::insert_contacts(pool, *campaign_id, *list_no, *now, chunk)
                        .await?;
                }
            }
            Rows::Postgres {
                copy,
                campaign_id,
                list_no,
                at,
                buf,
            } => {
                for row in rows {
                    push_copy_row(buf, *campaign_id, *list_no, row, *at)?;
                }
                // The server reads while the next batch is prepared; its
                // answer (and any error) comes at `finish`.
                copy.send(buf.as_slice()).await?;
                buf.clear();
            }
        }
        Ok(())
    }

    /// Ends the writing: on PostgreSQL, completes the `COPY` (a row the
    /// server refused is reported here).
    pub async fn finish(self) -> sqlx::Result<()> {
        match self {
            Rows::Sqlite { .. } => Ok(()),
            Rows::Postgres {
                mut copy, mut buf, ..
            } => {
                // `buf` still holds the header when no batch was written.
                buf.extend_from_slice(COPY_BINARY_TRAILER);
                copy.send(buf.as_slice()).await?;
                copy.finish().await.map(|_| ())
            }
        }
    }

    /// Gives up (the upload is rejected or broke off): on PostgreSQL the
    /// server discards the `COPY`, leaving the transaction to be rolled back.
    pub async fn abort(self) -> sqlx::Result<()> {
        match self {
            Rows::Sqlite { .. } => Ok(()),
            Rows::Postgres { copy, .. } => copy.abort("the upload was not accepted").await,
        }
    }
}

/// The start of COPY's binary format: signature, flags, no extension.
const COPY_BINARY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";
/// The end of COPY's binary format: a tuple of -1 fields.
const COPY_BINARY_TRAILER: &[u8] = &[0xff, 0xff];
/// Microseconds from the Unix epoch to PostgreSQL's (2000-01-01 UTC).
const PG_EPOCH_MICROS: i64 = 946_684_800_000_000;

/// An instant as a binary `timestamptz`: microseconds since 2000-01-01 UTC.
fn pg_timestamp(at: Timestamp) -> i64 {
    at.as_datetime().timestamp_micros() - PG_EPOCH_MICROS
}

/// Appends one contact as a tuple of COPY's binary format, in the column
/// order of the `COPY` statement: each field its length, then its bytes.
fn push_copy_row(
    buf: &mut Vec<u8>,
    campaign_id: i64,
    list_no: i64,
    row: &NewContactRow,
    at: i64,
) -> sqlx::Result<()> {
    buf.extend_from_slice(&8i16.to_be_bytes());
    for id in [campaign_id, list_no] {
        buf.extend_from_slice(&8i32.to_be_bytes());
        buf.extend_from_slice(&id.to_be_bytes());
    }
    buf.extend_from_slice(&4i32.to_be_bytes());
    buf.extend_from_slice(&row.row_no.to_be_bytes());
    for text in [
        row.phone.as_str(),
        row.variables.as_str(),
        row.state.as_str(),
    ] {
        let len = i32::try_from(text.len())
            .map_err(|_| sqlx::Error::Encode("a contact's field is over 2 GiB".into()))?;
        buf.extend_from_slice(&len.to_be_bytes());
        buf.extend_from_slice(text.as_bytes());
    }
    for _ in 0..2 {
        buf.extend_from_slice(&8i32.to_be_bytes());
        buf.extend_from_slice(&at.to_be_bytes());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    #[test]
    fn timestamps_count_microseconds_from_postgresqls_epoch() {
        let epoch = Timestamp::from(Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap());
        assert_eq!(pg_timestamp(epoch), 0);
        let later = epoch + chrono::Duration::milliseconds(1_500);
        assert_eq!(pg_timestamp(later), 1_500_000);
    }

    #[test]
    fn a_binary_copy_tuple_is_eight_length_prefixed_fields() {
        let row = NewContactRow {
            row_no: 3,
            phone: "+919876543210".to_owned(),
            variables: r#"{"name":"Śrī"}"#.to_owned(),
            state: ContactState::Pending,
        };
        let mut buf = Vec::new();
        push_copy_row(&mut buf, 42, 7, &row, 1_500_000).unwrap();
        let mut expected = vec![0, 8];
        expected.extend_from_slice(&[0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 42]);
        expected.extend_from_slice(&[0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 7]);
        expected.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 3]);
        for text in [row.phone.as_str(), row.variables.as_str(), "pending"] {
            expected.extend_from_slice(&(text.len() as i32).to_be_bytes());
            expected.extend_from_slice(text.as_bytes());
        }
        for _ in 0..2 {
            expected.extend_from_slice(&[0, 0, 0, 8]);
            expected.extend_from_slice(&1_500_000i64.to_be_bytes());
        }
        assert_eq!(buf, expected);
        assert_eq!(COPY_BINARY_HEADER.len(), 19);
    }
}
