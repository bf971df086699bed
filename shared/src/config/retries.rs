//! How often and how soon a contact is redialled: Max Attempts, Retry Delay,
//! and the two connect-duration rules (stop after a meaningful connect,
//! redial after a short connect).

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::labels;
use super::lenient::{bounded_or_default, group_thousands};

/// Max Attempts when blank or below 1.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The largest Max Attempts accepted.
pub const MAX_MAX_ATTEMPTS: u32 = 20;
/// Retry Delay (minutes) when blank or below 1.
pub const DEFAULT_RETRY_DELAY_MINUTES: u32 = 30;
/// The longest Retry Delay accepted: 7 days.
pub const MAX_RETRY_DELAY_MINUTES: u32 = 10_080;
/// The stop rule's threshold when blank or below 1.
pub const DEFAULT_STOP_REDIALS_SECONDS: u32 = 30;
/// The short-connect rule's threshold when blank or below 1.
pub const DEFAULT_SHORT_CONNECT_SECONDS: u32 = 15;
/// The largest threshold accepted for either rule: one hour.
pub const MAX_THRESHOLD_SECONDS: u32 = 3_600;

fn out_of_range(label: &str, max: u32) -> String {
    format!("{label} must be between 1 and {}.", group_thousands(max))
}

/// The most calls one contact may receive, first attempt and callbacks included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct MaxAttempts(u32);

impl MaxAttempts {
    /// The spec default, 3.
    pub const DEFAULT: MaxAttempts = MaxAttempts(DEFAULT_MAX_ATTEMPTS);

    /// An exact value, 1 to [`MAX_MAX_ATTEMPTS`].
    pub fn new(attempts: u32) -> Result<Self, String> {
        if (1..=MAX_MAX_ATTEMPTS).contains(&attempts) {
            Ok(Self(attempts))
        } else {
            Err(out_of_range(labels::MAX_ATTEMPTS, MAX_MAX_ATTEMPTS))
        }
    }

    /// From typed text: blank or below 1 gives 3.
    pub fn from_input(raw: Option<&str>) -> Result<Self, String> {
        bounded_or_default(
            raw,
            DEFAULT_MAX_ATTEMPTS,
            MAX_MAX_ATTEMPTS,
            labels::MAX_ATTEMPTS,
        )
        .map(Self)
    }

    /// The cap.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for MaxAttempts {
    type Error = String;
    fn try_from(n: u32) -> Result<Self, String> {
        Self::new(n)
    }
}

impl From<MaxAttempts> for u32 {
    fn from(n: MaxAttempts) -> u32 {
        n.0
    }
}

/// How long a contact waits before its next attempt, in whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct RetryDelay(u32);

impl RetryDelay {
    /// The spec default, 30 minutes.
    pub const DEFAULT: RetryDelay = RetryDelay(DEFAULT_RETRY_DELAY_MINUTES);

    /// An exact number of minutes, 1 to [`MAX_RETRY_DELAY_MINUTES`].
    pub fn from_minutes(minutes: u32) -> Result<Self, String> {
        if (1..=MAX_RETRY_DELAY_MINUTES).contains(&minutes) {
            Ok(Self(minutes))
        } else {
            Err(out_of_range(labels::RETRY_DELAY, MAX_RETRY_DELAY_MINUTES))
        }
    }

    /// From typed text: blank or below 1 gives 30.
    pub fn from_input(raw: Option<&str>) -> Result<Self, String> {
        bounded_or_default(
            raw,
            DEFAULT_RETRY_DELAY_MINUTES,
            MAX_RETRY_DELAY_MINUTES,
            labels::RETRY_DELAY,
        )
        .map(Self)
    }

    /// The delay in minutes.
    pub fn minutes(self) -> u32 {
        self.0
    }

    /// The delay as a duration.
    pub fn duration(self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.0))
    }
}

impl TryFrom<u32> for RetryDelay {
    type Error = String;
    fn try_from(n: u32) -> Result<Self, String> {
        Self::from_minutes(n)
    }
}

impl From<RetryDelay> for u32 {
    fn from(n: RetryDelay) -> u32 {
        n.0
    }
}

/// One of the two connect-duration rules: on or off, with a threshold in
/// seconds (1 to [`MAX_THRESHOLD_SECONDS`]). Serialises as
/// `{"enabled":false,"seconds":30}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawConnectRule")]
pub struct ConnectRule {
    enabled: bool,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3600))]
    seconds: u32,
}

#[derive(Deserialize)]
struct RawConnectRule {
    enabled: bool,
    seconds: u32,
}

impl TryFrom<RawConnectRule> for ConnectRule {
    type Error = String;
    fn try_from(raw: RawConnectRule) -> Result<Self, String> {
        if (1..=MAX_THRESHOLD_SECONDS).contains(&raw.seconds) {
            Ok(Self {
                enabled: raw.enabled,
                seconds: raw.seconds,
            })
        } else {
            Err(out_of_range("A connect threshold", MAX_THRESHOLD_SECONDS))
        }
    }
}

