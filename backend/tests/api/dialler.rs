//! The dialler on the real database (SQLite and PostgreSQL): the engine
//! with the SQL store on a virtual clock and the seeded simulated carrier,
//! campaigns made and started through the API. Every run's event log goes
//! through the shared invariant checker, and what the database holds
//! afterwards must match the log.

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use futures_util::future::join_all;
use outdial::dialler::clock::VirtualClock;
use outdial::dialler::engine::{Engine, EngineOptions};
use outdial::dialler::sql_store::SqlStore;
use outdial::dialler::telephony::simulated::{EventQueue, OutcomeModel, Seconds, SimulatedCarrier};
use outdial_shared::config::CampaignInput;
use outdial_shared::dialler::{
    check_events, CampaignRules, CheckSetup, Event, EventLine, StatusEvent,
};
use outdial_shared::lifecycle::Status;
use outdial_shared::retry::CallStatus;
use serde_json::{json, Value};

use crate::campaigns::{action, create_campaign, upload};
use crate::helpers::TestApp;

engine_tests!(
    the_dialler_calls_every_contact_inside_the_limits_and_records_every_outcome,
    a_dialler_killed_mid_run_leaves_no_call_unresolved_nor_doubled,
    pause_through_the_api_stops_the_next_claim_and_resume_continues,
    an_excluded_contact_on_a_call_is_done_when_the_call_ends,
    two_campaigns_on_one_carrier_share_its_cps,
    the_serve_task_dials_as_soon_as_a_campaign_starts,
    each_contacts_why_is_the_diallers_own_decision_on_a_simulated_run,
    scheduled_callbacks_are_listed_soonest_first_with_the_call_that_asked_for_them,
    bot_test_calls_take_their_carriers_cps_from_the_campaigns_claim,
);

/// Monday 2026-11-30, 09:00 in India.
fn monday_nine() -> DateTime<Utc> {
    "2026-11-30T03:30:00Z".parse().unwrap()
}

pub struct Campaign {
    pub id: i64,
    pub config: Value,
    pub carrier: String,
    pub cps: u32,
}

/// A started campaign of `contacts` contacts dialling from two numbers of
/// one carrier at `cps`.
pub async fn started_campaign(app: &TestApp, contacts: usize, cps: u32, seats: u32) -> Campaign {
    let bot = app.create_bot("Dialler bot").await;
    let carrier = app.create_carrier("Acme").await;
    app.patch(
        &format!("/api/carriers/{carrier}"),
        json!({ "cps_limit": cps }),
    )
    .await
    .expect(StatusCode::OK);
    let a = app.add_number(carrier, "+912240000001").await;
    let b = app.add_number(carrier, "+912240000002").await;
    let config = json!({
        "name": "Dialler run", "bot_id": bot, "number_ids": [a, b],
        "concurrency_limit": seats, "mode": "multi_day",
        "window": { "start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata" },
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "max_attempts": 2, "retry_delay_minutes": 30,
        "retry_on_system_dispositions": ["no_answer", "rejected", "error"]
    });
    let id = create_campaign(app, config.clone()).await;
    let mut csv = String::from("phone_number,first_name\n");
    for i in 1..=contacts {
        csv.push_str(&format!("+919{i:09},Name {i}\n"));
    }
    upload(app, id, &csv).await;
    action(app, id, "start").await.expect(StatusCode::OK);
    Campaign {
        id,
        config,
        carrier: "Acme".into(),
        cps,
    }
}

/// Engines of several "instances" on one database, one simulated carrier
/// (the outside world), one virtual clock.
pub struct Rig {
    pub clock: VirtualClock,
    model: OutcomeModel,
    /// Each instance's carrier connection: its calls' events wait here.
    queues: Vec<Arc<Mutex<EventQueue>>>,
    pub engines: Vec<Engine<SqlStore>>,
    pub log: Vec<EventLine>,
    /// Calls placed by each instance slot.
    pub dials_by_instance: Vec<usize>,
    wake: Option<DateTime<Utc>>,
    completed: bool,
    generation: u32,
    db: outdial::db::Db,
}

