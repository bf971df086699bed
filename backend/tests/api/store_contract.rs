//! One store contract, proven (dialler/store.rs): each scenario runs through
//! `outdial simulate`'s own loop ([`run_on`]: the real engine, a virtual
//! clock, the seeded simulated carrier) once on the in-memory store and once
//! on the SQL store, here on SQLite and on PostgreSQL, and the two event
//! logs must be equal event by event — instants, campaign, contact and
//! attempt ids, attempt numbers, numbers dialled from, dispositions — and so
//! must the summaries (final status, contacts by state and done reason).
//!
//! Nothing is normalised: on a fresh database the SQL world is built
//! through the API in the order `simulate::prepare` numbers it (bot 1,
//! carriers 1…k, numbers 1…n, campaign 1, contacts 1…N in upload order), and
//! attempt ids come from one counter on both sides, so every id is equal
//! (asserted before the run). That matters beyond tidiness: the simulated
//! carrier draws a call's outcome from the seed and the attempt id.
//!
//! Operator actions go to the database as the API's action routes write
//! them (`store::campaigns::transition`), stamped with the virtual clock.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use outdial::db::Db;
use outdial::dialler::memory_store::StateCounts;
use outdial::dialler::simulate::scenario::Scenario;
use outdial::dialler::simulate::{self, run_on, Operator, Summary, CAMPAIGN_ID};
use outdial::dialler::sql_store::SqlStore;
use outdial::dialler::store::{CampaignPlan, Claim, DiallerStore};
use outdial::store::campaigns::{parse_status, transition, RunChange};
use outdial::store::Timestamp;
use outdial_shared::config::NumberId;
use outdial_shared::contacts::normalise;
use outdial_shared::dialler::{CampaignId as PacedCampaign, CarrierId, Pacer, PoolNumber};
use outdial_shared::dialler::{Event, EventLine};
use outdial_shared::lifecycle::{Action, Status};
use outdial_shared::retry::CallStatus;
use serde_json::{json, Value};

use crate::campaigns::{create_campaign, upload};
use crate::helpers::TestApp;

engine_tests!(
    a_plain_run_to_completion_is_the_same_on_both_stores,
    retries_up_to_max_attempts_are_the_same_on_both_stores,
    callbacks_asked_for_are_dialled_alike_on_both_stores,
    a_callback_with_the_bots_gate_closed_is_ignored_alike_on_both_stores,
    a_callback_with_the_campaigns_gate_closed_is_ignored_alike_on_both_stores,
    pause_then_resume_mid_run_is_the_same_on_both_stores,
    a_crash_mid_call_and_its_reconciliation_are_the_same_on_both_stores,
    stop_then_restart_as_a_new_run_is_the_same_on_both_stores,
    a_single_day_run_ending_with_its_window_is_the_same_on_both_stores,
    a_withdrawn_claim_leaves_both_stores_alike,
);

/// A Multi Day campaign in India (09:00–18:00 Mon–Fri) over two carriers,
/// started Monday 2026-11-30 at 08:58 IST, with one excluded number. The
/// span is short on purpose: the loop wakes every 5 virtual seconds (the
/// engine's reconciliation) until `end`, and on the SQL store each wake is
/// a few statements.
fn base(contacts: u64) -> Value {
    json!({
        "campaign": {
            "name": "Contract",
            "concurrency_limit": 6,
            "mode": "multi_day",
            "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
            "working_days": ["mon", "tue", "wed", "thu", "fri"],
            "max_attempts": 3,
            "retry_delay_minutes": 20,
            "retry_on_system_dispositions": ["no_answer", "rejected", "error"]
        },
        "carriers": [
            {"name": "Acme", "cps": 2, "numbers": ["+912240000001", "+912240000002"]},
            {"name": "Globe", "cps": 1, "numbers": ["+918040000001"]}
        ],
        "contacts": {"count": contacts},
        "exclusions": ["+919000000007"],
        "start": "2026-11-30T03:28:00Z",
        "end": "2026-11-30T04:30:00Z",
        "seed": 23
    })
}

