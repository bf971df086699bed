//! `outdial simulate --scenario FILE.json --events OUT.jsonl`: the real
//! scheduler ([`super::engine::Engine`], with the shared pacer, calling
//! window and retry policy) on a virtual clock, against the simulated
//! carrier and the in-memory store. Time jumps from one due instant to the
//! next (a call ending, a CPS second freeing up, a window opening, a retry
//! falling due, an action), so days of dialling take seconds.
//!
//! Every event is written as one JSON line and fed to the shared invariant
//! checker; the summary reports what happened and every breach found. Exit
//! status: 0 clean, 1 breaches, 2 a bad scenario or an I/O error.
//!
//! The loop ([`run_on`]) works on any [`DiallerStore`] with an
//! [`Operator`] for the scenario's actions: `outdial simulate` runs it on
//! the [`MemoryStore`], and tests/api/store_contract.rs runs the same
//! scenarios on the SQL store (SQLite and PostgreSQL) and requires the same
//! event log, event by event.

pub mod scenario;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::{DateTime, Duration, Utc};
use outdial_shared::contacts::{read_bytes, DefaultRegion, ReaderOptions};
use outdial_shared::dialler::{
    CampaignRules, CheckSetup, Checker, Event, EventLine, Report, StatusEvent,
};
use outdial_shared::lifecycle::{Action, Status};
use serde::Serialize;

use self::scenario::{ActionKind, ContactsSpec, Scenario};
use super::clock::{Clock, VirtualClock};
use super::engine::{Engine, EngineOptions};
use super::memory_store::{MemoryStore, StateCounts};
use super::store::{CampaignPlan, DiallerStore, PlanNumber};
use super::telephony::simulated::SimulatedCarrier;

/// The campaign's id in a simulation.
pub const CAMPAIGN_ID: i64 = 1;

/// What a simulation did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub status: Status,
    pub dials: u64,
    pub answers: u64,
    pub ends_by_disposition: std::collections::BTreeMap<String, u64>,
    pub contacts: StateCounts,
    pub max_live_calls: u32,
    pub crashes: u32,
    pub events: u64,
    pub violations: usize,
    pub violation_samples: Vec<String>,
    pub first_dial_at: Option<DateTime<Utc>>,
    pub last_event_at: Option<DateTime<Utc>>,
    pub wall_seconds: f64,
}

/// Where the events go besides the checker.
pub trait EventOut {
    fn line(&mut self, line: &EventLine) -> std::io::Result<()>;
}

impl<W: Write> EventOut for BufWriter<W> {
    fn line(&mut self, line: &EventLine) -> std::io::Result<()> {
        serde_json::to_writer(&mut *self, line)?;
        self.write_all(b"\n")
    }
}

impl EventOut for Vec<EventLine> {
    fn line(&mut self, line: &EventLine) -> std::io::Result<()> {
        self.push(line.clone());
        Ok(())
    }
}

