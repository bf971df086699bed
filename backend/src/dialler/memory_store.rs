//! The dialler's store held in memory, for `outdial simulate`: the same
//! contract as [`super::sql_store::SqlStore`] (claim order, attempt
//! numbering, retry decisions, leases), kept in indexes that make a
//! 500,000-contact run take seconds. A simulated crash drops the engine and
//! keeps this store, as kill -9 keeps the database.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use outdial_shared::api::ContactState;
use outdial_shared::dialler::{CampaignId, Pacer};
use outdial_shared::lifecycle::{Action, Status};

use super::store::{
    contact_update, next_step, seed_pacer, Applied, CampaignPlan, Claim, ClaimedCall, DiallerStore,
    Progress, StoreResult,
};
use super::telephony::{CallEvent, CallEventKind};

#[derive(Debug, Clone)]
struct Contact {
    campaign_id: i64,
    phone: String,
    variables: String,
    state: ContactState,
    attempts: u32,
    next_eligible_at: Option<DateTime<Utc>>,
    done_reason: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct Attempt {
    campaign_id: i64,
    /// The carrier it was placed through, whose CPS second it counts in.
    carrier_id: i64,
    dialed_at: DateTime<Utc>,
    contact_id: i64,
    answered: bool,
    lease_owner: String,
    lease_expires_at: DateTime<Utc>,
}

#[derive(Debug, Default)]
struct Queues {
    pending: BTreeSet<i64>,
    retry: BTreeSet<(DateTime<Utc>, i64)>,
    callback: BTreeSet<(DateTime<Utc>, i64)>,
    live: u64,
}

#[derive(Debug, Default)]
struct Inner {
    plans: BTreeMap<i64, CampaignPlan>,
    queues: HashMap<i64, Queues>,
    /// Contact `id` is at `contacts[id - 1]`.
    contacts: Vec<Contact>,
    /// Live attempts only: an ended attempt is in the event log.
    live: BTreeMap<i64, Attempt>,
    next_attempt: i64,
    starts: HashMap<i64, VecDeque<DateTime<Utc>>>,
    exclusions: HashSet<(i64, String)>,
    completions: Vec<(i64, String, DateTime<Utc>)>,
}

/// Counts of a campaign's contacts by state, for the simulator's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct StateCounts {
    pub pending: u64,
    pub in_call: u64,
    pub retry: u64,
    pub callback: u64,
    pub done: u64,
    pub excluded: u64,
    /// Done contacts by reason (`reached`, `exhausted`, …).
    pub done_reasons: BTreeMap<String, u64>,
}

/// The in-memory store.
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

impl Inner {
    fn queues(&mut self, campaign_id: i64) -> &mut Queues {
        self.queues.entry(campaign_id).or_default()
    }

    /// The ids of the contacts `keep` accepts.
    fn contact_ids(&self, keep: impl Fn(&Contact) -> bool) -> Vec<i64> {
        self.contacts
            .iter()
            .enumerate()
            .filter(|(_, c)| keep(c))
            .map(|(i, _)| i as i64 + 1)
            .collect()
    }

    fn contact(&mut self, id: i64) -> &mut Contact {
        &mut self.contacts[(id - 1) as usize]
    }

    /// Moves contact `id` to `state`, keeping the claim indexes in step.
    fn set_state(&mut self, id: i64, state: ContactState, at: Option<DateTime<Utc>>) {
        let contact = &self.contacts[(id - 1) as usize];
        let (old, old_at, campaign) =
            (contact.state, contact.next_eligible_at, contact.campaign_id);
        let queues = self.queues(campaign);
        match (old, old_at) {
            (ContactState::Pending, _) => {
                queues.pending.remove(&id);
            }
            (ContactState::Retry, Some(t)) => {
                queues.retry.remove(&(t, id));
            }
            (ContactState::Callback, Some(t)) => {
                queues.callback.remove(&(t, id));
            }
            _ => {}
        }
        match (state, at) {
            (ContactState::Pending, _) => {
                queues.pending.insert(id);
            }
            (ContactState::Retry, Some(t)) => {
                queues.retry.insert((t, id));
            }
            (ContactState::Callback, Some(t)) => {
                queues.callback.insert((t, id));
            }
            _ => {}
        }
        let contact = self.contact(id);
        contact.state = state;
        contact.next_eligible_at = at;
    }
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a campaign (its id must be new) in `status`.
    pub fn add_campaign(&self, plan: CampaignPlan) {
        let mut inner = self.inner.lock().expect("store lock");
        inner.queues(plan.id);
        inner.plans.insert(plan.id, plan);
    }

