//! A campaign's contacts: the upload transaction that writes them in
//! batches, the paginated list and the export.
//!
//! An upload is one [`Ingest`] transaction: it locks the campaign row,
//! (for a replace) deletes the old list, writes the new contacts through
//! [`Rows`] batch by batch and commits only when the whole file was read, so
//! a failed upload leaves the previous list untouched. SQLite gets one
//! `insert … select … from json_each($3)` of up to [`SQLITE_BATCH`] rows per
//! statement; PostgreSQL one `COPY contacts … FROM STDIN` in binary format
//! for the whole upload, each batch sent as one chunk of it (binary, because
//! the server then parses no text: see the figures in docs/api.md).
//!
//! On PostgreSQL `contacts.campaign_id` has no foreign key (migration 0005:
//! its per-row check was half of the ingest's time). Every writer of
//! contacts holds the campaign row first (the upload's lock, clone's insert),
//! and [`super::campaigns::delete_draft`] deletes the contacts itself.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use outdial_shared::api::{CampaignContact, ContactState};
use sqlx::postgres::PgCopyIn;
use sqlx::{PgConnection, Postgres, Sqlite, Transaction};

use crate::db::Db;

use super::{with_pool, Timestamp};

/// Rows per SQLite statement (one JSON array of them).
pub const SQLITE_BATCH: usize = 5_000;

/// A contact ready to be written.
#[derive(Debug, Clone)]
pub struct NewContactRow {
    pub row_no: i32,
    pub phone: String,
    /// The variables as a JSON object.
    pub variables: String,
    pub state: ContactState,
}

