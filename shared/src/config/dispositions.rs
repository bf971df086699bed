//! Which call outcomes trigger a redial: the automatic (system) dispositions
//! the dialler records itself, and business dispositions from post-call
//! analysis that the operator names.

use serde::{Deserialize, Serialize};

use super::labels;

/// An automatic call outcome the dialler records when no conversation happened.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemDisposition {
    /// Rang out unanswered.
    NoAnswer,
    /// Declined by the callee or the network.
    Rejected,
    /// Ring, no reply (the carrier's RNR code).
    Rnr,
    /// The call failed for a technical reason.
    Error,
    /// The call attempt timed out.
    Timeout,
}

impl SystemDisposition {
    /// All of them, in the spec's order.
    pub const ALL: [SystemDisposition; 5] = [
        SystemDisposition::NoAnswer,
        SystemDisposition::Rejected,
        SystemDisposition::Rnr,
        SystemDisposition::Error,
        SystemDisposition::Timeout,
    ];

    /// The wire name: `no_answer`, `rejected`, `rnr`, `error`, `timeout`.
    pub fn as_str(self) -> &'static str {
        match self {
            SystemDisposition::NoAnswer => "no_answer",
            SystemDisposition::Rejected => "rejected",
            SystemDisposition::Rnr => "rnr",
            SystemDisposition::Error => "error",
            SystemDisposition::Timeout => "timeout",
        }
    }

    /// The checkbox label as the spec writes it (only RNR differs).
    pub fn label(self) -> &'static str {
        match self {
            SystemDisposition::Rnr => "RNR",
            other => other.as_str(),
        }
    }

    /// Reads a wire name in any case.
    pub fn parse(raw: &str) -> Option<Self> {
        let name = raw.trim();
        Self::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(name))
    }
}

/// The ticked system dispositions, kept in the spec's order without repeats.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(from = "Vec<SystemDisposition>", into = "Vec<SystemDisposition>")]
pub struct SystemDispositions(Vec<SystemDisposition>);

impl SystemDispositions {
    /// None ticked, the default.
    pub fn none() -> Self {
        Self::default()
    }

    /// Whether `disposition` triggers a redial.
    pub fn contains(&self, disposition: SystemDisposition) -> bool {
        self.0.contains(&disposition)
    }

    /// The ticked dispositions in spec order.
    pub fn iter(&self) -> impl Iterator<Item = SystemDisposition> + '_ {
        self.0.iter().copied()
    }

    /// Reads wire names; an unknown name is reported.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Self, String> {
        let mut ticked = Vec::new();
        for name in names {
            let name = name.as_ref();
            if name.trim().is_empty() {
                continue;
            }
            ticked.push(SystemDisposition::parse(name).ok_or_else(|| {
                format!(
                    "{}: \"{}\" is not one of no_answer, rejected, RNR, error, timeout.",
                    labels::RETRY_ON_SYSTEM_DISPOSITIONS,
                    name.trim()
                )
            })?);
        }
        Ok(ticked.into_iter().collect())
    }
}

impl FromIterator<SystemDisposition> for SystemDispositions {
    fn from_iter<I: IntoIterator<Item = SystemDisposition>>(iter: I) -> Self {
        let mut list: Vec<_> = iter.into_iter().collect();
        list.sort();
        list.dedup();
        Self(list)
    }
}

impl From<Vec<SystemDisposition>> for SystemDispositions {
    fn from(list: Vec<SystemDisposition>) -> Self {
        list.into_iter().collect()
    }
}

impl From<SystemDispositions> for Vec<SystemDisposition> {
    fn from(list: SystemDispositions) -> Self {
        list.0
    }
}

/// The longest custom disposition name accepted, in characters.
pub const MAX_CUSTOM_DISPOSITION_CHARS: usize = 64;
/// The most custom dispositions one campaign may list.
pub const MAX_CUSTOM_DISPOSITIONS: usize = 100;

/// A business disposition name: trimmed, 1–64 letters, digits, `_`, `-` or spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CustomDisposition(String);

impl CustomDisposition {
    /// Trims and checks a name.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim();
        let label = labels::CUSTOM_RETRY_DISPOSITIONS;
        if name.is_empty() {
            return Err(format!("{label}: a disposition name cannot be blank."));
        }
        if name.chars().count() > MAX_CUSTOM_DISPOSITION_CHARS {
            return Err(format!(
                "{label}: \"{name}\" is longer than {MAX_CUSTOM_DISPOSITION_CHARS} characters."
            ));
        }
        if !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
        {
            return Err(format!(
                "{label}: \"{name}\" may only contain letters, digits, underscores, hyphens and spaces."
            ));
        }
        Ok(Self(name.to_owned()))
    }

    /// The name as the operator spelt it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether a post-call disposition names this one, ignoring case and
    /// surrounding spaces.
    pub fn matches(&self, disposition: &str) -> bool {
        self.0.to_lowercase() == disposition.trim().to_lowercase()
    }
}

impl TryFrom<String> for CustomDisposition {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        Self::parse(&raw)
    }
}