    /// Adds contacts to a campaign, as an upload would; ids follow on.
    /// Contacts whose number is excluded are stored excluded.
    pub fn add_contacts(
        &self,
        campaign_id: i64,
        contacts: impl IntoIterator<Item = (String, String)>,
    ) {
        let mut inner = self.inner.lock().expect("store lock");
        for (phone, variables) in contacts {
            let excluded = inner.exclusions.contains(&(campaign_id, phone.clone()));
            inner.contacts.push(Contact {
                campaign_id,
                phone,
                variables,
                state: if excluded {
                    ContactState::Excluded
                } else {
                    ContactState::Pending
                },
                attempts: 0,
                next_eligible_at: None,
                done_reason: None,
            });
            if !excluded {
                let id = inner.contacts.len() as i64;
                inner.queues(campaign_id).pending.insert(id);
            }
        }
    }

    /// Excludes a number: contacts not on a call nor done become excluded.
    pub fn exclude(&self, campaign_id: i64, phone: &str) {
        let mut inner = self.inner.lock().expect("store lock");
        inner.exclusions.insert((campaign_id, phone.to_string()));
        let ids = inner.contact_ids(|c| {
            c.campaign_id == campaign_id
                && c.phone == phone
                && matches!(
                    c.state,
                    ContactState::Pending | ContactState::Retry | ContactState::Callback
                )
        });
        for id in ids {
            inner.set_state(id, ContactState::Excluded, None);
        }
    }

    /// An operator action, as `POST /api/campaigns/{id}/<action>` does it;
    /// the new status, or `None` when the status does not allow it.
    pub fn act(&self, campaign_id: i64, action: Action, now: DateTime<Utc>) -> Option<Status> {
        let mut inner = self.inner.lock().expect("store lock");
        let plan = inner.plans.get_mut(&campaign_id)?;
        let from = plan.status;
        let to = from.apply(action).ok()?;
        plan.status = to;
        if action.begins_a_run() {
            plan.run_no += 1;
            plan.started_at = Some(now);
        }
        if action == Action::Restart && from == Status::Completed {
            // As store::campaigns::transition: everyone not reached, not
            // excluded and not on a call gets a fresh attempt budget.
            let ids = inner.contact_ids(|c| {
                c.campaign_id == campaign_id
                    && !matches!(c.state, ContactState::InCall | ContactState::Excluded)
                    && !(c.state == ContactState::Done && c.done_reason == Some("reached"))
            });
            for id in ids {
                let contact = inner.contact(id);
                contact.attempts = 0;
                contact.done_reason = None;
                let keep = contact.state == ContactState::Callback
                    && contact.next_eligible_at.is_some_and(|at| at > now);
                if keep {
                    continue;
                }
                inner.set_state(id, ContactState::Pending, None);
            }
        }
        Some(to)
    }

    /// Contacts of a campaign by state.
    pub fn counts(&self, campaign_id: i64) -> StateCounts {
        let inner = self.inner.lock().expect("store lock");
        let mut counts = StateCounts::default();
        for c in inner
            .contacts
            .iter()
            .filter(|c| c.campaign_id == campaign_id)
        {
            match c.state {
                ContactState::Pending => counts.pending += 1,
                ContactState::InCall => counts.in_call += 1,
                ContactState::Retry => counts.retry += 1,
                ContactState::Callback => counts.callback += 1,
                ContactState::Done => {
                    counts.done += 1;
                    *counts
                        .done_reasons
                        .entry(c.done_reason.unwrap_or("unknown").to_string())
                        .or_default() += 1;
                }
                ContactState::Excluded => counts.excluded += 1,
            }
        }
        counts
    }

    /// The campaign's status now.
    pub fn status(&self, campaign_id: i64) -> Option<Status> {
        let inner = self.inner.lock().expect("store lock");
        inner.plans.get(&campaign_id).map(|p| p.status)
    }

    /// Calls still live (their attempt not ended).
    pub fn live_calls(&self) -> usize {
        self.inner.lock().expect("store lock").live.len()
    }
}

