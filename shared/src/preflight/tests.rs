//! The pre-launch check's rules, one test per rule.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::*;
use crate::config::{CampaignInput, Timezone};

fn config(extra: Value) -> CampaignConfig {
    let mut base = json!({
        "name": "Preflight", "bot_id": 1, "number_ids": [1, 2], "mode": "multi_day",
        "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "concurrency_limit": 10
    });
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    let input: CampaignInput = serde_json::from_value(base).unwrap();
    input.parse().unwrap()
}

fn number(phone: &str, inbound_only: bool, carrier: &str, cps: u32) -> NumberFacts {
    NumberFacts {
        phone: phone.into(),
        inbound_only,
        carrier: carrier.into(),
        carrier_cps: cps,
    }
}

fn ready_bot() -> Option<BotFacts> {
    Some(BotFacts {
        name: "Renewals bot".into(),
        ready: true,
        callback_enabled: true,
        last_passed_test_call: Some(at("2026-03-01T10:00:00Z")),
    })
}

fn indian_list() -> ContactFacts {
    ContactFacts {
        total: 2_000,
        excluded: 0,
        by_region: vec![region("IN", 2_000)],
        from_file: false,
    }
}

/// Monday 2 Mar 2026, 06:00 in India.
fn region(code: &str, contacts: u64) -> RegionCount {
    RegionCount {
        region: code.into(),
        contacts,
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn monday_early() -> DateTime<Utc> {
    "2026-03-02T00:30:00Z".parse().unwrap()
}

fn run(
    config: &CampaignConfig,
    bot: Option<BotFacts>,
    numbers: Vec<NumberFacts>,
    contacts: ContactFacts,
) -> Preflight {
    let zone = Timezone::parse("Asia/Kolkata").unwrap();
    preflight(&PreflightInput {
        config,
        bot,
        numbers,
        contacts,
        now: monday_early(),
        campaign_zone: &zone,
        operator_zone: None,
    })
}

fn item(p: &Preflight, check: Check) -> &PreflightItem {
    p.items.iter().find(|i| i.check == check).unwrap()
}

fn two_numbers() -> Vec<NumberFacts> {
    vec![
        number("+912240000001", false, "Acme", 5),
        number("+912240000002", false, "Acme", 5),
    ]
}

#[test]
fn a_ready_campaign_passes_every_item_and_says_why() {
    let config = config(json!({}));
    let p = run(&config, ready_bot(), two_numbers(), indian_list());
    assert_eq!(p.verdict, Verdict::Pass, "{p:#?}");
    assert_eq!(p.items.len(), 5);
    let numbers = item(&p, Check::Numbers);
    assert_eq!(
        numbers.reasons,
        ["2 outbound numbers on one carrier (Acme), 5 calls per second together."]
    );
    let window = item(&p, Check::Window);
    assert_eq!(
        window.reasons[0],
        "The window next opens Mon 2 Mar, 09:00 IST (Asia/Kolkata)."
    );
    assert!(
        window.reasons[1].starts_with("India: the window is inside"),
        "{window:?}"
    );
    assert!(item(&p, Check::Contacts).reasons[0].starts_with("2,000 contacts to call"));
}

#[test]
fn a_bot_not_marked_ready_warns() {
    let config = config(json!({}));
    let mut bot = ready_bot();
    bot.as_mut().unwrap().ready = false;
    let p = run(&config, bot, two_numbers(), indian_list());
    let bot = item(&p, Check::Bot);
    assert_eq!(bot.verdict, Verdict::Warn);
    assert!(bot.reasons[0].contains("is not marked ready"), "{bot:?}");
}

#[test]
fn a_ready_bot_shows_its_last_passed_test_call() {
    let config = config(json!({}));
    let p = run(&config, ready_bot(), two_numbers(), indian_list());
    let bot = item(&p, Check::Bot);
    assert_eq!(bot.verdict, Verdict::Pass);
    assert!(
        bot.reasons[0].contains("its last test call passed Sun 1 Mar, 15:30 IST"),
        "{bot:?}"
    );
}

#[test]
fn a_bot_marked_ready_that_never_passed_a_test_call_warns_and_says_how_to_test() {
    let config = config(json!({}));
    let mut bot = ready_bot();
    bot.as_mut().unwrap().last_passed_test_call = None;
    let p = run(&config, bot, two_numbers(), indian_list());
    let bot = item(&p, Check::Bot);
    assert_eq!(bot.verdict, Verdict::Warn);
    assert!(
        bot.reasons[0]
            .contains("has never passed a test call: place one with Test call on the Bots page"),
        "{bot:?}"
    );
}

#[test]
fn callback_detection_without_the_bots_half_of_the_double_gate_warns() {
    let config = config(json!({"callback_detection": true}));
    let mut bot = ready_bot();
    bot.as_mut().unwrap().callback_enabled = false;
    let p = run(&config, bot, two_numbers(), indian_list());
    let bot = item(&p, Check::Bot);
    assert_eq!(bot.verdict, Verdict::Warn);
    assert!(bot.reasons[0].contains("no callback will be scheduled until both are on"));
}

#[test]
fn a_deleted_bot_fails() {
    let config = config(json!({}));
    let p = run(&config, None, two_numbers(), indian_list());
    assert_eq!(item(&p, Check::Bot).verdict, Verdict::Fail);
    assert_eq!(p.verdict, Verdict::Fail);
}

#[test]
fn an_inbound_only_number_in_the_pool_fails_and_is_named() {
    let config = config(json!({}));
    let numbers = vec![
        number("+912240000001", false, "Acme", 5),
        number("+912240000003", true, "Acme", 5),
    ];
    let p = run(&config, ready_bot(), numbers, indian_list());
    let numbers = item(&p, Check::Numbers);
    assert_eq!(numbers.verdict, Verdict::Fail);
    assert!(numbers.reasons[0].contains("+912240000003"), "{numbers:?}");
}

#[test]
fn carriers_cps_are_summed_once_per_carrier() {
    let config = config(json!({"number_ids": [1, 2, 3]}));
    let numbers = vec![
        number("+912240000001", false, "Acme", 5),
        number("+912240000002", false, "Acme", 5),
        number("+14155550100", false, "Zenith", 20),
    ];
    let p = run(&config, ready_bot(), numbers, indian_list());
    assert_eq!(
        item(&p, Check::Numbers).reasons,
        ["3 outbound numbers on carriers (Acme, Zenith), 25 calls per second together."]
    );
}

#[test]
fn an_empty_list_fails_when_the_mode_needs_a_csv() {
    let config = config(json!({}));
    let p = run(&config, ready_bot(), two_numbers(), ContactFacts::default());
    assert_eq!(item(&p, Check::Contacts).verdict, Verdict::Fail);
}

#[test]
fn contacts_are_counted_by_country() {
    let config = config(json!({}));
    let contacts = ContactFacts {
        total: 3_500,
        excluded: 20,
        by_region: vec![region("IN", 3_000), region("US", 500)],
        from_file: false,
    };
    let p = run(&config, ready_bot(), two_numbers(), contacts);
    let reasons = &item(&p, Check::Contacts).reasons;
    assert!(
        reasons[0].starts_with("3,480 contacts to call"),
        "{reasons:?}"
    );
    assert_eq!(reasons[1], "20 excluded, never dialled.");
    assert_eq!(reasons[2], "Countries: India 3,000, the United States 500.");
}

#[test]
fn a_window_outside_indias_legal_calling_hours_warns_with_its_count_and_source() {
    let config =
        config(json!({"window": {"start": "08:00", "end": "20:00", "timezone": "Asia/Kolkata"}}));
    let p = run(&config, ready_bot(), two_numbers(), indian_list());
    let window = item(&p, Check::Window);
    assert_eq!(window.verdict, Verdict::Warn);
    assert!(
        window.reasons[0].starts_with(
            "2,000 contacts in India: the window is 08:00–20:00 in Asia/Kolkata, outside the \
             usual legal calling hours 09:00–21:00 local time (TRAI"
        ),
        "{window:?}"
    );
}

#[test]
fn a_window_in_indian_time_seen_from_the_us_is_checked_in_every_us_zone() {
    // 09:00–18:00 IST is 22:30–07:30 the evening before in New York.
    let config = config(json!({}));
    let contacts = ContactFacts {
        total: 10,
        excluded: 0,
        by_region: vec![region("US", 10)],
        from_file: false,
    };
    let p = run(&config, ready_bot(), two_numbers(), contacts);
    let window = item(&p, Check::Window);
    assert_eq!(window.verdict, Verdict::Warn);
    assert!(
        window.reasons[0].contains("in America/New_York"),
        "{window:?}"
    );
    // A window in New York's afternoon is inside, even in Honolulu.
    let config = super::tests::config(json!({
        "window": {"start": "14:00", "end": "20:00", "timezone": "America/New_York"}
    }));
    let contacts = ContactFacts {
        total: 10,
        excluded: 0,
        by_region: vec![region("US", 10)],
        from_file: false,
    };
    let p = run(&config, ready_bot(), two_numbers(), contacts);
    assert_eq!(item(&p, Check::Window).verdict, Verdict::Pass, "{p:#?}");
}

#[test]
fn a_window_crossing_local_midnight_is_outside_legal_hours() {
    let config =
        config(json!({"window": {"start": "20:00", "end": "02:00", "timezone": "Asia/Kolkata"}}));
    let p = run(&config, ready_bot(), two_numbers(), indian_list());
    assert_eq!(item(&p, Check::Window).verdict, Verdict::Warn);
}

#[test]
fn a_country_without_a_row_in_the_table_is_not_judged() {
    let config =
        config(json!({"window": {"start": "06:00", "end": "23:00", "timezone": "Europe/London"}}));
    let contacts = ContactFacts {
        total: 10,
        excluded: 0,
        by_region: vec![region("GB", 10)],
        from_file: false,
    };
    let p = run(&config, ready_bot(), two_numbers(), contacts);
    let window = item(&p, Check::Window);
    assert_eq!(window.verdict, Verdict::Pass);
    assert_eq!(window.reasons.len(), 1, "{window:?}");
}

#[test]
fn a_concurrency_the_carriers_cps_cannot_reach_warns() {
    // 5 CPS × 45 s ≈ 225 live calls at most.
    let config = config(json!({"concurrency_limit": 500}));
    let p = run(&config, ready_bot(), two_numbers(), indian_list());
    let pacing = item(&p, Check::Pacing);
    assert_eq!(pacing.verdict, Verdict::Warn);
    assert!(
        pacing.reasons[0].contains("about 225 calls can be live at once"),
        "{pacing:?}"
    );
    assert!(pacing.reasons[0].contains("a concurrency of 500 will not be reached"));
}

#[test]
fn few_numbers_for_the_concurrency_warn() {
    let config = config(json!({"concurrency_limit": 250, "number_ids": [1]}));
    let numbers = vec![number("+912240000001", false, "Acme", 50)];
    let p = run(&config, ready_bot(), numbers, indian_list());
    let pacing = item(&p, Check::Pacing);
    assert_eq!(pacing.verdict, Verdict::Warn);
    assert!(
        pacing.reasons[0].contains("1 outbound number for 250 concurrent calls"),
        "{pacing:?}"
    );
}

#[test]
fn a_reachable_concurrency_passes_with_its_fill_time() {
    let config = config(json!({"concurrency_limit": 10}));
    let p = run(&config, ready_bot(), two_numbers(), indian_list());
    assert_eq!(
        item(&p, Check::Pacing).reasons,
        ["10 concurrent calls can be reached: at 5 calls per second the seats fill in about 2 s."]
    );
}

#[test]
fn a_file_not_uploaded_yet_is_described_as_checked_in_the_browser() {
    let config = config(json!({}));
    let contacts = ContactFacts {
        from_file: true,
        ..indian_list()
    };
    let p = run(&config, ready_bot(), two_numbers(), contacts);
    let reasons = &item(&p, Check::Contacts).reasons;
    assert!(
        reasons[0]
            .starts_with("2,000 contacts to call; the file's numbers were checked in this browser"),
        "{reasons:?}"
    );
}

#[test]
fn each_verdict_has_its_words_and_its_json_name() {
    for verdict in [Verdict::Pass, Verdict::Warn, Verdict::Fail] {
        assert_eq!(
            serde_json::to_value(verdict).unwrap(),
            serde_json::Value::String(verdict.as_str().to_owned())
        );
        assert!(!verdict.label().is_empty() && verdict.summary().ends_with('.'));
    }
    assert_eq!(Verdict::Warn.label(), "Warning");
}
