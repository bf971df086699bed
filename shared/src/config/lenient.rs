//! Forgiving readers for what operators and scripts send: numbers as JSON
//! numbers, numeric strings, `""` or `null`; flags as booleans or `"true"`;
//! lists as arrays or comma-separated strings. They only gather raw values;
//! the spec's defaults, clamping and bounds are applied in [`bounded_or_default`].

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

/// Reads a number-ish JSON value as the text an operator would have typed.
pub(crate) fn number_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(NumberText)
}

struct NumberText;

impl<'de> Visitor<'de> for NumberText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a numeric string, an empty string or null")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Reads an id: a number or numeric string; `""` and `null` mean "none".
pub(crate) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(LooseId::deserialize(d)?.0)
}

/// Reads a list of ids, skipping `null` and `""` entries; `null` is an empty list.
pub(crate) fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    let list: Option<Vec<LooseId>> = Option::deserialize(d)?;
    Ok(list
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| i.0)
        .collect())
}

struct LooseId(Option<i64>);

impl<'de> Deserialize<'de> for LooseId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = number_text(d)?;
        match text.as_deref().map(str::trim) {
            None | Some("") => Ok(LooseId(None)),
            Some(t) => t
                .parse::<i64>()
                .map(|v| LooseId(Some(v)))
                .map_err(|_| de::Error::custom(format!("\"{t}\" is not a whole-number id"))),
        }
    }
}

/// Reads a flag: a boolean, `"true"`/`"false"` (any case), `""` or `null` (off).
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(Flag)
}

struct Flag;

impl<'de> Visitor<'de> for Flag {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("true, false or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" | "" => Ok(false),
            _ => Err(E::custom(format!("\"{v}\" is not true or false"))),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// Reads a list of names given either as an array of strings or as one
/// comma-separated string; `null` is an empty list. Pieces are not yet trimmed.
pub(crate) fn name_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(NameList)
}

struct NameList;

impl<'de> Visitor<'de> for NameList {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of names or a comma-separated string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(split_comma_list(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = seq.next_element::<Option<String>>()? {
            names.extend(name);
        }
        Ok(names)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
}

/// Splits the Custom Retry Dispositions text box into its pieces.
pub fn split_comma_list(text: &str) -> Vec<String> {
    text.split(',').map(str::to_owned).collect()
}

/// Applies the spec's "defaults to `default` if blank or below 1" rule to
/// typed text, then the upper bound `max`. Errors name the field by `label`.
pub(crate) fn bounded_or_default(
    raw: Option<&str>,
    default: u32,
    max: u32,
    label: &str,
) -> Result<u32, String> {
    let text = raw.map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Ok(default);
    }
    let too_large = || format!("{label} can be at most {}.", group_thousands(max));
    if let Ok(whole) = text.parse::<i128>() {
        return match whole {
            w if w < 1 => Ok(default),
            w if w > i128::from(max) => Err(too_large()),
            w => Ok(w as u32),
        };
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v < 1.0 => Ok(default),
        Ok(v) if v.is_finite() && v.fract() == 0.0 && v > f64::from(max) => Err(too_large()),
        Ok(v) if v.is_finite() && v.fract() == 0.0 => Ok(v as u32),
        _ => Err(format!("{label} must be a whole number.")),
    }
}

/// `10080` → `"10,080"`, the way operators read numbers.
pub(crate) fn group_thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounded(raw: Option<&str>) -> Result<u32, String> {
        bounded_or_default(raw, 50, 1000, "Concurrency Limit")
    }

    #[test]
    fn blank_zero_and_negative_text_take_the_default() {
        for raw in [
            None,
            Some(""),
            Some("   "),
            Some("0"),
            Some("-7"),
            Some("0.5"),
        ] {
            assert_eq!(bounded(raw), Ok(50), "{raw:?}");
        }
    }

    #[test]
    fn whole_numbers_with_spaces_or_a_trailing_point_zero_are_read() {
        assert_eq!(bounded(Some(" 12 ")), Ok(12));
        assert_eq!(bounded(Some("12.0")), Ok(12));
        assert_eq!(bounded(Some("1000")), Ok(1000));
    }

    #[test]
    fn fractions_and_words_are_not_whole_numbers() {
        for raw in ["2.5", "ten", "1,000", "NaN", "inf"] {
            assert_eq!(
                bounded(Some(raw)),
                Err("Concurrency Limit must be a whole number.".into()),
                "{raw}"
            );
        }
    }

    #[test]
    fn values_above_the_bound_are_rejected_even_when_huge() {
        let err = Err("Concurrency Limit can be at most 1,000.".to_string());
        assert_eq!(bounded(Some("1001")), err);
        assert_eq!(
            bounded(Some("99999999999999999999999999999999999999999")),
            err
        );
        assert_eq!(bounded(Some("1e30")), err);
    }

    #[test]
    fn thousands_are_grouped_with_commas() {
        assert_eq!(group_thousands(7), "7");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(10080), "10,080");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }

    #[test]
    fn a_comma_separated_string_is_split_into_pieces() {
        assert_eq!(split_comma_list("a, b,,c"), ["a", " b", "", "c"]);
    }
}
