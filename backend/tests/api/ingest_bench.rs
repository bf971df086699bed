//! A benchmark, not a timed test: ingest of a generated 500,000-row CSV
//! through the real upload route (`PUT /api/campaigns/{id}/contacts`), on
//! SQLite and on PostgreSQL. Ignored by default; run it with
//! `cargo test --release -p outdial --test api ingest_bench -- --ignored --nocapture --test-threads 1`
//! (the PostgreSQL half needs `OUTDIAL_TEST_POSTGRES_URL`). The target is
//! under 5 s per engine on the project machine for the first upload; the
//! second figure, the same file replacing that list, is for information.
//! The figures are in docs/api.md.

use std::time::Instant;

use axum::http::{Method, StatusCode};

use crate::campaigns::{config, create_campaign, fixture, send_csv};
use crate::helpers::{run, Engine, TestApp};

/// 500,000 rows of `phone_number,name,city,plan` (~21 MB).
fn generated_csv() -> String {
    let cities = ["Mumbai", "Pune", "Delhi", "Chennai", "Kolkata"];
    let mut csv = String::with_capacity(500_000 * 44);
    csv.push_str("phone_number,name,city,plan\n");
    for n in 0..500_000u32 {
        csv.push_str(&format!(
            "+9198{:08},Customer {n},{},gold\n",
            n,
            cities[n as usize % cities.len()]
        ));
    }
    csv
}

async fn ingest_500k(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Bench", f.bot, &[f.in_number])).await;
    let csv = generated_csv();
    let bytes = csv.len();
    let started = Instant::now();
    let report = send_csv(
        &app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts"),
        csv.clone(),
    )
    .await
    .expect(StatusCode::OK);
    let elapsed = started.elapsed();
    assert_eq!(report["valid"], 500_000, "{report}");
    println!(
        "ingest of 500,000 rows ({:.1} MB) on {:?}: {:.2} s",
        bytes as f64 / 1e6,
        app.db.engine(),
        elapsed.as_secs_f64()
    );
    let counted = app
        .get(&format!("/api/campaigns/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(counted["counts"]["pending"], 500_000);

    let started = Instant::now();
    let report = send_csv(
        &app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts"),
        csv,
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(report["valid"], 500_000, "{report}");
    println!(
        "replace of those 500,000 rows by the same file on {:?}: {:.2} s",
        app.db.engine(),
        started.elapsed().as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark; run with --ignored --nocapture"]
async fn ingest_bench_sqlite() {
    run(Engine::Sqlite, ingest_500k).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark; run with --ignored --nocapture"]
async fn ingest_bench_postgres() {
    run(Engine::Postgres, ingest_500k).await;
}
