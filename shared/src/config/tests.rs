//! End-to-end tests of the configuration contract: lenient input in, exact
//! JSON out, every problem reported on the right field and step.

use serde_json::{json, Value};

use super::*;

fn kolkata() -> Timezone {
    Timezone::parse("Asia/Kolkata").unwrap()
}

fn minimal() -> Value {
    json!({"name": "Q2 Renewal Drive", "bot_id": 7, "number_ids": [1, 2]})
}

fn input(value: Value) -> CampaignInput {
    serde_json::from_value::<CampaignInput>(value)
        .unwrap()
        .with_display_timezone(kolkata())
}

fn parse(value: Value) -> Result<CampaignConfig, ConfigErrors> {
    input(value).parse()
}

fn with(extra: Value) -> Value {
    let mut base = minimal();
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

fn error(value: Value, field: Field) -> String {
    let errors = parse(value).unwrap_err();
    errors
        .get(field)
        .unwrap_or_else(|| panic!("no error on {field}: {errors:?}"))
        .to_owned()
}

#[test]
fn a_minimal_campaign_gets_every_spec_default_and_serialises_to_the_contract() {
    let config = parse(minimal()).unwrap();
    assert_eq!(
        serde_json::to_value(&config).unwrap(),
        json!({
            "name": "Q2 Renewal Drive", "bot_id": 7, "number_ids": [1, 2],
            "concurrency_limit": 50, "mode": "single_day", "always_on": false,
            "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
            "working_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "max_attempts": 3, "retry_delay_minutes": 30,
            "retry_on_system_dispositions": [], "custom_retry_dispositions": [],
            "stop_redials_after_meaningful_connect": {"enabled": false, "seconds": 30},
            "redial_after_short_connect": {"enabled": false, "seconds": 15},
            "callback_detection": false, "sticky_exclusion": false
        })
    );
}

#[test]
fn the_full_contract_round_trips_unchanged() {
    let contract = json!({
        "name": "Q2", "bot_id": 3, "number_ids": [5], "concurrency_limit": 12,
        "mode": "multi_day", "always_on": true,
        "window": {"start": "22:00", "end": "02:00", "timezone": "America/New_York"},
        "working_days": ["mon", "fri"], "max_attempts": 5, "retry_delay_minutes": 45,
        "retry_on_system_dispositions": ["no_answer", "rejected", "rnr", "error", "timeout"],
        "custom_retry_dispositions": ["callback_requested"],
        "stop_redials_after_meaningful_connect": {"enabled": true, "seconds": 60},
        "redial_after_short_connect": {"enabled": true, "seconds": 10},
        "callback_detection": true, "sticky_exclusion": true
    });
    let strict: CampaignConfig = serde_json::from_value(contract.clone()).unwrap();
    assert_eq!(serde_json::to_value(&strict).unwrap(), contract);
    assert_eq!(parse(contract).unwrap(), strict);
}

#[test]
fn numbers_may_be_null_empty_or_numeric_strings() {
    let config = parse(with(json!({
        "bot_id": "7", "number_ids": ["1", 2, null, ""], "concurrency_limit": "",
        "max_attempts": null, "retry_delay_minutes": "45",
        "stop_redials_after_meaningful_connect": {"enabled": "true", "seconds": ""}
    })))
    .unwrap();
    assert_eq!(config.bot_id().get(), 7);
    assert_eq!(config.number_ids().len(), 2);
    assert_eq!(config.concurrency_limit().get(), 50);
    assert_eq!(config.max_attempts().get(), 3);
    assert_eq!(config.retry_delay().minutes(), 45);
    assert!(config.stop_redials_after_meaningful_connect().enabled());
    assert_eq!(config.stop_redials_after_meaningful_connect().seconds(), 30);
}

#[test]
fn a_concurrency_limit_below_1_is_clamped_to_the_default() {
    let config = parse(with(json!({"concurrency_limit": -4}))).unwrap();
    assert_eq!(config.concurrency_limit().get(), 50);
}

#[test]
fn a_concurrency_limit_of_10000_is_an_error_on_its_field() {
    assert_eq!(
        error(
            with(json!({"concurrency_limit": 10000})),
            Field::ConcurrencyLimit
        ),
        "Concurrency Limit can be at most 1,000."
    );
}

#[test]
fn custom_retry_dispositions_may_be_a_comma_separated_string() {
    let config = parse(with(json!({
        "custom_retry_dispositions": " callback_requested, not_available,,Callback_Requested "
    })))
    .unwrap();
    assert_eq!(
        serde_json::to_value(config.custom_retry_dispositions()).unwrap(),
        json!(["callback_requested", "not_available"])
    );
}

#[test]
fn a_name_of_only_spaces_is_required_and_shown_on_basics() {
    let errors = parse(with(json!({"name": "   "}))).unwrap_err();
    assert_eq!(errors.get(Field::Name), Some("Campaign Name is required."));
    assert!(errors.blocks(Step::Basics));
    assert!(!errors.blocks(Step::DiallerConfig));
}

#[test]
fn an_empty_form_reports_name_bot_and_numbers() {
    let errors = input(json!({})).parse().unwrap_err();
    assert_eq!(
        serde_json::to_value(&errors).unwrap(),
        json!({
            "name": "Campaign Name is required.",
            "bot_id": "Bot is required.",
            "number_ids": "Select at least one outbound number."
        })
    );
}

#[test]
fn always_on_with_single_day_is_an_error_on_always_on() {
    assert_eq!(
        error(with(json!({"always_on": true})), Field::AlwaysOn),
        "Always-on is only available when Campaign Mode is Multi Day."
    );
    let strict = with(json!({"always_on": true}));
    let mut contract = serde_json::to_value(parse(minimal()).unwrap()).unwrap();
    contract["always_on"] = strict["always_on"].clone();
    assert!(serde_json::from_value::<CampaignConfig>(contract).is_err());
}

#[test]
fn always_on_in_multi_day_makes_the_csv_optional() {
    let config = parse(with(json!({"mode": "multi_day", "always_on": true}))).unwrap();
    assert!(!config.csv_required());
    assert!(!config.auto_completes());
    assert!(parse(minimal()).unwrap().csv_required());
}

#[test]
fn window_times_are_normalised_and_bad_ones_reported_on_their_field() {
    let config = parse(with(json!({"window": {"start": "9:00", "end": "17:30"}}))).unwrap();
    assert_eq!(config.window().start().to_string(), "09:00");
    let errors = parse(with(json!({"window": {"start": "9am", "end": "24:00"}}))).unwrap_err();
    assert_eq!(
        errors.get(Field::WindowStart),
        Some("Time Window: Start must be a 24-hour time in HH:MM format, for example 09:00.")
    );
    assert_eq!(
        errors.get(Field::WindowEnd),
        Some("Time Window: End must be a 24-hour time in HH:MM format, for example 09:00.")
    );
    assert!(errors.blocks(Step::DiallerConfig));
}

#[test]
fn a_window_that_starts_when_it_ends_is_an_error_on_the_end() {
    let message = error(
        with(json!({"window": {"start": "10:00", "end": "10:00"}})),
        Field::WindowEnd,
    );
    assert!(message.contains("would be empty"), "{message}");
}

#[test]
fn a_window_crossing_midnight_is_accepted() {
    let config = parse(with(json!({"window": {"start": "22:00", "end": "02:00"}}))).unwrap();
    assert!(config.window().crosses_midnight());
}

#[test]
fn a_blank_timezone_uses_the_display_timezone_and_without_one_utc() {
    let config = parse(with(json!({"window": {"timezone": ""}}))).unwrap();
    assert_eq!(config.window().timezone().name(), "Asia/Kolkata");
    let bare: CampaignInput = serde_json::from_value(minimal()).unwrap();
    assert_eq!(bare.parse().unwrap().window().timezone(), Timezone::UTC);
}

#[test]
fn an_unknown_timezone_is_an_error_on_window_timezone() {
    assert_eq!(
        error(with(json!({"window": {"timezone": "Mars/Base"}})), Field::WindowTimezone),
        "Time Window: Timezone must be an IANA timezone such as Asia/Kolkata; \"Mars/Base\" is not one."
    );
}

#[test]
fn no_working_days_is_an_error_but_a_missing_list_means_all_seven() {
    assert_eq!(
        error(with(json!({"working_days": []})), Field::WorkingDays),
        "Working Days: select at least one day."
    );
    assert_eq!(
        parse(with(json!({"working_days": null})))
            .unwrap()
            .working_days(),
        WorkingDays::ALL
    );
}

#[test]
fn bad_numbers_name_their_field_in_the_message() {
    let errors = parse(with(json!({
        "max_attempts": 50, "retry_delay_minutes": "soon",
        "redial_after_short_connect": {"enabled": true, "seconds": 4000}
    })))
    .unwrap_err();
    assert_eq!(
        errors.get(Field::MaxAttempts),
        Some("Max Attempts can be at most 20.")
    );
    assert_eq!(
        errors.get(Field::RetryDelayMinutes),
        Some("Retry Delay (minutes) must be a whole number.")
    );
    assert_eq!(
        errors.get(Field::RedialShortConnectSeconds),
        Some("Connected shorter than (seconds) can be at most 3,600.")
    );
    assert_eq!(
        errors
            .to_fields()
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        [
            "max_attempts",
            "redial_after_short_connect.seconds",
            "retry_delay_minutes"
        ]
    );
}

#[test]
fn the_defaults_form_parses_to_the_same_config_as_a_minimal_request() {
    let mut form = CampaignInput::defaults(kolkata());
    form.name = Some("Q2 Renewal Drive".into());
    form.bot_id = Some(7);
    form.number_ids = vec![1, 2];
    assert_eq!(form.parse().unwrap(), parse(minimal()).unwrap());
}

#[test]
fn a_saved_config_prefills_a_form_that_parses_back_to_it() {
    let config = parse(with(json!({
        "mode": "multi_day", "working_days": ["sat"], "custom_retry_dispositions": ["x y"],
        "retry_on_system_dispositions": ["rnr"], "window": {"timezone": "Europe/London"}
    })))
    .unwrap();
    let form = CampaignInput::from(&config);
    assert_eq!(form.parse().unwrap(), config);
}

#[test]
fn diff_lists_the_json_names_of_changed_fields_in_wizard_order() {
    let before = parse(minimal()).unwrap();
    let after = parse(with(json!({
        "concurrency_limit": 20, "window": {"timezone": "UTC"},
        "redial_after_short_connect": {"enabled": true, "seconds": 15}, "sticky_exclusion": true
    })))
    .unwrap();
    assert_eq!(
        before.diff(&after),
        [
            "concurrency_limit",
            "window.timezone",
            "redial_after_short_connect.enabled",
            "sticky_exclusion"
        ]
    );
    assert!(before.diff(&before.clone()).is_empty());
}

#[test]
fn an_unknown_system_disposition_is_an_error_on_its_field() {
    let message = error(
        with(json!({"retry_on_system_dispositions": ["busy"]})),
        Field::RetryOnSystemDispositions,
    );
    assert!(message.contains("\"busy\""), "{message}");
}

#[test]
fn a_non_numeric_bot_id_is_a_deserialisation_error() {
    assert!(serde_json::from_value::<CampaignInput>(json!({"bot_id": "seven"})).is_err());
}

#[test]
fn the_wizard_form_sent_as_json_reads_back_as_the_same_form() {
    let mut form = CampaignInput::defaults(kolkata());
    form.name = Some("Q2 Renewal Drive".into());
    form.bot_id = Some(7);
    form.number_ids = vec![1, 2];
    form.concurrency_limit = Some("".into());
    form.custom_retry_dispositions = vec!["callback_requested".into(), " not_available".into()];
    let sent = serde_json::to_value(&form).unwrap();
    assert_eq!(sent["concurrency_limit"], "");
    let read = input(sent);
    assert_eq!(read, form);
    assert_eq!(read.parse(), form.parse());
    assert_eq!(read.parse().unwrap().concurrency_limit().get(), 50);
}

#[test]
fn the_configuration_summary_names_every_setting_with_the_specs_labels() {
    let config = parse(with(json!({
        "working_days": ["mon", "wed"],
        "retry_on_system_dispositions": ["no_answer", "rnr"],
        "stop_redials_after_meaningful_connect": {"enabled": true, "seconds": 30},
    })))
    .unwrap();
    let rows = summary(&config, "Renewals bot".into(), "2 — +91…".into());
    let value = |label: &str| {
        rows.iter()
            .find(|(l, _)| *l == label)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no row {label}: {rows:?}"))
    };
    assert_eq!(value(labels::CAMPAIGN_NAME), "Q2 Renewal Drive");
    assert_eq!(value(labels::BOT), "Renewals bot");
    assert_eq!(value(labels::WORKING_DAYS), "Mon, Wed");
    assert_eq!(
        value(labels::RETRY_ON_SYSTEM_DISPOSITIONS),
        "no_answer, RNR"
    );
    assert_eq!(value(labels::CUSTOM_RETRY_DISPOSITIONS), "None");
    assert_eq!(
        value(labels::STOP_REDIALS),
        "On — connected longer than 30 s"
    );
    assert_eq!(value(labels::REDIAL_SHORT_CONNECT), "Off");
    assert_eq!(value("Time window"), "09:00–18:00 Asia/Kolkata");
    assert_eq!(rows.len(), 16);
}
