//! Names, descriptions, labels and the calls-per-second limit.

use outdial_shared::api::{CPS_LIMIT_MAX, CPS_LIMIT_MIN};

const NAME_MAX_CHARS: usize = 100;
const DESCRIPTION_MAX_CHARS: usize = 2000;

/// A trimmed, non-blank name of at most 100 characters without control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim();
        if name.is_empty() {
            return Err("Enter a name.".into());
        }
        if name.chars().count() > NAME_MAX_CHARS {
            return Err(format!("Use at most {NAME_MAX_CHARS} characters."));
        }
        if name.chars().any(char::is_control) {
            return Err("Use letters, digits, spaces and punctuation only.".into());
        }
        Ok(Name(name.to_string()))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Free text of at most 2000 characters, trimmed; may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description(String);

impl Description {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.chars().count() > DESCRIPTION_MAX_CHARS {
            return Err(format!("Use at most {DESCRIPTION_MAX_CHARS} characters."));
        }
        Ok(Description(text.to_string()))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A number's optional label such as "Support team": blank means none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label(Option<String>);

impl Label {
    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        let label = raw.map(str::trim).unwrap_or_default();
        if label.is_empty() {
            return Ok(Label(None));
        }
        Name::parse(label)
            .map(|name| Label(Some(name.into_inner())))
            .map_err(|message| message.replace("Enter a name.", "Enter a label."))
    }

    pub fn into_inner(self) -> Option<String> {
        self.0
    }
}

/// A carrier's calls-per-second limit, 1..=1000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpsLimit(i32);

impl CpsLimit {
    pub fn parse(raw: i64) -> Result<Self, String> {
        if (CPS_LIMIT_MIN..=CPS_LIMIT_MAX).contains(&raw) {
            Ok(CpsLimit(raw as i32))
        } else {
            Err(format!(
                "The calls-per-second limit must be between {CPS_LIMIT_MIN} and {CPS_LIMIT_MAX}."
            ))
        }
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_must_not_be_blank() {
        assert_eq!(
            Name::parse("  Sales bot ").unwrap().into_inner(),
            "Sales bot"
        );
        assert_eq!(Name::parse("   ").unwrap_err(), "Enter a name.");
        assert!(Name::parse(&"x".repeat(101)).is_err());
        assert!(Name::parse(&"é".repeat(100)).is_ok());
        assert!(Name::parse("tab\there").is_err());
    }

    #[test]
    fn a_blank_label_is_no_label() {
        assert_eq!(Label::parse(Some("  ")).unwrap().into_inner(), None);
        assert_eq!(Label::parse(None).unwrap().into_inner(), None);
        assert_eq!(
            Label::parse(Some(" Support team ")).unwrap().into_inner(),
            Some("Support team".into())
        );
    }

    #[test]
    fn the_cps_limit_is_between_one_and_a_thousand() {
        assert_eq!(CpsLimit::parse(1).unwrap().get(), 1);
        assert_eq!(CpsLimit::parse(1000).unwrap().get(), 1000);
        assert!(CpsLimit::parse(0).is_err());
        assert!(CpsLimit::parse(1001).is_err());
        assert!(CpsLimit::parse(i64::MAX).is_err());
    }
}