impl Rig {
    pub fn new(
        app: &TestApp,
        campaign: &Campaign,
        start: DateTime<Utc>,
        instances: usize,
        model: OutcomeModel,
    ) -> Rig {
        let clock = VirtualClock::new(start);
        let mut rig = Rig {
            clock,
            model,
            queues: Vec::new(),
            engines: Vec::new(),
            dials_by_instance: vec![0; instances],
            log: vec![EventLine::new(
                start,
                StatusEvent {
                    campaign: campaign.id,
                    status: Status::Running,
                },
            )],
            wake: Some(start),
            completed: false,
            generation: 0,
            db: app.db.clone(),
        };
        for _ in 0..instances {
            let (engine, queue) = rig.engine();
            rig.engines.push(engine);
            rig.queues.push(queue);
        }
        rig
    }

    fn engine(&mut self) -> (Engine<SqlStore>, Arc<Mutex<EventQueue>>) {
        self.generation += 1;
        let carrier = Arc::new(SimulatedCarrier::new(
            self.model.clone(),
            5,
            Arc::new(self.clock.clone()),
        ));
        let queue = carrier.queue();
        let mut options = EngineOptions::new(format!("instance-{}", self.generation));
        // Virtual time: re-read campaigns when told to (`nudge`), not every 250 ms.
        options.refresh_every = Duration::hours(1);
        options.reconcile_every = Duration::seconds(30);
        let engine = Engine::new(SqlStore::new(self.db.clone()), carrier, options).with_log();
        (engine, queue)
    }

    /// Kills instance `k` as kill -9 would: its memory and its calls' pending
    /// events are gone; a fresh process takes its place.
    pub fn crash(&mut self, k: usize) {
        let (engine, queue) = self.engine();
        self.engines[k] = engine;
        self.queues[k] = queue;
    }

    fn next_end(&self) -> Option<DateTime<Utc>> {
        self.queues
            .iter()
            .filter_map(|q| q.lock().unwrap().next_end_at())
            .min()
    }

    fn pop_due(&self, now: DateTime<Utc>) -> Vec<outdial::dialler::telephony::CallEvent> {
        let mut due: Vec<_> = self
            .queues
            .iter()
            .flat_map(|q| q.lock().unwrap().pop_due(now))
            .collect();
        due.sort_by_key(|e| e.at);
        due
    }

    /// Makes every instance re-read the campaigns (after an API action), as
    /// `serve` does on its wake-up call.
    pub fn nudge(&mut self) {
        for engine in &mut self.engines {
            engine.refresh_soon();
        }
        self.wake = Some(self.clock_now());
    }

    fn clock_now(&self) -> DateTime<Utc> {
        use outdial::dialler::clock::Clock;
        self.clock.now()
    }

    /// Steps every instance until `until`, or until the campaign completed
    /// and its last call ended.
    pub async fn run_until(&mut self, until: DateTime<Utc>) {
        loop {
            if self.completed && self.queues.iter().all(|q| q.lock().unwrap().is_empty()) {
                break;
            }
            let next_end = self.next_end();
            let Some(now) = [self.wake, next_end].into_iter().flatten().min() else {
                break;
            };
            if now > until {
                break;
            }
            self.clock.advance_to(now);
            let events = self.pop_due(now);
            self.engines[0].settle(now, events).await.unwrap();
            self.log.extend(self.engines[0].take_log());
            let reports = join_all(self.engines.iter_mut().map(|e| e.step(now, Vec::new()))).await;
            self.wake = None;
            for (k, report) in reports.into_iter().enumerate() {
                let report = report.unwrap();
                self.dials_by_instance[k] += report.dials;
                self.completed |= !report.completed.is_empty();
                if let Some(at) = report.wake {
                    let at = at.max(now + Duration::milliseconds(1));
                    self.wake = Some(self.wake.map_or(at, |w| w.min(at)));
                }
            }
            for engine in &mut self.engines {
                self.log.extend(engine.take_log());
            }
        }
    }

    /// The checker's verdict on the log so far.
    pub fn check(&self, campaign: &Campaign) {
        let input: CampaignInput = serde_json::from_value(campaign.config.clone()).unwrap();
        let config = input.parse().unwrap();
        let setup = CheckSetup::new()
            .campaign(campaign.id, CampaignRules::from_config(&config))
            .carrier(campaign.carrier.clone(), campaign.cps);
        let mut log = self.log.clone();
        log.sort_by_key(|l| l.at);
        let report = check_events(setup, log);
        assert!(report.is_clean(), "{:?}", report.violations);
    }

