//! What the dialler reads and writes, as one interface with two
//! implementations: [`super::sql_store::SqlStore`] (SQLite or PostgreSQL:
//! `serve`, and several instances sharing the work) and
//! [`super::memory_store::MemoryStore`] (the simulator's fast path). Both
//! follow the same contract, and the same scenario gives the same event log
//! on both, event by event and id for id: `tests/api/store_contract.rs` runs
//! `simulate`'s loop ([`super::simulate::run_on`]) on each store (the SQL
//! one on SQLite and on PostgreSQL) for a plain run, retries up to Max
//! Attempts, callbacks and both halves of their gate, pause and resume,
//! stop and restart, a Single Day window ending and a crash mid-call with
//! its reconciliation, and compares the logs and the final contact states;
//! a claim withdrawn after backpressure is compared claim by claim.
//!
//! # Claim contract (invariants 1, 2, 4, 5, 7, 8)
//! [`DiallerStore::claim`] runs as one transaction that:
//! 1. checks the campaign is still `running` and locks it, so two instances
//!    never claim for one campaign at once and a Pause stops new dials at once;
//! 2. locks the carriers of its pool (in id order) and reads, from the
//!    attempts themselves, the campaign's live calls and every start through
//!    those carriers in the last second, whichever instance made them;
//! 3. asks the pure [`Pacer`] for the budget (seats and CPS) with that state;
//! 4. takes that many eligible contacts — due callbacks first, then due
//!    retries, then new contacts — under Max Attempts and not excluded;
//! 5. writes one attempt per contact (leased to this instance) and marks the
//!    contact `in_call` **before** any dial request is sent.

use chrono::{DateTime, Utc};
use outdial_shared::api::ContactState;
use outdial_shared::config::CampaignConfig;
use outdial_shared::dialler::{Pacer, Wait};
use outdial_shared::lifecycle::Status;
use outdial_shared::retry::{AttemptOutcome, NextStep};

use super::telephony::CallEvent;

/// A store failure (the database's, or the simulator's bookkeeping).
pub type StoreResult<T> = Result<T, sqlx::Error>;

/// A number of a campaign's pool, with its carrier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanNumber {
    pub id: i64,
    pub phone: String,
    pub carrier_id: i64,
    pub carrier_name: String,
    pub carrier_cps: u32,
}

/// A running or paused campaign, as the dialler needs it.
#[derive(Debug, Clone)]
pub struct CampaignPlan {
    pub id: i64,
    pub config: CampaignConfig,
    pub status: Status,
    pub run_no: i64,
    pub started_at: Option<DateTime<Utc>>,
    pub bot_id: i64,
    /// The bot half of the callback double gate.
    pub bot_callbacks: bool,
    /// Outbound numbers of the pool, in the configured order.
    pub pool: Vec<PlanNumber>,
}

/// A call the dialler may now place: its attempt row exists.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedCall {
    pub attempt_id: i64,
    pub contact_id: i64,
    pub attempt_no: u32,
    pub phone: String,
    /// The contact's variables as a JSON object (the dial request's).
    pub variables: String,
    /// Index into the plan's pool of the number dialled from.
    pub from: usize,
    pub at: DateTime<Utc>,
}

/// What a claim produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// The campaign is no longer running.
    NotRunning,
    /// These calls, and what limited them.
    Calls {
        calls: Vec<ClaimedCall>,
        /// Why no more were claimed, when the pacer said so.
        wait: Option<Wait>,
        /// Fewer contacts were eligible than the budget allowed; the next
        /// retry or callback falls due at this instant (if any).
        next_due: Option<DateTime<Utc>>,
        /// Fewer contacts were eligible than the budget allowed.
        ran_out: bool,
    },
}

/// A call event the store applied (duplicates and events of calls already
/// closed are dropped, so none of these repeats).
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    Answered {
        campaign_id: i64,
        contact_id: i64,
        attempt_id: i64,
        machine: bool,
        at: DateTime<Utc>,
    },
    Ended {
        campaign_id: i64,
        contact_id: i64,
        attempt_id: i64,
        outcome: AttemptOutcome,
        next: NextStep,
        at: DateTime<Utc>,
    },
}

impl Applied {
    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Applied::Answered { at, .. } | Applied::Ended { at, .. } => *at,
        }
    }
}

/// How much of a campaign is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Attempts not yet ended.
    pub live: u64,
    /// Contacts still to be called (new, waiting for a retry or a callback);
    /// only whether it is zero matters: the SQL store stops counting at 1.
    pub waiting: u64,
}

/// The dialler's store.
#[allow(async_fn_in_trait)]
pub trait DiallerStore {
    /// Every campaign that is running or paused.
    async fn active_campaigns(&self) -> StoreResult<Vec<CampaignPlan>>;

