//! The forecast: the real scheduler (the dialler's engine on the in-memory
//! store and a virtual clock, as `outdial simulate` runs it) played forward
//! several times with different seeds, for this campaign's window, working
//! days, mode, pacing and retry rules, with outcome rates from its own
//! history, its carriers' or the defaults. The runs' 10th and 90th
//! percentiles are the ranges (docs/forecast.md).
//!
//! A list longer than [`SAMPLE`] contacts is sampled: each run calls
//! [`SAMPLE`] contacts at the campaign's full concurrency and CPS, and the
//! run is scaled to the whole list in the window's open hours (see
//! `scale_run`: the first pass takes the open hours the whole list's
//! attempts need at the sample's pace; the retries after it keep theirs;
//! counts scale with the list).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use outdial_shared::config::{CampaignConfig, CampaignInput, Mode};
use outdial_shared::dialler::events::{Event, EventLine};
use outdial_shared::forecast::{
    after_open_seconds, open_seconds, percentile, CountRange, Forecast, ForecastOutcome,
    RatesSource, TimeRange,
};
use outdial_shared::lifecycle::Status;
use outdial_shared::window::CallingWindow;

use crate::dialler::simulate::scenario::{CarrierSpec, ContactsSpec, Scenario};
use crate::dialler::simulate::{run, EventOut};
use crate::dialler::telephony::simulated::{OutcomeModel, Seconds};

/// Contacts each run calls at most; longer lists are sampled.
pub const SAMPLE: u64 = 2_000;
/// Runs (seeds) a forecast makes.
pub const RUNS: u32 = 5;
/// Days a run is played forward at most.
pub const HORIZON_DAYS: u32 = 90;
/// Ended attempts needed before a history's rates are trusted.
pub const MIN_HISTORY: u64 = 30;

/// What a forecast is made of.
#[derive(Debug, Clone)]
pub struct ForecastInput {
    pub config: CampaignConfig,
    /// The pool's outbound numbers by carrier (name, CPS, numbers).
    pub carriers: Vec<CarrierSpec>,
    /// Contacts still to call.
    pub contacts: u64,
    /// Contacts each run calls at most ([`SAMPLE`] for the API).
    pub sample: u64,
    pub outcomes: OutcomeModel,
    pub rates_from: RatesSource,
    /// Ended attempts the rates were read from (0 for the defaults).
    pub history: u64,
    /// The bot half of the callback double gate.
    pub bot_callbacks: bool,
    /// Where the forecast starts.
    pub from: DateTime<Utc>,
}

/// Ended attempts counted by outcome, to read rates from.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct History {
    pub ended: u64,
    pub connected: u64,
    pub machine: u64,
    pub rejected: u64,
    pub errors: u64,
    /// Mean seconds of the calls a person answered.
    pub talk_seconds: Option<f64>,
}

/// The rates of `history`, on top of the defaults; `None` when it is too
/// short to trust ([`MIN_HISTORY`]).
pub fn rates_of(history: &History) -> Option<OutcomeModel> {
    if history.ended < MIN_HISTORY {
        return None;
    }
    let ended = history.ended as f64;
    let mut model = OutcomeModel {
        answer_rate: history.connected as f64 / ended,
        reject_rate: history.rejected as f64 / ended,
        error_rate: history.errors as f64 / ended,
        ..OutcomeModel::default()
    };
    if history.connected > 0 {
        model.machine_rate = history.machine as f64 / history.connected as f64;
    }
    if let Some(talk) = history.talk_seconds.filter(|t| *t > 0.0) {
        model.talk_seconds = Seconds {
            min: talk * 0.5,
            max: talk * 1.5,
        };
    }
    model.check().ok().map(|()| model)
}

/// One run, as the forecast reads it.
#[derive(Debug, Clone, Default)]
struct Run {
    first_dials: u64,
    last_first_dial: Option<DateTime<Utc>>,
    /// Dials (first attempts and retries) up to the last first attempt.
    dials_in_first_pass: u64,
    dials: u64,
    last_event: Option<DateTime<Utc>>,
    completed: bool,
    remaining: u64,
    reached: u64,
}

/// Tallies a run's events.
#[derive(Default)]
struct Tally(Run);

impl EventOut for Tally {
    fn line(&mut self, line: &EventLine) -> std::io::Result<()> {
        let run = &mut self.0;
        run.last_event = Some(line.at);
        match &line.event {
            Event::Dial(dial) => {
                run.dials += 1;
                if dial.attempt_no == 1 {
                    run.first_dials += 1;
                    run.last_first_dial = Some(line.at);
                    run.dials_in_first_pass = run.dials;
                }
            }
            Event::Status(_) | Event::Answer(_) | Event::End(_) => {}
        }
        Ok(())
    }
}

