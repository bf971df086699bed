//! What the checker holds a log against: each campaign's limits and each
//! carrier's CPS.

use std::collections::{HashMap, HashSet};

use crate::config::{CampaignConfig, ConcurrencyLimit, MaxAttempts};
use crate::window::CallingWindow;

/// One campaign's limits, as configured for the run being checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRules {
    /// Concurrency Limit: live calls allowed at once.
    pub concurrency: ConcurrencyLimit,
    /// Max Attempts per contact in one run.
    pub max_attempts: MaxAttempts,
    /// When calls may start.
    pub window: CallingWindow,
    /// E.164 numbers that must never be dialled.
    pub excluded: HashSet<String>,
}

impl CampaignRules {
    /// The limits of a campaign configuration, with no exclusions.
    pub fn from_config(config: &CampaignConfig) -> Self {
        Self {
            concurrency: config.concurrency_limit(),
            max_attempts: config.max_attempts(),
            window: CallingWindow::from_config(config),
            excluded: HashSet::new(),
        }
    }

    /// The same rules with `phones` (E.164) excluded too.
    pub fn excluding<S: Into<String>>(mut self, phones: impl IntoIterator<Item = S>) -> Self {
        self.excluded.extend(phones.into_iter().map(Into::into));
        self
    }
}

/// Every campaign and carrier a log may mention.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckSetup {
    /// Campaign rules by campaign id.
    pub campaigns: HashMap<i64, CampaignRules>,
    /// CPS limits by carrier name.
    pub carriers: HashMap<String, u32>,
}

impl CheckSetup {
    /// An empty setup.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) campaign `id`.
    pub fn campaign(mut self, id: i64, rules: CampaignRules) -> Self {
        self.campaigns.insert(id, rules);
        self
    }

    /// Adds (or replaces) carrier `name` with a limit of `cps` starts per second.
    pub fn carrier(mut self, name: impl Into<String>, cps: u32) -> Self {
        self.carriers.insert(name.into(), cps);
        self
    }
}