impl DiallerStore for MemoryStore {
    async fn active_campaigns(&self) -> StoreResult<Vec<CampaignPlan>> {
        let inner = self.inner.lock().expect("store lock");
        Ok(inner
            .plans
            .values()
            .filter(|p| matches!(p.status, Status::Running | Status::Paused))
            .cloned()
            .collect())
    }

    async fn claim(
        &self,
        plan: &CampaignPlan,
        pacer: &mut Pacer,
        owner: &str,
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Claim> {
        let mut inner = self.inner.lock().expect("store lock");
        let running = inner
            .plans
            .get(&plan.id)
            .is_some_and(|p| p.status == Status::Running && p.run_no == plan.run_no);
        if !running {
            return Ok(Claim::NotRunning);
        }
        let second_ago = now - Duration::seconds(1);
        let mut recent = Vec::new();
        for number in &plan.pool {
            if let Some(starts) = inner.starts.get_mut(&number.carrier_id) {
                while starts.front().is_some_and(|t| *t <= second_ago) {
                    starts.pop_front();
                }
                if !recent.iter().any(|(c, _)| *c == number.carrier_id) {
                    recent.extend(starts.iter().map(|t| (number.carrier_id, *t)));
                }
            }
        }
        let live = inner.queues(plan.id).live;
        seed_pacer(pacer, plan, live as u32, &recent);
        let budget = pacer.budget(CampaignId(plan.id), now);
        if budget.dials == 0 {
            return Ok(Claim::Calls {
                calls: Vec::new(),
                wait: budget.wait,
                next_due: None,
                ran_out: false,
            });
        }
        let want = budget.dials as usize;
        let max_attempts = plan.config.max_attempts().get();
        let mut picked: Vec<i64> = Vec::with_capacity(want);
        {
            let contacts = &inner.contacts;
            let queues = inner.queues.get(&plan.id).expect("queues exist");
            let under_cap = |id: &i64| contacts[(*id - 1) as usize].attempts < max_attempts;
            for set in [&queues.callback, &queues.retry] {
                picked.extend(
                    set.iter()
                        .take_while(|(at, _)| *at <= now)
                        .map(|(_, id)| *id)
                        .filter(under_cap)
                        .take(want - picked.len()),
                );
            }
            picked.extend(
                queues
                    .pending
                    .iter()
                    .copied()
                    .filter(under_cap)
                    .take(want - picked.len()),
            );
        }
        let ran_out = picked.len() < want;
        let next_due = if ran_out {
            let queues = &inner.queues[&plan.id];
            let first = |set: &BTreeSet<(DateTime<Utc>, i64)>| set.iter().next().map(|(t, _)| *t);
            match (first(&queues.retry), first(&queues.callback)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
        } else {
            None
        };
        let mut calls = Vec::with_capacity(picked.len());
        for contact_id in picked {
            let Ok(grant) = pacer.start(CampaignId(plan.id), now) else {
                break;
            };
            let from = plan
                .pool
                .iter()
                .position(|n| n.id == grant.from.id.get())
                .expect("the pacer grants numbers of the plan's pool");
            inner.set_state(contact_id, ContactState::InCall, None);
            let contact = inner.contact(contact_id);
            contact.attempts += 1;
            let (attempt_no, phone, variables) = (
                contact.attempts,
                contact.phone.clone(),
                contact.variables.clone(),
            );
            inner.next_attempt += 1;
            let attempt_id = inner.next_attempt;
            inner.live.insert(
                attempt_id,
                Attempt {
                    campaign_id: plan.id,
                    carrier_id: plan.pool[from].carrier_id,
                    dialed_at: now,
                    contact_id,
                    answered: false,
                    lease_owner: owner.to_string(),
                    lease_expires_at: lease_until,
                },
            );
            inner.queues(plan.id).live += 1;
            inner
                .starts
                .entry(plan.pool[from].carrier_id)
                .or_default()
                .push_back(now);
            calls.push(ClaimedCall {
                attempt_id,
                contact_id,
                attempt_no,
                phone,
                variables,
                from,
                at: now,
            });
        }
        let wait = pacer.budget(CampaignId(plan.id), now).wait;
        Ok(Claim::Calls {
            calls,
            wait,
            next_due,
            ran_out,
        })
    }

    async fn withdraw(&self, attempt_ids: &[i64], now: DateTime<Utc>) -> StoreResult<()> {
        let mut inner = self.inner.lock().expect("store lock");
        for id in attempt_ids {
            let Some(attempt) = inner.live.remove(id) else {
                continue;
            };
            inner.queues(attempt.campaign_id).live -= 1;
            // No call was placed, so the carrier saw no start: as the SQL
            // store, whose deleted attempt no longer counts in the CPS second.
            if let Some(starts) = inner.starts.get_mut(&attempt.carrier_id) {
                if let Some(k) = starts.iter().rposition(|t| *t == attempt.dialed_at) {
                    starts.remove(k);
                }
            }
            let contact = inner.contact(attempt.contact_id);
            contact.attempts -= 1;
            if contact.attempts == 0 {
                inner.set_state(attempt.contact_id, ContactState::Pending, None);
            } else {
                inner.set_state(attempt.contact_id, ContactState::Retry, Some(now));
            }
        }
        Ok(())
    }

    async fn apply(&self, events: &[CallEvent], _now: DateTime<Utc>) -> StoreResult<Vec<Applied>> {
        let mut inner = self.inner.lock().expect("store lock");
        let mut applied = Vec::new();
        for event in events {
            match &event.kind {
                CallEventKind::Ringing => {}
                CallEventKind::Answered { machine } => {
                    let Some(attempt) = inner.live.get_mut(&event.attempt_id) else {
                        continue;
                    };
                    if attempt.answered {
                        continue;
                    }
                    attempt.answered = true;
                    applied.push(Applied::Answered {
                        campaign_id: attempt.campaign_id,
                        contact_id: attempt.contact_id,
                        attempt_id: event.attempt_id,
                        machine: *machine,
                        at: event.at,
                    });
                }
                CallEventKind::Ended(outcome) => {
                    let Some(attempt) = inner.live.remove(&event.attempt_id) else {
                        continue;
                    };
                    inner.queues(attempt.campaign_id).live -= 1;
                    let plan = &inner.plans[&attempt.campaign_id];
                    let (config, bot_callbacks) = (plan.config.clone(), plan.bot_callbacks);
                    let contact = &inner.contacts[(attempt.contact_id - 1) as usize];
                    let excluded = contact.state == ContactState::Excluded
                        || inner
                            .exclusions
                            .contains(&(attempt.campaign_id, contact.phone.clone()));
                    let in_call = contact.state == ContactState::InCall;
                    let next = next_step(
                        &config,
                        bot_callbacks,
                        contact.attempts,
                        excluded,
                        outcome,
                        event.at,
                    );
                    if in_call {
                        let (state, due, reason) = contact_update(next);
                        inner.set_state(attempt.contact_id, state, due);
                        inner.contact(attempt.contact_id).done_reason = reason;
                    }
                    applied.push(Applied::Ended {
                        campaign_id: attempt.campaign_id,
                        contact_id: attempt.contact_id,
                        attempt_id: event.attempt_id,
                        outcome: outcome.clone(),
                        next,
                        at: event.at,
                    });
                }
            }
        }
        Ok(applied)
    }

    async fn progress(&self, campaign_id: i64) -> StoreResult<Progress> {
        let mut inner = self.inner.lock().expect("store lock");
        let queues = inner.queues(campaign_id);
        Ok(Progress {
            live: queues.live,
            waiting: (queues.pending.len() + queues.retry.len() + queues.callback.len()) as u64,
        })
    }

    async fn complete(
        &self,
        campaign_id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut inner = self.inner.lock().expect("store lock");
        let Some(plan) = inner.plans.get_mut(&campaign_id) else {
            return Ok(false);
        };
        if plan.status != Status::Running {
            return Ok(false);
        }
        plan.status = Status::Completed;
        inner
            .completions
            .push((campaign_id, reason.to_string(), now));
        Ok(true)
    }

    async fn renew_leases(&self, owner: &str, until: DateTime<Utc>) -> StoreResult<()> {
        let mut inner = self.inner.lock().expect("store lock");
        for attempt in inner.live.values_mut().filter(|a| a.lease_owner == owner) {
            attempt.lease_expires_at = until;
        }
        Ok(())
    }

    async fn orphans(
        &self,
        expired_before: DateTime<Utc>,
        dialed_before: DateTime<Utc>,
    ) -> StoreResult<Vec<i64>> {
        let inner = self.inner.lock().expect("store lock");
        Ok(inner
            .live
            .iter()
            .filter(|(_, a)| a.lease_expires_at < expired_before || a.dialed_at < dialed_before)
            .map(|(id, _)| *id)
            .collect())
    }
}
