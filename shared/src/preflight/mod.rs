//! The pre-launch check: the spec's "Before you start", answered from the
//! data where it can be. One pure function ([`preflight`]) turns what the
//! server knows about a campaign (its bot, numbers, contacts, window and
//! pacing) into pass / warn / fail items, each with its reasons. The server
//! answers it at `GET /api/campaigns/{id}/preflight` for a stored campaign
//! and at `POST /api/preflight` ([`PreflightRequest`]) for a configuration
//! not saved yet (the wizard's Review step).
//!
//! Thresholds (decisions, docs/preflight.md):
//! - a typical call keeps its seat [`TYPICAL_CALL_SECONDS`] (ring and talk):
//!   the carriers' summed CPS × that is the most calls that can be live;
//! - more than [`CALLS_PER_NUMBER`] concurrent calls per outbound number is
//!   "few numbers for the concurrency" (carriers and answer rates suffer
//!   when one caller ID carries many simultaneous calls).

mod legal_hours;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use legal_hours::{legal_hours, window_outside, LegalHours, OutsideLegalHours, LEGAL_HOURS};

use crate::config::{CampaignConfig, CampaignInput};
pub use crate::contacts::RegionCount;
use crate::contacts::{with_commas, DefaultRegion};
use crate::window::{local_day_time, CallingWindow, LocalTimes};

/// Seconds a typical outbound call holds its seat, ringing and talking.
pub const TYPICAL_CALL_SECONDS: u32 = 45;

/// Concurrent calls per outbound number above which the pool is called few.
pub const CALLS_PER_NUMBER: u32 = 100;

/// An item's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

impl Verdict {
    /// The word shown beside an item.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "Pass",
            Verdict::Warn => "Warning",
            Verdict::Fail => "Fail",
        }
    }

    /// The sentence that heads the whole check.
    pub fn summary(self) -> &'static str {
        match self {
            Verdict::Pass => "Every check passed.",
            Verdict::Warn => "Ready to start, with warnings worth reading first.",
            Verdict::Fail => {
                "Something will stop this campaign from dialling as intended: fix the failing \
                 items before you start."
            }
        }
    }

    /// `pass`, `warn` or `fail`, as in the JSON (for a CSS class).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
        }
    }
}

/// Which question of "Before you start" an item answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Bot,
    Numbers,
    Contacts,
    Window,
    Pacing,
}

impl Check {
    /// The item's heading, in the spec's words.
    pub fn title(self) -> &'static str {
        match self {
            Check::Bot => "The bot is ready for live use",
            Check::Numbers => "The outbound numbers are configured under Carriers",
            Check::Contacts => "The contact list has clean phone numbers",
            Check::Window => "The calling time window and working days",
            Check::Pacing => "The concurrency is safe for available capacity",
        }
    }
}

/// One answered question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreflightItem {
    pub check: Check,
    pub verdict: Verdict,
    /// [`Check::title`].
    pub title: String,
    /// Why, in plain sentences; the worst first.
    pub reasons: Vec<String>,
}

/// The answer of `GET /api/campaigns/{id}/preflight`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preflight {
    /// The worst verdict of the items.
    pub verdict: Verdict,
    pub items: Vec<PreflightItem>,
}

/// The list a configuration not saved yet will have, as the browser's
/// check of its CSV counted it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PlannedContacts {
    /// Contacts the file will add (its valid rows).
    pub total: u64,
    /// Those contacts by country, most first.
    pub regions: Vec<RegionCount>,
}

/// The body of `POST /api/preflight`: the wizard's form and its file's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreflightRequest {
    /// The configuration as `POST /api/campaigns` takes it.
    pub campaign: CampaignInput,
    /// The file about to be uploaded; `null` when there is none.
    #[serde(default)]
    pub contacts: Option<PlannedContacts>,
    /// The campaign being edited: without a file, its stored list is judged.
    #[serde(default)]
    pub campaign_id: Option<i64>,
}

