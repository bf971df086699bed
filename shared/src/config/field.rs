//! Every wizard field as a value: its JSON name (the key of error maps and of
//! the audit trail), its spec label, and the wizard step it lives on.

use serde::{Deserialize, Serialize};

use super::labels;

/// One of the five wizard steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Step 1: name and bot.
    Basics,
    /// Step 2: the outbound numbers.
    NumberPool,
    /// Step 3: pacing, schedule, retries, redial rules, callbacks, exclusion.
    DiallerConfig,
    /// Step 4: the contact CSV.
    UploadCsv,
    /// Step 5: the read-only summary.
    Review,
}

impl Step {
    /// All steps in wizard order.
    pub const ALL: [Step; 5] = [
        Step::Basics,
        Step::NumberPool,
        Step::DiallerConfig,
        Step::UploadCsv,
        Step::Review,
    ];

    /// The pill text shown across the top of the wizard.
    pub fn label(self) -> &'static str {
        match self {
            Step::Basics => "Basics",
            Step::NumberPool => "Number Pool",
            Step::DiallerConfig => "Dialler Config",
            Step::UploadCsv => "Upload CSV",
            Step::Review => "Review",
        }
    }

    /// The step's 1-based position, as the spec numbers them.
    pub fn number(self) -> u8 {
        match self {
            Step::Basics => 1,
            Step::NumberPool => 2,
            Step::DiallerConfig => 3,
            Step::UploadCsv => 4,
            Step::Review => 5,
        }
    }

    /// The fields entered on this step (none on Review).
    pub fn fields(self) -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(move |f| f.step() == self)
    }
}

/// A field of the campaign configuration (plus the CSV, which the wizard
/// collects but which travels separately from the configuration JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// `name`
    Name,
    /// `bot_id`
    BotId,
    /// `number_ids`
    NumberIds,
    /// `concurrency_limit`
    ConcurrencyLimit,
    /// `mode`
    Mode,
    /// `always_on`
    AlwaysOn,
    /// `window.start`
    WindowStart,
    /// `window.end`
    WindowEnd,
    /// `window.timezone`
    WindowTimezone,
    /// `working_days`
    WorkingDays,
    /// `max_attempts`
    MaxAttempts,
    /// `retry_delay_minutes`
    RetryDelayMinutes,
    /// `retry_on_system_dispositions`
    RetryOnSystemDispositions,
    /// `custom_retry_dispositions`
    CustomRetryDispositions,
    /// `stop_redials_after_meaningful_connect.enabled`
    StopRedialsEnabled,
    /// `stop_redials_after_meaningful_connect.seconds`
    StopRedialsSeconds,
    /// `redial_after_short_connect.enabled`
    RedialShortConnectEnabled,
    /// `redial_after_short_connect.seconds`
    RedialShortConnectSeconds,
    /// `callback_detection`
    CallbackDetection,
    /// `sticky_exclusion`
    StickyExclusion,
    /// `contacts`: the uploaded CSV (not part of the configuration JSON).
    Contacts,
}

impl Field {
    /// Every field, in the order the wizard shows them.
    pub const ALL: [Field; 21] = [
        Field::Name,
        Field::BotId,
        Field::NumberIds,
        Field::ConcurrencyLimit,
        Field::Mode,
        Field::AlwaysOn,
        Field::WindowStart,
        Field::WindowEnd,
        Field::WindowTimezone,
        Field::WorkingDays,
        Field::MaxAttempts,
        Field::RetryDelayMinutes,
        Field::RetryOnSystemDispositions,
        Field::CustomRetryDispositions,
        Field::StopRedialsEnabled,
        Field::StopRedialsSeconds,
        Field::RedialShortConnectEnabled,
        Field::RedialShortConnectSeconds,
        Field::CallbackDetection,
        Field::StickyExclusion,
        Field::Contacts,
    ];

