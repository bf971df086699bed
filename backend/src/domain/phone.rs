//! Outbound numbers in E.164, read with the shared contact reader's own
//! normaliser (`outdial_shared::contacts::normalise`, libphonenumber's
//! metadata), so a carrier's number and a contact's number follow one rule.

use outdial_shared::contacts::{self, DefaultRegion, PhoneError};

/// An ISO 3166 region such as `IN`, used to read numbers written without a
/// country code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(DefaultRegion);

impl Region {
    pub fn parse(raw: &str) -> Result<Self, String> {
        DefaultRegion::parse(raw)
            .map(Region)
            .map_err(|error| error.to_string())
    }

    /// The region of an E.164 number, when the metadata names one.
    pub fn of_number(e164: &str) -> Option<Self> {
        DefaultRegion::of_number(e164).map(Region)
    }
}

/// A valid phone number, held in E.164 (`+14155552671`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct E164Number(String);

impl E164Number {
    /// Reads `raw` in any common format (`+1 415-555-2671`, `(415) 555 2671`
    /// with region `US`); a number without a country code needs `region`.
    pub fn parse(raw: &str, region: Option<Region>) -> Result<Self, String> {
        match contacts::normalise(raw, region.map(|r| r.0)) {
            Ok(number) => Ok(E164Number(number.as_str().to_string())),
            Err(PhoneError::Empty) => Err("Enter a phone number.".into()),
            Err(PhoneError::NoCountryCode(value)) => Err(format!(
                "{value:?} has no country code; give it as +<country code><number>, \
                 such as +14155552671, or set default_region."
            )),
            Err(other) => Err(capitalised(&other.to_string())),
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The shared reasons are written to follow a row number; here they start a sentence.
fn capitalised(reason: &str) -> String {
    let mut chars = reason.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(raw: &str, region: Option<&str>) -> Result<String, String> {
        let region = region.map(|r| Region::parse(r).unwrap());
        E164Number::parse(raw, region).map(E164Number::into_inner)
    }

    #[test]
    fn common_formats_become_e164() {
        assert_eq!(e164("+1 (415) 555-2671", None).unwrap(), "+14155552671");
        assert_eq!(e164("+91 98765 43210", None).unwrap(), "+919876543210");
        assert_eq!(e164("(415) 555 2671", Some("us")).unwrap(), "+14155552671");
        assert_eq!(e164("098765 43210", Some("IN")).unwrap(), "+919876543210");
        assert_eq!(
            e164("0044 20 7946 0958", Some("GB")).unwrap(),
            "+442079460958"
        );
    }

    #[test]
    fn a_number_without_country_code_or_region_is_refused() {
        assert!(e164("4155552671", None)
            .unwrap_err()
            .contains("country code"));
        assert_eq!(e164("  ", None).unwrap_err(), "Enter a phone number.");
    }

    #[test]
    fn garbage_and_impossible_numbers_are_refused() {
        assert!(e164("hello", Some("US")).unwrap_err().contains("letters"));
        assert!(e164("+1 123", None).is_err());
        assert!(Region::parse("Narnia").is_err());
    }
}
