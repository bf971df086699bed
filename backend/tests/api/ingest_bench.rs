//! A benchmark, not a timed test: a contact list uploaded through the real
//! upload route (`PUT /api/campaigns/{id}/contacts`), then replaced by the
//! same file, on SQLite and on PostgreSQL, alternating the engines round by
//! round so that neither gets the machine's quieter moments. Two generated
//! files: the spec's limit (500,000 rows, ~99 MB, seven columns with quoted
//! commas and a free-text notes column) and a short one (500,000 rows of four
//! short columns, ~21 MB). The body is streamed in 64 KiB chunks, as a
//! browser sends it.
//!
//! Ignored by default; `scripts/bench-ingest.sh` runs it in release mode
//! (`OUTDIAL_BENCH_ROUNDS` rounds, 5 by default; the PostgreSQL half needs
//! `OUTDIAL_TEST_POSTGRES_URL`). The target and the figures are in
//! docs/api.md.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{Method, StatusCode};
use outdial_shared::contacts::{ContactReader, CountOnly, DefaultRegion, ReaderOptions};

use crate::campaigns::{config, create_campaign, fixture, send_csv};
use crate::helpers::{run, Engine, TestApp, POSTGRES_URL_VAR};

const ROWS: u32 = 500_000;

/// A small deterministic generator (xorshift), so every run sends the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// The spec's limit: `phone_number,name,city,plan,amount,due_date,notes`,
/// Indian mobiles in four written forms, 1 % invalid and 1 % repeated
/// numbers, 5 % of names quoted with a comma (`"Verma, Navya"`), and notes of
/// 12–26 words, 10 % of them quoted with a comma and 1 % with quotes inside.
pub fn limit_csv() -> Vec<u8> {
    const FIRST: &[&str] = &[
        "Aarav", "Vivaan", "Aditya", "Arjun", "Sai", "Ishaan", "Ananya", "Diya", "Saanvi", "Navya",
        "Myra", "Priya", "Kavya", "Rahul", "Amit", "Sunita", "Deepak", "Pooja", "Ravi", "Meera",
    ];
    const LAST: &[&str] = &[
        "Sharma", "Verma", "Gupta", "Singh", "Kumar", "Patel", "Reddy", "Nair", "Iyer", "Das",
        "Mehta", "Joshi", "Rao", "Khan", "Pillai", "Menon", "Agarwal", "Bose",
    ];
    const CITY: &[&str] = &[
        "Mumbai",
        "Delhi",
        "Bengaluru",
        "Hyderabad",
        "Chennai",
        "Kolkata",
        "Pune",
        "Jaipur",
        "Lucknow",
        "Nagpur",
        "Indore",
        "Bhopal",
        "Patna",
        "Vadodara",
        "Agra",
        "Nashik",
    ];
    const PLAN: &[&str] = &["Basic", "Standard", "Premium", "Gold", "Family"];
    const WORDS: &[&str] = &[
        "payment",
        "reminder",
        "customer",
        "called",
        "requested",
        "extension",
        "promised",
        "partial",
        "amount",
        "next",
        "week",
        "follow",
        "up",
        "pending",
        "verified",
        "address",
        "updated",
        "email",
        "bounced",
        "prefers",
        "whatsapp",
        "evening",
        "only",
        "sunday",
        "escalated",
        "to",
        "supervisor",
        "discount",
        "offered",
        "auto",
        "debit",
        "failed",
        "bank",
        "holiday",
        "cheque",
        "cleared",
    ];
    const INVALID: &[&str] = &["12345", "abc", "N/A", "98765", "+91 12345", "call me"];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut file = Vec::with_capacity(ROWS as usize * 200);
    file.extend_from_slice(b"phone_number,name,city,plan,amount,due_date,notes\n");
    let mut issued: Vec<u64> = Vec::new();
    for row in 0..ROWS {
        let roll = rng.below(100);
        let digits = if roll == 1 && !issued.is_empty() {
            Some(issued[rng.below(issued.len() as u64) as usize])
        } else if roll == 0 {
            None
        } else {
            // Unique by construction: the row number in the low digits.
            let d = (6 + rng.below(4)) * 1_000_000_000 + rng.below(1_000) * 1_000_000 + row as u64;
            issued.push(d);
            Some(d)
        };
        let phone = match digits {
            None => rng.pick(INVALID).to_owned(),
            Some(d) => {
                let d = d.to_string();
                match rng.below(4) {
                    0 => format!("+91 {} {}", &d[..5], &d[5..]),
                    1 => format!("0{}-{}", &d[..5], &d[5..]),
                    2 => d,
                    _ => format!("+91{d}"),
                }
            }
        };
        let name = if rng.below(20) == 0 {
            format!("\"{}, {}\"", rng.pick(LAST), rng.pick(FIRST))
        } else {
            format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
        };
        let city = if rng.below(33) == 0 {
            format!("\"{}, IN\"", rng.pick(CITY))
        } else {
            rng.pick(CITY).to_owned()
        };
        let words: Vec<&str> = (0..12 + rng.below(15)).map(|_| rng.pick(WORDS)).collect();
        let notes = match rng.below(100) {
            0 => format!("\"said \"\"{}\"\" twice, {}\"", words[0], words.join(" ")),
            1..=10 => format!("\"{}, {}\"", words[0], words[1..].join(" ")),
            _ => words.join(" "),
        };
        let line = format!(
            "{phone},{name},{city},{},{}.{:02},2025-{:02}-{:02},{notes}\n",
            rng.pick(PLAN),
            100 + rng.below(99_900),
            rng.below(100),
            1 + rng.below(12),
            1 + rng.below(28),
        );
        file.extend_from_slice(line.as_bytes());
    }
    file
}

