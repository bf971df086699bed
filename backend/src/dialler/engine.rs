//! The scheduler: one [`Engine::step`] at a time, on whatever clock drives
//! it. A step applies the call events that arrived, keeps the leases of
//! this instance's calls alive, reconciles calls orphaned by a dead
//! instance, completes campaigns whose run is over, and places as many new
//! calls as each running campaign's seats, its carriers' CPS, its window
//! and its contacts allow. It returns when it next needs to run.
//!
//! The decisions are the shared crate's (pacer, calling window, retry
//! policy) and [`super::endings`]; the engine only sequences them around
//! the store and the telephony, so `serve` and `simulate` run the same code.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use futures_util::future::join_all;
use outdial_shared::config::NumberId;
use outdial_shared::contacts::normalise;
use outdial_shared::dialler::{
    AnswerEvent, CampaignId, CarrierId, DialEvent, EndEvent, EventLine, Pacer, PoolNumber,
    StatusEvent, Wait,
};
use outdial_shared::lifecycle::Status;
use outdial_shared::retry::{AttemptOutcome, CallStatus};
use outdial_shared::window::CallingWindow;

use super::endings::{nothing_left, single_day_deadline};
use super::store::{Applied, CampaignPlan, Claim, DiallerStore, StoreResult};
use super::telephony::{CallEvent, CallEventKind, DialError, DialRequest, Telephony};

/// Timings of one engine.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// This instance's name, written on the attempts it leases.
    pub instance: String,
    /// How long a lease lasts without renewal.
    pub lease: Duration,
    /// How often this instance renews the leases of its live calls.
    pub renew_every: Duration,
    /// How long a call whose lease ran out waits for a late event before it
    /// is closed as `error` and goes through the retry policy.
    pub orphan_grace: Duration,
    /// How often orphaned calls are looked for.
    pub reconcile_every: Duration,
    /// A call with no end this long after its dial is closed as `error`
    /// even if its instance lives: its events were lost on the way.
    pub call_timeout: Duration,
    /// How often the list of running campaigns is re-read (Start, Pause and
    /// edits made by any instance). Zero: every step.
    pub refresh_every: Duration,
}

impl EngineOptions {
    /// The defaults: 30 s leases renewed every 10 s, orphans closed 60 s
    /// after their lease ran out, campaigns re-read every 250 ms.
    pub fn new(instance: impl Into<String>) -> Self {
        EngineOptions {
            instance: instance.into(),
            lease: Duration::seconds(30),
            renew_every: Duration::seconds(10),
            orphan_grace: Duration::seconds(60),
            reconcile_every: Duration::seconds(5),
            call_timeout: Duration::hours(2),
            refresh_every: Duration::milliseconds(250),
        }
    }
}

/// What a step did and when the engine wants the next one.
#[derive(Debug, Clone, Default)]
pub struct StepReport {
    /// The next instant something is due (a CPS second frees up, a window
    /// opens, a retry falls due, a lease needs renewing…). Call events and
    /// operator actions may make it sooner.
    pub wake: Option<DateTime<Utc>>,
    /// Campaigns whose contacts or status changed.
    pub touched: BTreeSet<i64>,
    /// Calls placed.
    pub dials: usize,
    /// Campaigns this step completed, with their run.
    pub completed: Vec<(i64, i64)>,
}

/// The dialler of one instance.
pub struct Engine<S> {
    store: S,
    telephony: Arc<dyn Telephony>,
    options: EngineOptions,
    pacer: Pacer,
    plans: BTreeMap<i64, CampaignPlan>,
    next_refresh: Option<DateTime<Utc>>,
    next_renew: Option<DateTime<Utc>>,
    next_reconcile: Option<DateTime<Utc>>,
    backoff_until: Option<DateTime<Utc>>,
    log: Option<Vec<EventLine>>,
}

/// The log line of a placed call.
fn dial_line(plan: &CampaignPlan, call: &super::store::ClaimedCall) -> DialEvent {
    let number = &plan.pool[call.from];
    DialEvent {
        campaign: plan.id,
        contact: call.contact_id,
        attempt: call.attempt_id,
        attempt_no: call.attempt_no,
        phone: call.phone.clone(),
        from: number.phone.clone(),
        carrier: number.carrier_name.clone(),
    }
}

fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl<S: DiallerStore> Engine<S> {
    pub fn new(store: S, telephony: Arc<dyn Telephony>, options: EngineOptions) -> Self {
        Engine {
            store,
            telephony,
            options,
            pacer: Pacer::new(),
            plans: BTreeMap::new(),
            next_refresh: None,
            next_renew: None,
            next_reconcile: None,
            backoff_until: None,
            log: None,
        }
    }

    /// Keeps the event log (`dial`, `answer`, `end`, and the completions
    /// this engine makes) for [`Engine::take_log`].
    pub fn with_log(mut self) -> Self {
        self.log = Some(Vec::new());
        self
    }

    /// The lines logged since the last call.
    pub fn take_log(&mut self) -> Vec<EventLine> {
        self.log.as_mut().map(std::mem::take).unwrap_or_default()
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    /// Re-reads the campaigns at the next step (after a Start, say).
    pub fn refresh_soon(&mut self) {
        self.next_refresh = None;
    }

    fn write(&mut self, at: DateTime<Utc>, event: impl Into<outdial_shared::dialler::Event>) {
        if let Some(log) = self.log.as_mut() {
            log.push(EventLine::new(at, event));
        }
    }

    /// Applies call events through the store and logs what took effect.
    async fn absorb(
        &mut self,
        now: DateTime<Utc>,
        events: &[CallEvent],
        report: &mut StepReport,
    ) -> StoreResult<()> {
        if !events.is_empty() {
            let applied = self.store.apply(events, now).await?;
            self.log_applied(&applied, &mut report.touched);
        }
        Ok(())
    }

    fn log_applied(&mut self, applied: &[Applied], touched: &mut BTreeSet<i64>) {
        for a in applied {
            match a {
                Applied::Answered {
                    campaign_id,
                    contact_id,
                    attempt_id,
                    machine,
                    at,
                } => self.write(
                    *at,
                    AnswerEvent {
                        campaign: *campaign_id,
                        contact: *contact_id,
                        attempt: *attempt_id,
                        machine: *machine,
                    },
                ),
                Applied::Ended {
                    campaign_id,
                    contact_id,
                    attempt_id,
                    outcome,
                    at,
                    ..
                } => {
                    touched.insert(*campaign_id);
                    self.pacer.call_ended(CampaignId(*campaign_id));
                    self.write(
                        *at,
                        EndEvent {
                            campaign: *campaign_id,
                            contact: *contact_id,
                            attempt: *attempt_id,
                            disposition: outcome.status,
                            duration_s: outcome.duration_seconds,
                            machine: outcome.answered_by_machine,
                        },
                    );
                }
            }
        }
    }

    /// Runs one step at `now` with the call events that arrived (in time
    /// order, none later than `now`).
    pub async fn step(
        &mut self,
        now: DateTime<Utc>,
        events: Vec<CallEvent>,
    ) -> StoreResult<StepReport> {
        let mut report = StepReport::default();
        self.absorb(now, &events, &mut report).await?;
        self.keep_leases(now, &mut report).await?;
        if self.next_refresh.is_none_or(|at| now >= at) {
            self.refresh(now).await?;
        }
        let mut wake = earliest(
            earliest(self.next_refresh, self.next_reconcile),
            self.next_renew,
        );
        let ids: Vec<i64> = self.plans.keys().copied().collect();
        for id in ids {
            let plan = self.plans[&id].clone();
            if plan.status != Status::Running {
                continue;
            }
            let due = self.run_campaign(&plan, now, &mut report).await?;
            wake = earliest(wake, due);
        }
        report.wake = wake.map(|at| at.max(now));
        Ok(report)
    }

    /// Applies call events and keeps leases and reconciliation going, but
    /// places no call: for following live calls to their end.
    pub async fn settle(
        &mut self,
        now: DateTime<Utc>,
        events: Vec<CallEvent>,
    ) -> StoreResult<StepReport> {
        let mut report = StepReport::default();
        self.absorb(now, &events, &mut report).await?;
        self.keep_leases(now, &mut report).await?;
        report.wake = earliest(self.next_reconcile, self.next_renew);
        Ok(report)
    }

    async fn keep_leases(
        &mut self,
        now: DateTime<Utc>,
        report: &mut StepReport,
    ) -> StoreResult<()> {
        if self.next_renew.is_none_or(|at| now >= at) {
            self.store
                .renew_leases(&self.options.instance, now + self.options.lease)
                .await?;
            self.next_renew = Some(now + self.options.renew_every);
        }
        if self.next_reconcile.is_none_or(|at| now >= at) {
            let orphans = self
                .store
                .orphans(
                    now - self.options.orphan_grace,
                    now - self.options.call_timeout,
                )
                .await?;
            if !orphans.is_empty() {
                tracing::warn!(
                    count = orphans.len(),
                    "closing calls whose dialler stopped and no event resolved them as error"
                );
                let events: Vec<CallEvent> = orphans
                    .into_iter()
                    .map(|attempt_id| CallEvent {
                        attempt_id,
                        at: now,
                        kind: CallEventKind::Ended(AttemptOutcome::system(
                            outdial_shared::config::SystemDisposition::Error,
                        )),
                    })
                    .collect();
                self.absorb(now, &events, report).await?;
            }
            self.next_reconcile = Some(now + self.options.reconcile_every);
        }
        Ok(())
    }

    async fn refresh(&mut self, now: DateTime<Utc>) -> StoreResult<()> {
        let plans = self.store.active_campaigns().await?;
        let mut fresh = BTreeMap::new();
        for plan in plans {
            for number in &plan.pool {
                self.pacer
                    .set_carrier(CarrierId(number.carrier_id), number.carrier_cps);
            }
            let unchanged = self.plans.get(&plan.id).is_some_and(|old| {
                old.pool == plan.pool
                    && old.config.concurrency_limit() == plan.config.concurrency_limit()
            });
            if !unchanged {
                let pool: Vec<PoolNumber> = plan
                    .pool
                    .iter()
                    .filter_map(|n| {
                        Some(PoolNumber {
                            id: NumberId::new(n.id).ok()?,
                            phone: normalise(&n.phone, None).ok()?,
                            carrier: CarrierId(n.carrier_id),
                        })
                    })
                    .collect();
                if let Err(error) = self.pacer.set_campaign(
                    CampaignId(plan.id),
                    plan.config.concurrency_limit(),
                    pool,
                ) {
                    tracing::error!(campaign = plan.id, %error, "cannot pace the campaign");
                    continue;
                }
            }
            fresh.insert(plan.id, plan);
        }
        for gone in self.plans.keys().filter(|id| !fresh.contains_key(id)) {
            self.pacer.remove_campaign(CampaignId(*gone));
        }
        self.plans = fresh;
        self.next_refresh = Some(now + self.options.refresh_every);
        Ok(())
    }

    /// One running campaign's turn; returns when it next needs a step.
    async fn run_campaign(
        &mut self,
        plan: &CampaignPlan,
        now: DateTime<Utc>,
        report: &mut StepReport,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        let window = CallingWindow::from_config(&plan.config);
        let started = plan.started_at.unwrap_or(now);
        let deadline = single_day_deadline(&plan.config, &window, started);
        if deadline.is_some_and(|d| now >= d) {
            self.complete(plan.id, "window_ended", now, report).await?;
            return Ok(None);
        }
        let mut wake = deadline;
        if !window.is_open(now) {
            if report.touched.contains(&plan.id) {
                self.complete_if_done(plan, now, report).await?;
            }
            return Ok(earliest(wake, window.next_opening(now)));
        }
        if let Some(until) = self.backoff_until.filter(|until| *until > now) {
            return Ok(earliest(wake, Some(until)));
        }
        let claim = self
            .store
            .claim(
                plan,
                &mut self.pacer,
                &self.options.instance,
                now + self.options.lease,
                now,
            )
            .await?;
        let Claim::Calls {
            calls,
            wait,
            next_due,
            ran_out,
        } = claim
        else {
            // Paused, stopped or restarted since the last refresh.
            self.next_refresh = None;
            return Ok(Some(now));
        };
        if let Some(Wait::Until(at)) = wait {
            wake = earliest(wake, Some(at));
        }
        wake = earliest(wake, next_due);
        if !calls.is_empty() {
            self.dial(plan, calls, now, report).await?;
        }
        if ran_out || report.touched.contains(&plan.id) {
            self.complete_if_done(plan, now, report).await?;
        }
        Ok(wake)
    }

    async fn dial(
        &mut self,
        plan: &CampaignPlan,
        calls: Vec<super::store::ClaimedCall>,
        now: DateTime<Utc>,
        report: &mut StepReport,
    ) -> StoreResult<()> {
        let requests: Vec<DialRequest> = calls
            .iter()
            .map(|call| DialRequest {
                attempt_id: call.attempt_id,
                campaign_id: plan.id,
                contact_id: call.contact_id,
                attempt_no: call.attempt_no,
                from: plan.pool[call.from].phone.clone(),
                to: call.phone.clone(),
                bot_id: plan.bot_id,
                variables: serde_json::from_str(&call.variables)
                    .unwrap_or(serde_json::Value::Object(Default::default())),
            })
            .collect();
        let telephony = self.telephony.clone();
        let results = join_all(requests.into_iter().map(|r| telephony.dial(r))).await;
        let mut withdrawn = Vec::new();
        let mut failed = Vec::new();
        for (call, result) in calls.iter().zip(results) {
            match result {
                Ok(()) => {
                    report.dials += 1;
                    self.write(call.at, dial_line(plan, call));
                }
                Err(DialError::Backpressure { retry_after }) => {
                    let until =
                        now + Duration::from_std(retry_after).unwrap_or(Duration::seconds(1));
                    self.backoff_until = Some(self.backoff_until.map_or(until, |b| b.max(until)));
                    withdrawn.push(call.attempt_id);
                }
                Err(DialError::Failed(reason)) => {
                    tracing::warn!(attempt = call.attempt_id, %reason, "dial request refused");
                    report.dials += 1;
                    self.write(call.at, dial_line(plan, call));
                    failed.push(CallEvent {
                        attempt_id: call.attempt_id,
                        at: now,
                        kind: CallEventKind::Ended(AttemptOutcome {
                            status: CallStatus::Error,
                            duration_seconds: 0,
                            answered_by_machine: false,
                            disposition: None,
                            callback_at: None,
                        }),
                    });
                }
            }
        }
        if !withdrawn.is_empty() {
            tracing::info!(
                count = withdrawn.len(),
                "gateway backpressure: calls withdrawn"
            );
            self.store.withdraw(&withdrawn, now).await?;
            for _ in &withdrawn {
                self.pacer.call_ended(CampaignId(plan.id));
            }
        }
        self.absorb(now, &failed, report).await?;
        report.touched.insert(plan.id);
        Ok(())
    }

    async fn complete_if_done(
        &mut self,
        plan: &CampaignPlan,
        now: DateTime<Utc>,
        report: &mut StepReport,
    ) -> StoreResult<()> {
        if !plan.config.auto_completes() {
            return Ok(());
        }
        let progress = self.store.progress(plan.id).await?;
        if nothing_left(&plan.config, progress) {
            self.complete(plan.id, "all_contacts_done", now, report)
                .await?;
        }
        Ok(())
    }

    async fn complete(
        &mut self,
        campaign_id: i64,
        reason: &str,
        now: DateTime<Utc>,
        report: &mut StepReport,
    ) -> StoreResult<()> {
        if self.store.complete(campaign_id, reason, now).await? {
            tracing::info!(campaign = campaign_id, reason, "campaign completed");
            self.write(
                now,
                StatusEvent {
                    campaign: campaign_id,
                    status: Status::Completed,
                },
            );
            report.touched.insert(campaign_id);
            let run_no = self.plans.get(&campaign_id).map_or(0, |p| p.run_no);
            report.completed.push((campaign_id, run_no));
        }
        if let Some(plan) = self.plans.get_mut(&campaign_id) {
            plan.status = Status::Completed;
        }
        self.next_refresh = None;
        Ok(())
    }
}
