//! Campaigns: their configuration (the contract's JSON, kept as text beside
//! the columns queries filter on), number pool, lifecycle and progress counts.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use outdial_shared::api::{Campaign, ContactCounts, ContactState};
use outdial_shared::config::CampaignConfig;
use outdial_shared::lifecycle::Status;
use outdial_shared::window::CallingWindow;

use crate::db::Db;

use super::contact_lists::VISIBLE;
use super::{with_pool, Timestamp};

#[derive(Debug, Clone, sqlx::FromRow)]
struct CampaignRow {
    id: i64,
    config: String,
    status: String,
    has_run: bool,
    run_no: i32,
    default_region: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, config, status, has_run, run_no, default_region, \
                       created_at, updated_at, started_at, completed_at";

/// A stored campaign, without its counts.
#[derive(Debug, Clone)]
pub struct StoredCampaign {
    pub id: i64,
    pub config: CampaignConfig,
    pub status: Status,
    pub has_run: bool,
    pub run_no: i64,
    pub default_region: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl StoredCampaign {
    /// The campaign as the API returns it, its window's schedule as seen at `now`.
    pub fn with_counts(self, counts: ContactCounts, now: DateTime<Utc>) -> Campaign {
        let schedule = CallingWindow::from_config(&self.config).schedule(now);
        Campaign {
            schedule,
            id: self.id,
            config: self.config,
            status: self.status,
            has_run: self.has_run,
            run_no: self.run_no,
            default_region: self.default_region,
            counts,
            created_at: self.created_at,
            updated_at: self.updated_at,
            started_at: self.started_at,
            completed_at: self.completed_at,
        }
    }
}

fn decode_error(what: &str, detail: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored {what} is unreadable: {detail}").into())
}

/// A stored status name as a [`Status`].
pub fn parse_status(name: &str) -> sqlx::Result<Status> {
    Status::parse(name).ok_or_else(|| decode_error("campaign status", name))
}

impl TryFrom<CampaignRow> for StoredCampaign {
    type Error = sqlx::Error;
    fn try_from(row: CampaignRow) -> sqlx::Result<Self> {
        Ok(StoredCampaign {
            id: row.id,
            config: serde_json::from_str(&row.config)
                .map_err(|e| decode_error("campaign configuration", e))?,
            status: parse_status(&row.status)?,
            has_run: row.has_run,
            run_no: i64::from(row.run_no),
            default_region: row.default_region,
            created_at: row.created_at,
            updated_at: row.updated_at,
            started_at: row.started_at,
            completed_at: row.completed_at,
        })
    }
}

/// Which campaigns a list shows.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub status: Option<Status>,
    /// Part of the name, matched ignoring case.
    pub name_contains: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// `%text%` for `like … escape '\'`, with the pattern characters escaped.
pub fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Newest first, and how many match in all.
pub async fn list(db: &Db, filter: &ListFilter) -> sqlx::Result<(Vec<StoredCampaign>, u64)> {
    let status = filter.status.map(Status::as_str);
    let pattern = filter.name_contains.as_deref().map(like_pattern);
    let condition =
        "($1 is null or status = $1) and ($2 is null or lower(name) like $2 escape '\\')";
    let (rows, total) = with_pool!(db, |pool| {
        let rows = sqlx::query_as::<_, CampaignRow>(&format!(
            "select {COLUMNS} from campaigns where {condition} \
             order by created_at desc, id desc limit $3 offset $4"
        ))
        .bind(status)
        .bind(pattern.as_deref())
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(pool)
        .await?;
        let total = sqlx::query_scalar::<_, i64>(&format!(
            "select count(*) from campaigns where {condition}"
        ))
        .bind(status)
        .bind(pattern.as_deref())
        .fetch_one(pool)
        .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    let campaigns = rows
        .into_iter()
        .map(StoredCampaign::try_from)
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok((campaigns, total.max(0) as u64))
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<StoredCampaign>> {
    let row = with_pool!(db, |pool| {
        sqlx::query_as::<_, CampaignRow>(&format!("select {COLUMNS} from campaigns where id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
    })?;
    row.map(StoredCampaign::try_from).transpose()
}

/// How many campaigns the database holds, of any status.
pub async fn count_all(db: &Db) -> sqlx::Result<i64> {
    with_pool!(db, |pool| {
        sqlx::query_scalar::<_, i64>("select count(*) from campaigns")
            .fetch_one(pool)
            .await
    })
}

/// Contacts by state for each of `ids` (campaigns without contacts get zeros).
pub async fn counts(db: &Db, ids: &[i64]) -> sqlx::Result<HashMap<i64, ContactCounts>> {
    let mut by_campaign: HashMap<i64, ContactCounts> = ids
        .iter()
        .map(|id| (*id, ContactCounts::default()))
        .collect();
    if ids.is_empty() {
        return Ok(by_campaign);
    }
    // One placeholder per id; the values are bound, never formatted in.
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "select k.campaign_id, k.state, count(*) from campaigns c \
         join contacts k on k.campaign_id = c.id and k.list_no between c.list_from and c.list_to \
         where c.id in ({}) group by k.campaign_id, k.state",
        placeholders.join(", ")
    );
    let rows: Vec<(i64, String, i64)> = with_pool!(db, |pool| {
        let mut query = sqlx::query_as(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(pool).await
    })?;
    for (campaign_id, state, count) in rows {
        let state =
            ContactState::parse(&state).ok_or_else(|| decode_error("contact state", &state))?;
        by_campaign
            .entry(campaign_id)
            .or_default()
            .add(state, count.max(0) as u64);
    }
    Ok(by_campaign)
}

/// A new draft with its number pool; `config` is already checked against
/// the bots and numbers.
pub async fn insert(
    db: &Db,
    config: &CampaignConfig,
    default_region: Option<&str>,
    now: Timestamp,
) -> sqlx::Result<StoredCampaign> {
    let json = serde_json::to_string(config).map_err(|e| decode_error("configuration", e))?;
    let row = with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        let row = sqlx::query_as::<_, CampaignRow>(&format!(
            "insert into campaigns (name, bot_id, config, default_region, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $5) returning {COLUMNS}"
        ))
        .bind(config.name().as_str())
        .bind(config.bot_id().get())
        .bind(&json)
        .bind(default_region)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for number in config.number_ids().ids() {
            sqlx::query("insert into campaign_numbers (campaign_id, number_id) values ($1, $2)")
                .bind(row.id)
                .bind(number.get())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(row)
    })?;
    row.try_into()
}

/// Saves a new configuration while the campaign is still in `expected`
/// status; `None` when it has moved on (or is gone) in the meantime.
pub async fn update_config(
    db: &Db,
    id: i64,
    expected: Status,
    config: &CampaignConfig,
    default_region: Option<&str>,
    now: Timestamp,
) -> sqlx::Result<Option<StoredCampaign>> {
    let json = serde_json::to_string(config).map_err(|e| decode_error("configuration", e))?;
    let row = with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        let row = sqlx::query_as::<_, CampaignRow>(&format!(
            "update campaigns set name = $3, bot_id = $4, config = $5, default_region = $6, \
             updated_at = $7 where id = $1 and status = $2 returning {COLUMNS}"
        ))
        .bind(id)
        .bind(expected.as_str())
        .bind(config.name().as_str())
        .bind(config.bot_id().get())
        .bind(&json)
        .bind(default_region)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if row.is_some() {
            sqlx::query("delete from campaign_numbers where campaign_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for number in config.number_ids().ids() {
                sqlx::query(
                    "insert into campaign_numbers (campaign_id, number_id) values ($1, $2)",
                )
                .bind(id)
                .bind(number.get())
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(row)
    })?;
    row.map(StoredCampaign::try_from).transpose()
}

/// Deletes a draft with its contacts, pool and exclusions, in one
/// transaction; `false` when it is not a draft any more or is gone.
///
/// The contacts are deleted here, not by a cascade: on PostgreSQL
/// `contacts.campaign_id` has no foreign key (migration 0005). The campaign
/// row goes first, so an upload still holding it finishes (or is refused
/// afterwards, finding no campaign) before the contacts are deleted, and the
/// contacts statement, which starts after that, sees every row it committed.
pub async fn delete_draft(db: &Db, id: i64) -> sqlx::Result<Deletion> {
    // Not while an upload writes the campaign's next list: its rows would
    // go on being written for a campaign that is gone (SQLite: its marker;
    // PostgreSQL: the upload's advisory lock, see `contact_lists`).
    let sql = "delete from campaigns where id = $1 and status = 'draft' and upload_list_no is null";
    let outcome = with_pool!(db, |pool| {
        async {
            let mut tx = pool.begin().await?;
            if let Db::Postgres(_) = db {
                let free: bool = sqlx::query_scalar("select pg_try_advisory_xact_lock($1)")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                if !free {
                    return Ok(Deletion::Uploading);
                }
            }
            let deleted = sqlx::query(sql)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            if !deleted {
                let uploading: Option<bool> = sqlx::query_scalar(
                    "select upload_list_no is not null from campaigns where id = $1 and status = 'draft'",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                return Ok(if uploading == Some(true) {
                    Deletion::Uploading
                } else {
                    Deletion::NotDraft
                });
            }
            sqlx::query("delete from contacts where campaign_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Deletion::Deleted)
        }
        .await
    })?;
    Ok(outcome)
}

/// What [`delete_draft`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletion {
    Deleted,
    /// Gone, or no longer a draft.
    NotDraft,
    /// An upload to it is being written.
    Uploading,
}

/// How many of the campaign's contacts could be dialled (not excluded).
pub async fn dialable_contacts(db: &Db, id: i64) -> sqlx::Result<i64> {
    with_pool!(db, |pool| {
        sqlx::query_scalar::<_, i64>(&format!(
            "select count(*) from contacts where campaign_id = $1 and state <> 'excluded' \
             and {VISIBLE}"
        ))
        .bind(id)
        .fetch_one(pool)
        .await
    })
}

/// How many numbers of the campaign's pool can dial out.
pub async fn outbound_numbers(db: &Db, id: i64) -> sqlx::Result<i64> {
    with_pool!(db, |pool| {
        sqlx::query_scalar::<_, i64>(
            "select count(*) from campaign_numbers cn join numbers n on n.id = cn.number_id \
             where cn.campaign_id = $1 and not n.inbound_only",
        )
        .bind(id)
        .fetch_one(pool)
        .await
    })
}

/// What a lifecycle action writes besides the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunChange {
    /// Pause or resume: only the status.
    None,
    /// Start or restart: a new run begins.
    NewRun,
    /// Stop: the campaign completes.
    Complete,
}

/// Moves the campaign from `from` to `to` if it is still in `from`; `None`
/// when it is not (or is gone). A restart (`NewRun` from completed) also
/// makes every contact that was not reached nor excluded eligible again
/// for the new run, in the same transaction: see docs/api.md.
pub async fn transition(
    db: &Db,
    id: i64,
    from: Status,
    to: Status,
    change: RunChange,
    now: Timestamp,
) -> sqlx::Result<Option<StoredCampaign>> {
    let set = match change {
        RunChange::None => "",
        RunChange::NewRun => {
            ", has_run = true, run_no = run_no + 1, started_at = $4, completed_at = null"
        }
        RunChange::Complete => ", completed_at = $4",
    };
    let sql = format!(
        "update campaigns set status = $3, updated_at = $4{set} \
         where id = $1 and status = $2 returning {COLUMNS}"
    );
    let reopen = change == RunChange::NewRun && from == Status::Completed;
    let row = with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        let row = sqlx::query_as::<_, CampaignRow>(&sql)
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        if row.is_some() && reopen {
            sqlx::query(&format!(
                "update contacts set \
                 state = case when state = 'callback' and next_eligible_at > $2 \
                         then 'callback' else 'pending' end, \
                 next_eligible_at = case when state = 'callback' and next_eligible_at > $2 \
                         then next_eligible_at else null end, \
                 attempts = 0, done_reason = null, updated_at = $2 \
                 where campaign_id = $1 and state not in ('in_call', 'excluded') \
                 and not (state = 'done' and done_reason = 'reached') and {VISIBLE}"
            ))
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(row)
    })?;
    row.map(StoredCampaign::try_from).transpose()
}

/// A new draft copying `source`'s configuration (under `config`'s name),
/// number pool, contacts (fresh for a first run, excluded ones staying
/// excluded) and exclusions.
pub async fn clone(
    db: &Db,
    source: i64,
    config: &CampaignConfig,
    default_region: Option<&str>,
    now: Timestamp,
) -> sqlx::Result<StoredCampaign> {
    let json = serde_json::to_string(config).map_err(|e| decode_error("configuration", e))?;
    let row = with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        // The copy's contacts are the source's rows as stored, so it takes
        // the names they are stored against (store::variables).
        let row = sqlx::query_as::<_, CampaignRow>(&format!(
            "insert into campaigns (name, bot_id, config, default_region, created_at, updated_at, \
             variable_names) values ($1, $2, $3, $4, $5, $5, \
             (select variable_names from campaigns where id = $6)) returning {COLUMNS}"
        ))
        .bind(config.name().as_str())
        .bind(config.bot_id().get())
        .bind(&json)
        .bind(default_region)
        .bind(now)
        .bind(source)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "insert into campaign_numbers (campaign_id, number_id) \
             select $1, number_id from campaign_numbers where campaign_id = $2",
        )
        .bind(row.id)
        .bind(source)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "insert into contacts (campaign_id, row_no, phone, variables, state, created_at, updated_at) \
             select $1, row_no, phone, variables, \
             case when state = 'excluded' then 'excluded' else 'pending' end, $3, $3 \
             from contacts where campaign_id = $2 and list_no between \
             (select list_from from campaigns where id = $2) and \
             (select list_to from campaigns where id = $2) order by id",
        )
        .bind(row.id)
        .bind(source)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "insert into exclusions (campaign_id, phone, sticky, created_by, created_at) \
             select $1, phone, sticky, created_by, created_at from exclusions where campaign_id = $2",
        )
        .bind(row.id)
        .bind(source)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(row)
    })?;
    row.try_into()
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn search_text_is_matched_literally() {
        assert_eq!(like_pattern("Q2"), "%q2%");
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
