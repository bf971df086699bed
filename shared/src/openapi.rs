//! Schemas for the server's OpenAPI document that a derive cannot state:
//! the name rule as a pattern, and the forgiving shapes [`crate::config::CampaignInput`]
//! reads (numbers as numbers, numeric strings, `""` or `null`; flags as
//! booleans or `"true"`/`"false"`; lists as arrays or one comma-separated
//! string). Only built with the `openapi` feature, which the wasm build
//! leaves off.
//!
//! Each schema says exactly what the server accepts, in both directions: a
//! value the schema allows is never refused for its shape, and a value it
//! forbids is refused. The document's contract test (schemathesis, run by
//! `scripts/api-contract.sh`) sends both kinds.

use utoipa::openapi::schema::{
    AdditionalProperties, AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::RefOr;

/// The white space Rust's `str::trim` removes (Unicode `White_Space`),
/// spelled out: `\s` differs between regex engines (Python counts
/// U+001C–U+001F, ECMAScript counts U+FEFF).
const WHITE_SPACE: &str = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// Control characters (`char::is_control`: Unicode `Cc`).
const CONTROL: &str = r"\x00-\x1f\x7f-\x9f";

/// [`crate::names::check_name`] as a pattern: after trimming white space,
/// 1 to [`crate::names::MAX_NAME_CHARS`] characters and no control
/// characters.
pub fn name_pattern() -> String {
    let max_middle = crate::names::MAX_NAME_CHARS - 2;
    let space = format!("[{WHITE_SPACE}]");
    let edge = format!("[^{WHITE_SPACE}{CONTROL}]");
    let middle = format!("[^{CONTROL}]");
    format!("^{space}*(?:{edge}|{edge}{middle}{{0,{max_middle}}}{edge}){space}*$")
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn null() -> Schema {
    ObjectBuilder::new().schema_type(Type::Null).into()
}

/// A required name (bots, carriers, tokens, campaigns).
pub fn name() -> Schema {
    string().pattern(Some(name_pattern())).into()
}

/// A name that may be left out or `null` (patches).
pub fn optional_name() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(name_pattern()))
        .into()
}

/// Text that is not blank once trimmed (sign-in fields).
pub fn not_blank() -> Schema {
    string().pattern(Some(format!("[^{WHITE_SPACE}]"))).into()
}

/// A new password: not blank, at least [`crate::api::MIN_PASSWORD_CHARS`] characters.
pub fn new_password() -> Schema {
    string()
        .min_length(Some(crate::api::MIN_PASSWORD_CHARS))
        .pattern(Some(format!("[^{WHITE_SPACE}]")))
        .into()
}

/// An operator's display timezone: an IANA zone name, or `null` for the browser's.
pub fn display_timezone() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .description(Some(
            "An IANA timezone such as `Asia/Kolkata`, in any case; `null` follows the browser's zone."
                .to_owned(),
        ))
        .into()
}

/// A whole number as the wizard's text boxes send it: a JSON number, a
/// numeric string, `""` or `null`. Blank or below 1 takes the default;
/// above `max` or not a whole number is refused.
pub fn lenient_count(max: u32) -> Schema {
    let space = format!("[{WHITE_SPACE}]*");
    // Blank; a whole number (`12`, `+12`, `12.0`; its bound is checked by
    // the server as for a JSON number); or anything below 1 (`-3`, `0.5`,
    // `-1.5`), which takes the default.
    let text =
        format!("^{space}(?:|[+-]?[0-9]+(?:\\.0*)?|-[0-9]*\\.[0-9]+|\\+?0*\\.[0-9]+){space}$");
    AnyOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .maximum(Some(f64::from(max))),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .exclusive_maximum(Some(1.0)),
        )
        .item(string().pattern(Some(text)))
        .item(null())
        .description(Some(format!(
            "A whole number up to {max}; a numeric string, `\"\"`, `null` or anything below 1 takes the default."
        )))
        .into()
}

