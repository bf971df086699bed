//! [`CampaignInput`]: what the wizard form holds and what API clients send,
//! before it is checked. Every field may be missing; numbers may be `null`,
//! `""` or numeric strings; Custom Retry Dispositions may be a list or one
//! comma-separated string. [`CampaignInput::parse`] applies the spec's
//! defaults and clamping and returns either a [`CampaignConfig`] or every
//! problem at once.

use serde::{Deserialize, Serialize};

use super::campaign::{always_on_needs_multi_day, CampaignConfig, Unchecked};
use super::dispositions::{CustomDispositions, SystemDispositions};
use super::errors::ConfigErrors;
use super::field::Field;
use super::identity::{BotId, CampaignName, NumberId, NumberPool};
use super::labels;
use super::lenient;
use super::pacing::{ConcurrencyLimit, Mode};
use super::retries::{ConnectRule, MaxAttempts, RetryDelay};
use super::schedule::{time_format_error, DailyWindow, TimeOfDay, WorkingDays};
use super::timezone::Timezone;

/// The unchecked campaign form. Field names follow the configuration JSON;
/// it serialises to that JSON too (numbers as typed, as strings), which is
/// what the wizard sends.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CampaignInput {
    /// Campaign Name as typed.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::optional_name))]
    pub name: Option<String>,
    /// The chosen bot.
    #[serde(deserialize_with = "lenient::id")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::lenient_id))]
    pub bot_id: Option<i64>,
    /// The ticked outbound numbers.
    #[serde(deserialize_with = "lenient::ids")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::lenient_ids))]
    pub number_ids: Vec<i64>,
    /// Concurrency Limit as typed.
    #[serde(deserialize_with = "lenient::number_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::concurrency_limit))]
    pub concurrency_limit: Option<String>,
    /// `single_day` or `multi_day`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::mode))]
    pub mode: Option<String>,
    /// Always-on.
    #[serde(deserialize_with = "lenient::flag")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::lenient_flag))]
    pub always_on: bool,
    /// The time window.
    #[serde(deserialize_with = "null_as_default")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::window_input))]
    pub window: WindowInput,
    /// Working day names; `None` (missing) means all seven, `Some([])` none.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::working_days))]
    pub working_days: Option<Vec<String>>,
    /// Max Attempts as typed.
    #[serde(deserialize_with = "lenient::number_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::max_attempts))]
    pub max_attempts: Option<String>,
    /// Retry Delay (minutes) as typed.
    #[serde(deserialize_with = "lenient::number_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::retry_delay_minutes))]
    pub retry_delay_minutes: Option<String>,
    /// Ticked system disposition names.
    #[serde(deserialize_with = "lenient::name_list")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::system_dispositions))]
    pub retry_on_system_dispositions: Vec<String>,
    /// Custom disposition pieces (a comma-separated string is split).
    #[serde(deserialize_with = "lenient::name_list")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::custom_dispositions))]
    pub custom_retry_dispositions: Vec<String>,
    /// Stop redials after a meaningful connect.
    #[serde(deserialize_with = "null_as_default")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::connect_rule_input))]
    pub stop_redials_after_meaningful_connect: ConnectRuleInput,
    /// Redial after a short connect.
    #[serde(deserialize_with = "null_as_default")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::connect_rule_input))]
    pub redial_after_short_connect: ConnectRuleInput,
    /// Callback Detection.
    #[serde(deserialize_with = "lenient::flag")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::lenient_flag))]
    pub callback_detection: bool,
    /// Sticky exclusion.
    #[serde(deserialize_with = "lenient::flag")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::lenient_flag))]
    pub sticky_exclusion: bool,
    /// The operator's display timezone: the window's timezone when none is
    /// given. Never read from JSON; set it with [`CampaignInput::with_display_timezone`].
    #[serde(skip)]
    pub display_timezone: Option<Timezone>,
}

/// The unchecked time window.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowInput {
    /// Start as typed (`HH:MM`).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::lenient_time))]
    pub start: Option<String>,
    /// End as typed (`HH:MM`).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::lenient_time))]
    pub end: Option<String>,
    /// IANA timezone name.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::timezone_input))]
    pub timezone: Option<String>,
}

/// One unchecked connect-duration rule.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectRuleInput {
    /// Whether the rule is switched on.
    #[serde(deserialize_with = "lenient::flag")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::lenient_flag))]
    pub enabled: bool,
    /// The threshold as typed.
    #[serde(deserialize_with = "lenient::number_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::threshold))]
    pub seconds: Option<String>,
}

fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

impl CampaignInput {
    /// A new wizard's form: every field at the spec's default, the window in
    /// `display_timezone`, name, bot and numbers empty.
    pub fn defaults(display_timezone: Timezone) -> Self {
        CampaignInput {
            concurrency_limit: Some(ConcurrencyLimit::DEFAULT.get().to_string()),
            mode: Some(Mode::SingleDay.as_str().to_owned()),
            window: WindowInput {
                start: Some(TimeOfDay::DEFAULT_START.to_string()),
                end: Some(TimeOfDay::DEFAULT_END.to_string()),
                timezone: Some(display_timezone.name().to_owned()),
            },
            working_days: Some(WorkingDays::ALL.into()),
            max_attempts: Some(MaxAttempts::DEFAULT.get().to_string()),
            retry_delay_minutes: Some(RetryDelay::DEFAULT.minutes().to_string()),
            stop_redials_after_meaningful_connect: ConnectRule::STOP_REDIALS_DEFAULT.into(),
            redial_after_short_connect: ConnectRule::SHORT_CONNECT_DEFAULT.into(),
            display_timezone: Some(display_timezone),
            ..CampaignInput::default()
        }
    }

    /// Sets the timezone used when the window's timezone is left blank.
    pub fn with_display_timezone(mut self, timezone: Timezone) -> Self {
        self.display_timezone = Some(timezone);
        self
    }

    /// Applies the spec's defaults and checks every field, reporting all
    /// problems at once, keyed by field.
    pub fn parse(&self) -> Result<CampaignConfig, ConfigErrors> {
        let mut errors = ConfigErrors::new();
        let name = check(&mut errors, Field::Name, self.parse_name());
        let bot_id = check(&mut errors, Field::BotId, self.parse_bot());
        let number_ids = check(&mut errors, Field::NumberIds, self.parse_numbers());
        let concurrency_limit = check(
            &mut errors,
            Field::ConcurrencyLimit,
            ConcurrencyLimit::from_input(self.concurrency_limit.as_deref()),
        );
        let mode = check(
            &mut errors,
            Field::Mode,
            Mode::from_input(self.mode.as_deref()),
        );
        if self.always_on && mode.is_some_and(|m| m != Mode::MultiDay) {
            errors.insert(Field::AlwaysOn, always_on_needs_multi_day());
        }
        let window = self.parse_window(&mut errors);
        let working_days = check(
            &mut errors,
            Field::WorkingDays,
            match &self.working_days {
                None => Ok(WorkingDays::ALL),
                Some(names) => WorkingDays::parse(names),
            },
        );
        let max_attempts = check(
            &mut errors,
            Field::MaxAttempts,
            MaxAttempts::from_input(self.max_attempts.as_deref()),
        );
        let retry_delay = check(
            &mut errors,
            Field::RetryDelayMinutes,
            RetryDelay::from_input(self.retry_delay_minutes.as_deref()),
        );
        let system = check(
            &mut errors,
            Field::RetryOnSystemDispositions,
            SystemDispositions::parse(&self.retry_on_system_dispositions),
        );
        let custom = check(
            &mut errors,
            Field::CustomRetryDispositions,
            CustomDispositions::parse(&self.custom_retry_dispositions),
        );
        let stop = &self.stop_redials_after_meaningful_connect;
        let stop = check(
            &mut errors,
            Field::StopRedialsSeconds,
            ConnectRule::stop_redials_from_input(stop.enabled, stop.seconds.as_deref()),
        );
        let short = &self.redial_after_short_connect;
        let short = check(
            &mut errors,
            Field::RedialShortConnectSeconds,
            ConnectRule::short_connect_from_input(short.enabled, short.seconds.as_deref()),
        );

        let (
            Some(name),
            Some(bot_id),
            Some(number_ids),
            Some(concurrency_limit),
            Some(mode),
            Some(window),
            Some(working_days),
            Some(max_attempts),
            Some(retry_delay_minutes),
            Some(retry_on_system_dispositions),
            Some(custom_retry_dispositions),
            Some(stop_redials_after_meaningful_connect),
            Some(redial_after_short_connect),
        ) = (
            name,
            bot_id,
            number_ids,
            concurrency_limit,
            mode,
            window,
            working_days,
            max_attempts,
            retry_delay,
            system,
            custom,
            stop,
            short,
        )
        else {
            return Err(errors);
        };
        CampaignConfig::try_from(Unchecked {
            name,
            bot_id,
            number_ids,
            concurrency_limit,
            mode,
            always_on: self.always_on,
            window,
            working_days,
            max_attempts,
            retry_delay_minutes,
            retry_on_system_dispositions,
            custom_retry_dispositions,
            stop_redials_after_meaningful_connect,
            redial_after_short_connect,
            callback_detection: self.callback_detection,
            sticky_exclusion: self.sticky_exclusion,
        })
        .map_err(|cross_field| {
            let mut all = errors;
            for (field, message) in cross_field.iter() {
                all.insert(field, message);
            }
            all
        })
    }