/// Makes the forecast. CPU-bound: the runs go on blocking threads, side
/// by side, each with its own single-threaded runtime and no log output
/// (a run's "campaign completed" is not this server's news).
pub async fn forecast(input: ForecastInput) -> anyhow::Result<Forecast> {
    let started = std::time::Instant::now();
    let window = CallingWindow::from_config(&input.config);
    let horizon = input.from + Duration::days(i64::from(HORIZON_DAYS));
    let mut forecast = Forecast {
        outcome: ForecastOutcome::Ranges,
        from: input.from,
        contacts: input.contacts,
        first_pass_end: TimeRange {
            p10: None,
            p90: None,
        },
        campaign_end: TimeRange {
            p10: None,
            p90: None,
        },
        attempts: CountRange { p10: 0, p90: 0 },
        unreached: CountRange { p10: 0, p90: 0 },
        horizon_days: HORIZON_DAYS,
        runs: 0,
        simulated_contacts: input.contacts.min(input.sample.max(1)),
        rates_from: input.rates_from,
        answer_rate: input.outcomes.answer_rate,
        notes: vec![input.rates_from.describe(input.history)],
        took_ms: 0,
    };
    if window.next_opening(input.from).is_none() {
        forecast.outcome = ForecastOutcome::Never;
        forecast.unreached = CountRange {
            p10: input.contacts,
            p90: input.contacts,
        };
        forecast
            .notes
            .push("The calling window never opens: no working day has calling hours.".into());
        return Ok(finish(forecast, started));
    }
    if input.contacts == 0 {
        forecast.outcome = ForecastOutcome::NothingToCall;
        forecast.notes.push("No contact is left to call.".into());
        return Ok(finish(forecast, started));
    }
    let sample = forecast.simulated_contacts;
    let scale = input.contacts as f64 / sample as f64;
    if scale > 1.0 {
        forecast.notes.push(format!(
            "Sampled: each run calls {} of the {} contacts at the campaign's full concurrency and \
             CPS, and is scaled to the whole list in the window's open hours.",
            outdial_shared::contacts::with_commas(sample),
            outdial_shared::contacts::with_commas(input.contacts)
        ));
    }
    let mut handles = Vec::new();
    for seed in 0..RUNS {
        let scenario = scenario(&input, sample, u64::from(seed) + 1, horizon)?;
        handles.push(tokio::task::spawn_blocking(
            move || -> anyhow::Result<Run> {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                let mut tally = Tally::default();
                let summary = tracing::subscriber::with_default(
                    tracing::subscriber::NoSubscriber::default(),
                    || runtime.block_on(run(&scenario, &mut tally)),
                )?;
                let mut run = tally.0;
                run.completed = summary.status == Status::Completed;
                let c = &summary.contacts;
                run.remaining = c.pending + c.in_call + c.retry + c.callback;
                run.reached = c.done_reasons.get("reached").copied().unwrap_or(0);
                Ok(run)
            },
        ));
    }
    let mut runs = Vec::new();
    for handle in handles {
        runs.push(handle.await??);
    }
    forecast.runs = runs.len() as u32;
    let scaled: Vec<Scaled> = runs
        .iter()
        .map(|run| {
            let single_day = input.config.mode() == Mode::SingleDay;
            scale_run(
                run,
                single_day,
                &window,
                input.from,
                scale,
                input.contacts,
                horizon,
            )
        })
        .collect();
    let pick = |f: fn(&Scaled) -> Option<DateTime<Utc>>| {
        let values: Vec<_> = scaled.iter().map(f).collect();
        TimeRange {
            p10: percentile(&values, 10),
            p90: percentile(&values, 90),
        }
    };
    forecast.first_pass_end = pick(|s| s.first_pass_end);
    forecast.campaign_end = pick(|s| s.campaign_end);
    let count = |f: fn(&Scaled) -> u64| {
        let values: Vec<Option<u64>> = scaled.iter().map(|s| Some(f(s))).collect();
        CountRange {
            p10: percentile(&values, 10).unwrap_or(0),
            p90: percentile(&values, 90).unwrap_or(0),
        }
    };
    forecast.attempts = count(|s| s.attempts);
    forecast.unreached = count(|s| s.unreached);
    Ok(finish(forecast, started))
}

fn finish(mut forecast: Forecast, started: std::time::Instant) -> Forecast {
    forecast.took_ms = started.elapsed().as_millis() as u64;
    forecast
}

fn scenario(
    input: &ForecastInput,
    contacts: u64,
    seed: u64,
    horizon: DateTime<Utc>,
) -> anyhow::Result<Scenario> {
    let mut campaign = serde_json::to_value(CampaignInput::from(&input.config))?;
    if let Some(object) = campaign.as_object_mut() {
        object.remove("bot_id");
        object.remove("number_ids");
    }
    Ok(Scenario {
        campaign,
        carriers: input.carriers.clone(),
        contacts: ContactsSpec::Count { count: contacts },
        outcomes: input.outcomes.clone(),
        exclusions: Vec::new(),
        start: input.from,
        end: horizon,
        actions: Vec::new(),
        seed,
        bot_callbacks: input.bot_callbacks,
    })
}

/// A run scaled to the whole list.
#[derive(Debug, Clone, PartialEq)]
struct Scaled {
    first_pass_end: Option<DateTime<Utc>>,
    campaign_end: Option<DateTime<Utc>>,
    attempts: u64,
    unreached: u64,
}