/// A flag as the wizard sends it: a boolean, `"true"`, `"false"`, `""` or `null` (off).
pub fn lenient_flag() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([
            Type::Boolean,
            Type::String,
            Type::Null,
        ]))
        .enum_values(Some([
            serde_json::json!(true),
            serde_json::json!(false),
            serde_json::json!("true"),
            serde_json::json!("false"),
            serde_json::json!(""),
            serde_json::Value::Null,
        ]))
        .into()
}

/// An id as the wizard sends it: a whole number, a numeric string, `""` or `null` (none).
pub fn lenient_id() -> Schema {
    let space = format!("[{WHITE_SPACE}]*");
    AnyOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1.0)),
        )
        .item(string().pattern(Some(format!("^{space}(?:[1-9][0-9]{{0,17}})?{space}$"))))
        .item(null())
        .into()
}

/// The number pool: at least one id; `null` and `""` entries are skipped
/// (a list of only those is empty, and refused).
pub fn lenient_ids() -> Schema {
    ArrayBuilder::new()
        .items(RefOr::T(lenient_id()))
        .min_items(Some(1))
        .into()
}

/// A list of names: an array of strings (`null` entries skipped), one
/// comma-separated string, or `null` (none).
pub fn lenient_names(names: Option<&[&str]>, description: &str) -> Schema {
    let item = match names {
        // Known names in any case, with surrounding spaces; blank pieces are skipped.
        Some(names) => {
            let space = format!("[{WHITE_SPACE}]*");
            let alternatives: Vec<String> = names.iter().map(|n| case_insensitive(n)).collect();
            let one = format!("{space}(?:{})?{space}", alternatives.join("|"));
            (
                string().pattern(Some(format!("^{one}$"))),
                string().pattern(Some(format!("^{one}(?:,{one})*$"))),
            )
        }
        None => (string(), string()),
    };
    AnyOfBuilder::new()
        .item(
            ArrayBuilder::new().items(
                ObjectBuilder::new()
                    .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                    .pattern(item.0.build().pattern),
            ),
        )
        .item(item.1)
        .item(null())
        .description(Some(description.to_owned()))
        .into()
}

/// `abc` → `[aA][bB][cC]` (patterns have no portable case-insensitive flag).
fn case_insensitive(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A time of day `H:MM` or `HH:MM` (24-hour), or blank for the default.
pub fn lenient_time() -> Schema {
    let space = format!("[{WHITE_SPACE}]*");
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(format!(
            "^{space}(?:(?:[01]?[0-9]|2[0-3]):[0-5][0-9])?{space}$"
        )))
        .description(Some(
            "`HH:MM` (24-hour); blank takes the default.".to_owned(),
        ))
        .into()
}

/// A time of day as the server writes it: `HH:MM`.
pub fn time() -> Schema {
    string()
        .pattern(Some("^(?:[01][0-9]|2[0-3]):[0-5][0-9]$".to_owned()))
        .into()
}

/// Any JSON object (the audit trail's details, a contact's variables).
pub fn any_object() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(true)))
        .into()
}

/// An object of text values (a contact's variables as stored).
pub fn text_map() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(string()))
        .into()
}

/// A name or label that may be blank, left out or `null` (no label).
pub fn optional_label() -> Schema {
    let pattern = name_pattern();
    let core = pattern
        .strip_prefix(&format!("^[{WHITE_SPACE}]*"))
        .and_then(|p| p.strip_suffix(&format!("[{WHITE_SPACE}]*$")))
        .expect("the name pattern is white space, a core, white space");
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(format!("^[{WHITE_SPACE}]*{core}?[{WHITE_SPACE}]*$")))
        .into()
}

/// The ISO 3166 regions the phone-number reader knows (`IN`, `US`, …),
/// in upper case as the server writes them.
pub fn region_codes() -> Vec<String> {
    crate::contacts::supported_region_codes()
}

/// A region code as the server reads it: any of [`region_codes`] in any
/// case with surrounding spaces; blank or `null` means none.
pub fn optional_region() -> Schema {
    let codes = region_codes();
    let space = format!("[{WHITE_SPACE}]*");
    let alternatives: Vec<String> = codes.iter().map(|c| case_insensitive(c)).collect();
    let any_case = format!("^{space}(?:{})?{space}$", alternatives.join("|"));
    AnyOfBuilder::new()
        .item(string().enum_values(Some(codes)))
        .item(string().pattern(Some(any_case)))
        .item(null())
        .description(Some(
            "An ISO 3166 region such as `IN` (any case); blank means none.".to_owned(),
        ))
        .into()
}