/// The command: reads the scenario, runs it, writes events and prints the
/// summary. Returns the exit status.
pub async fn command(scenario: &Path, events: &Path, json: bool) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(scenario)
        .with_context(|| format!("cannot read the scenario {}", scenario.display()))?;
    let scenario = Scenario::from_json(&text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let file = File::create(events)
        .with_context(|| format!("cannot write the events to {}", events.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let summary = run(&scenario, &mut out).await?;
    out.flush().context("cannot write the events")?;
    if json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print!("{}", describe(&summary, events));
    }
    Ok(if summary.violations == 0 { 0 } else { 1 })
}

fn describe(s: &Summary, events: &Path) -> String {
    let mut text = format!(
        "Simulated in {:.1} s: {} events written to {}\n\
         Campaign status at the end: {}\n\
         Dials: {}  answered: {}  max live calls: {}  crashes: {}\n",
        s.wall_seconds,
        s.events,
        events.display(),
        s.status,
        s.dials,
        s.answers,
        s.max_live_calls,
        s.crashes
    );
    let ends: Vec<String> = s
        .ends_by_disposition
        .iter()
        .map(|(d, n)| format!("{d} {n}"))
        .collect();
    text.push_str(&format!("Call outcomes: {}\n", ends.join(", ")));
    let c = &s.contacts;
    let reasons: Vec<String> = c
        .done_reasons
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect();
    text.push_str(&format!(
        "Contacts: done {} ({}), waiting to retry {}, callback scheduled {}, not yet called {}, excluded {}\n",
        c.done,
        reasons.join(", "),
        c.retry,
        c.callback,
        c.pending,
        c.excluded
    ));
    if s.violations == 0 {
        text.push_str(
            "Invariant check: no breach (concurrency, CPS, window, attempts, status, exclusions)\n",
        );
    } else {
        text.push_str(&format!("Invariant check: {} BREACHES\n", s.violations));
        for v in &s.violation_samples {
            text.push_str(&format!("  {v}\n"));
        }
    }
    text
}

/// The scenario's contacts as (E.164 phone, variables JSON), in upload order.
pub fn contacts_of(scenario: &Scenario) -> anyhow::Result<Vec<(String, String)>> {
    match &scenario.contacts {
        ContactsSpec::Count { count } => Ok((1..=*count)
            .map(|i| (format!("+919{i:09}"), "{}".to_string()))
            .collect()),
        ContactsSpec::Csv {
            csv,
            default_region,
        } => {
            let bytes = std::fs::read(csv)
                .with_context(|| format!("cannot read the contacts {}", csv.display()))?;
            let region = default_region
                .as_deref()
                .map(DefaultRegion::parse)
                .transpose()?;
            let (contacts, report) = read_bytes(&bytes, ReaderOptions::new(region));
            if let Some(error) = report.file_error {
                bail!("contacts {}: {error}", csv.display());
            }
            Ok(contacts
                .into_iter()
                .map(|c| {
                    let vars = serde_json::to_string(&c.variables).unwrap_or_else(|_| "{}".into());
                    (c.phone_number.as_str().to_string(), vars)
                })
                .collect())
        }
    }
}

/// The store, set up as the scenario describes, and the checker's setup.
pub fn prepare(scenario: &Scenario) -> anyhow::Result<(MemoryStore, CheckSetup)> {
    let config = scenario.config().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut pool = Vec::new();
    let mut setup = CheckSetup::new();
    for (k, carrier) in scenario.carriers.iter().enumerate() {
        setup = setup.carrier(carrier.name.clone(), carrier.cps);
        for number in &carrier.numbers {
            pool.push(PlanNumber {
                id: pool.len() as i64 + 1,
                phone: number.clone(),
                carrier_id: k as i64 + 1,
                carrier_name: carrier.name.clone(),
                carrier_cps: carrier.cps,
            });
        }
    }
    setup = setup.campaign(
        CAMPAIGN_ID,
        CampaignRules::from_config(&config).excluding(scenario.exclusions.iter().cloned()),
    );
    let store = MemoryStore::new();
    store.add_campaign(CampaignPlan {
        id: CAMPAIGN_ID,
        config,
        status: Status::Draft,
        run_no: 0,
        started_at: None,
        bot_id: 1,
        bot_callbacks: scenario.bot_callbacks,
        pool,
    });
    for phone in &scenario.exclusions {
        store.exclude(CAMPAIGN_ID, phone);
    }
    store.add_contacts(CAMPAIGN_ID, contacts_of(scenario)?);
    Ok((store, setup))
}

/// What the simulation asks of the world besides the dialler's store: the
/// scenario's operator actions and the summary's figures. The
/// [`MemoryStore`] answers for `outdial simulate`; the store-contract tests
/// answer from the database, as the API would.
#[allow(async_fn_in_trait)]
pub trait Operator {
    /// An operator action at `now`, as `POST /api/campaigns/{id}/<action>`
    /// does it; the new status, or `None` when the status does not allow it.
    async fn act(
        &self,
        campaign_id: i64,
        action: Action,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<Status>>;

    /// Calls still live (their attempt not ended).
    async fn live_calls(&self) -> anyhow::Result<usize>;

    /// The campaign's status now.
    async fn status(&self, campaign_id: i64) -> anyhow::Result<Option<Status>>;

    /// The campaign's contacts by state.
    async fn counts(&self, campaign_id: i64) -> anyhow::Result<StateCounts>;
}

impl Operator for MemoryStore {
    async fn act(
        &self,
        campaign_id: i64,
        action: Action,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<Status>> {
        Ok(MemoryStore::act(self, campaign_id, action, now))
    }

    async fn live_calls(&self) -> anyhow::Result<usize> {
        Ok(MemoryStore::live_calls(self))
    }

    async fn status(&self, campaign_id: i64) -> anyhow::Result<Option<Status>> {
        Ok(MemoryStore::status(self, campaign_id))
    }

    async fn counts(&self, campaign_id: i64) -> anyhow::Result<StateCounts> {
        Ok(MemoryStore::counts(self, campaign_id))
    }
}

fn engine<S: DiallerStore + Clone>(
    store: &S,
    carrier: &Arc<SimulatedCarrier>,
    generation: u32,
) -> Engine<S> {
    let mut options = EngineOptions::new(format!("simulator-{generation}"));
    // Campaigns change only through the scenario's actions, which ask for a
    // refresh; re-reading them every virtual hour is plenty.
    options.refresh_every = Duration::hours(1);
    Engine::new(store.clone(), carrier.clone(), options).with_log()
}

/// Runs a scenario on the in-memory store, writing every event to `out`.
pub async fn run(scenario: &Scenario, out: &mut impl EventOut) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let (store, setup) = prepare(scenario)?;
    let store = Arc::new(store);
    let mut summary = run_on(scenario, store.clone(), &*store, setup, out).await?;
    summary.wall_seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Runs a scenario on `store`, already set up as [`prepare`] sets up the
/// in-memory one (campaign [`CAMPAIGN_ID`] a draft, its pool, contacts and
/// exclusions), with `operator` applying the actions to it.
pub async fn run_on<S: DiallerStore + Clone>(
    scenario: &Scenario,
    store: S,
    operator: &impl Operator,
    setup: CheckSetup,
    out: &mut impl EventOut,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let clock = VirtualClock::new(scenario.start);
    let carrier = Arc::new(SimulatedCarrier::new(
        scenario.outcomes.clone(),
        scenario.seed,
        Arc::new(clock.clone()),
    ));
    let queue = carrier.queue();
    let mut checker = Checker::new(setup);
    let mut summary = Summary {
        status: Status::Draft,
        dials: 0,
        answers: 0,
        ends_by_disposition: Default::default(),
        contacts: StateCounts::default(),
        max_live_calls: 0,
        crashes: 0,
        events: 0,
        violations: 0,
        violation_samples: Vec::new(),
        first_dial_at: None,
        last_event_at: None,
        wall_seconds: 0.0,
    };
    let mut emit = |line: &EventLine, summary: &mut Summary| -> anyhow::Result<()> {
        checker.feed(line);
        out.line(line).context("cannot write an event")?;
        summary.events += 1;
        summary.last_event_at = Some(line.at);
        match &line.event {
            Event::Dial(_) => {
                summary.dials += 1;
                summary.first_dial_at.get_or_insert(line.at);
            }
            Event::Answer(_) => summary.answers += 1,
            Event::End(end) => {
                let name = super::sql_store::status_name(end.disposition);
                *summary.ends_by_disposition.entry(name.into()).or_default() += 1;
            }
            Event::Status(_) => {}
        }
        Ok(())
    };
    let status_line = |at, status| {
        EventLine::new(
            at,
            StatusEvent {
                campaign: CAMPAIGN_ID,
                status,
            },
        )
    };

    let mut generation = 1;
    let mut engine = engine(&store, &carrier, generation);
    let status = operator
        .act(CAMPAIGN_ID, Action::Start, scenario.start)
        .await?
        .context("the campaign could not start")?;
    emit(&status_line(scenario.start, status), &mut summary)?;

    let mut actions = scenario.actions.clone();
    actions.sort_by_key(|a| a.at);
    let mut actions = actions.into_iter().peekable();
    let mut wake = Some(scenario.start);
    loop {
        let next_event = queue.lock().expect("queue lock").next_end_at();
        let next_action = actions.peek().map(|a| a.at);
        let candidates = [wake, next_event, next_action];
        let Some(now) = candidates.into_iter().flatten().min() else {
            break;
        };
        if now > scenario.end {
            break;
        }
        clock.advance_to(now);
        // Calls' events up to now come first: the log stays in time order
        // and an action at `now` sees every call that ended by then.
        let events = queue.lock().expect("queue lock").pop_due(now);
        engine.settle(now, events).await?;
        for line in engine.take_log() {
            emit(&line, &mut summary)?;
        }
        while let Some(action) = actions.next_if(|a| a.at <= now) {
            if action.action == ActionKind::Crash {
                summary.crashes += 1;
                generation += 1;
                queue.lock().expect("queue lock").clear();
                engine = self::engine(&store, &carrier, generation);
                continue;
            }
            let verb = match action.action {
                ActionKind::Pause => Action::Pause,
                ActionKind::Resume => Action::Resume,
                ActionKind::Stop => Action::Stop,
                ActionKind::Restart => Action::Restart,
                ActionKind::Crash => unreachable!("handled above"),
            };
            if let Some(status) = operator.act(CAMPAIGN_ID, verb, now).await? {
                emit(&status_line(now, status), &mut summary)?;
                engine.refresh_soon();
            }
        }
        let report = engine.step(now, Vec::new()).await?;
        for line in engine.take_log() {
            emit(&line, &mut summary)?;
        }
        // A step that wants to run again at once runs a millisecond later.
        wake = report
            .wake
            .map(|at| at.max(now + Duration::milliseconds(1)));
    }
    // Dialling is over: follow the calls still live to their end (late
    // events, or reconciliation of calls a crash orphaned).
    let mut now = scenario.end.max(clock.now());
    while operator.live_calls().await? > 0 {
        let next_event = queue.lock().expect("queue lock").next_at();
        let next = next_event.unwrap_or(now + Duration::seconds(5));
        now = now.max(next);
        clock.advance_to(now);
        let events = queue.lock().expect("queue lock").pop_due(now);
        engine.settle(now, events).await?;
        for line in engine.take_log() {
            emit(&line, &mut summary)?;
        }
    }
    let report: Report = checker.finish();
    summary.status = operator.status(CAMPAIGN_ID).await?.unwrap_or(Status::Draft);
    summary.contacts = operator.counts(CAMPAIGN_ID).await?;
    summary.max_live_calls = report.max_live.get(&CAMPAIGN_ID).copied().unwrap_or(0);
    summary.violations = report.violations.len();
    summary.violation_samples = report
        .violations
        .iter()
        .take(10)
        .map(|v| v.to_string())
        .collect();
    summary.wall_seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
