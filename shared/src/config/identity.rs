//! Who the campaign is and what it dials from: name, bot and number pool.
//! Name and bot lock after the first run (see `crate::lifecycle`).

use serde::{Deserialize, Serialize};

use super::labels;

pub use crate::names::MAX_NAME_CHARS;

/// A trimmed, non-empty campaign name of at most [`MAX_NAME_CHARS`] characters
/// without line breaks or other control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CampaignName(String);

impl CampaignName {
    /// Trims `raw` and checks it; a name of only spaces is missing.
    pub fn parse(raw: &str) -> Result<Self, String> {
        crate::names::check_name(raw, labels::CAMPAIGN_NAME).map(Self)
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CampaignName {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        Self::parse(&raw)
    }
}

impl From<CampaignName> for String {
    fn from(name: CampaignName) -> String {
        name.0
    }
}

impl std::fmt::Display for CampaignName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id of the bot that runs the conversation (a positive integer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct BotId(i64);

impl BotId {
    /// Accepts positive ids only.
    pub fn new(id: i64) -> Result<Self, String> {
        if id < 1 {
            return Err(format!(
                "{} must be one of your existing bots.",
                labels::BOT
            ));
        }
        Ok(Self(id))
    }

    /// The raw id.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for BotId {
    type Error = String;
    fn try_from(id: i64) -> Result<Self, String> {
        Self::new(id)
    }
}

impl From<BotId> for i64 {
    fn from(id: BotId) -> i64 {
        id.0
    }
}

/// The id of one outbound number (DID) configured under Carriers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct NumberId(i64);

impl NumberId {
    /// Accepts positive ids only.
    pub fn new(id: i64) -> Result<Self, String> {
        if id < 1 {
            return Err(format!("Outbound number id {id} is not a valid number."));
        }
        Ok(Self(id))
    }

    /// The raw id.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for NumberId {
    type Error = String;
    fn try_from(id: i64) -> Result<Self, String> {
        Self::new(id)
    }
}

impl From<NumberId> for i64 {
    fn from(id: NumberId) -> i64 {
        id.0
    }
}

/// The ticked outbound numbers: at least one, no repeats, in ticking order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<NumberId>", into = "Vec<NumberId>")]
pub struct NumberPool(Vec<NumberId>);

impl NumberPool {
    /// Drops repeated ids (keeping the first) and requires at least one.
    pub fn new(ids: impl IntoIterator<Item = NumberId>) -> Result<Self, String> {
        let mut pool: Vec<NumberId> = Vec::new();
        for id in ids {
            if !pool.contains(&id) {
                pool.push(id);
            }
        }
        if pool.is_empty() {
            return Err("Select at least one outbound number.".to_owned());
        }
        Ok(Self(pool))
    }

    /// The numbers, in order.
    pub fn ids(&self) -> &[NumberId] {
        &self.0
    }

    /// How many numbers the dialler rotates across.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: a pool has at least one number.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `id` is in the pool.
    pub fn contains(&self, id: NumberId) -> bool {
        self.0.contains(&id)
    }
}

impl TryFrom<Vec<NumberId>> for NumberPool {
    type Error = String;
    fn try_from(ids: Vec<NumberId>) -> Result<Self, String> {
        Self::new(ids)
    }
}

impl From<NumberPool> for Vec<NumberId> {
    fn from(pool: NumberPool) -> Self {
        pool.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed() {
        assert_eq!(
            CampaignName::parse("  Q2 Renewal Drive ").unwrap().as_str(),
            "Q2 Renewal Drive"
        );
    }

    #[test]
    fn a_name_of_only_spaces_is_required() {
        assert_eq!(
            CampaignName::parse("   "),
            Err("Campaign Name is required.".into())
        );
    }

    #[test]
    fn a_name_of_120_characters_is_accepted_and_121_is_not() {
        assert!(CampaignName::parse(&"é".repeat(120)).is_ok());
        assert_eq!(
            CampaignName::parse(&"a".repeat(121)),
            Err("Campaign Name can be at most 120 characters.".into())
        );
    }

    #[test]
    fn a_name_with_a_line_break_is_rejected() {
        assert!(CampaignName::parse("Q2\nRenewal").is_err());
    }

    #[test]
    fn a_stored_blank_name_does_not_deserialise() {
        assert!(serde_json::from_str::<CampaignName>("\" \"").is_err());
    }

    #[test]
    fn ids_must_be_positive() {
        assert!(BotId::new(0).is_err());
        assert_eq!(BotId::new(7).unwrap().get(), 7);
        assert!(NumberId::new(-1).is_err());
    }

    #[test]
    fn a_number_pool_drops_repeats_and_keeps_order() {
        let ids = [3, 1, 3, 2, 1].map(|i| NumberId::new(i).unwrap());
        let pool = NumberPool::new(ids).unwrap();
        assert_eq!(
            pool.ids().iter().map(|i| i.get()).collect::<Vec<_>>(),
            [3, 1, 2]
        );
        assert_eq!(serde_json::to_string(&pool).unwrap(), "[3,1,2]");
    }

    #[test]
    fn an_empty_number_pool_is_rejected() {
        assert_eq!(
            NumberPool::new([]),
            Err("Select at least one outbound number.".into())
        );
        assert!(serde_json::from_str::<NumberPool>("[]").is_err());
    }
}
