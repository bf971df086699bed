//! The dialler's store on SQLite or PostgreSQL (see [`super::store`] for
//! the contract). On PostgreSQL the claim locks the campaign row (a
//! `select … where status = 'running' … for update`) and its carriers' rows
//! (`for update`, in id order), and takes contacts with `for update skip
//! locked`, so several `outdial serve` processes share one database safely.
//! SQLite has one writer at a time, so the same statements are already
//! serialised; its claim takes the write lock at once with a no-op `update`
//! of the campaign row.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use outdial_shared::config::CampaignConfig;
use outdial_shared::dialler::{CampaignId, Pacer};
use outdial_shared::lifecycle::Status;
use outdial_shared::retry::{AttemptOutcome, CallStatus};
use serde_json::json;

use super::store::{
    contact_update, next_step, seed_pacer, Applied, CampaignPlan, Claim, ClaimedCall, DiallerStore,
    PlanNumber, Progress, StoreResult,
};
use super::telephony::{CallEvent, CallEventKind};
use crate::db::Db;
use crate::store::campaigns::parse_status;
use crate::store::contact_lists::VISIBLE;
use crate::store::variables;
use crate::store::{with_pool, Timestamp};

/// The dialler's store over the server's database.
#[derive(Clone)]
pub struct SqlStore {
    db: Db,
}

impl SqlStore {
    pub fn new(db: Db) -> Self {
        SqlStore { db }
    }

    fn postgres(&self) -> bool {
        matches!(self.db, Db::Postgres(_))
    }