/// What an upload needs to know about its campaign, read under the lock.
#[derive(Debug, Clone)]
pub struct LockedCampaign {
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

/// The upload's transaction, on either engine.
pub enum Ingest {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$tx` bound to the transaction's connection.
macro_rules! with_tx {
    ($ingest:expr, |$tx:ident| $body:expr) => {
        match $ingest {
            Ingest::Sqlite($tx) => $body,
            Ingest::Postgres($tx) => $body,
        }
    };
}

impl Ingest {
    pub async fn begin(db: &Db) -> sqlx::Result<Ingest> {
        Ok(match db {
            Db::Sqlite(pool) => Ingest::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Ingest::Postgres(pool.begin().await?),
        })
    }

    /// Takes the campaign's row lock (a write, so SQLite's write lock too)
    /// and reads what the upload checks; `None` when there is no such campaign.
    pub async fn lock_campaign(
        &mut self,
        id: i64,
        now: Timestamp,
    ) -> sqlx::Result<Option<LockedCampaign>> {
        let row: Option<(String, bool, String, Option<String>)> = with_tx!(self, |tx| {
            sqlx::query_as(
                "update campaigns set updated_at = $2 where id = $1 \
                 returning status, has_run, config, default_region",
            )
            .bind(id)
            .bind(now)
            .fetch_optional(&mut **tx)
            .await
        })?;
        Ok(
            row.map(|(status, has_run, config, default_region)| LockedCampaign {
                status,
                has_run,
                config,
                default_region,
            }),
        )
    }

    /// Removes every contact (a replace).
    pub async fn delete_all(&mut self, campaign_id: i64) -> sqlx::Result<()> {
        with_tx!(self, |tx| {
            sqlx::query("delete from contacts where campaign_id = $1")
                .bind(campaign_id)
                .execute(&mut **tx)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// The campaign's contacts by phone, for an append's duplicate check.
    pub async fn existing(&mut self, campaign_id: i64) -> sqlx::Result<HashMap<String, Existing>> {
        let rows: Vec<(i64, String, String)> = with_tx!(self, |tx| {
            sqlx::query_as("select id, phone, state from contacts where campaign_id = $1")
                .bind(campaign_id)
                .fetch_all(&mut **tx)
                .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, phone, state)| {
                let excluded = state == ContactState::Excluded.as_str();
                (phone, Existing { id, excluded })
            })
            .collect())
    }

    /// The campaign's exclusions: phone → sticky.
    pub async fn exclusions(&mut self, campaign_id: i64) -> sqlx::Result<HashMap<String, bool>> {
        let rows: Vec<(String, bool)> = with_tx!(self, |tx| {
            sqlx::query_as("select phone, sticky from exclusions where campaign_id = $1")
                .bind(campaign_id)
                .fetch_all(&mut **tx)
                .await
        })?;
        Ok(rows.into_iter().collect())
    }

    /// The highest row number so far (0 for none), so appends continue after it.
    pub async fn last_row_no(&mut self, campaign_id: i64) -> sqlx::Result<i32> {
        let last: Option<i32> = with_tx!(self, |tx| {
            sqlx::query_scalar("select max(row_no) from contacts where campaign_id = $1")
                .bind(campaign_id)
                .fetch_one(&mut **tx)
                .await
        })?;
        Ok(last.unwrap_or(0))
    }

    /// Opens the upload's row writer: on PostgreSQL this starts the one
    /// `COPY` of the upload, so until [`Rows::finish`] or [`Rows::abort`]
    /// the transaction runs nothing else.
    pub async fn rows(&mut self, campaign_id: i64, now: Timestamp) -> sqlx::Result<Rows<'_>> {
        Ok(match self {
            Ingest::Sqlite(tx) => Rows::Sqlite {
                tx,
                campaign_id,
                now,
            },
            Ingest::Postgres(tx) => {
                let conn: &mut PgConnection = tx;
                let copy = conn
                    .copy_in_raw(
                        "copy contacts (campaign_id, row_no, phone, variables, state, \
                         created_at, updated_at) from stdin with (format binary)",
                    )
                    .await?;
                // The file header goes out with the first batch.
                let mut buf = Vec::with_capacity(1 << 20);
                buf.extend_from_slice(COPY_BINARY_HEADER);
                Rows::Postgres {
                    copy,
                    campaign_id,
                    at: pg_timestamp(now),
                    buf,
                }
            }
        })
    }

    /// Makes excluded contacts dialable again (a deliberate re-add).
    pub async fn reactivate(&mut self, ids: &[i64], now: Timestamp) -> sqlx::Result<()> {
        for id in ids {
            with_tx!(self, |tx| {
                sqlx::query(
                    "update contacts set state = 'pending', next_eligible_at = null, \
                     done_reason = null, updated_at = $2 where id = $1 and state = 'excluded'",
                )
                .bind(*id)
                .bind(now)
                .execute(&mut **tx)
                .await
                .map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    /// Drops exclusions that a re-add lifted.
    pub async fn lift_exclusions(
        &mut self,
        campaign_id: i64,
        phones: &[String],
    ) -> sqlx::Result<()> {
        for phone in phones {
            with_tx!(self, |tx| {
                sqlx::query("delete from exclusions where campaign_id = $1 and phone = $2")
                    .bind(campaign_id)
                    .bind(phone)
                    .execute(&mut **tx)
                    .await
                    .map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    pub async fn commit(self) -> sqlx::Result<()> {
        with_tx!(self, |tx| tx.commit().await)
    }
}

/// Where an upload's new contacts go, batch by batch (see [`Ingest::rows`]).
pub enum Rows<'a> {
    Sqlite {
        tx: &'a mut Transaction<'static, Sqlite>,
        campaign_id: i64,
        now: Timestamp,
    },
    Postgres {
        copy: PgCopyIn<&'a mut PgConnection>,
        campaign_id: i64,
        /// `created_at` and `updated_at`, as COPY's binary format has them.
        at: i64,
        /// One batch's COPY data, reused from batch to batch.
        buf: Vec<u8>,
    },
}

impl Rows<'_> {
    /// Writes one batch.
    pub async fn write(&mut self, rows: &[NewContactRow]) -> sqlx::Result<()> {
        match self {
            Rows::Sqlite {
                tx,
                campaign_id,
                now,
            } => {
                for chunk in rows.chunks(SQLITE_BATCH) {
                    // One bound JSON array a batch, unpacked by json_each:
                    // far cheaper for SQLite than thousands of bound values.
                    let json: Vec<(i32, &str, &str, &str)> = chunk
                        .iter()
                        .map(|r| {
                            (
                                r.row_no,
                                r.phone.as_str(),
                                r.variables.as_str(),
                                r.state.as_str(),
                            )
                        })
                        .collect();
                    let json = serde_json::to_string(&json)
                        .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
                    sqlx::query(
                        "insert into contacts (campaign_id, row_no, phone, variables, state, \
                         created_at, updated_at) \
                         select $1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), \
                         json_extract(value, '$[2]'), json_extract(value, '$[3]'), $2, $2 \
                         from json_each($3)",
                    )
                    .bind(*campaign_id)
                    .bind(*now)
                    .bind(json)
                    .execute(&mut ***tx)
                    .await?;
                }
            }
            Rows::Postgres {
                copy,
                campaign_id,
                at,
                buf,
            } => {
                for row in rows {
                    push_copy_row(buf, *campaign_id, row, *at)?;
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
    row: &NewContactRow,
    at: i64,
) -> sqlx::Result<()> {
    buf.extend_from_slice(&7i16.to_be_bytes());
    buf.extend_from_slice(&8i32.to_be_bytes());
    buf.extend_from_slice(&campaign_id.to_be_bytes());
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

#[derive(Debug, Clone, sqlx::FromRow)]
struct ContactRow {
    id: i64,
    row_no: i32,
    phone: String,
    variables: String,
    state: String,
    attempts: i32,
    next_eligible_at: Option<DateTime<Utc>>,
    last_disposition: Option<String>,
    done_reason: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, row_no, phone, variables, state, attempts, next_eligible_at, \
                       last_disposition, done_reason, created_at, updated_at";

impl TryFrom<ContactRow> for CampaignContact {
    type Error = sqlx::Error;
    fn try_from(row: ContactRow) -> sqlx::Result<Self> {
        let unreadable =
            |what: &str| sqlx::Error::Decode(format!("stored {what} is unreadable").into());
        Ok(CampaignContact {
            id: row.id,
            row_no: i64::from(row.row_no),
            phone_number: row.phone,
            variables: serde_json::from_str(&row.variables).map_err(|_| unreadable("variables"))?,
            state: ContactState::parse(&row.state).ok_or_else(|| unreadable("contact state"))?,
            attempts: i64::from(row.attempts),
            next_eligible_at: row.next_eligible_at,
            last_disposition: row.last_disposition,
            done_reason: row.done_reason,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// Which contacts a list shows.
#[derive(Debug, Clone)]
pub struct ContactFilter {
    pub state: Option<ContactState>,
    /// Part of the phone number (digits), or of the variables' text.
    pub search: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// In list order (row number), and how many match in all.
pub async fn list(
    db: &Db,
    campaign_id: i64,
    filter: &ContactFilter,
) -> sqlx::Result<(Vec<CampaignContact>, u64)> {
    let state = filter.state.map(ContactState::as_str);
    let pattern = filter.search.as_deref().map(super::campaigns::like_pattern);
    let condition = "campaign_id = $1 and ($2 is null or state = $2) \
                     and ($3 is null or phone like $3 escape '\\' or lower(variables) like $3 escape '\\')";
    let (rows, total) = with_pool!(db, |pool| {
        let rows = sqlx::query_as::<_, ContactRow>(&format!(
            "select {COLUMNS} from contacts where {condition} order by row_no, id limit $4 offset $5"
        ))
        .bind(campaign_id)
        .bind(state)
        .bind(pattern.as_deref())
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(pool)
        .await?;
        let total = sqlx::query_scalar::<_, i64>(&format!(
            "select count(*) from contacts where {condition}"
        ))
        .bind(campaign_id)
        .bind(state)
        .bind(pattern.as_deref())
        .fetch_one(pool)
        .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    let contacts = rows
        .into_iter()
        .map(CampaignContact::try_from)
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok((contacts, total.max(0) as u64))
}

/// The next `limit` contacts after id `after`, in id order: the export
/// reads the list in such pages rather than all at once.
pub async fn page_after(
    db: &Db,
    campaign_id: i64,
    after: i64,
    limit: i64,
) -> sqlx::Result<Vec<CampaignContact>> {
    let rows = with_pool!(db, |pool| {
        sqlx::query_as::<_, ContactRow>(&format!(
            "select {COLUMNS} from contacts where campaign_id = $1 and id > $2 order by id limit $3"
        ))
        .bind(campaign_id)
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await
    })?;
    rows.into_iter().map(CampaignContact::try_from).collect()
}

/// Records exclusions (an existing one stays sticky if either is) and
/// marks the campaign's waiting contacts with those numbers excluded (a
/// live call finishes; a done contact stays done); returns how many
/// contacts became excluded.
pub async fn exclude(
    db: &Db,
    campaign_id: i64,
    phones: &[String],
    sticky: bool,
    actor: &str,
    now: Timestamp,
) -> sqlx::Result<u64> {
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        let mut excluded = 0;
        for phone in phones {
            sqlx::query(
                "insert into exclusions (campaign_id, phone, sticky, created_by, created_at) \
                 values ($1, $2, $3, $4, $5) on conflict (campaign_id, phone) \
                 do update set sticky = exclusions.sticky or excluded.sticky",
            )
            .bind(campaign_id)
            .bind(phone)
            .bind(sticky)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            excluded += sqlx::query(
                "update contacts set state = 'excluded', next_eligible_at = null, updated_at = $3 \
                 where campaign_id = $1 and phone = $2 and state not in ('excluded', 'in_call', 'done')",
            )
            .bind(campaign_id)
            .bind(phone)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(excluded)
    })
}

/// Removes an exclusion and makes the number's excluded contacts pending
/// again; `false` when the number was not excluded.
pub async fn unexclude(
    db: &Db,
    campaign_id: i64,
    phone: &str,
    now: Timestamp,
) -> sqlx::Result<bool> {
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        let removed = sqlx::query("delete from exclusions where campaign_id = $1 and phone = $2")
            .bind(campaign_id)
            .bind(phone)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let restored = sqlx::query(
            "update contacts set state = 'pending', next_eligible_at = null, done_reason = null, \
             updated_at = $3 where campaign_id = $1 and phone = $2 and state = 'excluded'",
        )
        .bind(campaign_id)
        .bind(phone)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(removed + restored > 0)
    })
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
    fn a_binary_copy_tuple_is_seven_length_prefixed_fields() {
        let row = NewContactRow {
            row_no: 3,
            phone: "+919876543210".to_owned(),
            variables: r#"{"name":"Śrī"}"#.to_owned(),
            state: ContactState::Pending,
        };
        let mut buf = Vec::new();
        push_copy_row(&mut buf, 42, &row, 1_500_000).unwrap();
        let mut expected = vec![0, 7];
        expected.extend_from_slice(&[0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 42]);
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
