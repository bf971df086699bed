//! The spec's field labels, word for word, so the wizard's headings and the
//! error messages built from them always agree.

/// Step 1: "Campaign Name".
pub const CAMPAIGN_NAME: &str = "Campaign Name";
/// Step 1: "Bot".
pub const BOT: &str = "Bot";
/// Step 2: "Select outbound numbers".
pub const OUTBOUND_NUMBERS: &str = "Select outbound numbers";
/// Step 3: "Concurrency Limit".
pub const CONCURRENCY_LIMIT: &str = "Concurrency Limit";
/// Step 3: "Campaign Mode".
pub const CAMPAIGN_MODE: &str = "Campaign Mode";
/// Step 3: the "Single Day" mode option.
pub const SINGLE_DAY: &str = "Single Day";
/// Step 3: the "Multi Day" mode option.
pub const MULTI_DAY: &str = "Multi Day";
/// Step 3: "Always-on".
pub const ALWAYS_ON: &str = "Always-on";
/// Step 3: "Time Window: Start".
pub const WINDOW_START: &str = "Time Window: Start";
/// Step 3: "Time Window: End".
pub const WINDOW_END: &str = "Time Window: End";
/// Step 3: "Time Window: Timezone".
pub const WINDOW_TIMEZONE: &str = "Time Window: Timezone";
/// Step 3: "Working Days".
pub const WORKING_DAYS: &str = "Working Days";
/// Step 3: "Max Attempts".
pub const MAX_ATTEMPTS: &str = "Max Attempts";
/// Step 3: "Retry Delay (minutes)".
pub const RETRY_DELAY: &str = "Retry Delay (minutes)";
/// Step 3: "Retry on System Dispositions".
pub const RETRY_ON_SYSTEM_DISPOSITIONS: &str = "Retry on System Dispositions";
/// Step 3: "Custom Retry Dispositions".
pub const CUSTOM_RETRY_DISPOSITIONS: &str = "Custom Retry Dispositions";
/// Step 3: "Stop redials after a meaningful connect".
pub const STOP_REDIALS: &str = "Stop redials after a meaningful connect";
/// Step 3: "Connected longer than (seconds)", the stop rule's threshold.
pub const STOP_REDIALS_SECONDS: &str = "Connected longer than (seconds)";
/// Step 3: "Redial after a short connect".
pub const REDIAL_SHORT_CONNECT: &str = "Redial after a short connect";
/// Step 3: "Connected shorter than (seconds)", the redial rule's threshold.
pub const REDIAL_SHORT_CONNECT_SECONDS: &str = "Connected shorter than (seconds)";
/// Step 3: "Callback Detection".
pub const CALLBACK_DETECTION: &str = "Callback Detection";
/// Step 3: "Sticky exclusion".
pub const STICKY_EXCLUSION: &str = "Sticky exclusion";
/// Step 4: "Contacts (CSV upload)".
pub const CONTACTS: &str = "Contacts (CSV upload)";