    /// Applies up to [`APPLY_CHUNK`] events in one transaction and a few
    /// statements: one per kind of event, then the contacts' facts, then
    /// their next steps. Within an attempt, events of one chunk take effect
    /// as ringing → answered → ended whatever their order, and an attempt
    /// ends once (the first `ended` wins; later ones are ignored).
    async fn apply_chunk(&self, events: &[CallEvent]) -> StoreResult<Vec<Applied>> {
        let mut ringing = Vec::new();
        let mut answered = Vec::new();
        let mut ended: Vec<(&CallEvent, &AttemptOutcome)> = Vec::new();
        for event in events {
            match &event.kind {
                CallEventKind::Ringing => ringing.push(event.attempt_id),
                CallEventKind::Answered { machine } => answered.push((event, *machine)),
                CallEventKind::Ended(outcome) => {
                    if !ended.iter().any(|(e, _)| e.attempt_id == event.attempt_id) {
                        ended.push((event, outcome));
                    }
                }
            }
        }
        with_pool!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let mut applied = Vec::new();
            if !ringing.is_empty() {
                let sql = format!(
                    "update attempts set status = 'ringing' \
                     where ended_at is null and status = 'dialing' and id in ({})",
                    placeholders(1, ringing.len())
                );
                let mut query = sqlx::query(&sql);
                for id in &ringing {
                    query = query.bind(*id);
                }
                query.execute(&mut *tx).await?;
            }
            if !answered.is_empty() {
                let sql = format!(
                    "update attempts set status = 'answered', answered_at = v.a_at, machine = v.a_machine \
                     from (select column1 as a_id, column2 as a_at, column3 as a_machine \
                           from (values {}) as t) as v \
                     where id = v.a_id and ended_at is null and answered_at is null \
                     returning id, campaign_id, contact_id",
                    values(answered.len(), 3)
                );
                let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
                for (event, machine) in &answered {
                    query = query
                        .bind(event.attempt_id)
                        .bind(Timestamp::from(event.at))
                        .bind(*machine);
                }
                let rows: HashMap<i64, (i64, i64)> = query
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .map(|(id, campaign, contact)| (id, (campaign, contact)))
                    .collect();
                for (event, machine) in &answered {
                    if let Some((campaign_id, contact_id)) = rows.get(&event.attempt_id) {
                        applied.push(Applied::Answered {
                            campaign_id: *campaign_id,
                            contact_id: *contact_id,
                            attempt_id: event.attempt_id,
                            machine: *machine,
                            at: event.at,
                        });
                    }
                }
            }
            if ended.is_empty() {
                tx.commit().await?;
                return Ok(applied);
            }
            let sql = format!(
                "update attempts set status = 'ended', ended_at = v.e_at, disposition = v.e_disposition, \
                 duration_s = v.e_duration, machine = v.e_machine, \
                 business_disposition = v.e_business, callback_at = v.e_callback, \
                 lease_owner = null, lease_expires_at = null \
                 from (select column1 as e_id, column2 as e_at, column3 as e_disposition, \
                       column4 as e_duration, column5 as e_machine, column6 as e_business, \
                       column7 as e_callback from (values {}) as t) as v \
                 where id = v.e_id and ended_at is null returning id, campaign_id, contact_id",
                values(ended.len(), 7)
            );
            let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
            for (event, outcome) in &ended {
                query = query
                    .bind(event.attempt_id)
                    .bind(Timestamp::from(event.at))
                    .bind(status_name(outcome.status))
                    .bind(i64::from(outcome.duration_seconds))
                    .bind(outcome.answered_by_machine)
                    .bind(outcome.disposition.as_deref())
                    .bind(outcome.callback_at.map(Timestamp::from));
            }
            let closed: HashMap<i64, (i64, i64)> = query
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|(id, campaign, contact)| (id, (campaign, contact)))
                .collect();
            if closed.is_empty() {
                tx.commit().await?;
                return Ok(applied);
            }
            let contact_ids: Vec<i64> = closed.values().map(|(_, contact)| *contact).collect();
            let mut campaign_ids: Vec<i64> =
                closed.values().map(|(campaign, _)| *campaign).collect();
            campaign_ids.sort_unstable();
            campaign_ids.dedup();
            let sql = format!(
                "select id, cast(attempts as bigint), state from contacts where id in ({})",
                placeholders(1, contact_ids.len())
            );
            let mut query = sqlx::query_as::<_, (i64, i64, String)>(&sql);
            for id in &contact_ids {
                query = query.bind(*id);
            }
            let facts: HashMap<i64, (i64, String)> = query
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|(id, attempts, state)| (id, (attempts, state)))
                .collect();
            let sql = format!(
                "select c.id from contacts c join exclusions e \
                 on e.campaign_id = c.campaign_id and e.phone = c.phone where c.id in ({})",
                placeholders(1, contact_ids.len())
            );
            let mut query = sqlx::query_scalar::<_, i64>(&sql);
            for id in &contact_ids {
                query = query.bind(*id);
            }
            let excluded: std::collections::HashSet<i64> =
                query.fetch_all(&mut *tx).await?.into_iter().collect();
            let sql = format!(
                "select cp.id, cp.config, b.callback_enabled from campaigns cp \
                 join bots b on b.id = cp.bot_id where cp.id in ({})",
                placeholders(1, campaign_ids.len())
            );
            let mut query = sqlx::query_as::<_, (i64, String, bool)>(&sql);
            for id in &campaign_ids {
                query = query.bind(*id);
            }
            let mut rules: HashMap<i64, (CampaignConfig, bool)> = HashMap::new();
            for (id, config, callbacks) in query.fetch_all(&mut *tx).await? {
                let config = serde_json::from_str(&config).map_err(bad_config)?;
                rules.insert(id, (config, callbacks));
            }
            let mut updates = Vec::with_capacity(closed.len());
            for (event, outcome) in &ended {
                let Some((campaign_id, contact_id)) = closed.get(&event.attempt_id) else {
                    continue;
                };
                let (attempts, state) = &facts[contact_id];
                let (config, callbacks) = &rules[campaign_id];
                let next = next_step(
                    config,
                    *callbacks,
                    (*attempts).max(0) as u32,
                    excluded.contains(contact_id) || state == "excluded",
                    outcome,
                    event.at,
                );
                let last = outcome
                    .disposition
                    .clone()
                    .unwrap_or_else(|| status_name(outcome.status).to_string());
                updates.push((*contact_id, contact_update(next), last, event.at));
                applied.push(Applied::Ended {
                    campaign_id: *campaign_id,
                    contact_id: *contact_id,
                    attempt_id: event.attempt_id,
                    outcome: (*outcome).clone(),
                    next,
                    at: event.at,
                });
            }
            let sql = format!(
                "update contacts set state = v.c_state, next_eligible_at = v.c_due, \
                 done_reason = v.c_reason, last_disposition = v.c_last, updated_at = v.c_at \
                 from (select column1 as c_id, column2 as c_state, column3 as c_due, \
                       column4 as c_reason, column5 as c_last, column6 as c_at \
                       from (values {}) as t) as v \
                 where id = v.c_id and state = 'in_call'",
                values(updates.len(), 6)
            );
            let mut query = sqlx::query(&sql);
            for (contact_id, (state, due, reason), last, at) in updates {
                query = query
                    .bind(contact_id)
                    .bind(state.as_str())
                    .bind(due.map(Timestamp::from))
                    .bind(reason)
                    .bind(last)
                    .bind(Timestamp::from(at));
            }
            query.execute(&mut *tx).await?;
            tx.commit().await?;
            applied.sort_by_key(Applied::at);
            Ok(applied)
        })
    }
}