/// Concurrency Limit as typed.
pub fn concurrency_limit() -> Schema {
    lenient_count(crate::config::MAX_CONCURRENCY_LIMIT)
}

/// Max Attempts as typed.
pub fn max_attempts() -> Schema {
    lenient_count(crate::config::MAX_MAX_ATTEMPTS)
}

/// Retry Delay (minutes) as typed.
pub fn retry_delay_minutes() -> Schema {
    lenient_count(crate::config::MAX_RETRY_DELAY_MINUTES)
}

/// A connect threshold (seconds) as typed.
pub fn threshold() -> Schema {
    lenient_count(crate::config::MAX_THRESHOLD_SECONDS)
}

/// Campaign Mode: `single_day` or `multi_day` (any case, `-` or a space for
/// `_`); blank is Single Day.
pub fn mode() -> Schema {
    let space = format!("[{WHITE_SPACE}]*");
    let sep = "[_ -]";
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(format!(
            "^{space}(?:{}{sep}{}|{}{sep}{})?{space}$",
            case_insensitive("single"),
            case_insensitive("day"),
            case_insensitive("multi"),
            case_insensitive("day"),
        )))
        .description(Some(
            "`single_day` (the default) or `multi_day`.".to_owned(),
        ))
        .into()
}

/// An IANA timezone such as `Asia/Kolkata` (any case); blank is UTC.
pub fn timezone_input() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .description(Some(
            "An IANA timezone such as `Asia/Kolkata`, in any case; blank is UTC.".to_owned(),
        ))
        .into()
}

/// The time window as typed.
pub fn window_input() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .property("start", lenient_time())
        .property("end", lenient_time())
        .property("timezone", timezone_input())
        .description(Some(
            "Start and end must differ; an end before the start crosses midnight.".to_owned(),
        ))
        .into()
}

/// A connect-duration rule as typed.
pub fn connect_rule_input() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .property("enabled", lenient_flag())
        .property("seconds", threshold())
        .into()
}

