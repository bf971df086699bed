//! `outdial contacts check` as an operator runs it: the built binary on
//! files on disk, judged by its exit status and its output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Writes `bytes` to a fresh file in the temp directory.
fn fixture(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("outdial-contacts-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn outdial(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_outdial"))
        .args(args)
        .env("RUST_LOG", "off")
        .output()
        .expect("the outdial binary runs")
}

fn check_json(path: &Path, region: &str) -> (i32, Value) {
    let output = outdial(&[
        "contacts",
        "check",
        path.to_str().unwrap(),
        "--default-region",
        region,
        "--json",
    ]);
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is JSON ({error}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), json)
}

#[test]
fn a_clean_file_exits_0_with_every_row_valid() {
    let path = fixture(
        "clean.csv",
        b"phone_number,name\r\n98765 43210,Asha\r\n+1 (415) 555-2671,Sam\r\n",
    );
    let (code, json) = check_json(&path, "IN");
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["rows"], 2);
    assert_eq!(json["valid"], 2);
    assert_eq!(json["variables"], serde_json::json!(["name"]));
    assert_eq!(json["file_error"], Value::Null);
}

#[test]
fn invalid_and_duplicate_rows_exit_1_and_are_listed() {
    let path = fixture(
        "mixed.csv",
        b"phone_number,name\n9876543210,Asha\n98765 4321,Ravi\n+91 98765 43210,Asha again\n",
    );
    let (code, json) = check_json(&path, "IN");
    assert_eq!(code, 1, "{json}");
    assert_eq!(
        (json["valid"].as_u64(), json["invalid"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(json["duplicates"], 1);
    assert_eq!(json["errors"][0]["row"], 3);
    assert_eq!(json["errors"][0]["column"], "phone_number");
    assert_eq!(
        json["errors"][0]["reason"],
        "\"98765 4321\" is too short for India"
    );
    assert_eq!(json["errors"][1]["reason"], "duplicate of row 2");
    assert_eq!(json["errors_omitted"], 0);
}

#[test]
fn a_file_without_a_phone_column_exits_2() {
    let path = fixture("nophone.csv", b"mobile,name\n9876543210,Asha\n");
    let (code, json) = check_json(&path, "IN");
    assert_eq!(code, 2);
    assert!(json["file_error"]
        .as_str()
        .unwrap()
        .contains("no phone_number column"));
}

#[test]
fn an_unreadable_file_exits_2() {
    let output = outdial(&["contacts", "check", "/nonexistent/contacts.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot open"));
}

#[test]
fn an_unknown_default_region_exits_2() {
    let path = fixture("region.csv", b"phone_number\n9876543210\n");
    let output = outdial(&[
        "contacts",
        "check",
        path.to_str().unwrap(),
        "--default-region",
        "XX",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("\"XX\""));
}

#[test]
fn a_large_utf16_file_is_read_across_many_chunks() {
    // ~200 KB of UTF-16: several 64 KiB chunks, code units split between them.
    let mut text = String::from("phone_number;name\r\n");
    for row in 0..4_000u64 {
        text.push_str(&format!("98{:08};Zoë {row}\r\n", row * 7_919));
    }
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let path = fixture("utf16.csv", &bytes);
    let (code, json) = check_json(&path, "IN");
    assert_eq!(code, 0, "{}", json["errors"]);
    assert_eq!(json["rows"], 4_000);
    assert_eq!(json["encoding"], "UTF-16LE");
    assert_eq!(json["delimiter"], "semicolon");
}

#[test]
fn the_human_output_gives_the_summary_and_the_first_problems() {
    let path = fixture(
        "human.csv",
        b"phone_number,name\n9876543210,Asha\n9.19876543210E+11,Ravi\n",
    );
    let output = outdial(&[
        "contacts",
        "check",
        path.to_str().unwrap(),
        "--default-region",
        "in",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("2 rows — 1 valid, 1 invalid, 0 duplicates"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Read as UTF-8, comma-separated."),
        "{stdout}"
    );
    assert!(stdout.contains("row 3"), "{stdout}");
    assert!(stdout.contains("scientific notation"), "{stdout}");
}