    pub fn count(&self, pred: impl Fn(&Event) -> bool) -> usize {
        self.log.iter().filter(|l| pred(&l.event)).count()
    }
}

pub async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    match &app.db {
        outdial::db::Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await,
        outdial::db::Db::Postgres(pool) => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await,
    }
    .unwrap()
}

async fn the_dialler_calls_every_contact_inside_the_limits_and_records_every_outcome(app: TestApp) {
    let campaign = started_campaign(&app, 120, 3, 4).await;
    let mut rig = Rig::new(&app, &campaign, monday_nine(), 1, OutcomeModel::default());
    rig.run_until(monday_nine() + Duration::days(3)).await;
    rig.check(&campaign);
    let id = campaign.id;

    let dials = rig.count(|e| matches!(e, Event::Dial(_)));
    let ends = rig.count(|e| matches!(e, Event::End(_)));
    assert!(dials >= 120);
    assert_eq!(dials, ends);
    assert_eq!(
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1",
            id
        )
        .await as usize,
        dials
    );
    assert_eq!(
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1 and ended_at is null",
            id
        )
        .await,
        0
    );
    assert_eq!(
        scalar(
            &app,
            "select count(*) from contacts where campaign_id = $1 and state <> 'done'",
            id
        )
        .await,
        0
    );
    assert_eq!(
        scalar(
            &app,
            "select cast(max(attempts) as bigint) from contacts where campaign_id = $1",
            id
        )
        .await,
        2
    );

    let body = app
        .get(&format!("/api/campaigns/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(body["status"], "completed");
    let stats = app
        .get(&format!("/api/campaigns/{id}/stats"))
        .await
        .expect(StatusCode::OK);
    let connected =
        rig.count(|e| matches!(e, Event::End(x) if x.disposition == CallStatus::Connected));
    assert_eq!(
        stats["dispositions"]["connected"], connected as u64,
        "{stats}"
    );
    // The trail is in the order things happened, whatever clock stamped them:
    // the API stamps with the wall clock, the dialler with its own (here a
    // virtual one), and each `at` is shown as it was recorded.
    let audit = crate::campaigns::audit_actions(&app, id).await;
    assert_eq!(
        audit,
        [
            "campaign_created",
            "contacts_uploaded",
            "campaign_started",
            "campaign_completed"
        ]
    );
    let page = app
        .get(&format!("/api/campaigns/{id}/audit"))
        .await
        .expect(StatusCode::OK);
    let completed_at: DateTime<Utc> = page["items"][0]["at"].as_str().unwrap().parse().unwrap();
    assert!(
        completed_at >= monday_nine() && completed_at <= monday_nine() + Duration::days(3),
        "the dialler's entry keeps its own clock's time: {completed_at}"
    );
}

async fn a_dialler_killed_mid_run_leaves_no_call_unresolved_nor_doubled(app: TestApp) {
    let campaign = started_campaign(&app, 200, 5, 10).await;
    let long_calls = OutcomeModel {
        answer_rate: 1.0,
        reject_rate: 0.0,
        error_rate: 0.0,
        machine_rate: 0.0,
        callback_rate: 0.0,
        dispositions: Default::default(),
        ..OutcomeModel::default()
    };
    let mut rig = Rig::new(&app, &campaign, monday_nine(), 1, long_calls);
    let crash = monday_nine() + Duration::minutes(5);
    rig.run_until(crash).await;
    let id = campaign.id;
    let live_at_crash = scalar(
        &app,
        "select count(*) from attempts where campaign_id = $1 and ended_at is null",
        id,
    )
    .await;
    assert_eq!(live_at_crash, 10, "every seat was busy");
    rig.crash(0);
    rig.run_until(monday_nine() + Duration::days(1)).await;
    rig.check(&campaign);
    let errors = rig.count(|e| matches!(e, Event::End(x) if x.disposition == CallStatus::Error));
    assert_eq!(
        errors as i64, live_at_crash,
        "each orphaned call closed once, as error"
    );
    assert_eq!(
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1 and ended_at is null",
            id
        )
        .await,
        0
    );
    // Closed as error and retried by the policy (error is ticked): a second
    // attempt, never a second live one.
    assert_eq!(
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1 and disposition = 'error'",
            id
        )
        .await,
        live_at_crash
    );
}

