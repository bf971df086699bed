//! [`CampaignConfig`]: a campaign's configuration after parsing. Every field
//! holds a checked value, so code past the validation boundary never sees a
//! raw string or an out-of-range number.

use serde::{Deserialize, Serialize};

use super::dispositions::{CustomDispositions, SystemDispositions};
use super::errors::ConfigErrors;
use super::field::Field;
use super::identity::{BotId, CampaignName, NumberPool};
use super::labels;
use super::pacing::{ConcurrencyLimit, Mode};
use super::retries::{ConnectRule, MaxAttempts, RetryDelay};
use super::schedule::{DailyWindow, WorkingDays};

/// A valid campaign configuration. Serialises to (and strictly deserialises
/// from) the configuration JSON contract; build one from operator input with
/// [`super::CampaignInput::parse`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct CampaignConfig {
    #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 120))]
    name: CampaignName,
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 1))]
    bot_id: BotId,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>, min_items = 1))]
    number_ids: NumberPool,
    #[cfg_attr(feature = "openapi", schema(value_type = u32, minimum = 1, maximum = 1000))]
    concurrency_limit: ConcurrencyLimit,
    mode: Mode,
    always_on: bool,
    window: DailyWindow,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, min_items = 1, max_items = 7))]
    working_days: WorkingDays,
    #[cfg_attr(feature = "openapi", schema(value_type = u32, minimum = 1, maximum = 20))]
    max_attempts: MaxAttempts,
    #[cfg_attr(feature = "openapi", schema(value_type = u32, minimum = 1, maximum = 10080))]
    retry_delay_minutes: RetryDelay,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<super::SystemDisposition>))]
    retry_on_system_dispositions: SystemDispositions,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, max_items = 100))]
    custom_retry_dispositions: CustomDispositions,
    stop_redials_after_meaningful_connect: ConnectRule,
    redial_after_short_connect: ConnectRule,
    callback_detection: bool,
    sticky_exclusion: bool,
}

/// The same shape with each field checked on its own, before the checks
/// that span fields.
#[derive(Deserialize)]
pub(crate) struct Unchecked {
    pub(crate) name: CampaignName,
    pub(crate) bot_id: BotId,
    pub(crate) number_ids: NumberPool,
    pub(crate) concurrency_limit: ConcurrencyLimit,
    pub(crate) mode: Mode,
    pub(crate) always_on: bool,
    pub(crate) window: DailyWindow,
    pub(crate) working_days: WorkingDays,
    pub(crate) max_attempts: MaxAttempts,
    pub(crate) retry_delay_minutes: RetryDelay,
    pub(crate) retry_on_system_dispositions: SystemDispositions,
    pub(crate) custom_retry_dispositions: CustomDispositions,
    pub(crate) stop_redials_after_meaningful_connect: ConnectRule,
    pub(crate) redial_after_short_connect: ConnectRule,
    pub(crate) callback_detection: bool,
    pub(crate) sticky_exclusion: bool,
}

/// The message when Always-on is asked for outside Multi Day.
pub(crate) fn always_on_needs_multi_day() -> String {
    format!(
        "{} is only available when {} is {}.",
        labels::ALWAYS_ON,
        labels::CAMPAIGN_MODE,
        labels::MULTI_DAY
    )
}

impl TryFrom<Unchecked> for CampaignConfig {
    type Error = ConfigErrors;
    fn try_from(u: Unchecked) -> Result<Self, ConfigErrors> {
        let mut errors = ConfigErrors::new();
        if u.always_on && u.mode != Mode::MultiDay {
            errors.insert(Field::AlwaysOn, always_on_needs_multi_day());
        }
        errors.into_result(|| CampaignConfig {
            name: u.name,
            bot_id: u.bot_id,
            number_ids: u.number_ids,
            concurrency_limit: u.concurrency_limit,
            mode: u.mode,
            always_on: u.always_on,
            window: u.window,
            working_days: u.working_days,
            max_attempts: u.max_attempts,
            retry_delay_minutes: u.retry_delay_minutes,
            retry_on_system_dispositions: u.retry_on_system_dispositions,
            custom_retry_dispositions: u.custom_retry_dispositions,
            stop_redials_after_meaningful_connect: u.stop_redials_after_meaningful_connect,
            redial_after_short_connect: u.redial_after_short_connect,
            callback_detection: u.callback_detection,
            sticky_exclusion: u.sticky_exclusion,
        })
    }
}