/// Answers the scenario's actions from the database, as the API would.
struct SqlOperator {
    db: Db,
}

impl Operator for SqlOperator {
    async fn act(
        &self,
        campaign_id: i64,
        action: Action,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<Status>> {
        let Some(from) = self.status(campaign_id).await? else {
            return Ok(None);
        };
        let Ok(to) = from.apply(action) else {
            return Ok(None);
        };
        // As http::campaign_actions::act.
        let change = match action {
            Action::Start | Action::Restart => RunChange::NewRun,
            Action::Stop => RunChange::Complete,
            _ => RunChange::None,
        };
        let moved = transition(
            &self.db,
            campaign_id,
            from,
            to,
            change,
            Timestamp::from(now),
        )
        .await?;
        Ok(moved.map(|c| c.status))
    }

    async fn live_calls(&self) -> anyhow::Result<usize> {
        let sql = "select count(*) from attempts where ended_at is null";
        let n: i64 = match &self.db {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await?,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await?,
        };
        Ok(n as usize)
    }

    async fn status(&self, campaign_id: i64) -> anyhow::Result<Option<Status>> {
        let sql = "select status from campaigns where id = $1";
        let status: Option<String> = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query_scalar(sql)
                    .bind(campaign_id)
                    .fetch_optional(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar(sql)
                    .bind(campaign_id)
                    .fetch_optional(pool)
                    .await?
            }
        };
        Ok(status.map(|s| parse_status(&s)).transpose()?)
    }

    async fn counts(&self, campaign_id: i64) -> anyhow::Result<StateCounts> {
        let sql = "select state, done_reason, count(*) from contacts \
                   where campaign_id = $1 group by state, done_reason";
        let rows: Vec<(String, Option<String>, i64)> = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query_as(sql)
                    .bind(campaign_id)
                    .fetch_all(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as(sql)
                    .bind(campaign_id)
                    .fetch_all(pool)
                    .await?
            }
        };
        let mut counts = StateCounts::default();
        for (state, reason, n) in rows {
            let n = n as u64;
            match state.as_str() {
                "pending" => counts.pending += n,
                "in_call" => counts.in_call += n,
                "retry" => counts.retry += n,
                "callback" => counts.callback += n,
                "excluded" => counts.excluded += n,
                "done" => {
                    counts.done += n;
                    *counts
                        .done_reasons
                        .entry(reason.unwrap_or_else(|| "unknown".into()))
                        .or_default() += n;
                }
                other => anyhow::bail!("unknown contact state {other}"),
            }
        }
        Ok(counts)
    }
}

/// Builds the scenario's world on the test's fresh database through the
/// API, with the ids `simulate::prepare` gives it in memory.
async fn sql_world(app: &TestApp, scenario: &Scenario, raw: &Value) {
    let bot = app
        .post(
            "/api/bots",
            json!({ "name": "Contract bot", "callback_enabled": scenario.bot_callbacks }),
        )
        .await
        .expect(StatusCode::CREATED)["id"]
        .as_i64()
        .unwrap();
    assert_eq!(bot, 1, "the in-memory world's bot is 1");
    let mut numbers = Vec::new();
    for (k, carrier) in scenario.carriers.iter().enumerate() {
        let id = app
            .post(
                "/api/carriers",
                json!({ "name": carrier.name, "cps_limit": carrier.cps }),
            )
            .await
            .expect(StatusCode::CREATED)["id"]
            .as_i64()
            .unwrap();
        assert_eq!(id, k as i64 + 1, "carriers are numbered in scenario order");
        for number in &carrier.numbers {
            numbers.push(app.add_number(id, number).await);
        }
    }
    let expected: Vec<i64> = (1..=scenario.number_count() as i64).collect();
    assert_eq!(numbers, expected, "numbers are numbered in pool order");
    let mut config = raw["campaign"].clone();
    config["bot_id"] = bot.into();
    config["number_ids"] = numbers.into();
    let campaign = create_campaign(app, config).await;
    assert_eq!(campaign, CAMPAIGN_ID);
    let contacts = simulate::contacts_of(scenario).unwrap();
    let mut csv = String::from("phone_number\n");
    for (phone, _) in &contacts {
        csv.push_str(phone);
        csv.push('\n');
    }
    let report = upload(app, campaign, &csv).await;
    assert_eq!(report["valid"], contacts.len() as u64, "{report}");
    if !scenario.exclusions.is_empty() {
        app.post(
            &format!("/api/campaigns/{campaign}/exclusions"),
            json!({ "phone_numbers": scenario.exclusions }),
        )
        .await
        .expect(StatusCode::OK);
    }
    let sql = "select cast(min(id) as bigint), cast(max(id) as bigint) from contacts";
    let ids: (i64, i64) = match &app.db {
        Db::Sqlite(pool) => sqlx::query_as(sql).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_as(sql).fetch_one(pool).await,
    }
    .unwrap();
    assert_eq!(ids, (1, contacts.len() as i64), "contacts 1…N as in memory");
}