/// The campaign's bot as the check sees it.
#[derive(Debug, Clone)]
pub struct BotFacts {
    pub name: String,
    pub ready: bool,
    pub callback_enabled: bool,
    /// When its last passed test call ended, if one has.
    pub last_passed_test_call: Option<DateTime<Utc>>,
}

/// One selected outbound number.
#[derive(Debug, Clone)]
pub struct NumberFacts {
    pub phone: String,
    pub inbound_only: bool,
    pub carrier: String,
    pub carrier_cps: u32,
}

/// The campaign's current list.
#[derive(Debug, Clone, Default)]
pub struct ContactFacts {
    /// Contacts in the list (excluded ones included).
    pub total: u64,
    pub excluded: u64,
    /// Contacts by region code ("IN"), from their numbers; most first.
    pub by_region: Vec<RegionCount>,
    /// True for a file checked in the browser and not uploaded yet.
    pub from_file: bool,
}

/// What [`preflight`] reads.
pub struct PreflightInput<'a> {
    pub config: &'a CampaignConfig,
    /// `None` when the bot no longer exists.
    pub bot: Option<BotFacts>,
    pub numbers: Vec<NumberFacts>,
    pub contacts: ContactFacts,
    pub now: DateTime<Utc>,
    /// The campaign's zone, for times in the reasons.
    pub campaign_zone: &'a dyn LocalTimes,
    /// The operator's display zone and its name, when it differs from the campaign's.
    pub operator_zone: Option<(&'a dyn LocalTimes, String)>,
}

/// Answers every question of "Before you start".
pub fn preflight(input: &PreflightInput) -> Preflight {
    let items = vec![
        bot(input),
        numbers(input),
        contacts(input),
        window(input),
        pacing(input),
    ];
    Preflight {
        verdict: items
            .iter()
            .map(|i| i.verdict)
            .max()
            .unwrap_or(Verdict::Pass),
        items,
    }
}

/// Collects reasons, each with its verdict; the item's verdict is the worst.
struct Item {
    check: Check,
    found: Vec<(Verdict, String)>,
}

impl Item {
    fn new(check: Check) -> Self {
        Self {
            check,
            found: Vec::new(),
        }
    }

    fn say(&mut self, verdict: Verdict, reason: impl Into<String>) {
        self.found.push((verdict, reason.into()));
    }

    fn done(mut self) -> PreflightItem {
        // Stable: reasons of one verdict keep their order.
        self.found.sort_by_key(|(v, _)| std::cmp::Reverse(*v));
        PreflightItem {
            check: self.check,
            verdict: self
                .found
                .first()
                .map_or(Verdict::Pass, |(verdict, _)| *verdict),
            title: self.check.title().to_owned(),
            reasons: self.found.into_iter().map(|(_, reason)| reason).collect(),
        }
    }
}

fn bot(input: &PreflightInput) -> PreflightItem {
    let mut item = Item::new(Check::Bot);
    let Some(bot) = &input.bot else {
        item.say(
            Verdict::Fail,
            "The campaign's bot no longer exists: choose another in Basics.",
        );
        return item.done();
    };
    match (bot.ready, bot.last_passed_test_call) {
        (true, Some(at)) => item.say(
            Verdict::Pass,
            format!(
                "{} is marked ready for live use; its last test call passed {}.",
                bot.name,
                local_day_time(at, input.campaign_zone)
            ),
        ),
        (true, None) => item.say(
            Verdict::Warn,
            format!(
                "{} is marked ready but has never passed a test call: place one with Test call \
                 on the Bots page before live calls.",
                bot.name
            ),
        ),
        (false, passed) => item.say(
            Verdict::Warn,
            format!(
                "{} is not marked ready: {}, then mark it ready on the Bots page.",
                bot.name,
                if passed.is_some() {
                    "its last test call passed"
                } else {
                    "place a test call with Test call"
                }
            ),
        ),
    }
    match (input.config.callback_detection(), bot.callback_enabled) {
        (true, true) => item.say(
            Verdict::Pass,
            "Callbacks: Callback Detection is on and the bot may schedule callbacks.",
        ),
        (true, false) => item.say(
            Verdict::Warn,
            format!(
                "Callback Detection is on, but {} may not schedule callbacks: no callback will be \
                 scheduled until both are on.",
                bot.name
            ),
        ),
        (false, true) => item.say(
            Verdict::Pass,
            format!(
                "Callback Detection is off: callbacks {} asks for are not scheduled.",
                bot.name
            ),
        ),
        (false, false) => item.say(Verdict::Pass, "Callbacks are off for this campaign."),
    }
    item.done()
}

