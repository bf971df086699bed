//! Benchmarks, not timed tests, of the dialler on the real store:
//! - dispatch throughput: dial starts per wall-clock second on one instance
//!   with instant simulated calls and limits that do not bind (1,000 seats,
//!   three carriers at 1,000 CPS), on a virtual clock stepping one second;
//! - memory: the process's resident memory while dialling campaigns of
//!   20,000 and of 200,000 contacts (the engine keeps no per-contact state).
//!
//! Run: `cargo test --release -p outdial --test api dialler_bench -- --ignored --nocapture`
//! (the PostgreSQL half needs `OUTDIAL_TEST_POSTGRES_URL`). Figures: docs/dialler.md.

use std::sync::Arc;
use std::time::Instant;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use outdial::dialler::clock::VirtualClock;
use outdial::dialler::engine::{Engine, EngineOptions};
use outdial::dialler::sql_store::SqlStore;
use outdial::dialler::telephony::simulated::{OutcomeModel, SimulatedCarrier};
use serde_json::json;

use crate::campaigns::{action, create_campaign, upload};
use crate::helpers::{run, Engine as DbEngine, TestApp};

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn campaign(app: &TestApp, contacts: usize) -> i64 {
    let bot = app.create_bot(&format!("Bench bot {contacts}")).await;
    let mut numbers = Vec::new();
    for k in 0..3 {
        let carrier = app.create_carrier(&format!("Carrier {contacts}-{k}")).await;
        app.patch(
            &format!("/api/carriers/{carrier}"),
            json!({ "cps_limit": 1000 }),
        )
        .await
        .expect(StatusCode::OK);
        numbers.push(
            app.add_number(carrier, &format!("+912240{:06}", contacts / 10 + k))
                .await,
        );
    }
    let id = create_campaign(
        app,
        json!({
            "name": format!("Throughput {contacts}"), "bot_id": bot, "number_ids": numbers,
            "concurrency_limit": 1000, "mode": "multi_day",
            "window": { "start": "00:00", "end": "23:59", "timezone": "UTC" },
            "working_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "max_attempts": 1
        }),
    )
    .await;
    let mut csv = String::from("phone_number\n");
    for i in 1..=contacts {
        csv.push_str(&format!("+919{i:09}\n"));
    }
    upload(app, id, &csv).await;
    action(app, id, "start").await.expect(StatusCode::OK);
    id
}

/// Dials every contact of campaign `id` with instant calls; returns
/// (dials, wall seconds, peak resident KiB while dialling).
async fn dial_all(app: &TestApp, start: DateTime<Utc>) -> (usize, f64, u64) {
    let clock = VirtualClock::new(start);
    let carrier = Arc::new(SimulatedCarrier::new(
        OutcomeModel::instant(),
        1,
        Arc::new(clock.clone()),
    ));
    let queue = carrier.queue();
    let mut options = EngineOptions::new("bench");
    options.refresh_every = Duration::hours(1);
    let mut engine = Engine::new(SqlStore::new(app.db.clone()), carrier, options);
    let mut now = start;
    let mut dials = 0;
    let mut peak = resident_kib();
    let began = Instant::now();
    loop {
        clock.advance_to(now);
        let events = queue.lock().unwrap().pop_due(now);
        let report = engine.step(now, events).await.unwrap();
        dials += report.dials;
        peak = peak.max(resident_kib());
        if !report.completed.is_empty() {
            break;
        }
        now += Duration::seconds(1);
    }
    (dials, began.elapsed().as_secs_f64(), peak)
}

async fn throughput(app: TestApp) {
    // A Monday noon, inside the all-day window.
    let start: DateTime<Utc> = "2026-11-30T12:00:00Z".parse().unwrap();
    for contacts in [20_000usize, 200_000] {
        campaign(&app, contacts).await;
        let before = resident_kib();
        let (dials, seconds, peak) = dial_all(&app, start).await;
        assert_eq!(dials, contacts);
        println!(
            "{:?}: {contacts} contacts dialled in {seconds:.2} s wall = {:.0} dial starts/s; \
             resident before {} MiB, peak while dialling {} MiB",
            app.db.engine(),
            dials as f64 / seconds,
            before / 1024,
            peak / 1024
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark; run with --ignored --nocapture"]
async fn dialler_bench_sqlite() {
    run(DbEngine::Sqlite, throughput).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark; run with --ignored --nocapture"]
async fn dialler_bench_postgres() {
    run(DbEngine::Postgres, throughput).await;
}
