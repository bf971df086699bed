//! The full contact check (decode, split, phone normalisation, duplicate
//! detection) on a generated 500,000-row, ~100 MB file, pushed in 64 KiB
//! chunks the way the server and the CLI push it.
//!
//! `cargo bench -p outdial-shared --bench contacts_check`

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outdial_shared::contacts::{normalise, ContactReader, CountOnly, DefaultRegion, ReaderOptions};

const ROWS: usize = 500_000;

/// Indian, US and UK numbers in the formats people type them, with and
/// without country codes, plus variable columns padding rows to ~200 bytes.
fn generate_file() -> Vec<u8> {
    let mut file = Vec::with_capacity(ROWS * 205);
    file.extend_from_slice(b"phone_number,first_name,last_name,city,plan,due_date,notes\n");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for row in 0..ROWS {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let d = state % 100_000_000;
        let phone = match row % 8 {
            0 => format!("98{d:08}"),
            1 => format!("+91 7{:04} {:05}", d % 10_000, d / 10_000 % 100_000),
            2 => format!("091-8{:03}-{:06}", d % 1000, d / 1000 % 1_000_000),
            3 => format!("+1 (415) {:03}-{:04}", 200 + d % 800, d / 1000 % 10_000),
            4 => format!("+1.646.{:03}.{:04}", 200 + d % 800, d / 1000 % 10_000),
            5 => format!("07{:03} {:06}", 400 + d % 600, d / 1000 % 1_000_000),
            6 => format!("+44 20 7{:03} {:04}", d % 1000, d / 1000 % 10_000),
            _ => format!("+91 {:05}-{:05}", 90_000 + d % 10_000, d / 10_000 % 100_000),
        };
        let notes = "Prefers a call after lunch; renewal due in two weeks, asked about the family plan upgrade and a callback from the branch";
        let line = format!(
            "{phone},Customer{row},\"Surname, {}\",Bengaluru,Premium {},2025-{:02}-{:02},\"{notes} ({})\"\n",
            d % 997,
            d % 7,
            1 + d % 12,
            1 + d % 28,
            d % 100_000
        );
        file.extend_from_slice(line.as_bytes());
    }
    file
}

/// The phone cells of the generated file, to time normalisation alone.
fn phone_cells(file: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(file)
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap_or_default().to_owned())
        .collect()
}

fn normalise_all(cells: &[String]) -> usize {
    let region = DefaultRegion::parse("IN").ok();
    cells
        .iter()
        .filter(|cell| normalise(cell, region).is_ok())
        .count()
}

fn check(file: &[u8]) -> u32 {
    let region = DefaultRegion::parse("IN").expect("IN is a region");
    let mut reader = ContactReader::new(ReaderOptions::new(Some(region)));
    let mut sink = CountOnly;
    for chunk in file.chunks(64 * 1024) {
        reader
            .push(chunk, &mut sink)
            .expect("the generated file is accepted");
    }
    let report = reader.finish(&mut sink);
    report.valid + report.duplicates
}

fn bench(c: &mut Criterion) {
    let file = generate_file();
    eprintln!(
        "generated {} rows, {:.1} MB",
        ROWS,
        file.len() as f64 / 1_048_576.0
    );
    let mut group = c.benchmark_group("contacts_check");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(file.len() as u64));
    group.bench_function("500k_rows_full_check", |b| {
        b.iter(|| black_box(check(&file)))
    });
    let cells = phone_cells(&file);
    group.throughput(Throughput::Elements(cells.len() as u64));
    group.bench_function("500k_phone_numbers_only", |b| {
        b.iter(|| black_box(normalise_all(&cells)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