    fn parse_name(&self) -> Result<CampaignName, String> {
        CampaignName::parse(self.name.as_deref().unwrap_or(""))
    }

    fn parse_bot(&self) -> Result<BotId, String> {
        match self.bot_id {
            None => Err(format!("{} is required.", labels::BOT)),
            Some(id) => BotId::new(id),
        }
    }

    fn parse_numbers(&self) -> Result<NumberPool, String> {
        let ids = self
            .number_ids
            .iter()
            .map(|id| NumberId::new(*id))
            .collect::<Result<Vec<_>, _>>()?;
        NumberPool::new(ids)
    }

    fn parse_window(&self, errors: &mut ConfigErrors) -> Option<DailyWindow> {
        let time = |raw: &Option<String>, default: TimeOfDay, label: &str| match raw
            .as_deref()
            .map(str::trim)
        {
            None | Some("") => Ok(default),
            Some(text) => TimeOfDay::parse(text).ok_or_else(|| time_format_error(label)),
        };
        let w = &self.window;
        let start = check(
            errors,
            Field::WindowStart,
            time(&w.start, TimeOfDay::DEFAULT_START, labels::WINDOW_START),
        );
        let end = check(
            errors,
            Field::WindowEnd,
            time(&w.end, TimeOfDay::DEFAULT_END, labels::WINDOW_END),
        );
        let timezone = match w.timezone.as_deref().map(str::trim) {
            None | Some("") => Ok(self.display_timezone.unwrap_or(Timezone::UTC)),
            Some(name) => Timezone::parse(name).ok_or_else(|| {
                format!(
                    "{} must be an IANA timezone such as Asia/Kolkata; \"{name}\" is not one.",
                    labels::WINDOW_TIMEZONE
                )
            }),
        };
        let timezone = check(errors, Field::WindowTimezone, timezone);
        let (start, end, timezone) = (start?, end?, timezone?);
        check(
            errors,
            Field::WindowEnd,
            DailyWindow::new(start, end, timezone),
        )
    }
}

fn check<T>(errors: &mut ConfigErrors, field: Field, result: Result<T, String>) -> Option<T> {
    result.map_err(|message| errors.insert(field, message)).ok()
}

impl From<ConnectRule> for ConnectRuleInput {
    fn from(rule: ConnectRule) -> Self {
        ConnectRuleInput {
            enabled: rule.enabled(),
            seconds: Some(rule.seconds().to_string()),
        }
    }
}

/// Prefills the wizard from a saved campaign, for editing.
impl From<&CampaignConfig> for CampaignInput {
    fn from(c: &CampaignConfig) -> Self {
        CampaignInput {
            name: Some(c.name().as_str().to_owned()),
            bot_id: Some(c.bot_id().get()),
            number_ids: c.number_ids().ids().iter().map(|id| id.get()).collect(),
            concurrency_limit: Some(c.concurrency_limit().get().to_string()),
            mode: Some(c.mode().as_str().to_owned()),
            always_on: c.always_on(),
            window: WindowInput {
                start: Some(c.window().start().to_string()),
                end: Some(c.window().end().to_string()),
                timezone: Some(c.window().timezone().name().to_owned()),
            },
            working_days: Some(c.working_days().into()),
            max_attempts: Some(c.max_attempts().get().to_string()),
            retry_delay_minutes: Some(c.retry_delay().minutes().to_string()),
            retry_on_system_dispositions: c
                .retry_on_system_dispositions()
                .iter()
                .map(|d| d.as_str().to_owned())
                .collect(),
            custom_retry_dispositions: c.custom_retry_dispositions().clone().into(),
            stop_redials_after_meaningful_connect: c.stop_redials_after_meaningful_connect().into(),
            redial_after_short_connect: c.redial_after_short_connect().into(),
            callback_detection: c.callback_detection(),
            sticky_exclusion: c.sticky_exclusion(),
            display_timezone: Some(c.window().timezone()),
        }
    }
}