impl CampaignConfig {
    /// Campaign Name.
    pub fn name(&self) -> &CampaignName {
        &self.name
    }
    /// Bot.
    pub fn bot_id(&self) -> BotId {
        self.bot_id
    }
    /// The selected outbound numbers.
    pub fn number_ids(&self) -> &NumberPool {
        &self.number_ids
    }
    /// Concurrency Limit.
    pub fn concurrency_limit(&self) -> ConcurrencyLimit {
        self.concurrency_limit
    }
    /// Campaign Mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }
    /// Always-on (only ever true in Multi Day).
    pub fn always_on(&self) -> bool {
        self.always_on
    }
    /// The daily time window and its timezone.
    pub fn window(&self) -> &DailyWindow {
        &self.window
    }
    /// Working Days.
    pub fn working_days(&self) -> WorkingDays {
        self.working_days
    }
    /// Max Attempts.
    pub fn max_attempts(&self) -> MaxAttempts {
        self.max_attempts
    }
    /// Retry Delay.
    pub fn retry_delay(&self) -> RetryDelay {
        self.retry_delay_minutes
    }
    /// Retry on System Dispositions.
    pub fn retry_on_system_dispositions(&self) -> &SystemDispositions {
        &self.retry_on_system_dispositions
    }
    /// Custom Retry Dispositions.
    pub fn custom_retry_dispositions(&self) -> &CustomDispositions {
        &self.custom_retry_dispositions
    }
    /// Stop redials after a meaningful connect.
    pub fn stop_redials_after_meaningful_connect(&self) -> ConnectRule {
        self.stop_redials_after_meaningful_connect
    }
    /// Redial after a short connect.
    pub fn redial_after_short_connect(&self) -> ConnectRule {
        self.redial_after_short_connect
    }
    /// Callback Detection (the campaign half of the callback double gate).
    pub fn callback_detection(&self) -> bool {
        self.callback_detection
    }
    /// Sticky exclusion.
    pub fn sticky_exclusion(&self) -> bool {
        self.sticky_exclusion
    }

    /// Whether the campaign may complete on its own; Always-on never does.
    pub fn auto_completes(&self) -> bool {
        !self.always_on
    }

    /// Whether Step 4 requires a CSV: yes unless the campaign is Always-on.
    pub fn csv_required(&self) -> bool {
        !self.always_on
    }

    /// The fields whose values differ between `self` and `other`, in wizard order.
    pub fn changed_fields(&self, other: &CampaignConfig) -> Vec<Field> {
        let (a, b) = (self, other);
        let checks = [
            (Field::Name, a.name != b.name),
            (Field::BotId, a.bot_id != b.bot_id),
            (Field::NumberIds, a.number_ids != b.number_ids),
            (
                Field::ConcurrencyLimit,
                a.concurrency_limit != b.concurrency_limit,
            ),
            (Field::Mode, a.mode != b.mode),
            (Field::AlwaysOn, a.always_on != b.always_on),
            (Field::WindowStart, a.window.start() != b.window.start()),
            (Field::WindowEnd, a.window.end() != b.window.end()),
            (
                Field::WindowTimezone,
                a.window.timezone() != b.window.timezone(),
            ),
            (Field::WorkingDays, a.working_days != b.working_days),
            (Field::MaxAttempts, a.max_attempts != b.max_attempts),
            (
                Field::RetryDelayMinutes,
                a.retry_delay_minutes != b.retry_delay_minutes,
            ),
            (
                Field::RetryOnSystemDispositions,
                a.retry_on_system_dispositions != b.retry_on_system_dispositions,
            ),
            (
                Field::CustomRetryDispositions,
                a.custom_retry_dispositions != b.custom_retry_dispositions,
            ),
            (
                Field::StopRedialsEnabled,
                a.stop_redials_after_meaningful_connect.enabled()
                    != b.stop_redials_after_meaningful_connect.enabled(),
            ),
            (
                Field::StopRedialsSeconds,
                a.stop_redials_after_meaningful_connect.seconds()
                    != b.stop_redials_after_meaningful_connect.seconds(),
            ),
            (
                Field::RedialShortConnectEnabled,
                a.redial_after_short_connect.enabled() != b.redial_after_short_connect.enabled(),
            ),
            (
                Field::RedialShortConnectSeconds,
                a.redial_after_short_connect.seconds() != b.redial_after_short_connect.seconds(),
            ),
            (
                Field::CallbackDetection,
                a.callback_detection != b.callback_detection,
            ),
            (
                Field::StickyExclusion,
                a.sticky_exclusion != b.sticky_exclusion,
            ),
        ];
        checks
            .into_iter()
            .filter_map(|(field, changed)| changed.then_some(field))
            .collect()
    }

    /// The JSON names of the fields that differ, for the audit trail
    /// (e.g. `["concurrency_limit", "window.timezone"]`).
    pub fn diff(&self, other: &CampaignConfig) -> Vec<&'static str> {
        self.changed_fields(other)
            .into_iter()
            .map(Field::json_name)
            .collect()
    }
}