async fn pause_through_the_api_stops_the_next_claim_and_resume_continues(app: TestApp) {
    let campaign = started_campaign(&app, 500, 5, 10).await;
    let mut rig = Rig::new(&app, &campaign, monday_nine(), 1, OutcomeModel::default());
    rig.run_until(monday_nine() + Duration::minutes(2)).await;
    let before = rig.count(|e| matches!(e, Event::Dial(_)));
    assert!(before > 0);
    action(&app, campaign.id, "pause")
        .await
        .expect(StatusCode::OK);
    rig.run_until(monday_nine() + Duration::minutes(30)).await;
    assert_eq!(
        rig.count(|e| matches!(e, Event::Dial(_))),
        before,
        "no dial while paused"
    );
    action(&app, campaign.id, "resume")
        .await
        .expect(StatusCode::OK);
    rig.nudge();
    rig.run_until(monday_nine() + Duration::minutes(32)).await;
    assert!(rig.count(|e| matches!(e, Event::Dial(_))) > before);
}

async fn an_excluded_contact_on_a_call_is_done_when_the_call_ends(app: TestApp) {
    let campaign = started_campaign(&app, 3, 5, 10).await;
    let no_answer = OutcomeModel {
        answer_rate: 0.0,
        reject_rate: 0.0,
        error_rate: 0.0,
        ..OutcomeModel::default()
    };
    let mut rig = Rig::new(&app, &campaign, monday_nine(), 1, no_answer);
    rig.run_until(monday_nine() + Duration::seconds(1)).await;
    app.post(
        &format!("/api/campaigns/{}/exclusions", campaign.id),
        json!({ "phone_numbers": ["+919000000001"] }),
    )
    .await
    .expect(StatusCode::OK);
    rig.run_until(monday_nine() + Duration::hours(3)).await;
    rig.check(&campaign);
    let dials_to_excluded =
        rig.count(|e| matches!(e, Event::Dial(d) if d.phone == "+919000000001"));
    assert_eq!(dials_to_excluded, 1, "the call in progress only; no retry");
    let reason: String = match &app.db {
        outdial::db::Db::Sqlite(pool) => {
            sqlx::query_scalar("select done_reason from contacts where phone = '+919000000001'")
                .fetch_one(pool)
                .await
        }
        outdial::db::Db::Postgres(pool) => {
            sqlx::query_scalar("select done_reason from contacts where phone = '+919000000001'")
                .fetch_one(pool)
                .await
        }
    }
    .unwrap();
    assert_eq!(reason, "excluded");
}

mod three_instances {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 3)]
    async fn postgres() {
        crate::helpers::run(crate::helpers::Engine::Postgres, share_one_campaign).await;
    }

    async fn share_one_campaign(app: TestApp) {
        let campaign = started_campaign(&app, 400, 4, 12).await;
        let mut rig = Rig::new(&app, &campaign, monday_nine(), 3, OutcomeModel::default());
        rig.run_until(monday_nine() + Duration::minutes(20)).await;
        rig.crash(1);
        rig.run_until(monday_nine() + Duration::days(2)).await;
        rig.check(&campaign);
        assert!(
            rig.dials_by_instance.iter().all(|n| *n > 0),
            "every instance placed calls: {:?}",
            rig.dials_by_instance
        );
        let id = campaign.id;
        let owners = scalar(&app, "select count(distinct lease_owner) from attempts where campaign_id = $1 and lease_owner is not null", id).await;
        assert_eq!(owners, 0, "no live attempt left");
        let done = scalar(
            &app,
            "select count(*) from contacts where campaign_id = $1 and state = 'done'",
            id,
        )
        .await;
        assert_eq!(done, 400);
        let dials = rig.count(|e| matches!(e, Event::Dial(_)));
        assert_eq!(
            scalar(
                &app,
                "select count(*) from attempts where campaign_id = $1",
                id
            )
            .await as usize,
            dials
        );
    }
}