fn numbers(input: &PreflightInput) -> PreflightItem {
    let mut item = Item::new(Check::Numbers);
    let selected = input.config.number_ids().len();
    if input.numbers.len() < selected {
        item.say(
            Verdict::Fail,
            format!(
                "{} of the {selected} selected numbers no longer exist: choose the pool again in \
                 Number Pool.",
                selected - input.numbers.len()
            ),
        );
    }
    let inbound: Vec<&str> = input
        .numbers
        .iter()
        .filter(|n| n.inbound_only)
        .map(|n| n.phone.as_str())
        .collect();
    if !inbound.is_empty() {
        item.say(
            Verdict::Fail,
            format!(
                "Inbound-only, so never dialled from: {}. Remove them from the pool or change them \
                 under Carriers.",
                inbound.join(", ")
            ),
        );
    }
    let outbound = input.numbers.len() - inbound.len();
    let cps = outbound_cps(&input.numbers);
    let carriers = carriers(&input.numbers);
    if outbound > 0 {
        item.say(
            Verdict::Pass,
            format!(
                "{} outbound {} on {} ({}), {cps} calls per second together.",
                outbound,
                plural(outbound as u64, "number", "numbers"),
                plural(carriers.len() as u64, "one carrier", "carriers"),
                carriers.join(", "),
            ),
        );
    } else if inbound.is_empty() && input.numbers.len() == selected {
        item.say(Verdict::Fail, "No outbound number is selected.");
    }
    item.done()
}

fn contacts(input: &PreflightInput) -> PreflightItem {
    let mut item = Item::new(Check::Contacts);
    let c = &input.contacts;
    let callable = c.total.saturating_sub(c.excluded);
    if c.total == 0 {
        let verdict = if input.config.csv_required() {
            Verdict::Fail
        } else {
            Verdict::Warn
        };
        item.say(
            verdict,
            "No contacts yet: upload a CSV in Upload CSV (or append one on the campaign page).",
        );
        return item.done();
    }
    let how = if c.from_file {
        "the file's numbers were checked in this browser and are stored in E.164 when it is \
         uploaded (its invalid rows and duplicates are left out)"
    } else {
        "every stored number was checked and normalised to E.164 when the file was uploaded \
         (invalid rows and duplicates were left out then)"
    };
    item.say(
        Verdict::Pass,
        format!(
            "{} {} to call; {how}.",
            with_commas(callable),
            plural(callable, "contact", "contacts")
        ),
    );
    if c.excluded > 0 {
        item.say(
            if callable == 0 {
                Verdict::Fail
            } else {
                Verdict::Pass
            },
            format!("{} excluded, never dialled.", with_commas(c.excluded)),
        );
    }
    if !c.by_region.is_empty() {
        let regions: Vec<String> = c
            .by_region
            .iter()
            .map(|r| format!("{} {}", region_name(&r.region), with_commas(r.contacts)))
            .collect();
        item.say(Verdict::Pass, format!("Countries: {}.", regions.join(", ")));
    }
    item.done()
}

