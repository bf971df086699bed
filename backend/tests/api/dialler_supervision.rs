//! The dialler cannot die quietly: a failing database and a panic inside a
//! step are logged, retried with backoff, shown in `GET /api/health`, and
//! dialling resumes once the cause is gone — on SQLite and PostgreSQL.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use outdial::dialler::clock::SystemClock;
use outdial::dialler::engine::EngineOptions;
use outdial::dialler::service::DiallerTask;
use outdial::dialler::telephony::simulated::{OutcomeModel, SimulatedCarrier};
use outdial::dialler::telephony::{DialFuture, DialRequest, Telephony};
use outdial::http::AppState;
use outdial_shared::api::{DiallerHealth, DiallerState};
use serde_json::json;

use crate::campaigns::{action, create_campaign, upload};
use crate::dialler::scalar;
use crate::helpers::TestApp;

engine_tests!(
    a_failing_database_degrades_the_dialler_and_it_recovers_by_itself,
    a_panic_in_a_step_is_caught_and_the_dialler_restarts,
);

/// A running campaign whose window is open now, with `contacts` contacts.
async fn running_campaign(app: &TestApp, contacts: usize, seats: u32) -> i64 {
    let now = Utc::now();
    let hhmm = |t: DateTime<Utc>| t.format("%H:%M").to_string();
    let bot = app.create_bot("Supervised bot").await;
    let carrier = app.create_carrier("Supervised carrier").await;
    let number = app.add_number(carrier, "+912240000019").await;
    let id = create_campaign(
        app,
        json!({
            "name": "Supervised run", "bot_id": bot, "number_ids": [number], "mode": "multi_day",
            "concurrency_limit": seats,
            "window": { "start": hhmm(now - Duration::hours(1)), "end": hhmm(now + Duration::hours(3)), "timezone": "UTC" },
            "working_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        }),
    )
    .await;
    let mut csv = String::from("phone_number\n");
    for i in 1..=contacts {
        csv.push_str(&format!("+91900000{i:04}\n"));
    }
    upload(app, id, &csv).await;
    action(app, id, "start").await.expect(StatusCode::OK);
    id
}

/// Runs one statement on the test database.
async fn execute(app: &TestApp, sql: &str) {
    match &app.db {
        outdial::db::Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        outdial::db::Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .unwrap()
}

/// Polls `condition` until it holds or `limit` passes; answers whether it held.
async fn eventually<F, Fut>(limit: StdDuration, mut condition: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < limit {
        if condition().await {
            return true;
        }
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
    false
}

async fn health(state: &AppState) -> DiallerHealth {
    let router = outdial::http::app(state.clone());
    let request = axum::http::Request::get("/api/health")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(router, request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let health: outdial_shared::api::Health = serde_json::from_slice(&body).unwrap();
    health.dialler
}

fn spawn(
    app: &TestApp,
    state: &AppState,
    telephony: Arc<dyn Telephony>,
    queue: Option<Arc<std::sync::Mutex<outdial::dialler::telephony::simulated::EventQueue>>>,
    options: EngineOptions,
) -> DiallerTask {
    DiallerTask::spawn(
        app.db.clone(),
        telephony,
        queue,
        options,
        state.dialler_wake.clone(),
        state.events.clone(),
        state.dialler.clone(),
    )
}

async fn a_failing_database_degrades_the_dialler_and_it_recovers_by_itself(app: TestApp) {
    let id = running_campaign(&app, 3, 3).await;
    let state = AppState::new(app.db.clone(), app.passwords.clone());
    // Break the dialler's table before it starts: every step fails.
    execute(&app, "alter table attempts rename to attempts_gone").await;
    let carrier = SimulatedCarrier::new(OutcomeModel::default(), 1, Arc::new(SystemClock));
    let queue = carrier.queue();
    let task = spawn(
        &app,
        &state,
        Arc::new(carrier),
        Some(queue),
        EngineOptions::new("supervised"),
    );

    let degraded = eventually(StdDuration::from_secs(10), || async {
        state.dialler.report().consecutive_failures >= 2
    })
    .await;
    assert!(degraded, "{:?}", state.dialler.report());
    let report = health(&state).await;
    assert_eq!(report.state, DiallerState::Degraded);
    let error = report.last_error.unwrap();
    assert!(error.starts_with("a dialler step failed: "), "{error}");
    assert!(error.contains("attempts"), "the cause is named: {error}");

    // The cause goes away: the next retry succeeds and dialling resumes.
    execute(&app, "alter table attempts_gone rename to attempts").await;
    let dialled = eventually(StdDuration::from_secs(15), || async {
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1",
            id,
        )
        .await
            > 0
    })
    .await;
    assert!(dialled, "{:?}", state.dialler.report());
    // The step that wrote those attempts reports its success when it ends.
    let recovered = eventually(StdDuration::from_secs(15), || async {
        health(&state).await.state == DiallerState::Running
    })
    .await;
    assert!(recovered, "{:?}", state.dialler.report());
    let report = health(&state).await;
    assert_eq!(report.consecutive_failures, 0);
    assert!(
        report.last_error.is_some(),
        "the last error stays for whoever looks later"
    );
    task.stop().await;
    assert_eq!(state.dialler.report().state, DiallerState::Stopped);
}

/// The simulated carrier, except that its first dial request panics.
struct PanicsOnce {
    inner: SimulatedCarrier,
    panicked: AtomicBool,
}

impl Telephony for PanicsOnce {
    fn dial(&self, request: DialRequest) -> DialFuture<'_> {
        if !self.panicked.swap(true, Ordering::SeqCst) {
            panic!("injected panic in a dial request");
        }
        self.inner.dial(request)
    }
}

async fn a_panic_in_a_step_is_caught_and_the_dialler_restarts(app: TestApp) {
    let id = running_campaign(&app, 3, 1).await;
    let state = AppState::new(app.db.clone(), app.passwords.clone());
    let carrier = SimulatedCarrier::new(OutcomeModel::default(), 1, Arc::new(SystemClock));
    let queue = carrier.queue();
    let telephony = PanicsOnce {
        inner: carrier,
        panicked: AtomicBool::new(false),
    };
    // Short leases, so the panicked step's attempt is reconciled quickly.
    let mut options = EngineOptions::new("supervised");
    options.lease = Duration::seconds(1);
    options.renew_every = Duration::milliseconds(300);
    options.orphan_grace = Duration::seconds(1);
    options.reconcile_every = Duration::milliseconds(300);
    let task = spawn(&app, &state, Arc::new(telephony), Some(queue), options);

    let panicked = eventually(StdDuration::from_secs(10), || async {
        state.dialler.report().last_error.is_some()
    })
    .await;
    assert!(panicked);
    let error = state.dialler.report().last_error.unwrap();
    assert_eq!(
        error,
        "a dialler step panicked (injected panic in a dial request); the dialler was restarted"
    );
    // The attempt whose dial request panicked is closed as `error` (never
    // dialled twice), and the restarted dialler calls the other contacts.
    let resumed = eventually(StdDuration::from_secs(20), || async {
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1",
            id,
        )
        .await
            >= 2
    })
    .await;
    assert!(resumed, "{:?}", state.dialler.report());
    assert_eq!(state.dialler.report().state, DiallerState::Running);
    let reconciled = scalar(
        &app,
        "select count(*) from attempts where campaign_id = $1 and disposition = 'error'",
        id,
    )
    .await;
    assert_eq!(reconciled, 1, "the panicked attempt ended as error");
    task.stop().await;
}