/// Call events applied per transaction.
const APPLY_CHUNK: usize = 1_000;

/// `($1, $2, $3), ($4, $5, $6), …` for `rows` rows of `columns` values.
fn values(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", placeholders(1 + r * columns, columns)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bad_config(error: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored campaign configuration is unreadable: {error}").into())
}

/// The wire name of a call status (`no_answer`, `connected`, …).
pub fn status_name(status: CallStatus) -> &'static str {
    status
        .system_disposition()
        .map_or("connected", |disposition| disposition.as_str())
}

type PlanRow = (i64, String, String, i64, Option<DateTime<Utc>>, i64, bool);
type NumberRow = (i64, i64, String, i64, String, i64);
type ContactRow = (i64, String, String, i64);

impl DiallerStore for SqlStore {
    async fn active_campaigns(&self) -> StoreResult<Vec<CampaignPlan>> {
        let (rows, numbers) = with_pool!(&self.db, |pool| {
            let rows: Vec<PlanRow> = sqlx::query_as(
                "select c.id, c.config, c.status, cast(c.run_no as bigint), c.started_at, c.bot_id, \
                 b.callback_enabled from campaigns c join bots b on b.id = c.bot_id \
                 where c.status in ('running', 'paused') order by c.id",
            )
            .fetch_all(pool)
            .await?;
            let numbers: Vec<NumberRow> = sqlx::query_as(
                "select cn.campaign_id, n.id, n.number, ca.id, ca.name, cast(ca.cps_limit as bigint) \
                 from campaign_numbers cn join campaigns c on c.id = cn.campaign_id \
                 join numbers n on n.id = cn.number_id join carriers ca on ca.id = n.carrier_id \
                 where c.status in ('running', 'paused') and not n.inbound_only",
            )
            .fetch_all(pool)
            .await?;
            Ok::<_, sqlx::Error>((rows, numbers))
        })?;
        let mut by_campaign: HashMap<i64, Vec<PlanNumber>> = HashMap::new();
        for (campaign, id, phone, carrier_id, carrier_name, cps) in numbers {
            by_campaign.entry(campaign).or_default().push(PlanNumber {
                id,
                phone,
                carrier_id,
                carrier_name,
                carrier_cps: cps.max(0) as u32,
            });
        }
        rows.into_iter()
            .map(
                |(id, config, status, run_no, started_at, bot_id, bot_callbacks)| {
                    let config: CampaignConfig =
                        serde_json::from_str(&config).map_err(bad_config)?;
                    let mut numbers = by_campaign.remove(&id).unwrap_or_default();
                    // Pool order is the configured order.
                    let order: Vec<i64> =
                        config.number_ids().ids().iter().map(|n| n.get()).collect();
                    numbers.sort_by_key(|n| order.iter().position(|o| *o == n.id));
                    Ok(CampaignPlan {
                        id,
                        status: parse_status(&status)?,
                        config,
                        run_no,
                        started_at,
                        bot_id,
                        bot_callbacks,
                        pool: numbers,
                    })
                },
            )
            .collect()
    }

