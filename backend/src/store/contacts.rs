//! A campaign's contacts as readers see them: the paginated list, the
//! export's pages, and exclusions. Uploads write them through
//! [`super::contact_lists`]; every read here keeps to the campaign's current
//! list ([`VISIBLE`]).

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use outdial_shared::api::{CampaignContact, ContactState};
use tokio::sync::mpsc;

use crate::db::Db;

use super::contact_lists::VISIBLE;
use super::sqlite_bulk::ListPages;
use super::variables;
use super::{with_pool, Timestamp};

#[derive(Debug, Clone, sqlx::FromRow)]
struct ContactRow {
    id: i64,
    row_no: i32,
    phone: String,
    variables: String,
    /// The campaign's, read in the same statement (one snapshot).
    variable_names: Option<String>,
    state: String,
    attempts: i32,
    next_eligible_at: Option<DateTime<Utc>>,
    last_disposition: Option<String>,
    done_reason: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// A contact's columns; `$1` is its campaign's id.
const COLUMNS: &str = "id, row_no, phone, variables, \
     (select variable_names from campaigns where id = $1) as variable_names, state, attempts, \
     next_eligible_at, last_disposition, done_reason, created_at, updated_at";

impl TryFrom<ContactRow> for CampaignContact {
    type Error = sqlx::Error;
    fn try_from(row: ContactRow) -> sqlx::Result<Self> {
        Ok(contact_in_order(row)?.0)
    }
}

/// The contact, and its variables' names in the file's column order (the
/// API's object does not keep it).
fn contact_in_order(row: ContactRow) -> sqlx::Result<(CampaignContact, Vec<String>)> {
    let unreadable =
        |what: &str| sqlx::Error::Decode(format!("stored {what} is unreadable").into());
    let names = variables::parse_names(row.variable_names.as_deref())?;
    let pairs = variables::decode(names.as_deref(), &row.variables)?;
    let order = pairs.iter().map(|(name, _)| name.clone()).collect();
    let contact = CampaignContact {
        id: row.id,
        row_no: i64::from(row.row_no),
        phone_number: row.phone,
        variables: variables::object(pairs),
        state: ContactState::parse(&row.state).ok_or_else(|| unreadable("contact state"))?,
        attempts: i64::from(row.attempts),
        next_eligible_at: row.next_eligible_at,
        last_disposition: row.last_disposition,
        done_reason: row.done_reason,
        created_at: row.created_at,
        updated_at: row.updated_at,
    };
    Ok((contact, order))
}

/// Which contacts a list shows.
#[derive(Debug, Clone)]
pub struct ContactFilter {
    pub state: Option<ContactState>,
    /// Part of the phone number (digits), or of the variables' text.
    pub search: Option<String>,
    /// The last attempt's disposition, exactly (`no_answer`, a business
    /// disposition, …).
    pub disposition: Option<String>,
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
    let condition = format!(
        "campaign_id = $1 and {VISIBLE} and ($2 is null or state = $2) \
         and ($3 is null or phone like $3 escape '\\' or lower(variables) like $3 escape '\\') \
         and ($4 is null or last_disposition = $4)"
    );
    let (rows, total) = with_pool!(db, |pool| {
        let rows = sqlx::query_as::<_, ContactRow>(&format!(
            "select {COLUMNS} from contacts where {condition} order by row_no, id limit $5 offset $6"
        ))
        .bind(campaign_id)
        .bind(state)
        .bind(pattern.as_deref())
        .bind(filter.disposition.as_deref())
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
        .bind(filter.disposition.as_deref())
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

/// One contact of the campaign's current list, with its variables' names
/// in the file's column order.
pub async fn get(
    db: &Db,
    campaign_id: i64,
    contact_id: i64,
) -> sqlx::Result<Option<(CampaignContact, Vec<String>)>> {
    // `VISIBLE` reads the campaign id from `$1`.
    let sql =
        format!("select {COLUMNS} from contacts where campaign_id = $1 and id = $2 and {VISIBLE}");
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, ContactRow>(&sql)
            .bind(campaign_id)
            .bind(contact_id)
            .fetch_optional(pool)
            .await
    })?;
    row.map(contact_in_order).transpose()
}

/// A contact as the export writes it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub phone: String,
    /// The variables as stored ([`variables`]).
    pub variables: String,
    pub state: String,
    pub attempts: i64,
    pub last_disposition: Option<String>,
    pub done_reason: Option<String>,
    pub next_eligible_at: Option<DateTime<Utc>>,
    /// The start of its latest attempt, of any run.
    pub last_call_at: Option<DateTime<Utc>>,
}

/// What the export sends: first its variable columns, then the contacts.
#[derive(Debug)]
pub enum ExportItem {
    /// The variable columns in order: the campaign's names (compact rows,
    /// value `i` is column `i`), else the object rows' keys in order of
    /// first appearance.
    Columns(Vec<String>),
    /// The next page of contacts.
    Rows(Vec<ExportRow>),
}

/// Sends the campaign's variable columns, then its contacts in id order in
/// pages of `page` rows, to `out`, all from one snapshot (PostgreSQL: a
/// read-only repeatable-read transaction; SQLite: one read transaction,
/// [`ListPages`]), so the export holds a page at a time and a list replaced
/// meanwhile is never half read. A campaign of object rows (before
/// migration 0012) is read twice: first its keys, then its rows.
///
/// The unary `+` keeps both engines on the primary key, already in id
/// order: through the campaign's indexes the whole list would be sorted
/// first (and paging by `id > last` sorted it again for every page: 67 s on
/// PostgreSQL at 500,000). Stops early when `out` is closed (the download
/// was cancelled).
pub async fn stream_export(
    db: Db,
    campaign_id: i64,
    page: usize,
    out: mpsc::Sender<sqlx::Result<ExportItem>>,
) {
    let sql = "select id, phone, variables, state, cast(attempts as bigint) as attempts, \
         last_disposition, done_reason, next_eligible_at, \
         (select max(a.dialed_at) from attempts a where a.contact_id = contacts.id) as last_call_at \
         from contacts where +campaign_id = $1 \
         and +list_no between (select list_from from campaigns where id = $1) \
         and (select list_to from campaigns where id = $1) order by id";
    let result: sqlx::Result<()> = async {
        match &db {
            // Pages read by direct SQLite calls from one snapshot: through
            // sqlx each row was a hand-over between threads.
            Db::Sqlite(pool) => {
                let mut pages = ListPages::open(pool, campaign_id).await?;
                let names = pages.variable_names().await?;
                let columns = match variables::parse_names(names.as_deref())? {
                    Some(names) => names.to_vec(),
                    None => {
                        let mut keys = ObjectKeys::default();
                        loop {
                            let batch = pages.variables(page).await?;
                            if batch.is_empty() {
                                break;
                            }
                            for stored in &batch {
                                keys.add(stored)?;
                            }
                        }
                        pages.rewind();
                        keys.0
                    }
                };
                if out.send(Ok(ExportItem::Columns(columns))).await.is_err() {
                    return Ok(());
                }
                loop {
                    let batch = pages.export_rows(page).await?;
                    if batch.is_empty() || out.send(Ok(ExportItem::Rows(batch))).await.is_err() {
                        return Ok(());
                    }
                }
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("set transaction isolation level repeatable read, read only")
                    .execute(&mut *tx)
                    .await?;
                let names: Option<String> =
                    sqlx::query_scalar("select variable_names from campaigns where id = $1")
                        .bind(campaign_id)
                        .fetch_optional(&mut *tx)
                        .await?
                        .flatten();
                let columns = match variables::parse_names(names.as_deref())? {
                    Some(names) => names.to_vec(),
                    None => {
                        let mut keys = ObjectKeys::default();
                        let scan = format!(
                            "select variables from contacts where campaign_id = $1 and {VISIBLE}"
                        );
                        let mut rows = sqlx::query_scalar::<_, String>(&scan)
                            .bind(campaign_id)
                            .fetch(&mut *tx);
                        while let Some(stored) = rows.try_next().await? {
                            keys.add(&stored)?;
                        }
                        keys.0
                    }
                };
                if out.send(Ok(ExportItem::Columns(columns))).await.is_err() {
                    return Ok(());
                }
                let mut rows = sqlx::query_as::<_, ExportRow>(sql)
                    .bind(campaign_id)
                    .fetch(&mut *tx);
                let mut batch = Vec::with_capacity(page);
                while let Some(row) = rows.try_next().await? {
                    batch.push(row);
                    if batch.len() == page {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(page));
                        if out.send(Ok(ExportItem::Rows(full))).await.is_err() {
                            return Ok(());
                        }
                    }
                }
                if !batch.is_empty() {
                    let _ = out.send(Ok(ExportItem::Rows(batch))).await;
                }
                Ok(())
            }
        }
    }
    .await;
    if let Err(error) = result {
        let _ = out.send(Err(error)).await;
    }
}