/// The short file the earlier benchmarks used: `phone_number,name,city,plan`.
fn short_csv() -> Vec<u8> {
    let cities = ["Mumbai", "Pune", "Delhi", "Chennai", "Kolkata"];
    let mut csv = String::with_capacity(ROWS as usize * 44);
    csv.push_str("phone_number,name,city,plan\n");
    for n in 0..ROWS {
        csv.push_str(&format!(
            "+9198{:08},Customer {n},{},gold\n",
            n,
            cities[n as usize % cities.len()]
        ));
    }
    csv.into_bytes()
}

/// The file as a body that arrives in 64 KiB chunks.
pub fn chunked(file: &Bytes) -> Body {
    let chunks: Vec<Result<Bytes, std::io::Error>> = (0..file.len())
        .step_by(64 * 1024)
        .map(|start| Ok(file.slice(start..(start + 64 * 1024).min(file.len()))))
        .collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}

/// How many contacts the shared reader accepts from `file` (numbers
/// without a country code read as Indian, the campaign's first number's).
fn accepted(file: &[u8]) -> u64 {
    let region = DefaultRegion::parse("IN").expect("IN is a region");
    let mut reader = ContactReader::new(ReaderOptions::new(Some(region)));
    for chunk in file.chunks(64 * 1024) {
        reader
            .push(chunk, &mut CountOnly)
            .expect("the file is read");
    }
    let report = reader.finish(&mut CountOnly);
    assert!(report.file_error.is_none(), "{:?}", report.file_error);
    u64::from(report.valid)
}

#[derive(Debug, Default)]
struct Timings {
    first: Vec<Duration>,
    replace: Vec<Duration>,
    export: Vec<Duration>,
}

async fn upload_timed(app: &TestApp, id: i64, file: &Bytes, expect_valid: u64) -> Duration {
    let started = Instant::now();
    let report = send_csv(
        app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts"),
        chunked(file),
    )
    .await
    .expect(StatusCode::OK);
    let elapsed = started.elapsed();
    assert_eq!(report["valid"], expect_valid, "{report}");
    // What the server's janitor does after an upload, outside the timing.
    if let outdial::db::Db::Sqlite(pool) = &app.db {
        outdial::store::sqlite_bulk::checkpoint(pool)
            .await
            .expect("the log is checkpointed");
    }
    elapsed
}