/// Runs `raw` on both stores and requires the same log and summary; returns
/// them for the scenario's own checks.
async fn same_on_both_stores(app: &TestApp, raw: Value) -> (Summary, Vec<EventLine>) {
    let scenario = Scenario::from_json(&raw.to_string()).expect("a valid scenario");
    let mut memory_log = Vec::new();
    let mut memory = simulate::run(&scenario, &mut memory_log)
        .await
        .expect("the in-memory run");

    sql_world(app, &scenario, &raw).await;
    let (_, setup) = simulate::prepare(&scenario).unwrap();
    let operator = SqlOperator { db: app.db.clone() };
    let mut sql_log = Vec::new();
    let mut sql = run_on(
        &scenario,
        SqlStore::new(app.db.clone()),
        &operator,
        setup,
        &mut sql_log,
    )
    .await
    .expect("the SQL run");

    assert_same_log(&memory_log, &sql_log);
    memory.wall_seconds = 0.0;
    sql.wall_seconds = 0.0;
    assert_eq!(memory, sql, "the summaries differ (memory, then SQL)");
    assert_eq!(memory.violations, 0, "{:?}", memory.violation_samples);
    assert!(memory.dials > 0);
    (memory, memory_log)
}

/// Equal logs, or a panic showing the first difference with its context.
#[track_caller]
fn assert_same_log(memory: &[EventLine], sql: &[EventLine]) {
    let first = memory
        .iter()
        .zip(sql)
        .position(|(m, s)| m != s)
        .or((memory.len() != sql.len()).then_some(memory.len().min(sql.len())));
    let Some(i) = first else {
        return;
    };
    let show = |log: &[EventLine]| {
        log[i.saturating_sub(3)..(i + 4).min(log.len())]
            .iter()
            .map(|l| format!("    {}", serde_json::to_string(l).unwrap()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    panic!(
        "the stores' event logs differ at event {i} (memory {} events, SQL {})\n  memory:\n{}\n  SQL:\n{}",
        memory.len(),
        sql.len(),
        show(memory),
        show(sql)
    );
}

fn count(log: &[EventLine], pred: impl Fn(&Event) -> bool) -> usize {
    log.iter().filter(|l| pred(&l.event)).count()
}

fn statuses(log: &[EventLine]) -> Vec<Status> {
    log.iter()
        .filter_map(|l| match &l.event {
            Event::Status(s) => Some(s.status),
            _ => None,
        })
        .collect()
}

async fn a_plain_run_to_completion_is_the_same_on_both_stores(app: TestApp) {
    let (summary, log) = same_on_both_stores(&app, base(60)).await;
    assert_eq!(summary.status, Status::Completed);
    assert_eq!(summary.contacts.excluded, 1);
    assert_eq!(summary.contacts.done, 59);
    let carriers: std::collections::BTreeSet<&str> = log
        .iter()
        .filter_map(|l| match &l.event {
            Event::Dial(d) => Some(d.carrier.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(carriers.len(), 2, "both carriers dialled");
}

async fn retries_up_to_max_attempts_are_the_same_on_both_stores(app: TestApp) {
    let mut s = base(30);
    // `rejected` is the carrier's busy/declined.
    s["outcomes"] = json!({"answer_rate": 0.15, "reject_rate": 0.35, "error_rate": 0.1,
                           "machine_rate": 0.0, "callback_rate": 0.0, "dispositions": {}});
    s["end"] = "2026-11-30T04:25:00Z".into();
    let (summary, log) = same_on_both_stores(&app, s).await;
    assert!(
        count(&log, |e| matches!(e, Event::Dial(d) if d.attempt_no == 3)) > 0,
        "some contacts reach Max Attempts"
    );
    assert!(count(&log, |e| matches!(e, Event::Dial(d) if d.attempt_no > 3)) == 0);
    for status in [
        CallStatus::NoAnswer,
        CallStatus::Rejected,
        CallStatus::Error,
    ] {
        assert!(
            count(
                &log,
                |e| matches!(e, Event::End(x) if x.disposition == status)
            ) > 0
        );
    }
    assert!(summary.contacts.done_reasons.get("exhausted") > Some(&0));
}

/// Half the person-answered calls ask for a callback 30–90 minutes later;
/// the rest of the calls go unanswered (retried after 20 minutes).
fn callbacks(contacts: u64, campaign_gate: bool, bot_gate: bool) -> Value {
    let mut s = base(contacts);
    s["campaign"]["callback_detection"] = campaign_gate.into();
    s["bot_callbacks"] = bot_gate.into();
    s["outcomes"] = json!({"answer_rate": 0.6, "reject_rate": 0.0, "error_rate": 0.0,
                           "machine_rate": 0.0, "callback_rate": 0.5,
                           "callback_after_minutes": {"min": 30, "max": 90}, "dispositions": {}});
    s
}

fn redials(log: &[EventLine]) -> usize {
    count(log, |e| matches!(e, Event::Dial(d) if d.attempt_no > 1))
}

async fn callbacks_asked_for_are_dialled_alike_on_both_stores(app: TestApp) {
    // One seat for 50 contacts: a queue all along, so due callbacks and
    // due retries (both about 20–40 minutes after a call) compete for each
    // free seat and the claim order decides.
    let mut s = callbacks(50, true, true);
    s["campaign"]["concurrency_limit"] = 1.into();
    s["outcomes"]["callback_after_minutes"] = json!({"min": 20, "max": 40});
    s["outcomes"]["talk_seconds"] = json!({"min": 30, "max": 60});
    s["end"] = "2026-11-30T05:00:00Z".into();
    let (_, log) = same_on_both_stores(&app, s).await;
    // That it did decide: some callback was dialled while a retry was due.
    let mut attempt_no = std::collections::HashMap::new();
    let mut last_end = std::collections::HashMap::new();
    let mut retry_due = std::collections::HashMap::new();
    let mut contested = 0;
    for line in &log {
        match &line.event {
            Event::Dial(d) => {
                attempt_no.insert(d.contact, d.attempt_no);
                retry_due.remove(&d.contact);
                if d.attempt_no > 1
                    && last_end.get(&d.contact) == Some(&CallStatus::Connected)
                    && retry_due.values().any(|due| *due <= line.at)
                {
                    contested += 1;
                }
            }
            Event::End(e) => {
                last_end.insert(e.contact, e.disposition);
                if e.disposition == CallStatus::NoAnswer && attempt_no[&e.contact] < 3 {
                    retry_due.insert(e.contact, line.at + chrono::Duration::minutes(20));
                }
            }
            _ => {}
        }
    }
    assert!(contested > 0, "no callback ever jumped a due retry");
}

async fn a_callback_with_the_bots_gate_closed_is_ignored_alike_on_both_stores(app: TestApp) {
    let mut s = callbacks(20, true, false);
    s["campaign"]["retry_on_system_dispositions"] = json!([]);
    s["end"] = "2026-11-30T03:45:00Z".into();
    let (_, log) = same_on_both_stores(&app, s).await;
    assert_eq!(
        redials(&log),
        0,
        "no callback when the bot's gate is closed"
    );
}

async fn a_callback_with_the_campaigns_gate_closed_is_ignored_alike_on_both_stores(app: TestApp) {
    let mut s = callbacks(20, false, true);
    s["campaign"]["retry_on_system_dispositions"] = json!([]);
    s["end"] = "2026-11-30T03:45:00Z".into();
    let (_, log) = same_on_both_stores(&app, s).await;
    assert_eq!(
        redials(&log),
        0,
        "no callback when the campaign's gate is closed"
    );
}

async fn pause_then_resume_mid_run_is_the_same_on_both_stores(app: TestApp) {
    let mut s = base(150);
    s["outcomes"] = json!({"talk_seconds": {"min": 40, "max": 120}});
    s["actions"] = json!([
        {"at": "2026-11-30T03:40:00Z", "action": "pause"},
        {"at": "2026-11-30T03:55:00Z", "action": "resume"}
    ]);
    s["end"] = "2026-11-30T04:05:00Z".into();
    let (_, log) = same_on_both_stores(&app, s).await;
    assert_eq!(
        statuses(&log),
        [Status::Running, Status::Paused, Status::Running]
    );
    let pause: DateTime<Utc> = "2026-11-30T03:40:00Z".parse().unwrap();
    let resume: DateTime<Utc> = "2026-11-30T03:55:00Z".parse().unwrap();
    assert!(log
        .iter()
        .any(|l| matches!(l.event, Event::End(_)) && l.at > pause && l.at < resume));
    assert!(log
        .iter()
        .any(|l| matches!(l.event, Event::Dial(_)) && l.at >= resume));
}

async fn a_crash_mid_call_and_its_reconciliation_are_the_same_on_both_stores(app: TestApp) {
    let mut s = base(100);
    s["outcomes"] = json!({"answer_rate": 0.9, "reject_rate": 0.0, "error_rate": 0.0,
                           "machine_rate": 0.0, "callback_rate": 0.0, "dispositions": {},
                           "talk_seconds": {"min": 200, "max": 400}});
    s["actions"] = json!([{"at": "2026-11-30T03:45:00Z", "action": "crash"}]);
    s["end"] = "2026-11-30T04:10:00Z".into();
    let (summary, log) = same_on_both_stores(&app, s).await;
    assert_eq!(summary.crashes, 1);
    let crash: DateTime<Utc> = "2026-11-30T03:45:00Z".parse().unwrap();
    let reconciled = count(
        &log,
        |e| matches!(e, Event::End(x) if x.disposition == CallStatus::Error),
    );
    assert_eq!(reconciled, 6, "every seat was on a call at the crash");
    assert!(log
        .iter()
        .any(|l| matches!(&l.event, Event::Dial(d) if d.attempt_no == 2) && l.at > crash));
}

async fn stop_then_restart_as_a_new_run_is_the_same_on_both_stores(app: TestApp) {
    let mut s = base(150);
    s["actions"] = json!([
        {"at": "2026-11-30T03:50:00Z", "action": "stop"},
        {"at": "2026-11-30T04:05:00Z", "action": "restart"}
    ]);
    s["end"] = "2026-11-30T04:30:00Z".into();
    let (_, log) = same_on_both_stores(&app, s).await;
    assert_eq!(
        statuses(&log)[..3],
        [Status::Running, Status::Completed, Status::Running]
    );
    let restart: DateTime<Utc> = "2026-11-30T04:05:00Z".parse().unwrap();
    let called_before: std::collections::BTreeSet<i64> = log
        .iter()
        .filter(|l| l.at < restart)
        .filter_map(|l| match &l.event {
            Event::Dial(d) => Some(d.contact),
            _ => None,
        })
        .collect();
    assert!(
        log.iter().any(|l| l.at >= restart
            && matches!(&l.event, Event::Dial(d) if d.attempt_no == 1 && called_before.contains(&d.contact))),
        "the new run gives a contact called before a fresh budget"
    );
}

async fn a_single_day_run_ending_with_its_window_is_the_same_on_both_stores(app: TestApp) {
    let mut s = base(200);
    s["campaign"]["mode"] = "single_day".into();
    s["campaign"]["window"] = json!({"start": "09:00", "end": "09:20", "timezone": "Asia/Kolkata"});
    s["end"] = "2026-11-30T04:00:00Z".into();
    let (summary, log) = same_on_both_stores(&app, s).await;
    assert_eq!(statuses(&log), [Status::Running, Status::Completed]);
    assert_eq!(summary.status, Status::Completed);
    assert!(summary.contacts.pending > 0, "the window ended first");
}

/// A pacer that knows `plan`, as the engine's refresh sets it up.
fn pacer_for(plan: &CampaignPlan) -> Pacer {
    let mut pacer = Pacer::new();
    for n in &plan.pool {
        pacer.set_carrier(CarrierId(n.carrier_id), n.carrier_cps);
    }
    let pool = plan
        .pool
        .iter()
        .map(|n| PoolNumber {
            id: NumberId::new(n.id).unwrap(),
            phone: normalise(&n.phone, None).unwrap(),
            carrier: CarrierId(n.carrier_id),
        })
        .collect();
    pacer
        .set_campaign(
            PacedCampaign(plan.id),
            plan.config.concurrency_limit(),
            pool,
        )
        .unwrap();
    pacer
}

/// Claim, withdraw (gateway backpressure), claim again — at the same
/// instant and a second later — on one store: what each claim gave.
async fn claim_withdraw_claim(store: &impl DiallerStore) -> Vec<Vec<(i64, i64, u32, usize)>> {
    let plan = store.active_campaigns().await.unwrap().remove(0);
    let mut pacer = pacer_for(&plan);
    let at: DateTime<Utc> = "2026-11-30T03:30:00Z".parse().unwrap();
    let mut claims = Vec::new();
    let claim = async |now: DateTime<Utc>, pacer: &mut Pacer| {
        let Claim::Calls { calls, .. } = store
            .claim(
                &plan,
                pacer,
                "contract",
                now + chrono::Duration::seconds(30),
                now,
            )
            .await
            .unwrap()
        else {
            panic!("the campaign runs")
        };
        calls
    };
    let first = claim(at, &mut pacer).await;
    let ids: Vec<i64> = first.iter().map(|c| c.attempt_id).collect();
    store.withdraw(&ids, at).await.unwrap();
    for _ in &first {
        pacer.call_ended(PacedCampaign(plan.id));
    }
    let again = claim(at, &mut pacer).await;
    let later = claim(at + chrono::Duration::seconds(1), &mut pacer).await;
    for calls in [first, again, later] {
        claims.push(
            calls
                .iter()
                .map(|c| (c.attempt_id, c.contact_id, c.attempt_no, c.from))
                .collect(),
        );
    }
    claims
}

async fn a_withdrawn_claim_leaves_both_stores_alike(app: TestApp) {
    let raw = base(10);
    let scenario = Scenario::from_json(&raw.to_string()).unwrap();
    let start: DateTime<Utc> = "2026-11-30T03:30:00Z".parse().unwrap();
    let (memory, _) = simulate::prepare(&scenario).unwrap();
    Operator::act(&memory, CAMPAIGN_ID, Action::Start, start)
        .await
        .unwrap();
    let in_memory = claim_withdraw_claim(&memory).await;

    sql_world(&app, &scenario, &raw).await;
    let operator = SqlOperator { db: app.db.clone() };
    operator
        .act(CAMPAIGN_ID, Action::Start, start)
        .await
        .unwrap();
    let in_sql = claim_withdraw_claim(&SqlStore::new(app.db.clone())).await;
    assert_eq!(
        in_memory, in_sql,
        "(attempt, contact, attempt no, from) per claim: memory, then SQL"
    );
    assert!(!in_memory[0].is_empty() && !in_memory[2].is_empty());
}