impl From<CustomDisposition> for String {
    fn from(d: CustomDisposition) -> String {
        d.0
    }
}

/// The Custom Retry Dispositions list: no repeats (ignoring case; the first
/// spelling is kept), at most [`MAX_CUSTOM_DISPOSITIONS`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct CustomDispositions(Vec<CustomDisposition>);

impl CustomDispositions {
    /// Reads the pieces of the comma-separated text box (or a JSON list):
    /// trims each, drops empty pieces and repeats, checks the rest.
    pub fn parse<S: AsRef<str>>(pieces: &[S]) -> Result<Self, String> {
        let mut list: Vec<CustomDisposition> = Vec::new();
        for piece in pieces {
            if piece.as_ref().trim().is_empty() {
                continue;
            }
            let name = CustomDisposition::parse(piece.as_ref())?;
            if !list.iter().any(|kept| kept.matches(name.as_str())) {
                list.push(name);
            }
        }
        if list.len() > MAX_CUSTOM_DISPOSITIONS {
            return Err(format!(
                "{}: list at most {MAX_CUSTOM_DISPOSITIONS} dispositions.",
                labels::CUSTOM_RETRY_DISPOSITIONS
            ));
        }
        Ok(Self(list))
    }

    /// Whether a post-call disposition is in the list (case-insensitive).
    pub fn matches(&self, disposition: &str) -> bool {
        self.0.iter().any(|d| d.matches(disposition))
    }

    /// The names, in the order given.
    pub fn iter(&self) -> impl Iterator<Item = &CustomDisposition> {
        self.0.iter()
    }

    /// The names joined for the wizard's text box: `callback_requested, not_available`.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(CustomDisposition::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl TryFrom<Vec<String>> for CustomDispositions {
    type Error = String;
    fn try_from(names: Vec<String>) -> Result<Self, String> {
        Self::parse(&names)
    }
}

impl From<CustomDispositions> for Vec<String> {
    fn from(list: CustomDispositions) -> Self {
        list.0.into_iter().map(String::from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_dispositions_use_the_wire_names_and_the_spec_labels() {
        let wire: Vec<_> = SystemDisposition::ALL.iter().map(|d| d.as_str()).collect();
        assert_eq!(wire, ["no_answer", "rejected", "rnr", "error", "timeout"]);
        let labels: Vec<_> = SystemDisposition::ALL.iter().map(|d| d.label()).collect();
        assert_eq!(labels, ["no_answer", "rejected", "RNR", "error", "timeout"]);
        assert_eq!(
            serde_json::to_string(&SystemDisposition::NoAnswer).unwrap(),
            "\"no_answer\""
        );
    }

    #[test]
    fn ticked_system_dispositions_are_kept_in_spec_order_without_repeats() {
        let list = SystemDispositions::parse(&["timeout", "RNR", "no_answer", "rnr"]).unwrap();
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"["no_answer","rnr","timeout"]"#
        );
        assert!(list.contains(SystemDisposition::Rnr));
        assert!(!list.contains(SystemDisposition::Error));
    }

    #[test]
    fn an_unknown_system_disposition_is_reported() {
        assert_eq!(
            SystemDispositions::parse(&["busy"]),
            Err("Retry on System Dispositions: \"busy\" is not one of no_answer, rejected, RNR, error, timeout.".into())
        );
    }

    #[test]
    fn custom_dispositions_are_trimmed_and_empties_dropped() {
        let list = CustomDispositions::parse(&[" callback_requested", "", "  ", "not_available "])
            .unwrap();
        assert_eq!(list.to_text(), "callback_requested, not_available");
    }

    #[test]
    fn custom_dispositions_are_deduplicated_ignoring_case_keeping_the_first_spelling() {
        let list =
            CustomDispositions::parse(&["Call_Back", "call_back", "CALL_BACK", "other"]).unwrap();
        assert_eq!(Vec::<String>::from(list), ["Call_Back", "other"]);
    }

    #[test]
    fn a_custom_disposition_matches_ignoring_case() {
        let list = CustomDispositions::parse(&["Not Available"]).unwrap();
        assert!(list.matches("not available"));
        assert!(list.matches(" NOT AVAILABLE "));
        assert!(!list.matches("not_available"));
    }

    #[test]
    fn custom_dispositions_with_punctuation_are_rejected() {
        assert_eq!(
            CustomDispositions::parse(&["call-me; later"]),
            Err("Custom Retry Dispositions: \"call-me; later\" may only contain letters, digits, underscores, hyphens and spaces.".into())
        );
    }

    #[test]
    fn a_custom_disposition_of_65_characters_is_rejected() {
        assert!(CustomDisposition::parse(&"a".repeat(64)).is_ok());
        assert!(CustomDisposition::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn more_than_100_custom_dispositions_are_rejected() {
        let names: Vec<String> = (0..101).map(|i| format!("d{i}")).collect();
        assert!(CustomDispositions::parse(&names).is_err());
        assert!(CustomDispositions::parse(&names[..100]).is_ok());
    }
}
