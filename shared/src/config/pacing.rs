//! How hard and how long the campaign dials: the concurrency seat budget and
//! the Single Day / Multi Day mode.

use serde::{Deserialize, Serialize};

use super::labels;
use super::lenient::{bounded_or_default, group_thousands};

/// Concurrency Limit when left blank or below 1.
pub const DEFAULT_CONCURRENCY_LIMIT: u32 = 50;
/// The largest Concurrency Limit accepted; larger values are almost always a
/// typo and would exhaust any carrier's capacity.
pub const MAX_CONCURRENCY_LIMIT: u32 = 1_000;

/// How many calls of this campaign may be live at once (1 to
/// [`MAX_CONCURRENCY_LIMIT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct ConcurrencyLimit(u32);

impl ConcurrencyLimit {
    /// The spec default, 50.
    pub const DEFAULT: ConcurrencyLimit = ConcurrencyLimit(DEFAULT_CONCURRENCY_LIMIT);

    /// A limit from an exact number (1 to [`MAX_CONCURRENCY_LIMIT`]).
    pub fn new(limit: u32) -> Result<Self, String> {
        match limit {
            0 => Err(format!("{} must be at least 1.", labels::CONCURRENCY_LIMIT)),
            l if l > MAX_CONCURRENCY_LIMIT => Err(format!(
                "{} can be at most {}.",
                labels::CONCURRENCY_LIMIT,
                group_thousands(MAX_CONCURRENCY_LIMIT)
            )),
            l => Ok(Self(l)),
        }
    }

    /// A limit from what the operator typed: blank or below 1 gives 50.
    pub fn from_input(raw: Option<&str>) -> Result<Self, String> {
        bounded_or_default(
            raw,
            DEFAULT_CONCURRENCY_LIMIT,
            MAX_CONCURRENCY_LIMIT,
            labels::CONCURRENCY_LIMIT,
        )
        .map(Self)
    }

    /// The number of seats.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for ConcurrencyLimit {
    type Error = String;
    fn try_from(limit: u32) -> Result<Self, String> {
        Self::new(limit)
    }
}

impl From<ConcurrencyLimit> for u32 {
    fn from(limit: ConcurrencyLimit) -> u32 {
        limit.0
    }
}

/// Campaign Mode.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The campaign completes when the time window ends and does not resume.
    #[default]
    SingleDay,
    /// Dialling pauses at the cutoff and resumes the next working day.
    MultiDay,
}

impl Mode {
    /// Reads `single_day`/`multi_day`, also spelt `Single Day`, `multi-day`…;
    /// blank gives the default, Single Day.
    pub fn from_input(raw: Option<&str>) -> Result<Self, String> {
        let text = raw
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_");
        match text.as_str() {
            "" | "single_day" => Ok(Mode::SingleDay),
            "multi_day" => Ok(Mode::MultiDay),
            _ => Err(format!(
                "{} must be {} or {}.",
                labels::CAMPAIGN_MODE,
                labels::SINGLE_DAY,
                labels::MULTI_DAY
            )),
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::SingleDay => "single_day",
            Mode::MultiDay => "multi_day",
        }
    }

    /// The spec's label: "Single Day" or "Multi Day".
    pub fn label(self) -> &'static str {
        match self {
            Mode::SingleDay => labels::SINGLE_DAY,
            Mode::MultiDay => labels::MULTI_DAY,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_concurrency_limit_defaults_to_50() {
        assert_eq!(ConcurrencyLimit::from_input(None).unwrap().get(), 50);
        assert_eq!(ConcurrencyLimit::from_input(Some("")).unwrap().get(), 50);
    }

    #[test]
    fn a_concurrency_limit_below_1_defaults_to_50() {
        assert_eq!(ConcurrencyLimit::from_input(Some("0")).unwrap().get(), 50);
        assert_eq!(ConcurrencyLimit::from_input(Some("-3")).unwrap().get(), 50);
    }

    #[test]
    fn a_concurrency_limit_of_10000_is_rejected() {
        assert_eq!(
            ConcurrencyLimit::from_input(Some("10000")),
            Err("Concurrency Limit can be at most 1,000.".into())
        );
        assert_eq!(
            ConcurrencyLimit::from_input(Some("1000")).unwrap().get(),
            1000
        );
    }

    #[test]
    fn a_stored_concurrency_limit_of_zero_does_not_deserialise() {
        assert!(serde_json::from_str::<ConcurrencyLimit>("0").is_err());
        assert_eq!(
            serde_json::from_str::<ConcurrencyLimit>("7").unwrap().get(),
            7
        );
    }

    #[test]
    fn mode_defaults_to_single_day_and_reads_friendly_spellings() {
        assert_eq!(Mode::from_input(None), Ok(Mode::SingleDay));
        assert_eq!(Mode::from_input(Some("Multi Day")), Ok(Mode::MultiDay));
        assert_eq!(Mode::from_input(Some("multi-day")), Ok(Mode::MultiDay));
        assert_eq!(
            Mode::from_input(Some("weekly")),
            Err("Campaign Mode must be Single Day or Multi Day.".into())
        );
        assert_eq!(
            serde_json::to_string(&Mode::MultiDay).unwrap(),
            "\"multi_day\""
        );
    }
}