async fn two_campaigns_on_one_carrier_share_its_cps(app: TestApp) {
    let first = started_campaign(&app, 300, 4, 50).await;
    // A second campaign dialling through the same carrier's numbers.
    let mut config = first.config.clone();
    config["name"] = "Second run".into();
    let second_id = create_campaign(&app, config.clone()).await;
    let mut csv = String::from("phone_number\n");
    for i in 1..=300 {
        csv.push_str(&format!("+918{i:09}\n"));
    }
    upload(&app, second_id, &csv).await;
    action(&app, second_id, "start")
        .await
        .expect(StatusCode::OK);
    let second = Campaign {
        id: second_id,
        config,
        carrier: first.carrier.clone(),
        cps: first.cps,
    };
    let mut rig = Rig::new(&app, &first, monday_nine(), 1, OutcomeModel::default());
    rig.log.push(EventLine::new(
        monday_nine(),
        StatusEvent {
            campaign: second.id,
            status: Status::Running,
        },
    ));
    rig.run_until(monday_nine() + Duration::minutes(10)).await;
    // The checker sums both campaigns' starts per carrier second.
    let input = |c: &Campaign| -> outdial_shared::config::CampaignConfig {
        serde_json::from_value::<CampaignInput>(c.config.clone())
            .unwrap()
            .parse()
            .unwrap()
    };
    let setup = CheckSetup::new()
        .campaign(first.id, CampaignRules::from_config(&input(&first)))
        .campaign(second.id, CampaignRules::from_config(&input(&second)))
        .carrier("Acme", 4);
    let mut log = rig.log.clone();
    log.sort_by_key(|l| l.at);
    let report = check_events(setup, log.clone());
    assert!(report.is_clean(), "{:?}", report.violations);
    let per_campaign = |id: i64| {
        log.iter()
            .filter(|l| matches!(&l.event, Event::Dial(d) if d.campaign == id))
            .count()
    };
    // 10 minutes at 4 CPS shared: 2,400 starts at most, both campaigns served.
    let (a, b) = (per_campaign(first.id), per_campaign(second.id));
    assert!(a + b <= 2_400 && a > 100 && b > 100, "{a} + {b}");
}