/// One round on a fresh database: the first upload, then the replace.
async fn round(app: TestApp, file: Bytes, timings: Arc<Mutex<Timings>>) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Bench", f.bot, &[f.in_number])).await;
    let expect_valid = accepted(&file);
    let first = upload_timed(&app, id, &file, expect_valid).await;
    let counted = app
        .get(&format!("/api/campaigns/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(counted["counts"]["pending"], expect_valid);
    let export = export_timed(&app, id, expect_valid).await;
    let replace = upload_timed(&app, id, &file, expect_valid).await;
    let mut timings = timings.lock().unwrap();
    timings.first.push(first);
    timings.replace.push(replace);
    timings.export.push(export);
}

/// Downloads the export, frame by frame as a browser would, and checks
/// it has a line per contact.
async fn export_timed(app: &TestApp, id: i64, contacts: u64) -> Duration {
    use http_body_util::BodyExt;
    let started = Instant::now();
    let request = axum::http::Request::builder()
        .uri(format!("/api/campaigns/{id}/contacts.csv"))
        .header(axum::http::header::COOKIE, &app.admin_cookie)
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let (mut lines, mut largest) = (0u64, 0usize);
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            lines += data.iter().filter(|b| **b == b'\n').count() as u64;
            largest = largest.max(data.len());
        }
    }
    let elapsed = started.elapsed();
    assert_eq!(lines, contacts + 1);
    println!(
        "  export: {:.2} s, largest piece held {:.1} MB",
        elapsed.as_secs_f64(),
        largest as f64 / 1e6
    );
    elapsed
}

fn summary(samples: &[Duration]) -> String {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64()).collect();
    ms.sort_by(f64::total_cmp);
    let runs: Vec<String> = samples
        .iter()
        .map(|d| format!("{:.2}", d.as_secs_f64()))
        .collect();
    format!(
        "min {:.2} s, median {:.2} s (runs: {})",
        ms[0],
        ms[ms.len() / 2],
        runs.join(", ")
    )
}

async fn bench(name: &str, file_name: &str, file: Vec<u8>) {
    // OUTDIAL_BENCH_KEEP=DIR keeps the generated files there, for
    // scripts/measure-upload-stall.py and for uploading by hand.
    if let Some(dir) = std::env::var_os("OUTDIAL_BENCH_KEEP") {
        let path = std::path::Path::new(&dir).join(file_name);
        std::fs::create_dir_all(&dir).expect("the directory for the files is made");
        std::fs::write(&path, &file).expect("the file is written");
        println!("{name}: written to {}", path.display());
    }
    let rounds: usize = std::env::var("OUTDIAL_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let engines: Vec<Engine> = if std::env::var_os(POSTGRES_URL_VAR).is_some() {
        vec![Engine::Sqlite, Engine::Postgres]
    } else {
        println!("{POSTGRES_URL_VAR} is not set: SQLite only");
        vec![Engine::Sqlite]
    };
    let file = Bytes::from(file);
    let results: Vec<Arc<Mutex<Timings>>> = engines.iter().map(|_| Arc::default()).collect();
    for _ in 0..rounds {
        for (engine, timings) in engines.iter().zip(&results) {
            let (file, timings) = (file.clone(), timings.clone());
            run(*engine, move |app| round(app, file, timings)).await;
        }
    }
    for (engine, timings) in engines.iter().zip(&results) {
        let timings = timings.lock().unwrap();
        println!(
            "{name} ({:.1} MB, {ROWS} rows) on {engine:?}\n  first upload: {}\n  replace:      {}\n  export:       {}",
            file.len() as f64 / 1e6,
            summary(&timings.first),
            summary(&timings.replace),
            summary(&timings.export),
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark; run with scripts/bench-ingest.sh"]
async fn ingest_bench() {
    bench("the spec's limit", "limit.csv", limit_csv()).await;
    bench("the short file", "short.csv", short_csv()).await;
}
