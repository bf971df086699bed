//! Phone numbers in E.164, read from any common format with the
//! `phonenumber` crate (Google's libphonenumber metadata).

use phonenumber::country;
use phonenumber::Mode;

/// An ISO 3166 region such as `IN`, used to read numbers written without a
/// country code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(country::Id);

impl Region {
    pub fn parse(raw: &str) -> Result<Self, String> {
        raw.trim()
            .to_ascii_uppercase()
            .parse::<country::Id>()
            .map(Region)
            .map_err(|_| format!("{:?} is not a region code such as IN or US.", raw.trim()))
    }
}

/// A valid phone number, held in E.164 (`+14155552671`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct E164Number(String);

impl E164Number {
    /// Reads `raw` in any common format (`+1 415-555-2671`, `(415) 555 2671`
    /// with region `US`, `0044 …`); a number without a country code needs `region`.
    pub fn parse(raw: &str, region: Option<Region>) -> Result<Self, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("Enter a phone number.".into());
        }
        // `00` is the international prefix almost everywhere: read it as `+`.
        let international;
        let text = match text.strip_prefix("00") {
            Some(rest) if region.is_none() => {
                international = format!("+{rest}");
                international.as_str()
            }
            _ => text,
        };
        if !text.starts_with('+') && region.is_none() {
            return Err(
                "Give the number with its country code, such as +14155552671, or set default_region."
                    .into(),
            );
        }
        let parsed = phonenumber::parse(region.map(|r| r.0), text)
            .map_err(|_| format!("{text:?} is not a phone number."))?;
        if !parsed.is_valid() {
            return Err(format!("{text:?} is not a valid phone number."));
        }
        Ok(E164Number(parsed.format().mode(Mode::E164).to_string()))
    }

    pub fn into_inner(self) -> String {
        self.0
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
        assert_eq!(e164("0044 20 7946 0958", None).unwrap(), "+442079460958");
    }

    #[test]
    fn a_number_without_country_code_or_region_is_refused() {
        assert!(e164("4155552671", None)
            .unwrap_err()
            .contains("country code"));
    }

    #[test]
    fn garbage_and_impossible_numbers_are_refused() {
        assert!(e164("hello", Some("US")).is_err());
        assert!(e164("+1 123", None).is_err());
        assert!(Region::parse("Narnia").is_err());
    }
}