    async fn claim(
        &self,
        plan: &CampaignPlan,
        pacer: &mut Pacer,
        owner: &str,
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Claim> {
        let postgres = self.postgres();
        let skip_locked = if postgres {
            " for update skip locked"
        } else {
            ""
        };
        let mut carriers: Vec<i64> = plan.pool.iter().map(|n| n.carrier_id).collect();
        carriers.sort_unstable();
        carriers.dedup();
        let at = Timestamp::from(now);
        let max_attempts = i64::from(plan.config.max_attempts().get());
        with_pool!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            // Locks the campaign row and checks it still runs this run. On
            // SQLite a write takes the database's write lock at once (a
            // read first could not upgrade if another writer came between).
            let lock_campaign = if postgres {
                "select id from campaigns \
                 where id = $1 and status = 'running' and run_no = $2 for update"
            } else {
                "update campaigns set run_no = run_no \
                 where id = $1 and status = 'running' and run_no = $2 returning id"
            };
            let running = sqlx::query_scalar::<_, i64>(lock_campaign)
                .bind(plan.id)
                .bind(plan.run_no)
                .fetch_optional(&mut *tx)
                .await?;
            if running.is_none() {
                tx.rollback().await?;
                return Ok(Claim::NotRunning);
            }
            if postgres && !carriers.is_empty() {
                let sql = format!(
                    "select id from carriers where id in ({}) order by id for update",
                    placeholders(1, carriers.len())
                );
                let mut query = sqlx::query_scalar::<_, i64>(&sql);
                for carrier in &carriers {
                    query = query.bind(*carrier);
                }
                query.fetch_all(&mut *tx).await?;
            }
            let live: i64 = sqlx::query_scalar(
                "select count(*) from attempts where campaign_id = $1 and ended_at is null",
            )
            .bind(plan.id)
            .fetch_one(&mut *tx)
            .await?;
            let mut recent: Vec<(i64, DateTime<Utc>)> = Vec::new();
            if !carriers.is_empty() {
                // Bot test calls use the carriers' calls per second too
                // (`store::test_calls::place` counts both under the same lock).
                let carrier_list = placeholders(2, carriers.len());
                let sql = format!(
                    "select carrier_id, dialed_at from attempts \
                     where dialed_at > $1 and carrier_id in ({carrier_list}) \
                     union all select carrier_id, dialed_at from test_calls \
                     where dialed_at > $1 and carrier_id in ({carrier_list})"
                );
                let mut query = sqlx::query_as::<_, (i64, DateTime<Utc>)>(&sql)
                    .bind(Timestamp::from(now - Duration::seconds(1)));
                for carrier in &carriers {
                    query = query.bind(*carrier);
                }
                recent = query.fetch_all(&mut *tx).await?;
            }
            seed_pacer(pacer, plan, live.max(0) as u32, &recent);
            let budget = pacer.budget(CampaignId(plan.id), now);
            if budget.dials == 0 {
                tx.rollback().await?;
                return Ok(Claim::Calls {
                    calls: Vec::new(),
                    wait: budget.wait,
                    next_due: None,
                    ran_out: false,
                });
            }
            let want = budget.dials as i64;
            let mut picked: Vec<ContactRow> = Vec::new();
            for state in ["callback", "retry", "pending"] {
                let left = want - picked.len() as i64;
                if left == 0 {
                    break;
                }
                let due = if state == "pending" {
                    ""
                } else {
                    "and next_eligible_at <= $5 "
                };
                let sql = format!(
                    "select id, phone, variables, cast(attempts as bigint) from contacts \
                     where campaign_id = $1 and state = $2 and attempts < $3 and {VISIBLE} {due}\
                     order by next_eligible_at, id limit $4{skip_locked}"
                );
                let mut query = sqlx::query_as::<_, ContactRow>(&sql)
                    .bind(plan.id)
                    .bind(state)
                    .bind(max_attempts)
                    .bind(left);
                if state != "pending" {
                    query = query.bind(at);
                }
                picked.extend(query.fetch_all(&mut *tx).await?);
            }
            let ran_out = (picked.len() as i64) < want;
            let next_due = if ran_out {
                sqlx::query_scalar::<_, Option<DateTime<Utc>>>(&format!(
                    "select min(next_eligible_at) from contacts \
                         where campaign_id = $1 and state in ('retry', 'callback') and {VISIBLE}"
                ))
                .bind(plan.id)
                .fetch_one(&mut *tx)
                .await?
            } else {
                None
            };
            // The rows hold values; the dial request names them
            // (store::variables), read in the claim's own transaction.
            let names = if picked.is_empty() {
                None
            } else {
                let stored: Option<String> =
                    sqlx::query_scalar("select variable_names from campaigns where id = $1")
                        .bind(plan.id)
                        .fetch_one(&mut *tx)
                        .await?;
                variables::parse_names(stored.as_deref()).unwrap_or_else(|error| {
                    tracing::warn!(campaign_id = plan.id, %error, "calls go without their variables");
                    None
                })
            };
            let mut calls = Vec::with_capacity(picked.len());
            for (contact_id, phone, stored, attempts) in picked {
                // An unreadable row is dialled without its variables, and
                // said so, rather than stalling the campaign's every step.
                let variables = match variables::decode_object(names.as_deref(), &stored) {
                    Ok(object) => serde_json::Value::Object(object).to_string(),
                    Err(error) => {
                        tracing::warn!(contact_id, %error, "dialled without its variables");
                        "{}".to_owned()
                    }
                };
                let Ok(grant) = pacer.start(CampaignId(plan.id), now) else {
                    break;
                };
                let from = plan
                    .pool
                    .iter()
                    .position(|n| n.id == grant.from.id.get())
                    .expect("the pacer grants numbers of the plan's pool");
                calls.push(ClaimedCall {
                    attempt_id: 0,
                    contact_id,
                    attempt_no: (attempts + 1) as u32,
                    phone,
                    variables,
                    from,
                    at: now,
                });
            }
            if !calls.is_empty() {
                // One statement for the contacts, one for their attempts.
                let sql = format!(
                    "update contacts set state = 'in_call', attempts = attempts + 1, \
                     next_eligible_at = null, updated_at = $1 where id in ({})",
                    placeholders(2, calls.len())
                );
                let mut query = sqlx::query(&sql).bind(at);
                for call in &calls {
                    query = query.bind(call.contact_id);
                }
                query.execute(&mut *tx).await?;
                let rows: Vec<String> = (0..calls.len())
                    .map(|i| {
                        let p = 6 + i * 4;
                        format!(
                            "($1, ${}, $2, ${}, ${}, ${}, 'dialing', $3, $3, $4, $5)",
                            p,
                            p + 1,
                            p + 2,
                            p + 3
                        )
                    })
                    .collect();
                let sql = format!(
                    "insert into attempts (campaign_id, contact_id, run_no, attempt_no, \
                     from_number, carrier_id, status, created_at, dialed_at, lease_owner, \
                     lease_expires_at) values {} returning id, contact_id",
                    rows.join(", ")
                );
                let mut query = sqlx::query_as::<_, (i64, i64)>(&sql)
                    .bind(plan.id)
                    .bind(plan.run_no)
                    .bind(at)
                    .bind(owner)
                    .bind(Timestamp::from(lease_until));
                for call in &calls {
                    let number = &plan.pool[call.from];
                    query = query
                        .bind(call.contact_id)
                        .bind(i64::from(call.attempt_no))
                        .bind(&number.phone)
                        .bind(number.carrier_id);
                }
                let ids: HashMap<i64, i64> = query
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .map(|(id, contact)| (contact, id))
                    .collect();
                for call in &mut calls {
                    call.attempt_id = ids[&call.contact_id];
                }
            }
            tx.commit().await?;
            let wait = pacer.budget(CampaignId(plan.id), now).wait;
            Ok(Claim::Calls {
                calls,
                wait,
                next_due,
                ran_out,
            })
        })
    }

    async fn withdraw(&self, attempt_ids: &[i64], now: DateTime<Utc>) -> StoreResult<()> {
        let at = Timestamp::from(now);
        with_pool!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            for id in attempt_ids {
                let contact: Option<i64> = sqlx::query_scalar(
                    "delete from attempts where id = $1 and ended_at is null returning contact_id",
                )
                .bind(*id)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(contact) = contact {
                    sqlx::query(
                        "update contacts set attempts = attempts - 1, \
                         state = case when attempts = 1 then 'pending' else 'retry' end, \
                         next_eligible_at = case when attempts = 1 then null else $2 end, \
                         updated_at = $2 where id = $1 and state = 'in_call'",
                    )
                    .bind(contact)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await
        })
    }

    async fn apply(&self, events: &[CallEvent], _now: DateTime<Utc>) -> StoreResult<Vec<Applied>> {
        let mut applied = Vec::new();
        for chunk in events.chunks(APPLY_CHUNK) {
            applied.extend(self.apply_chunk(chunk).await?);
        }
        Ok(applied)
    }

    async fn progress(&self, campaign_id: i64) -> StoreResult<Progress> {
        with_pool!(&self.db, |pool| {
            let (live, waiting): (i64, i64) = sqlx::query_as(
                &format!(
                    "select (select count(*) from attempts where campaign_id = $1 and ended_at is null), \
                     (select count(*) from (select 1 from contacts where campaign_id = $1 \
                      and state in ('pending', 'retry', 'callback') and {VISIBLE} limit 1) w)"
                ),
            )
            .bind(campaign_id)
            .fetch_one(pool)
            .await?;
            Ok(Progress {
                live: live.max(0) as u64,
                waiting: waiting.max(0) as u64,
            })
        })
    }

    async fn complete(
        &self,
        campaign_id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let at = Timestamp::from(now);
        let details = json!({ "reason": reason }).to_string();
        with_pool!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "update campaigns set status = $2, completed_at = $3, updated_at = $3 \
                 where id = $1 and status = 'running'",
            )
            .bind(campaign_id)
            .bind(Status::Completed.as_str())
            .bind(at)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if done {
                sqlx::query(
                    "insert into audit (campaign_id, actor, action, details, at) \
                     values ($1, 'dialler', 'campaign_completed', $2, $3)",
                )
                .bind(campaign_id)
                .bind(&details)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(done)
        })
    }

    async fn renew_leases(&self, owner: &str, until: DateTime<Utc>) -> StoreResult<()> {
        with_pool!(&self.db, |pool| {
            sqlx::query(
                "update attempts set lease_expires_at = $2 \
                 where lease_owner = $1 and ended_at is null",
            )
            .bind(owner)
            .bind(Timestamp::from(until))
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    async fn orphans(
        &self,
        expired_before: DateTime<Utc>,
        dialed_before: DateTime<Utc>,
    ) -> StoreResult<Vec<i64>> {
        with_pool!(&self.db, |pool| {
            sqlx::query_scalar(
                "select id from attempts where ended_at is null \
                 and (lease_expires_at < $1 or dialed_at < $2) order by id",
            )
            .bind(Timestamp::from(expired_before))
            .bind(Timestamp::from(dialed_before))
            .fetch_all(pool)
            .await
        })
    }
}
