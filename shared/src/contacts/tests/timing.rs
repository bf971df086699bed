//! How long a check of 50,000 generated rows takes where the test runs —
//! the browser in the wasm run. Prints the figure; asserts only the counts.

use super::*;

fn file(rows: usize) -> Vec<u8> {
    let mut text = String::from("phone_number,name,city,note\n");
    for row in 0..rows {
        let d = (row as u64).wrapping_mul(2_654_435_761) % 100_000_000;
        let phone = match row % 4 {
            0 => format!("98{d:08}"),
            1 => format!("+91 7{:04} {:05}", d % 10_000, d / 10_000 % 100_000),
            2 => format!("+1 (415) {:03}-{:04}", 200 + d % 800, d / 1000 % 10_000),
            _ => format!("07{:03} {:06}", 400 + d % 600, d / 1000 % 1_000_000),
        };
        text.push_str(&format!(
            "{phone},Customer {row},Pune,\"renewal, call after lunch\"\n"
        ));
    }
    text.into_bytes()
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn fifty_thousand_rows_check_and_the_time_is_printed() {
    let bytes = file(50_000);
    let started = now_ms();
    let mut reader = ContactReader::new(india());
    for chunk in bytes.chunks(64 * 1024) {
        reader.push(chunk, &mut CountOnly).unwrap();
    }
    let report = reader.finish(&mut CountOnly);
    let elapsed = now_ms() - started;
    let line = format!(
        "contacts: 50,000 rows ({} bytes) checked in {elapsed:.0} ms",
        bytes.len()
    );
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::console_log!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    println!("{line}");
    assert_eq!(report.rows, 50_000);
    assert_eq!(report.file_error, None);
    assert_eq!(
        report.rows,
        report.valid + report.invalid + report.duplicates
    );
    assert!(
        report.valid > 45_000,
        "{:?}",
        &report.errors[..5.min(report.errors.len())]
    );
}
