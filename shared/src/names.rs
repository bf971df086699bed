//! One rule for every name an operator types — a campaign's, a bot's, a
//! carrier's, a number's label, an API token's — and the other short inputs
//! of bots and carriers, so the browser's forms and the server agree.
//! Each `parse` returns the value or a sentence for the operator.

use crate::api::{CPS_LIMIT_MAX, CPS_LIMIT_MIN};

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// The longest description accepted, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2000;

/// Trims `raw` and checks it as a name called `label` in messages: not
/// blank ("Name is required."), at most [`MAX_NAME_CHARS`] characters, no
/// line breaks or other control characters.
pub fn check_name(raw: &str, label: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(format!("{label} is required."));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "{label} can be at most {MAX_NAME_CHARS} characters."
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "{label} cannot contain line breaks or other control characters."
        ));
    }
    Ok(name.to_owned())
}

/// The name of a bot, a carrier or an API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    /// A trimmed, checked name (see [`check_name`]).
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_name(raw, "Name").map(Name)
    }

    /// The name as text.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Free text of at most [`MAX_DESCRIPTION_CHARS`] characters, trimmed; may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description(String);

impl Description {
    /// A trimmed description.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(format!(
                "Description can be at most {MAX_DESCRIPTION_CHARS} characters."
            ));
        }
        Ok(Description(text.to_owned()))
    }

    /// The description as text.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A number's optional label such as "Support team": blank means none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label(Option<String>);

impl Label {
    /// A trimmed label, or none when blank.
    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        match raw.map(str::trim).unwrap_or_default() {
            "" => Ok(Label(None)),
            label => check_name(label, "Label").map(|l| Label(Some(l))),
        }
    }

    /// The label, if any.
    pub fn into_inner(self) -> Option<String> {
        self.0
    }
}

/// A carrier's calls-per-second limit, [`CPS_LIMIT_MIN`]..=[`CPS_LIMIT_MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpsLimit(i32);

impl CpsLimit {
    /// A limit in range.
    pub fn parse(raw: i64) -> Result<Self, String> {
        if (CPS_LIMIT_MIN..=CPS_LIMIT_MAX).contains(&raw) {
            Ok(CpsLimit(raw as i32))
        } else {
            Err(format!(
                "The calls-per-second limit must be between {CPS_LIMIT_MIN} and {CPS_LIMIT_MAX}."
            ))
        }
    }

    /// A limit typed in a form: a whole number in range.
    pub fn from_text(raw: &str) -> Result<Self, String> {
        match raw.trim().parse::<i64>() {
            Ok(value) => Self::parse(value),
            Err(_) => Err(format!(
                "The calls-per-second limit must be a whole number between {CPS_LIMIT_MIN} and {CPS_LIMIT_MAX}."
            )),
        }
    }

    /// The limit.
    pub fn get(self) -> i32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_trimmed_required_and_at_most_120_characters() {
        assert_eq!(
            Name::parse("  Sales bot ").unwrap().into_inner(),
            "Sales bot"
        );
        assert_eq!(Name::parse("   ").unwrap_err(), "Name is required.");
        assert!(Name::parse(&"é".repeat(120)).is_ok());
        assert_eq!(
            Name::parse(&"x".repeat(121)).unwrap_err(),
            "Name can be at most 120 characters."
        );
        assert!(Name::parse("tab\there").is_err());
        assert_eq!(
            check_name("", "Campaign Name").unwrap_err(),
            "Campaign Name is required."
        );
    }

    #[test]
    fn a_blank_label_is_no_label() {
        assert_eq!(Label::parse(Some("  ")).unwrap().into_inner(), None);
        assert_eq!(Label::parse(None).unwrap().into_inner(), None);
        assert_eq!(
            Label::parse(Some(" Support team ")).unwrap().into_inner(),
            Some("Support team".into())
        );
        assert_eq!(
            Label::parse(Some(&"x".repeat(121))).unwrap_err(),
            "Label can be at most 120 characters."
        );
    }

    #[test]
    fn a_description_may_be_empty_and_is_at_most_2000_characters() {
        assert_eq!(Description::parse("  ").unwrap().into_inner(), "");
        assert!(Description::parse(&"x".repeat(2001)).is_err());
    }

    #[test]
    fn the_cps_limit_is_between_one_and_a_thousand() {
        assert_eq!(CpsLimit::parse(1).unwrap().get(), 1);
        assert_eq!(CpsLimit::parse(1000).unwrap().get(), 1000);
        assert!(CpsLimit::parse(0).is_err());
        assert!(CpsLimit::parse(1001).is_err());
        assert!(CpsLimit::parse(i64::MAX).is_err());
        assert_eq!(CpsLimit::from_text(" 25 ").unwrap().get(), 25);
        assert!(CpsLimit::from_text("ten").is_err());
    }
}
