//! The timezone a calling window is measured in: any IANA zone, with the
//! spec's short list of suggestions for the wizard's picker.

use std::str::FromStr;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// One entry of the wizard's timezone picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestedTimezone {
    /// The IANA name stored in the configuration.
    pub iana: &'static str,
    /// The text shown in the picker, as the spec writes it.
    pub label: &'static str,
}

/// The spec's suggested timezones, in the spec's order. Any other valid IANA
/// zone is accepted too.
pub const SUGGESTED_TIMEZONES: [SuggestedTimezone; 10] = [
    SuggestedTimezone {
        iana: "Asia/Kolkata",
        label: "Asia/Kolkata (IST)",
    },
    SuggestedTimezone {
        iana: "Asia/Dubai",
        label: "Asia/Dubai (GST)",
    },
    SuggestedTimezone {
        iana: "Asia/Singapore",
        label: "Asia/Singapore (SGT)",
    },
    SuggestedTimezone {
        iana: "Asia/Tokyo",
        label: "Asia/Tokyo (JST)",
    },
    SuggestedTimezone {
        iana: "Europe/London",
        label: "Europe/London",
    },
    SuggestedTimezone {
        iana: "Europe/Berlin",
        label: "Europe/Berlin",
    },
    SuggestedTimezone {
        iana: "America/New_York",
        label: "America/New_York",
    },
    SuggestedTimezone {
        iana: "America/Chicago",
        label: "America/Chicago",
    },
    SuggestedTimezone {
        iana: "America/Los_Angeles",
        label: "America/Los_Angeles",
    },
    SuggestedTimezone {
        iana: "UTC",
        label: "UTC",
    },
];

/// A valid IANA timezone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timezone(Tz);

impl Timezone {
    /// Coordinated Universal Time, the fallback when no display timezone is known.
    pub const UTC: Timezone = Timezone(Tz::UTC);

    /// Looks up an IANA name; an exact match first, then ignoring case
    /// (`asia/kolkata` → `Asia/Kolkata`). Surrounding spaces are ignored.
    pub fn parse(raw: &str) -> Option<Self> {
        let name = raw.trim();
        if let Ok(tz) = Tz::from_str(name) {
            return Some(Self(tz));
        }
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
            .map(|tz| Self(*tz))
    }

    /// The zone's IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The zone for date arithmetic.
    pub fn tz(self) -> Tz {
        self.0
    }

    /// Every IANA zone name accepted, in alphabetical order: the wizard's
    /// full list after the spec's suggestions.
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
    }
}

impl From<Tz> for Timezone {
    fn from(tz: Tz) -> Self {
        Self(tz)
    }
}

impl TryFrom<String> for Timezone {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        Self::parse(&raw).ok_or_else(|| format!("\"{raw}\" is not an IANA timezone"))
    }
}

impl From<Timezone> for String {
    fn from(tz: Timezone) -> String {
        tz.name().to_owned()
    }
}

impl std::fmt::Display for Timezone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_list_holds_every_suggestion_and_only_zones_that_parse() {
        let all: Vec<_> = Timezone::all_names().collect();
        assert!(all.len() > 400, "{}", all.len());
        for s in SUGGESTED_TIMEZONES {
            assert!(all.contains(&s.iana), "{}", s.iana);
        }
        assert!(all.iter().all(|name| Timezone::parse(name).is_some()));
    }

    #[test]
    fn every_suggested_timezone_is_a_valid_iana_zone() {
        for s in SUGGESTED_TIMEZONES {
            assert_eq!(Timezone::parse(s.iana).map(Timezone::name), Some(s.iana));
        }
    }

    #[test]
    fn the_suggestions_follow_the_spec_order_and_labels() {
        let labels: Vec<_> = SUGGESTED_TIMEZONES.iter().map(|s| s.label).collect();
        assert_eq!(
            labels,
            [
                "Asia/Kolkata (IST)",
                "Asia/Dubai (GST)",
                "Asia/Singapore (SGT)",
                "Asia/Tokyo (JST)",
                "Europe/London",
                "Europe/Berlin",
                "America/New_York",
                "America/Chicago",
                "America/Los_Angeles",
                "UTC"
            ]
        );
    }

    #[test]
    fn any_valid_zone_is_accepted_even_outside_the_suggestions() {
        assert_eq!(
            Timezone::parse("Australia/Sydney").unwrap().name(),
            "Australia/Sydney"
        );
    }

    #[test]
    fn a_zone_name_in_the_wrong_case_is_normalised() {
        assert_eq!(
            Timezone::parse(" asia/kolkata ").unwrap().name(),
            "Asia/Kolkata"
        );
    }

    #[test]
    fn an_unknown_zone_or_an_abbreviation_is_rejected() {
        assert_eq!(Timezone::parse("Mars/Olympus"), None);
        assert_eq!(Timezone::parse("IST"), None);
        assert_eq!(Timezone::parse(""), None);
        assert!(serde_json::from_str::<Timezone>("\"Nowhere\"").is_err());
    }
}
