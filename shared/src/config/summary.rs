//! A campaign's configuration as the operator reads it, row by row with
//! the spec's labels: the wizard's Review step and the campaign's detail
//! page show the same rows in the same words.

use super::{labels, BotId, CampaignConfig, NumberPool};
use crate::api::{Bot, Carrier};

/// "On" or "Off".
fn on_off(on: bool) -> &'static str {
    if on {
        "On"
    } else {
        "Off"
    }
}

fn none_if_empty(text: String) -> String {
    if text.is_empty() {
        "None".to_owned()
    } else {
        text
    }
}

/// The configuration's rows: `(label, value)`. `bot` and `numbers` are how
/// the caller names the bot and the selected numbers (it knows their names;
/// the configuration holds only their ids).
pub fn summary(
    config: &CampaignConfig,
    bot: String,
    numbers: String,
) -> Vec<(&'static str, String)> {
    let window = config.window();
    let days: Vec<String> = config
        .working_days()
        .iter()
        .map(|d| d.to_string())
        .collect();
    let system: Vec<&str> = config
        .retry_on_system_dispositions()
        .iter()
        .map(|d| d.label())
        .collect();
    let stop = config.stop_redials_after_meaningful_connect();
    let short = config.redial_after_short_connect();
    vec![
        (labels::CAMPAIGN_NAME, config.name().as_str().to_owned()),
        (labels::BOT, bot),
        ("Selected numbers", numbers),
        (
            labels::CONCURRENCY_LIMIT,
            config.concurrency_limit().get().to_string(),
        ),
        (labels::CAMPAIGN_MODE, config.mode().label().to_owned()),
        (labels::ALWAYS_ON, on_off(config.always_on()).to_owned()),
        (
            "Time window",
            format!(
                "{}–{} {}",
                window.start(),
                window.end(),
                window.timezone().name()
            ),
        ),
        (labels::WORKING_DAYS, days.join(", ")),
        (
            labels::MAX_ATTEMPTS,
            config.max_attempts().get().to_string(),
        ),
        (
            labels::RETRY_DELAY,
            config.retry_delay().minutes().to_string(),
        ),
        (
            labels::RETRY_ON_SYSTEM_DISPOSITIONS,
            none_if_empty(system.join(", ")),
        ),
        (
            labels::CUSTOM_RETRY_DISPOSITIONS,
            none_if_empty(config.custom_retry_dispositions().to_text()),
        ),
        (
            labels::STOP_REDIALS,
            if stop.enabled() {
                format!("On — connected longer than {} s", stop.seconds())
            } else {
                "Off".to_owned()
            },
        ),
        (
            labels::REDIAL_SHORT_CONNECT,
            if short.enabled() {
                format!("On — connected shorter than {} s", short.seconds())
            } else {
                "Off".to_owned()
            },
        ),
        (
            labels::CALLBACK_DETECTION,
            on_off(config.callback_detection()).to_owned(),
        ),
        (
            labels::STICKY_EXCLUSION,
            on_off(config.sticky_exclusion()).to_owned(),
        ),
    ]
}

/// The bot's name among `bots`, or "bot #7" when it is not among them.
pub fn bot_name(id: BotId, bots: &[Bot]) -> String {
    bots.iter()
        .find(|b| b.id == id.get())
        .map(|b| b.name.clone())
        .unwrap_or_else(|| format!("bot #{}", id.get()))
}

/// "2 — +919876543210 (Support), +14155552671": how many numbers, then
/// each in E.164 with its label, found among `carriers`' numbers ("number
/// #12" for one that is not).
pub fn numbers_text(pool: &NumberPool, carriers: &[Carrier]) -> String {
    let listed: Vec<String> = pool
        .ids()
        .iter()
        .map(|id| {
            let number = carriers
                .iter()
                .flat_map(|c| c.numbers.iter())
                .find(|n| n.id == id.get());
            match number {
                Some(n) => match &n.label {
                    Some(label) => format!("{} ({label})", n.number),
                    None => n.number.clone(),
                },
                None => format!("number #{}", id.get()),
            }
        })
        .collect();
    format!("{} — {}", listed.len(), listed.join(", "))
}

/// What an exclusion does under the campaign's Sticky exclusion setting,
/// for the screen where the operator excludes a number.
pub fn sticky_rule(sticky: bool) -> &'static str {
    if sticky {
        "Sticky exclusion is on: an excluded number is never dialled by this campaign, even when a contact with it is uploaded or appended again."
    } else {
        "Sticky exclusion is off: an excluded number is not dialled, but uploading or appending a contact with it again lifts the exclusion and dials it."
    }
}
