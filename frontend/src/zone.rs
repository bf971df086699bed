//! Timezones from the browser's own database (`Intl.DateTimeFormat`), for
//! the shared wording (`outdial_shared::window::LocalTimes`): the page never
//! links chrono-tz's transition tables, which would add about 170 KB gzip
//! to its wasm (docs/frontend.md). The server, the dialler and the tests
//! use chrono-tz; both read the same IANA database.
//!
//! Abbreviations: the browser names a zone by locale, and no one locale
//! knows every zone's letters (en-US says "GMT+5:30" for India, en-IN says
//! "IST"), so each zone takes the first of a few English locales that has
//! letters for it, else its offset ("UTC+5:45"), as the shared wording does.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{DateTime, NaiveDate, Utc};
use js_sys::{Array, Date, Intl, Object, Reflect};
use outdial_shared::config::Timezone;
use outdial_shared::window::{local_day_time, offset_name, LocalTimes};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat(locale, options)`, which throws for a zone the
    /// browser does not know.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = DateTimeFormat)]
    fn date_time_format(locale: &str, options: &Object) -> Result<Intl::DateTimeFormat, JsValue>;
}

/// Locales tried, in order, for a zone's letters.
const NAMING_LOCALES: [&str; 4] = ["en-US", "en-GB", "en-IN", "en-AU"];

/// One IANA zone as the browser knows it.
pub struct BrowserZone {
    /// Numeric wall-clock parts (for the offset); `None` for a zone the
    /// browser does not know, which is then read as UTC.
    parts: Option<Intl::DateTimeFormat>,
    /// The zone's short name, one per locale of [`NAMING_LOCALES`].
    names: Vec<Intl::DateTimeFormat>,
}

thread_local! {
    static ZONES: RefCell<HashMap<String, Rc<BrowserZone>>> = RefCell::new(HashMap::new());
}

/// The campaign timezone `tz` as the browser knows it.
pub fn of(tz: Timezone) -> Rc<BrowserZone> {
    zone(tz.name())
}

/// "Mon 7 Dec, 09:00 IST": `at` in `tz`, by the browser's zone data.
pub fn day_time(at: DateTime<Utc>, tz: Timezone) -> String {
    local_day_time(at, &*of(tz))
}

/// "2026-11-30 14:35 IST": `at` with its full date, in `tz`. For the times
/// of what operators did (created, the audit trail, tokens), shown in the
/// operator's display timezone; chrono's `format` is not used, it would
/// bring its strftime engine into the page.
pub fn dated(at: DateTime<Utc>, tz: Timezone) -> String {
    use chrono::{Datelike, Timelike};
    let zone = of(tz);
    let local = at + chrono::Duration::seconds(i64::from(zone.utc_offset(at)));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        zone.abbreviation(at)
    )
}

/// The zone named `name` (made once per page load and kept).
pub fn zone(name: &str) -> Rc<BrowserZone> {
    ZONES.with(|zones| {
        zones
            .borrow_mut()
            .entry(name.to_owned())
            .or_insert_with(|| Rc::new(BrowserZone::new(name)))
            .clone()
    })
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

impl BrowserZone {
    fn new(name: &str) -> BrowserZone {
        let parts = date_time_format(
            "en-US",
            &options(&[
                ("timeZone", name),
                ("hourCycle", "h23"),
                ("year", "numeric"),
                ("month", "numeric"),
                ("day", "numeric"),
                ("hour", "numeric"),
                ("minute", "numeric"),
                ("second", "numeric"),
            ]),
        )
        .ok();
        if parts.is_none() {
            web_sys::console::warn_1(
                &format!("this browser does not know the zone {name}; its times are shown in UTC")
                    .into(),
            );
        }
        let names = NAMING_LOCALES
            .iter()
            .filter_map(|locale| {
                date_time_format(
                    locale,
                    &options(&[("timeZone", name), ("timeZoneName", "short")]),
                )
                .ok()
            })
            .collect();
        BrowserZone { parts, names }
    }
}

/// The `type` → `value` parts of one formatting.
fn parts_of(format: &Intl::DateTimeFormat, at: DateTime<Utc>) -> Vec<(String, String)> {
    let date = Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let parts: Array = format.format_to_parts(&date);
    parts
        .iter()
        .filter_map(|part| {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
            Some((kind, value))
        })
        .collect()
}

impl LocalTimes for BrowserZone {
    fn utc_offset(&self, at: DateTime<Utc>) -> i32 {
        let Some(format) = &self.parts else { return 0 };
        let parts = parts_of(format, at);
        let number = |kind: &str| {
            parts
                .iter()
                .find(|(k, _)| k == kind)
                .and_then(|(_, v)| v.parse::<u32>().ok())
        };
        let local = (|| {
            NaiveDate::from_ymd_opt(number("year")? as i32, number("month")?, number("day")?)?
                .and_hms_opt(number("hour")? % 24, number("minute")?, number("second")?)
        })();
        let Some(local) = local else { return 0 };
        // Whole minutes: the instant's own seconds are not in the offset.
        let seconds = (local - at.naive_utc()).num_seconds();
        ((seconds as f64 / 60.0).round() * 60.0) as i32
    }

    fn abbreviation(&self, at: DateTime<Utc>) -> String {
        for format in &self.names {
            let name = parts_of(format, at)
                .into_iter()
                .find(|(kind, _)| kind == "timeZoneName")
                .map(|(_, value)| value);
            // "GMT+5:30" is an offset, not a name; plain "GMT" and "UTC" are names.
            if let Some(name) = name.filter(|n| !n.starts_with("GMT+") && !n.starts_with("GMT-")) {
                return name;
            }
        }
        offset_name(self.utc_offset(at))
    }
}