async fn the_serve_task_dials_as_soon_as_a_campaign_starts(app: TestApp) {
    use outdial::dialler::clock::SystemClock;
    use outdial::dialler::service::DiallerTask;
    use outdial::http::AppState;

    // The window is open now, whatever the time of day.
    let now = Utc::now();
    let hhmm = |t: DateTime<Utc>| t.format("%H:%M").to_string();
    let bot = app.create_bot("Serve bot").await;
    let carrier = app.create_carrier("Serve carrier").await;
    let number = app.add_number(carrier, "+912240000009").await;
    let id = create_campaign(
        &app,
        json!({
            "name": "Serve run", "bot_id": bot, "number_ids": [number], "mode": "multi_day",
            "window": { "start": hhmm(now - Duration::hours(1)), "end": hhmm(now + Duration::hours(3)), "timezone": "UTC" },
            "working_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        }),
    )
    .await;
    upload(&app, id, "phone_number\n+919000000001\n+919000000002\n").await;

    let state = AppState::new(app.db.clone(), app.passwords.clone());
    let carrier = SimulatedCarrier::new(OutcomeModel::default(), 1, Arc::new(SystemClock));
    let queue = carrier.queue();
    let mut options = EngineOptions::new("serve-test");
    // Only the wake-up call may start the first dial promptly.
    options.refresh_every = Duration::hours(1);
    let task = DiallerTask::spawn(
        app.db.clone(),
        Arc::new(carrier),
        Some(queue),
        options,
        state.dialler_wake.clone(),
        state.events.clone(),
        state.dialler.clone(),
    );
    let router = outdial::http::app(state);
    let started = std::time::Instant::now();
    let request = axum::http::Request::post(format!("/api/campaigns/{id}/start"))
        .header(axum::http::header::COOKIE, &app.admin_cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(router, request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut attempts = 0;
    while started.elapsed() < std::time::Duration::from_secs(10) {
        attempts = scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1",
            id,
        )
        .await;
        if attempts == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert_eq!(attempts, 2, "both contacts dialled");
    println!("first dials {:?} after Start", started.elapsed());
    task.stop().await;
}

/// A Monday 09:00 in India at least two weeks after the wall clock: the
/// contact page words times against the wall clock, so a virtual run that
/// must still be ahead of it starts there.
fn a_monday_ahead() -> DateTime<Utc> {
    use chrono::{Datelike, TimeZone};
    let mut day = (Utc::now() + Duration::days(14)).date_naive();
    while day.weekday() != chrono::Weekday::Mon {
        day = day.succ_opt().unwrap();
    }
    Utc.from_utc_datetime(&day.and_hms_opt(3, 30, 0).unwrap())
}

async fn each_contacts_why_is_the_diallers_own_decision_on_a_simulated_run(app: TestApp) {
    let campaign = started_campaign(&app, 60, 3, 4).await;
    let start = a_monday_ahead();
    let mut rig = Rig::new(&app, &campaign, start, 1, OutcomeModel::default());
    // Mid-run: some contacts done, some waiting for a retry, some untouched.
    // (The log is cut with calls live, so the checker is not asked here.)
    rig.run_until(start + Duration::minutes(40)).await;
    let id = campaign.id;
    let mut by_state = std::collections::BTreeMap::<String, usize>::new();
    for page in 1..=2 {
        let list = app
            .get(&format!("/api/campaigns/{id}/contacts?page={page}"))
            .await
            .expect(StatusCode::OK);
        for contact in list["items"].as_array().unwrap() {
            let contact_id = contact["id"].as_i64().unwrap();
            let detail = app
                .get(&format!("/api/campaigns/{id}/contacts/{contact_id}"))
                .await
                .expect(StatusCode::OK);
            let state = contact["state"].as_str().unwrap().to_owned();
            let why = &detail["why"];
            let text = why["text"].as_str().unwrap();
            let attempts = detail["attempts"].as_array().unwrap();
            assert_eq!(
                attempts.len() as i64,
                contact["attempts"].as_i64().unwrap(),
                "one history row per attempt: {detail}"
            );
            match state.as_str() {
                "retry" | "done" | "callback" => {
                    // Worked out again from the recorded attempt, the rules
                    // give the very step the dialler stored.
                    assert_eq!(why["from_last_attempt"], true, "{detail}");
                    let expected = if state == "retry" {
                        "Next attempt"
                    } else {
                        "Done:"
                    };
                    assert!(text.starts_with(expected), "{state}: {text}");
                }
                "pending" => assert!(
                    text.starts_with("Due now") || text.starts_with("Waiting"),
                    "{text}"
                ),
                "in_call" => assert_eq!(text, "In a call now"),
                other => panic!("unexpected state {other}"),
            }
            *by_state.entry(state).or_default() += 1;
        }
    }
    assert_eq!(by_state.values().sum::<usize>(), 60);
    assert!(
        by_state.get("retry").copied().unwrap_or(0) > 0,
        "{by_state:?}"
    );
    assert!(
        by_state.get("done").copied().unwrap_or(0) > 0,
        "{by_state:?}"
    );

    // A contact of another campaign, or none at all, is not found.
    app.get(&format!("/api/campaigns/{id}/contacts/999999"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

async fn scheduled_callbacks_are_listed_soonest_first_with_the_call_that_asked_for_them(
    app: TestApp,
) {
    // Both halves of the double gate: the campaign's Callback Detection and
    // the bot's own setting.
    let bot = app.create_bot("Callback bot").await;
    app.patch(
        &format!("/api/bots/{bot}"),
        json!({ "callback_enabled": true }),
    )
    .await
    .expect(StatusCode::OK);
    let carrier = app.create_carrier("Acme").await;
    let number = app.add_number(carrier, "+912240000001").await;
    let config = json!({
        "name": "Callbacks", "bot_id": bot, "number_ids": [number],
        "concurrency_limit": 5, "mode": "multi_day", "callback_detection": true,
        "window": { "start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata" },
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
    });
    let id = create_campaign(&app, config.clone()).await;
    let mut csv = String::from("phone_number,first_name\n");
    for i in 1..=30 {
        csv.push_str(&format!("+919{i:09},Name {i}\n"));
    }
    upload(&app, id, &csv).await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    let campaign = Campaign {
        id,
        config,
        carrier: "Acme".into(),
        cps: 10,
    };
    // Every call answered by a person who asks to be called back 60–120
    // minutes later (inside the window).
    let model = OutcomeModel {
        answer_rate: 1.0,
        machine_rate: 0.0,
        reject_rate: 0.0,
        error_rate: 0.0,
        callback_rate: 1.0,
        callback_after_minutes: Seconds {
            min: 60.0,
            max: 120.0,
        },
        ..OutcomeModel::default()
    };
    let start = monday_nine();
    let mut rig = Rig::new(&app, &campaign, start, 1, model);
    rig.run_until(start + Duration::minutes(30)).await;

    let in_state = app
        .get(&format!("/api/campaigns/{id}/contacts?state=callback"))
        .await
        .expect(StatusCode::OK);
    let expected = in_state["total"].as_u64().unwrap();
    assert!(expected > 0, "some callbacks were scheduled: {in_state}");
    let page = app
        .get(&format!("/api/campaigns/{id}/callbacks"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["total"].as_u64().unwrap(), expected, "{page}");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len() as u64, expected.min(50));
    let mut previous = None;
    for item in items {
        let due = crate::helpers::instant(&item["due_at"]);
        assert!(previous.is_none_or(|p| p <= due), "soonest first: {page}");
        previous = Some(due);
        let request = &item["requested_in"];
        let asked_for = crate::helpers::instant(&request["asked_for"]);
        // Inside the window, the callback is due when it was asked for.
        assert_eq!(due, asked_for, "{item}");
        assert_eq!(
            request["business_disposition"], "callback_requested",
            "{item}"
        );
        // The request is the very attempt the contact's history records.
        let contact_id = item["contact_id"].as_i64().unwrap();
        let detail = app
            .get(&format!("/api/campaigns/{id}/contacts/{contact_id}"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(detail["contact"]["phone_number"], item["phone_number"]);
        let attempt = detail["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == request["attempt_id"])
            .unwrap_or_else(|| panic!("{detail}"));
        assert_eq!(crate::helpers::instant(&attempt["callback_at"]), asked_for);
        assert_eq!(attempt["run_no"], request["run_no"]);
        assert_eq!(attempt["attempt_no"], request["attempt_no"]);
    }
    // Nothing to call back on a campaign without callbacks.
    let other = create_campaign(
        &app,
        json!({ "name": "None", "bot_id": bot, "number_ids": [number] }),
    )
    .await;
    let none = app
        .get(&format!("/api/campaigns/{other}/callbacks"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(none["total"], 0);
    app.get("/api/campaigns/999999/callbacks")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

/// Invariant 2 with bot test calls: the claim counts them beside the
/// attempts in the carrier's last second.
async fn bot_test_calls_take_their_carriers_cps_from_the_campaigns_claim(app: TestApp) {
    let campaign = started_campaign(&app, 50, 2, 10).await;
    let carriers = app.get("/api/carriers").await.expect(StatusCode::OK);
    let carrier = carriers[0]["id"].as_i64().unwrap();
    let call = outdial::store::test_calls::NewTestCall {
        bot_id: 1,
        placed_by: "admin",
        from_number: "+912240000001",
        to_number: "+919812345678",
        carrier_id: carrier,
        carrier_cps: 2,
    };
    for _ in 0..2 {
        outdial::store::test_calls::place(&app.db, &call, monday_nine())
            .await
            .unwrap();
    }
    let mut rig = Rig::new(&app, &campaign, monday_nine(), 1, OutcomeModel::default());
    rig.run_until(monday_nine() + Duration::milliseconds(900))
        .await;
    assert_eq!(
        rig.count(|e| matches!(e, Event::Dial(_))),
        0,
        "the two test calls used the second's 2 dials"
    );
    rig.run_until(monday_nine() + Duration::seconds(3)).await;
    assert!(rig.count(|e| matches!(e, Event::Dial(_))) > 0);
}