/// Scales a run of a sample to the whole list (`scale` = list ÷ sample).
/// Unscaled (`scale` 1) the run is read as it is.
fn scale_run(
    run: &Run,
    single_day: bool,
    window: &CallingWindow,
    from: DateTime<Utc>,
    scale: f64,
    contacts: u64,
    horizon: DateTime<Utc>,
) -> Scaled {
    let sample = (contacts as f64 / scale).round().max(1.0) as u64;
    let first_pass = run.last_first_dial.filter(|_| run.first_dials >= sample);
    let done = run.completed || run.remaining == 0;
    let end = run.last_event.filter(|_| done);
    let unreached = sample.saturating_sub(run.reached);
    if scale <= 1.0 {
        return Scaled {
            first_pass_end: first_pass,
            campaign_end: end,
            attempts: run.dials,
            unreached,
        };
    }
    // The first pass of the whole list: its attempts at the pace the sample
    // dialled during its first pass (first attempts and the retries that
    // fell due), less the retries that still come after it (the sample's
    // own after its first pass). Retries due during a long first pass take
    // their seats first, so it is never shorter than the sample's first pass
    // scaled. The retries after it keep their hours.
    let first_open = first_pass.map(|t| {
        let own = open_seconds(window, from, t).max(1);
        let pace = run.dials_in_first_pass as f64 / own as f64;
        let after = run.dials.saturating_sub(run.dials_in_first_pass) as f64;
        let work = run.dials as f64 * scale - after;
        scaled(own, scale).max((work / pace).round() as i64)
    });
    let tail = match (first_pass, end) {
        (Some(first), Some(end)) => open_seconds(window, first, end),
        _ => 0,
    };
    let scaled_first = first_open.and_then(|s| after_open_seconds(window, from, s, horizon));
    let scaled_end = match (first_open, end) {
        (Some(s), Some(_)) => after_open_seconds(window, from, s + tail, horizon),
        _ => None,
    };
    // A Single Day run, which completes at the window's close, reaches only
    // the share of the list that day's open hours allow.
    // A sample that could not finish its own first pass that day shows the
    // day's capacity: the whole list gets no more done than it did.
    let share = match (single_day && run.completed, first_open, end) {
        (false, _, _) => 1.0,
        (true, None, _) => 1.0 / scale,
        (true, Some(s), Some(end)) if scaled_first.is_none_or(|f| f > end) && s > 0 => {
            (open_seconds(window, from, end) as f64 / s as f64).min(1.0)
        }
        (true, _, _) => 1.0,
    };
    let (first_pass_end, campaign_end) = if share < 1.0 {
        (None, end)
    } else {
        (scaled_first, scaled_end)
    };
    let reached = (run.reached as f64 * scale * share).round() as u64;
    Scaled {
        first_pass_end,
        campaign_end,
        attempts: (run.dials as f64 * scale * share).round() as u64,
        unreached: contacts.saturating_sub(reached.min(contacts)),
    }
}

fn scaled(seconds: i64, scale: f64) -> i64 {
    (seconds as f64 * scale).round() as i64
}

/// The pool's outbound numbers grouped by carrier, as a scenario takes them.
pub fn carriers_of(numbers: &[(String, String, u32)]) -> Vec<CarrierSpec> {
    let mut by_carrier: BTreeMap<String, CarrierSpec> = BTreeMap::new();
    for (phone, carrier, cps) in numbers {
        by_carrier
            .entry(carrier.clone())
            .or_insert_with(|| CarrierSpec {
                name: carrier.clone(),
                cps: (*cps).clamp(1, 1000),
                numbers: Vec::new(),
            })
            .numbers
            .push(phone.clone());
    }
    by_carrier.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_history_is_not_trusted_and_a_long_one_gives_its_rates() {
        let mut history = History {
            ended: 29,
            connected: 10,
            ..History::default()
        };
        assert!(rates_of(&history).is_none());
        history = History {
            ended: 100,
            connected: 40,
            machine: 10,
            rejected: 20,
            errors: 5,
            talk_seconds: Some(60.0),
        };
        let model = rates_of(&history).unwrap();
        assert_eq!(model.answer_rate, 0.4);
        assert_eq!(model.machine_rate, 0.25);
        assert_eq!(model.reject_rate, 0.2);
        assert_eq!(model.error_rate, 0.05);
        assert_eq!(
            (model.talk_seconds.min, model.talk_seconds.max),
            (30.0, 90.0)
        );
    }

    #[test]
    fn numbers_are_grouped_by_carrier() {
        let carriers = carriers_of(&[
            ("+912240000001".into(), "Acme".into(), 5),
            ("+912240000002".into(), "Zen".into(), 3),
            ("+912240000003".into(), "Acme".into(), 5),
        ]);
        assert_eq!(carriers.len(), 2);
        assert_eq!(carriers[0].name, "Acme");
        assert_eq!(carriers[0].numbers, ["+912240000001", "+912240000003"]);
        assert_eq!(carriers[1].cps, 3);
    }
}
