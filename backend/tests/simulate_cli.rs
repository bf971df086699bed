//! `outdial simulate` as an operator runs it: the example scenario, the
//! event file it writes, and the exit statuses.

use std::process::Command;

use outdial_shared::dialler::EventLine;

fn outdial() -> Command {
    Command::new(env!("CARGO_BIN_EXE_outdial"))
}

#[test]
fn the_example_scenario_runs_clean_and_writes_one_json_event_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let example = outdial().args(["simulate", "--example"]).output().unwrap();
    assert!(example.status.success());
    let mut scenario: serde_json::Value = serde_json::from_slice(&example.stdout).unwrap();
    scenario["contacts"]["count"] = 2_000.into();
    let scenario_path = dir.path().join("scenario.json");
    std::fs::write(&scenario_path, scenario.to_string()).unwrap();
    let events_path = dir.path().join("events.jsonl");
    let run = outdial()
        .args(["simulate", "--scenario"])
        .arg(&scenario_path)
        .arg("--events")
        .arg(&events_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("Invariant check: no breach"), "{stdout}");
    let text = std::fs::read_to_string(&events_path).unwrap();
    let lines: Vec<EventLine> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0].kind(), "status");
    assert!(lines.iter().any(|l| l.kind() == "dial"));
    assert!(lines.iter().any(|l| l.kind() == "end"));
}

#[test]
fn a_bad_scenario_exits_2_and_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let scenario_path = dir.path().join("bad.json");
    let example = outdial().args(["simulate", "--example"]).output().unwrap();
    let mut scenario: serde_json::Value = serde_json::from_slice(&example.stdout).unwrap();
    scenario["campaign"]["concurrency_limit"] = "lots".into();
    std::fs::write(&scenario_path, scenario.to_string()).unwrap();
    let run = outdial()
        .args(["simulate", "--scenario"])
        .arg(&scenario_path)
        .args(["--events", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.to_lowercase().contains("concurrency"), "{stderr}");
}