impl ConnectRule {
    /// "Stop redials after a meaningful connect" as the wizard starts it: off, 30 s.
    pub const STOP_REDIALS_DEFAULT: ConnectRule = ConnectRule {
        enabled: false,
        seconds: DEFAULT_STOP_REDIALS_SECONDS,
    };
    /// "Redial after a short connect" as the wizard starts it: off, 15 s.
    pub const SHORT_CONNECT_DEFAULT: ConnectRule = ConnectRule {
        enabled: false,
        seconds: DEFAULT_SHORT_CONNECT_SECONDS,
    };

    /// The stop rule from the form: blank or below 1 gives 30 s.
    pub fn stop_redials_from_input(enabled: bool, seconds: Option<&str>) -> Result<Self, String> {
        Self::from_input(
            enabled,
            seconds,
            DEFAULT_STOP_REDIALS_SECONDS,
            labels::STOP_REDIALS_SECONDS,
        )
    }

    /// The short-connect rule from the form: blank or below 1 gives 15 s.
    pub fn short_connect_from_input(enabled: bool, seconds: Option<&str>) -> Result<Self, String> {
        Self::from_input(
            enabled,
            seconds,
            DEFAULT_SHORT_CONNECT_SECONDS,
            labels::REDIAL_SHORT_CONNECT_SECONDS,
        )
    }

    /// The threshold is only shown, and so only checked, while the rule is
    /// on; a hidden threshold that does not parse falls back to its default.
    fn from_input(
        enabled: bool,
        raw: Option<&str>,
        default: u32,
        label: &str,
    ) -> Result<Self, String> {
        match bounded_or_default(raw, default, MAX_THRESHOLD_SECONDS, label) {
            Ok(seconds) => Ok(Self { enabled, seconds }),
            Err(message) if enabled => Err(message),
            Err(_) => Ok(Self {
                enabled,
                seconds: default,
            }),
        }
    }

    /// Whether the rule is switched on.
    pub fn enabled(self) -> bool {
        self.enabled
    }

    /// The threshold in seconds.
    pub fn seconds(self) -> u32 {
        self.seconds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_max_attempts_defaults_to_3() {
        assert_eq!(MaxAttempts::from_input(None).unwrap().get(), 3);
        assert_eq!(MaxAttempts::from_input(Some(" ")).unwrap().get(), 3);
    }

    #[test]
    fn max_attempts_below_1_defaults_to_3() {
        assert_eq!(MaxAttempts::from_input(Some("0")).unwrap().get(), 3);
    }

    #[test]
    fn max_attempts_above_20_is_rejected() {
        assert_eq!(MaxAttempts::from_input(Some("20")).unwrap().get(), 20);
        assert_eq!(
            MaxAttempts::from_input(Some("21")),
            Err("Max Attempts can be at most 20.".into())
        );
        assert!(serde_json::from_str::<MaxAttempts>("0").is_err());
    }

    #[test]
    fn a_blank_or_zero_retry_delay_defaults_to_30_minutes() {
        assert_eq!(RetryDelay::from_input(None).unwrap().minutes(), 30);
        assert_eq!(RetryDelay::from_input(Some("0")).unwrap().minutes(), 30);
        assert_eq!(RetryDelay::DEFAULT.duration(), TimeDelta::minutes(30));
    }

    #[test]
    fn a_retry_delay_longer_than_7_days_is_rejected() {
        assert_eq!(
            RetryDelay::from_input(Some("10080")).unwrap().minutes(),
            10_080
        );
        assert_eq!(
            RetryDelay::from_input(Some("10081")),
            Err("Retry Delay (minutes) can be at most 10,080.".into())
        );
    }

    #[test]
    fn blank_thresholds_default_to_30_and_15_seconds() {
        assert_eq!(
            ConnectRule::stop_redials_from_input(true, None)
                .unwrap()
                .seconds(),
            30
        );
        assert_eq!(
            ConnectRule::short_connect_from_input(true, Some("0"))
                .unwrap()
                .seconds(),
            15
        );
    }

    #[test]
    fn a_threshold_above_an_hour_is_rejected_while_the_rule_is_on() {
        assert_eq!(
            ConnectRule::stop_redials_from_input(true, Some("3601")),
            Err("Connected longer than (seconds) can be at most 3,600.".into())
        );
        assert_eq!(
            ConnectRule::short_connect_from_input(true, Some("abc")),
            Err("Connected shorter than (seconds) must be a whole number.".into())
        );
    }

    #[test]
    fn a_hidden_threshold_that_does_not_parse_falls_back_to_its_default() {
        let rule = ConnectRule::stop_redials_from_input(false, Some("abc")).unwrap();
        assert_eq!(rule, ConnectRule::STOP_REDIALS_DEFAULT);
        let kept = ConnectRule::short_connect_from_input(false, Some("40")).unwrap();
        assert_eq!((kept.enabled(), kept.seconds()), (false, 40));
    }

    #[test]
    fn rules_serialise_as_enabled_and_seconds() {
        assert_eq!(
            serde_json::to_string(&ConnectRule::SHORT_CONNECT_DEFAULT).unwrap(),
            r#"{"enabled":false,"seconds":15}"#
        );
        assert!(serde_json::from_str::<ConnectRule>(r#"{"enabled":true,"seconds":0}"#).is_err());
    }
}