fn window(input: &PreflightInput) -> PreflightItem {
    let mut item = Item::new(Check::Window);
    let window = CallingWindow::from_config(input.config);
    let zone = window.timezone().name();
    match window.next_opening(input.now) {
        None => item.say(
            Verdict::Fail,
            "The window never opens: no working day has a calling window.",
        ),
        Some(at) if at <= input.now => {
            item.say(Verdict::Pass, format!("The window is open now ({zone})."))
        }
        Some(at) => {
            let mut when = format!(
                "The window next opens {} ({zone})",
                local_day_time(at, input.campaign_zone)
            );
            if let Some((operator, name)) = &input.operator_zone {
                when.push_str(&format!(", {} in {name}", local_day_time(at, *operator)));
            }
            when.push('.');
            item.say(Verdict::Pass, when);
        }
    }
    for RegionCount {
        region,
        contacts: count,
    } in &input.contacts.by_region
    {
        let Some(hours) = legal_hours(region) else {
            continue;
        };
        let Some(outside) = window_outside(&window, hours, input.now) else {
            item.say(
                Verdict::Pass,
                format!(
                    "{}: the window is inside the usual legal calling hours there ({}–{}).",
                    region_name(region),
                    hm(hours.from),
                    hm(hours.until)
                ),
            );
            continue;
        };
        item.say(
            Verdict::Warn,
            format!(
                "{} {} in {}: the window is {}–{} in {}, outside the usual legal calling hours \
                 {}–{} local time ({}).",
                with_commas(*count),
                plural(*count, "contact", "contacts"),
                region_name(region),
                outside.local_from.format("%H:%M"),
                outside.local_until.format("%H:%M"),
                outside.zone.name(),
                hm(hours.from),
                hm(hours.until),
                hours.source
            ),
        );
    }
    item.done()
}

fn pacing(input: &PreflightInput) -> PreflightItem {
    let mut item = Item::new(Check::Pacing);
    let concurrency = input.config.concurrency_limit().get();
    let cps = outbound_cps(&input.numbers);
    let outbound = input.numbers.iter().filter(|n| !n.inbound_only).count() as u32;
    if outbound == 0 {
        item.say(Verdict::Fail, "No outbound number: nothing can be dialled.");
        return item.done();
    }
    let reachable = cps * TYPICAL_CALL_SECONDS;
    if reachable < concurrency {
        item.say(
            Verdict::Warn,
            format!(
                "At {cps} calls per second and calls of about {TYPICAL_CALL_SECONDS} s, about \
                 {} calls can be live at once: a concurrency of {} will not be reached.",
                with_commas(u64::from(reachable)),
                with_commas(u64::from(concurrency))
            ),
        );
    } else {
        let fill = concurrency.div_ceil(cps.max(1));
        item.say(
            Verdict::Pass,
            format!(
                "{} concurrent calls can be reached: at {cps} calls per second the seats fill in \
                 about {fill} s.",
                with_commas(u64::from(concurrency))
            ),
        );
    }
    let per_number = concurrency.div_ceil(outbound);
    if per_number > CALLS_PER_NUMBER {
        item.say(
            Verdict::Warn,
            format!(
                "{outbound} outbound {} for {} concurrent calls: about {per_number} calls at \
                 once from each, more than {CALLS_PER_NUMBER}. Add numbers to the pool.",
                plural(u64::from(outbound), "number", "numbers"),
                with_commas(u64::from(concurrency))
            ),
        );
    }
    item.done()
}

fn outbound_cps(numbers: &[NumberFacts]) -> u32 {
    let mut seen: Vec<(&str, u32)> = Vec::new();
    for n in numbers.iter().filter(|n| !n.inbound_only) {
        if !seen.iter().any(|(c, _)| *c == n.carrier) {
            seen.push((&n.carrier, n.carrier_cps));
        }
    }
    seen.iter().map(|(_, cps)| cps).sum()
}

fn carriers(numbers: &[NumberFacts]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for n in numbers.iter().filter(|n| !n.inbound_only) {
        if !names.contains(&n.carrier) {
            names.push(n.carrier.clone());
        }
    }
    names
}

fn region_name(code: &str) -> String {
    DefaultRegion::parse(code).map_or_else(|_| code.to_owned(), |r| r.name())
}

fn hm((h, m): (u32, u32)) -> String {
    format!("{h:02}:{m:02}")
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests;