/// The keys of object rows in order of first appearance.
#[derive(Default)]
struct ObjectKeys(Vec<String>);

impl ObjectKeys {
    fn add(&mut self, stored: &str) -> Result<(), variables::Unreadable> {
        for key in variables::object_keys(stored)? {
            if !self.0.contains(&key) {
                self.0.push(key);
            }
        }
        Ok(())
    }
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
        }
        // One pass over the campaign's contacts per 500 numbers: there is
        // no index by phone (its random inserts were most of an upload's
        // time; migration 0007), and an exclusion is a rare, small act.
        // Only the current list: an upload being written applies the
        // exclusions made meanwhile when it is swapped in (contact_lists).
        for chunk in phones.chunks(500) {
            let sql = format!(
                "update contacts set state = 'excluded', next_eligible_at = null, updated_at = $2 \
                 where campaign_id = $1 and {VISIBLE} and state not in ('excluded', 'in_call', 'done') \
                 and phone in ({})",
                (3..3 + chunk.len())
                    .map(|n| format!("${n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut query = sqlx::query(&sql).bind(campaign_id).bind(now);
            for phone in chunk {
                query = query.bind(phone);
            }
            excluded += query.execute(&mut *tx).await?.rows_affected();
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

/// The current list's contacts grouped by the first digits of their number
/// (`+` and four digits: enough for a country and, in the +1 plan, its area
/// code), each group with one of its numbers: the pre-launch check turns
/// the sample into a region. Excluded contacts are left out.
pub async fn by_number_prefix(db: &Db, campaign_id: i64) -> sqlx::Result<Vec<(String, i64)>> {
    let sql = format!(
        "select min(phone), count(*) from contacts where campaign_id = $1 and {VISIBLE} \
         and state <> 'excluded' group by substr(phone, 1, 5)"
    );
    with_pool!(db, |pool| {
        sqlx::query_as::<_, (String, i64)>(&sql)
            .bind(campaign_id)
            .fetch_all(pool)
            .await
    })
}
