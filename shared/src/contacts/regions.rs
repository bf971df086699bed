//! The countries of a contact list, counted from its numbers: the figure the
//! pre-launch check judges the calling window against (docs/preflight.md).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::phone::DefaultRegion;

/// One country's share of a contact list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionCount {
    /// ISO 3166 region code ("IN"); [`UNKNOWN_REGION`] when the phone
    /// metadata names none for a number.
    pub region: String,
    pub contacts: u64,
}

/// The code given to numbers whose region is unknown.
pub const UNKNOWN_REGION: &str = "ZZ";

/// Digits of a number kept to group it: the country code and, in the +1
/// plan, the area code, which is what tells the US and Canada apart.
const PREFIX_DIGITS: u32 = 4;

/// Counts numbers (E.164 digits as [`super::E164::as_u64`]) by country,
/// most first, ties by code. Numbers are grouped by their first four digits
/// and each group is named from one of its numbers, so the phone metadata is
/// read once a group, not once a number.
pub fn count_regions(numbers: impl Iterator<Item = u64>) -> Vec<RegionCount> {
    let mut groups: HashMap<u64, (u64, u64)> = HashMap::new();
    for number in numbers {
        let digits = number.checked_ilog10().map_or(1, |d| d + 1);
        let prefix = number / 10u64.pow(digits.saturating_sub(PREFIX_DIGITS));
        groups.entry(prefix).or_insert((number, 0)).1 += 1;
    }
    let mut regions: HashMap<String, u64> = HashMap::new();
    for (sample, count) in groups.into_values() {
        *regions.entry(region_of(&format!("+{sample}"))).or_default() += count;
    }
    sorted(regions)
}

/// Counts samples of E.164 numbers (`"+14155550100"`, each with how many
/// contacts it stands for) by country, most first, ties by code.
pub fn count_sampled_regions(samples: impl IntoIterator<Item = (String, u64)>) -> Vec<RegionCount> {
    let mut regions: HashMap<String, u64> = HashMap::new();
    for (sample, count) in samples {
        *regions.entry(region_of(&sample)).or_default() += count;
    }
    sorted(regions)
}

fn region_of(e164: &str) -> String {
    DefaultRegion::of_number(e164).map_or_else(|| UNKNOWN_REGION.to_owned(), |r| r.code())
}

fn sorted(regions: HashMap<String, u64>) -> Vec<RegionCount> {
    let mut regions: Vec<RegionCount> = regions
        .into_iter()
        .map(|(region, contacts)| RegionCount { region, contacts })
        .collect();
    regions.sort_by(|a, b| {
        b.contacts
            .cmp(&a.contacts)
            .then_with(|| a.region.cmp(&b.region))
    });
    regions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(region: &str, contacts: u64) -> RegionCount {
        RegionCount {
            region: region.into(),
            contacts,
        }
    }

    #[test]
    fn numbers_are_counted_by_country_most_first_with_the_us_and_canada_apart() {
        let numbers = [
            14155550100u64,
            14155550101,
            16135550100, // Ottawa
            919876543210,
            917000000001,
            912240000001,
        ];
        assert_eq!(
            count_regions(numbers.into_iter()),
            [count("IN", 3), count("US", 2), count("CA", 1)]
        );
    }

    #[test]
    fn a_number_of_no_known_region_is_counted_as_unknown() {
        // +800 is the international freephone code: no region.
        assert_eq!(
            count_regions([80012345678u64].into_iter()),
            [count(UNKNOWN_REGION, 1)]
        );
    }

    #[test]
    fn samples_are_merged_by_their_region() {
        assert_eq!(
            count_sampled_regions([
                ("+14155550100".to_owned(), 3),
                ("+14165550100".to_owned(), 2),
                ("+912240000001".to_owned(), 4),
                ("+917000000001".to_owned(), 4),
            ]),
            [count("IN", 8), count("US", 3), count("CA", 2)]
        );
    }

    #[test]
    fn an_empty_list_has_no_countries() {
        assert!(count_regions(std::iter::empty()).is_empty());
    }
}