/// Working Days: `mon` or `Monday` in any case; at least one. Left out or
/// `null`, all seven.
pub fn working_days() -> Schema {
    let space = format!("[{WHITE_SPACE}]*");
    let days = [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let names: Vec<String> = days.iter().map(|d| case_insensitive(d)).collect();
    AnyOfBuilder::new()
        .item(
            ArrayBuilder::new()
                .items(string().pattern(Some(format!("^{space}(?:{}){space}$", names.join("|")))))
                .min_items(Some(1)),
        )
        .item(null())
        .into()
}

/// Retry on System Dispositions.
pub fn system_dispositions() -> Schema {
    let names: Vec<&str> = crate::config::SystemDisposition::ALL
        .iter()
        .map(|d| d.as_str())
        .collect();
    lenient_names(
        Some(&names),
        "`no_answer`, `rejected`, `rnr`, `error`, `timeout` (any case), as a list or one comma-separated string.",
    )
}

/// Custom Retry Dispositions: names of letters, digits, `_`, `-` and spaces.
pub fn custom_dispositions() -> Schema {
    let space = format!("[{WHITE_SPACE}]*");
    let max = crate::config::MAX_CUSTOM_DISPOSITION_CHARS;
    // ASCII letters and digits only: the server also takes other
    // alphabets, which no portable pattern can name.
    let one = format!(
        "{space}(?:[A-Za-z0-9_-](?:[A-Za-z0-9_ -]{{0,{}}}[A-Za-z0-9_-])?)?{space}",
        max - 2
    );
    AnyOfBuilder::new()
        .item(
            ArrayBuilder::new()
                .items(
                    ObjectBuilder::new()
                        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                        .pattern(Some(format!("^{one}$"))),
                )
                .max_items(Some(crate::config::MAX_CUSTOM_DISPOSITIONS)),
        )
        .item(string().pattern(Some(format!("^{one}(?:,{one}){{0,{}}}$", crate::config::MAX_CUSTOM_DISPOSITIONS - 1))))
        .item(null())
        .description(Some(
            "Names of letters, digits, `_`, `-` and spaces, at most 64 characters each, as a list or one comma-separated string.".to_owned(),
        ))
        .into()
}

/// One event of a campaign's stream (`text/event-stream`) as an SSE client
/// reads it: its name and its data, the JSON of what changed (for `stats`,
/// the body of `GET …/stats`).
pub fn campaign_event() -> Schema {
    let names: Vec<&str> = crate::api::CampaignEventName::ALL
        .iter()
        .map(|name| name.as_str())
        .collect();
    ObjectBuilder::new()
        .property("event", string().enum_values(Some(names)))
        .property("data", string().content_media_type("application/json"))
        .required("event")
        .required("data")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn pattern(schema: Schema) -> Regex {
        let json = serde_json::to_value(schema).unwrap();
        Regex::new(json["pattern"].as_str().unwrap()).unwrap()
    }

    const TRICKY: &[&str] = &[
        "Sales",
        "  Sales bot ",
        "a",
        "",
        " ",
        "\t",
        "\u{3000}",
        "a\nb",
        "a\n",
        "\na",
        "tab\there",
        "\u{1c}a",
        "a\u{1f}",
        "\u{85}a",
        "a\u{7f}",
        "\u{a0}é\u{a0}",
        "Q2 – renewal",
        "\u{feff}a",
        "a\u{200b}",
        "\u{0}",
        "x\u{9f}",
    ];

    #[test]
    fn the_name_pattern_accepts_exactly_what_check_name_accepts() {
        let names = pattern(name());
        let mut samples: Vec<String> = TRICKY.iter().map(|s| s.to_string()).collect();
        samples.extend([
            "é".repeat(120),
            "x".repeat(121),
            format!(" {} ", "x".repeat(120)),
        ]);
        samples.push(format!("\t{}\u{3000}", "y".repeat(119)));
        for sample in &samples {
            assert_eq!(
                names.is_match(sample),
                crate::names::check_name(sample, "Name").is_ok(),
                "{sample:?}"
            );
        }
    }

    #[test]
    fn the_label_pattern_also_takes_blank() {
        let labels = pattern(optional_label());
        for sample in TRICKY {
            assert_eq!(
                labels.is_match(sample),
                crate::names::Label::parse(Some(sample)).is_ok(),
                "{sample:?}"
            );
        }
    }

    #[test]
    fn the_count_pattern_takes_what_the_form_reader_takes_below_its_bound() {
        let json = serde_json::to_value(lenient_count(1000)).unwrap();
        let text = json["anyOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["type"] == "string")
            .unwrap();
        let counts = Regex::new(text["pattern"].as_str().unwrap()).unwrap();
        for sample in [
            "", " ", "12", " 12 ", "+12", "12.0", "12.", "0", "-7", "0.5", ".5", "-1.5", "-.5",
            "2.5", "ten", "1,000", "NaN", "inf", "1.5", "+-1", "--1",
        ] {
            let read = crate::config::ConcurrencyLimit::from_input(Some(sample)).is_ok();
            assert_eq!(counts.is_match(sample), read, "{sample:?}");
        }
    }

    #[test]
    fn region_codes_are_the_ones_the_phone_reader_takes() {
        let codes = region_codes();
        assert!(codes.len() > 200, "{}", codes.len());
        for code in &codes {
            assert!(
                crate::contacts::DefaultRegion::parse(code).is_ok(),
                "{code}"
            );
        }
        assert!(crate::contacts::DefaultRegion::parse("001").is_err());
        assert!(!codes.contains(&"001".to_owned()));
        let any_case = serde_json::to_value(optional_region()).unwrap();
        let any_case = Regex::new(any_case["anyOf"][1]["pattern"].as_str().unwrap()).unwrap();
        for sample in ["in", " US ", "Gb", "", "XX", "U S", "INDIA"] {
            let read =
                sample.trim().is_empty() || crate::contacts::DefaultRegion::parse(sample).is_ok();
            assert_eq!(any_case.is_match(sample), read, "{sample:?}");
        }
    }
}
