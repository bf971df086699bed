//! Campaign configuration: every wizard field as a typed value, with the
//! spec's defaults and clamping, parsed once at the boundary
//! (parse-don't-validate).
//!
//! [`CampaignInput`] is the loose form (what the wizard holds, what API
//! clients send); [`CampaignInput::parse`] turns it into a [`CampaignConfig`]
//! or a [`ConfigErrors`] with one operator-facing message per field, keyed by
//! the field's JSON name and mapped to its wizard [`Step`]. A
//! `CampaignConfig` serialises to exactly the configuration JSON contract:
//!
//! ```json
//! {"name":"Q2 Renewal Drive","bot_id":7,"number_ids":[1,2],"concurrency_limit":50,
//!  "mode":"single_day","always_on":false,
//!  "window":{"start":"09:00","end":"18:00","timezone":"Asia/Kolkata"},
//!  "working_days":["mon","tue","wed","thu","fri","sat","sun"],
//!  "max_attempts":3,"retry_delay_minutes":30,
//!  "retry_on_system_dispositions":["no_answer"],"custom_retry_dispositions":["callback_requested"],
//!  "stop_redials_after_meaningful_connect":{"enabled":false,"seconds":30},
//!  "redial_after_short_connect":{"enabled":false,"seconds":15},
//!  "callback_detection":false,"sticky_exclusion":false}
//! ```
//!
//! Deserialising a `CampaignConfig` is strict (every field present and
//! valid); leniency belongs to `CampaignInput` only.
//!
//! # Decisions where the spec is silent
//! - **Blank means default.** "Blank" is a missing field, `null`, `""` or
//!   only spaces. "Below 1" includes 0, negative numbers and fractions below
//!   1 (`"0.5"`). Text that is not a number (`"ten"`, `"2.5"`) is an error,
//!   not a default, because the operator clearly meant something.
//! - **Upper bounds** (the spec gives none; these catch typos):
//!   Concurrency Limit ≤ 1,000; Max Attempts ≤ 20; Retry Delay ≤ 10,080
//!   minutes (7 days); both connect thresholds ≤ 3,600 s; Campaign Name ≤ 120
//!   characters; custom disposition names ≤ 64 characters, at most 100 of them.
//! - **Campaign Name** is trimmed; a name of only spaces is missing
//!   ("Campaign Name is required."); line breaks and control characters are refused.
//! - **Always-on with Single Day** is an error on `always_on` rather than
//!   silently dropped, so an API client learns its request was not what it
//!   meant. The wizard hides the toggle in Single Day, so it should clear
//!   the toggle when the operator switches mode.
//! - **Time Window**: 24-hour `H:MM` or `HH:MM`, normalised to `HH:MM`;
//!   "24:00", "9am", "25:10" are errors. Start equal to End is an error on
//!   `window.end` (the window would be empty). End before Start is allowed
//!   and means the window **crosses midnight**: it belongs to the working day
//!   on which it opens, so 22:00–02:00 on a Friday-only campaign dials from
//!   Friday 22:00 to Saturday 02:00, and not from Saturday 22:00.
//! - **Timezone**: any IANA zone, matched exactly or ignoring case and
//!   normalised to its canonical spelling; blank means the display timezone
//!   given with [`CampaignInput::with_display_timezone`] (UTC if none).
//! - **Working Days**: a missing list means all seven; an explicit empty
//!   list is an error. Names may be `mon` or `Monday` in any case.
//! - **Custom Retry Dispositions**: split on commas (or given as a list),
//!   trimmed, empty pieces dropped, repeats dropped ignoring case (the first
//!   spelling is kept); each is letters, digits, `_`, `-` or spaces.
//! - **Connect thresholds** are only checked while their rule is on (the
//!   wizard hides them otherwise); a hidden threshold that does not parse
//!   falls back to its default.
//! - **Number pool**: repeated ids are dropped, keeping the first.

mod campaign;
mod dispositions;
mod errors;
mod field;
mod identity;
mod input;
pub mod labels;
mod lenient;
mod pacing;
mod retries;
mod schedule;
mod summary;
mod timezone;

#[cfg(test)]
mod tests;

pub use campaign::CampaignConfig;
pub use dispositions::{
    CustomDisposition, CustomDispositions, SystemDisposition, SystemDispositions,
    MAX_CUSTOM_DISPOSITIONS, MAX_CUSTOM_DISPOSITION_CHARS,
};
pub use errors::ConfigErrors;
pub use field::{Field, Step};
pub use identity::{BotId, CampaignName, NumberId, NumberPool, MAX_NAME_CHARS};
pub use input::{CampaignInput, ConnectRuleInput, WindowInput};
pub use lenient::split_comma_list;
pub use pacing::{ConcurrencyLimit, Mode, DEFAULT_CONCURRENCY_LIMIT, MAX_CONCURRENCY_LIMIT};
pub use retries::{
    ConnectRule, MaxAttempts, RetryDelay, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_DELAY_MINUTES,
    DEFAULT_SHORT_CONNECT_SECONDS, DEFAULT_STOP_REDIALS_SECONDS, MAX_MAX_ATTEMPTS,
    MAX_RETRY_DELAY_MINUTES, MAX_THRESHOLD_SECONDS,
};
pub use schedule::{weekday_name, DailyWindow, TimeOfDay, WorkingDays};
pub use summary::{bot_name, numbers_text, sticky_rule, summary};
pub use timezone::{SuggestedTimezone, Timezone, SUGGESTED_TIMEZONES};