    /// Claims calls for `plan` at `now` (see the module docs); `pacer` must
    /// know the campaign and its carriers.
    async fn claim(
        &self,
        plan: &CampaignPlan,
        pacer: &mut Pacer,
        owner: &str,
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Claim>;

    /// Withdraws attempts whose dial request placed no call (backpressure):
    /// the attempt is deleted and its contact made eligible again at once:
    /// `pending` if that was its first attempt, else a `retry` due now.
    async fn withdraw(&self, attempt_ids: &[i64], now: DateTime<Utc>) -> StoreResult<()>;

    /// Applies call events in order: ends go through the retry policy and
    /// set the contact's next step.
    async fn apply(&self, events: &[CallEvent], now: DateTime<Utc>) -> StoreResult<Vec<Applied>>;

    /// What is left of a campaign.
    async fn progress(&self, campaign_id: i64) -> StoreResult<Progress>;

    /// Moves a running campaign to completed (audited as the dialler's,
    /// with `reason`); `false` if it was not running.
    async fn complete(
        &self,
        campaign_id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Extends the leases of `owner`'s live attempts to `until`.
    async fn renew_leases(&self, owner: &str, until: DateTime<Utc>) -> StoreResult<()>;

    /// Live attempts to close as `error`: their lease ran out before
    /// `expired_before` (their dialler died, and no event resolved them in
    /// the grace period), or they were dialled before `dialed_before` and
    /// never ended (their events were lost).
    async fn orphans(
        &self,
        expired_before: DateTime<Utc>,
        dialed_before: DateTime<Utc>,
    ) -> StoreResult<Vec<i64>>;
}

/// The retry policy's verdict for an ended attempt: the shared rules with
/// the facts the store gathered. One function, so both stores decide alike.
pub fn next_step(
    config: &CampaignConfig,
    bot_callbacks: bool,
    attempts_so_far: u32,
    excluded: bool,
    outcome: &AttemptOutcome,
    now: DateTime<Utc>,
) -> NextStep {
    let rules = outdial_shared::retry::RetryRules::from_config(config);
    outdial_shared::retry::decide(
        &rules,
        outcome,
        &outdial_shared::retry::RetryContext {
            attempts_so_far,
            excluded,
            bot_callbacks_enabled: bot_callbacks,
            now,
        },
    )
}

/// The contact's state for a next step: `(state, next_eligible_at, done_reason)`.
pub fn contact_update(
    next: NextStep,
) -> (ContactState, Option<DateTime<Utc>>, Option<&'static str>) {
    match next {
        NextStep::Done(reason) => (ContactState::Done, None, Some(reason.as_str())),
        NextStep::RetryAt(at) => (ContactState::Retry, Some(at), None),
        NextStep::CallbackAt(at) => (ContactState::Callback, Some(at), None),
    }
}

/// Sets up `pacer` for a claim: the campaign's live calls and its carriers'
/// starts of the last second, as the store sees them.
pub fn seed_pacer(
    pacer: &mut Pacer,
    plan: &CampaignPlan,
    live: u32,
    recent_starts: &[(i64, DateTime<Utc>)],
) {
    use outdial_shared::dialler::{CampaignId, CarrierId};
    let mut carriers: Vec<i64> = plan.pool.iter().map(|n| n.carrier_id).collect();
    carriers.sort_unstable();
    carriers.dedup();
    for carrier in carriers {
        pacer.replace_starts(
            CarrierId(carrier),
            recent_starts
                .iter()
                .filter(|(c, _)| *c == carrier)
                .map(|(_, at)| *at),
        );
    }
    let _ = pacer.set_live_calls(CampaignId(plan.id), live);
}

/// A shared store is a store (the simulator keeps one across crashes).
impl<T: DiallerStore> DiallerStore for std::sync::Arc<T> {
    async fn active_campaigns(&self) -> StoreResult<Vec<CampaignPlan>> {
        (**self).active_campaigns().await
    }

    async fn claim(
        &self,
        plan: &CampaignPlan,
        pacer: &mut Pacer,
        owner: &str,
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Claim> {
        (**self).claim(plan, pacer, owner, lease_until, now).await
    }

    async fn withdraw(&self, attempt_ids: &[i64], now: DateTime<Utc>) -> StoreResult<()> {
        (**self).withdraw(attempt_ids, now).await
    }

    async fn apply(&self, events: &[CallEvent], now: DateTime<Utc>) -> StoreResult<Vec<Applied>> {
        (**self).apply(events, now).await
    }

    async fn progress(&self, campaign_id: i64) -> StoreResult<Progress> {
        (**self).progress(campaign_id).await
    }

    async fn complete(
        &self,
        campaign_id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        (**self).complete(campaign_id, reason, now).await
    }

    async fn renew_leases(&self, owner: &str, until: DateTime<Utc>) -> StoreResult<()> {
        (**self).renew_leases(owner, until).await
    }

    async fn orphans(
        &self,
        expired_before: DateTime<Utc>,
        dialed_before: DateTime<Utc>,
    ) -> StoreResult<Vec<i64>> {
        (**self).orphans(expired_before, dialed_before).await
    }
}