    /// The field's path in the configuration JSON, nested keys joined by `.`.
    pub fn json_name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::BotId => "bot_id",
            Field::NumberIds => "number_ids",
            Field::ConcurrencyLimit => "concurrency_limit",
            Field::Mode => "mode",
            Field::AlwaysOn => "always_on",
            Field::WindowStart => "window.start",
            Field::WindowEnd => "window.end",
            Field::WindowTimezone => "window.timezone",
            Field::WorkingDays => "working_days",
            Field::MaxAttempts => "max_attempts",
            Field::RetryDelayMinutes => "retry_delay_minutes",
            Field::RetryOnSystemDispositions => "retry_on_system_dispositions",
            Field::CustomRetryDispositions => "custom_retry_dispositions",
            Field::StopRedialsEnabled => "stop_redials_after_meaningful_connect.enabled",
            Field::StopRedialsSeconds => "stop_redials_after_meaningful_connect.seconds",
            Field::RedialShortConnectEnabled => "redial_after_short_connect.enabled",
            Field::RedialShortConnectSeconds => "redial_after_short_connect.seconds",
            Field::CallbackDetection => "callback_detection",
            Field::StickyExclusion => "sticky_exclusion",
            Field::Contacts => "contacts",
        }
    }

    /// The field whose JSON name is `name`, if any.
    pub fn from_json_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.json_name() == name)
    }

    /// The spec's label for the field.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => labels::CAMPAIGN_NAME,
            Field::BotId => labels::BOT,
            Field::NumberIds => labels::OUTBOUND_NUMBERS,
            Field::ConcurrencyLimit => labels::CONCURRENCY_LIMIT,
            Field::Mode => labels::CAMPAIGN_MODE,
            Field::AlwaysOn => labels::ALWAYS_ON,
            Field::WindowStart => labels::WINDOW_START,
            Field::WindowEnd => labels::WINDOW_END,
            Field::WindowTimezone => labels::WINDOW_TIMEZONE,
            Field::WorkingDays => labels::WORKING_DAYS,
            Field::MaxAttempts => labels::MAX_ATTEMPTS,
            Field::RetryDelayMinutes => labels::RETRY_DELAY,
            Field::RetryOnSystemDispositions => labels::RETRY_ON_SYSTEM_DISPOSITIONS,
            Field::CustomRetryDispositions => labels::CUSTOM_RETRY_DISPOSITIONS,
            Field::StopRedialsEnabled => labels::STOP_REDIALS,
            Field::StopRedialsSeconds => labels::STOP_REDIALS_SECONDS,
            Field::RedialShortConnectEnabled => labels::REDIAL_SHORT_CONNECT,
            Field::RedialShortConnectSeconds => labels::REDIAL_SHORT_CONNECT_SECONDS,
            Field::CallbackDetection => labels::CALLBACK_DETECTION,
            Field::StickyExclusion => labels::STICKY_EXCLUSION,
            Field::Contacts => labels::CONTACTS,
        }
    }

    /// The wizard step the field is entered on.
    pub fn step(self) -> Step {
        match self {
            Field::Name | Field::BotId => Step::Basics,
            Field::NumberIds => Step::NumberPool,
            Field::Contacts => Step::UploadCsv,
            _ => Step::DiallerConfig,
        }
    }

    /// Whether the field locks once the campaign has run (name, bot, contacts).
    pub fn locks_after_first_run(self) -> bool {
        matches!(self, Field::Name | Field::BotId | Field::Contacts)
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.json_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_json_name_maps_back_to_its_field() {
        for field in Field::ALL {
            assert_eq!(Field::from_json_name(field.json_name()), Some(field));
        }
        assert_eq!(Field::from_json_name("window"), None);
    }

    #[test]
    fn name_and_bot_are_on_basics_and_numbers_on_the_number_pool() {
        assert_eq!(
            Step::Basics.fields().collect::<Vec<_>>(),
            [Field::Name, Field::BotId]
        );
        assert_eq!(
            Step::NumberPool.fields().collect::<Vec<_>>(),
            [Field::NumberIds]
        );
        assert_eq!(
            Step::UploadCsv.fields().collect::<Vec<_>>(),
            [Field::Contacts]
        );
        assert_eq!(Step::Review.fields().count(), 0);
        assert_eq!(Step::DiallerConfig.fields().count(), 17);
    }

    #[test]
    fn the_window_fields_use_the_spec_labels() {
        assert_eq!(Field::WindowStart.label(), "Time Window: Start");
        assert_eq!(Field::RetryDelayMinutes.label(), "Retry Delay (minutes)");
        assert_eq!(
            Field::StopRedialsSeconds.label(),
            "Connected longer than (seconds)"
        );
    }

    #[test]
    fn only_name_bot_and_contacts_lock_after_the_first_run() {
        let locked: Vec<_> = Field::ALL
            .into_iter()
            .filter(|f| f.locks_after_first_run())
            .collect();
        assert_eq!(locked, [Field::Name, Field::BotId, Field::Contacts]);
    }

    #[test]
    fn steps_are_numbered_one_to_five_with_the_spec_pill_names() {
        let pills: Vec<_> = Step::ALL.iter().map(|s| (s.number(), s.label())).collect();
        assert_eq!(
            pills,
            [
                (1, "Basics"),
                (2, "Number Pool"),
                (3, "Dialler Config"),
                (4, "Upload CSV"),
                (5, "Review")
            ]
        );
    }
}
