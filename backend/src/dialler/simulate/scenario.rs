//! A simulation scenario: the campaign (the API's configuration JSON
//! without `bot_id`/`number_ids`), its carriers and numbers, its contacts,
//! how calls turn out, exclusions, the simulated span, operator actions and
//! a seed. `outdial simulate --example` prints a documented one.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use outdial_shared::config::{CampaignConfig, CampaignInput};
use serde::{Deserialize, Serialize};

use crate::dialler::telephony::simulated::OutcomeModel;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The campaign configuration JSON of the API, without `bot_id` and
    /// `number_ids` (the carriers' numbers, in order, are its pool).
    pub campaign: serde_json::Value,
    pub carriers: Vec<CarrierSpec>,
    pub contacts: ContactsSpec,
    #[serde(default)]
    pub outcomes: OutcomeModel,
    /// E.164 numbers the campaign must never call.
    #[serde(default)]
    pub exclusions: Vec<String>,
    /// The campaign is started at this instant.
    pub start: DateTime<Utc>,
    /// The simulation stops dialling here; calls still live are followed to their end.
    pub end: DateTime<Utc>,
    #[serde(default)]
    pub actions: Vec<ActionSpec>,
    #[serde(default)]
    pub seed: u64,
    /// The bot half of the callback double gate (the bot's callback setting).
    #[serde(default = "yes")]
    pub bot_callbacks: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarrierSpec {
    pub name: String,
    pub cps: u32,
    pub numbers: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum ContactsSpec {
    /// `count` synthetic contacts, +919000000001 upwards.
    Count { count: u64 },
    /// A contact CSV, read by the upload's reader.
    Csv {
        csv: PathBuf,
        #[serde(default)]
        default_region: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    Pause,
    Resume,
    Stop,
    Restart,
    /// Drops all in-memory state and restarts from the store, as kill -9 would.
    Crash,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    pub at: DateTime<Utc>,
    pub action: ActionKind,
}

impl Scenario {
    /// Parses a scenario, naming what is wrong.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        let scenario: Scenario =
            serde_json::from_str(text).map_err(|e| format!("the scenario is not valid: {e}"))?;
        scenario.check()?;
        Ok(scenario)
    }

    fn check(&self) -> Result<(), String> {
        if self.end <= self.start {
            return Err(format!(
                "end ({}) must be after start ({})",
                self.end, self.start
            ));
        }
        if self.carriers.is_empty() || self.carriers.iter().all(|c| c.numbers.is_empty()) {
            return Err("carriers: at least one carrier with one number is needed".into());
        }
        for carrier in &self.carriers {
            if carrier.cps == 0 || carrier.cps > 1000 {
                return Err(format!(
                    "carriers: \"{}\" has cps {}; it must be 1 to 1000",
                    carrier.name, carrier.cps
                ));
            }
        }
        self.outcomes.check()?;
        self.config()?;
        Ok(())
    }

    /// How many numbers the pool has (ids 1…n in carrier order).
    pub fn number_count(&self) -> usize {
        self.carriers.iter().map(|c| c.numbers.len()).sum()
    }

    /// The campaign configuration, with bot 1 and the pool's numbers.
    pub fn config(&self) -> Result<CampaignConfig, String> {
        let mut json = self.campaign.clone();
        let Some(object) = json.as_object_mut() else {
            return Err("campaign must be a JSON object".into());
        };
        object.insert("bot_id".into(), 1.into());
        let ids: Vec<i64> = (1..=self.number_count() as i64).collect();
        object.insert("number_ids".into(), ids.into());
        let input: CampaignInput = serde_json::from_value(json)
            .map_err(|e| format!("campaign: not a campaign configuration: {e}"))?;
        input.parse().map_err(|errors| {
            let text: Vec<String> = errors
                .iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect();
            format!("campaign: {}", text.join("; "))
        })
    }
}

/// The example `outdial simulate --example` prints: a 20,000-contact Multi
/// Day campaign over a working week in India, with a pause, a crash and a
/// callback-friendly bot.
pub fn example() -> Scenario {
    let text = r#"{
  "campaign": {
    "name": "November renewals",
    "concurrency_limit": 50,
    "mode": "multi_day",
    "always_on": false,
    "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
    "working_days": ["mon", "tue", "wed", "thu", "fri"],
    "max_attempts": 3,
    "retry_delay_minutes": 30,
    "retry_on_system_dispositions": ["no_answer", "rejected", "rnr", "error", "timeout"],
    "custom_retry_dispositions": ["not_available"],
    "stop_redials_after_meaningful_connect": {"enabled": true, "seconds": 30},
    "redial_after_short_connect": {"enabled": true, "seconds": 5},
    "callback_detection": true,
    "sticky_exclusion": false
  },
  "carriers": [
    {"name": "Acme Telecom", "cps": 5, "numbers": ["+912240000001", "+912240000002"]},
    {"name": "Globe Voice", "cps": 3, "numbers": ["+918040000001"]}
  ],
  "contacts": {"count": 20000},
  "outcomes": {
    "answer_rate": 0.45, "machine_rate": 0.15, "reject_rate": 0.08, "error_rate": 0.02,
    "ring_seconds": {"min": 3, "max": 18}, "no_answer_after_seconds": 30,
    "talk_seconds": {"min": 15, "max": 150}, "machine_seconds": {"min": 5, "max": 20},
    "callback_rate": 0.05, "callback_after_minutes": {"min": 60, "max": 1440},
    "dispositions": {"not_available": 0.1}
  },
  "exclusions": ["+919000000007"],
  "start": "2026-11-30T03:00:00Z",
  "end": "2026-12-05T00:00:00Z",
  "actions": [
    {"at": "2026-11-30T06:00:00Z", "action": "pause"},
    {"at": "2026-11-30T06:10:00Z", "action": "resume"},
    {"at": "2026-12-01T08:00:00Z", "action": "crash"}
  ],
  "seed": 7,
  "bot_callbacks": true
}"#;
    Scenario::from_json(text).expect("the example scenario is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_scenario_is_valid_and_round_trips() {
        let example = example();
        let text = serde_json::to_string(&example).unwrap();
        let again = Scenario::from_json(&text).unwrap();
        assert_eq!(again.number_count(), 3);
        assert_eq!(again.config().unwrap().concurrency_limit().get(), 50);
    }

    #[test]
    fn a_bad_campaign_field_is_named() {
        let mut example = example();
        example.campaign["window"]["timezone"] = "Mars/Olympus".into();
        let error = Scenario::from_json(&serde_json::to_string(&example).unwrap()).unwrap_err();
        assert!(error.starts_with("campaign: "), "{error}");
        assert!(
            error.contains("Mars/Olympus") || error.contains("timezone"),
            "{error}"
        );
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let mut example = example();
        example.end = example.start;
        let error = Scenario::from_json(&serde_json::to_string(&example).unwrap()).unwrap_err();
        assert!(error.contains("must be after start"), "{error}");
    }
}
