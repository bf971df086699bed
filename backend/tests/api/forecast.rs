//! The forecast against simulated runs of the same campaign (other seeds):
//! its ranges hold what the scheduler then does, for a list run whole, for a
//! sampled list and for a Single Day that cannot reach everyone; and the
//! endpoints, on both engines.

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use outdial::dialler::simulate::scenario::{CarrierSpec, ContactsSpec, Scenario};
use outdial::dialler::simulate::{run, EventOut};
use outdial::forecast::{forecast, ForecastInput, SAMPLE};
use outdial_shared::config::{CampaignConfig, CampaignInput};
use outdial_shared::dialler::events::{Event, EventLine};
use outdial_shared::forecast::{Forecast, RatesSource, TimeRange};
use serde_json::{json, Value};

use crate::campaigns::{config, create_campaign, fixture, upload};
use crate::helpers::TestApp;

engine_tests!(
    a_campaigns_forecast_covers_its_contacts_with_ranges,
    an_unsaved_forms_forecast_takes_the_files_count,
);

/// Monday 2 Mar 2026, 08:00 in India.
fn monday() -> DateTime<Utc> {
    "2026-03-02T02:30:00Z".parse().unwrap()
}

fn campaign(extra: Value) -> Value {
    let mut base = json!({
        "name": "Forecast", "mode": "multi_day",
        "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "concurrency_limit": 20, "max_attempts": 3, "retry_delay_minutes": 60,
        "retry_on_system_dispositions": ["no_answer", "rejected"]
    });
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

fn parsed(campaign: &Value) -> CampaignConfig {
    let mut json = campaign.clone();
    json["bot_id"] = json!(1);
    json["number_ids"] = json!([1, 2]);
    serde_json::from_value::<CampaignInput>(json)
        .unwrap()
        .parse()
        .unwrap()
}

fn carriers() -> Vec<CarrierSpec> {
    vec![CarrierSpec {
        name: "Acme".into(),
        cps: 5,
        numbers: vec!["+912240000001".into(), "+912240000002".into()],
    }]
}

fn input(campaign: &Value, contacts: u64) -> ForecastInput {
    ForecastInput {
        config: parsed(campaign),
        carriers: carriers(),
        contacts,
        sample: 1_000,
        outcomes: Default::default(),
        rates_from: RatesSource::Defaults,
        history: 0,
        bot_callbacks: true,
        from: monday(),
    }
}

/// What a full simulation of the campaign did.
#[derive(Default)]
struct Outcome {
    first_pass_end: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    attempts: u64,
    unreached: u64,
}

#[derive(Default)]
struct Firsts(Option<DateTime<Utc>>, u64);

impl EventOut for Firsts {
    fn line(&mut self, line: &EventLine) -> std::io::Result<()> {
        if let Event::Dial(dial) = &line.event {
            if dial.attempt_no == 1 {
                self.0 = Some(line.at);
                self.1 += 1;
            }
        }
        Ok(())
    }
}

async fn simulated(campaign: &Value, contacts: u64, seed: u64) -> Outcome {
    let scenario = Scenario {
        campaign: campaign.clone(),
        carriers: carriers(),
        contacts: ContactsSpec::Count { count: contacts },
        outcomes: Default::default(),
        exclusions: Vec::new(),
        start: monday(),
        end: monday() + Duration::days(90),
        actions: Vec::new(),
        seed,
        bot_callbacks: true,
    };
    let mut firsts = Firsts::default();
    let summary = run(&scenario, &mut firsts).await.unwrap();
    let c = &summary.contacts;
    let left = c.pending + c.in_call + c.retry + c.callback;
    let done = summary.status == outdial_shared::lifecycle::Status::Completed || left == 0;
    Outcome {
        first_pass_end: firsts.0.filter(|_| firsts.1 == contacts),
        end: summary.last_event_at.filter(|_| done),
        attempts: summary.dials,
        unreached: contacts - c.done_reasons.get("reached").copied().unwrap_or(0),
    }
}

/// `at` within the range, widened by `slack` of the time from the start.
fn within(range: &TimeRange, at: Option<DateTime<Utc>>, slack: f64, what: &str) {
    let (Some(low), Some(high), Some(at)) = (range.p10, range.p90, at) else {
        panic!("{what}: {range:?} against {at:?}");
    };
    let pad = Duration::seconds(((high - monday()).num_seconds() as f64 * slack) as i64);
    assert!(
        low - pad <= at && at <= high + pad,
        "{what}: {at} outside {low} – {high} (± {pad})"
    );
}

fn count_within(p10: u64, p90: u64, value: u64, slack: f64, what: &str) {
    let pad = (p90 as f64 * slack).ceil() as u64;
    assert!(
        p10.saturating_sub(pad) <= value && value <= p90 + pad,
        "{what}: {value} outside {p10} – {p90} (± {pad})"
    );
}

fn check(forecast: &Forecast, outcome: &Outcome, slack: f64) {
    within(
        &forecast.first_pass_end,
        outcome.first_pass_end,
        slack,
        "first pass end",
    );
    within(&forecast.campaign_end, outcome.end, slack, "campaign end");
    // A 10th–90th percentile range leaves one run in five outside it by
    // design: counts may be 5 % beyond it.
    count_within(
        forecast.attempts.p10,
        forecast.attempts.p90,
        outcome.attempts,
        slack.max(0.05),
        "attempts",
    );
    count_within(
        forecast.unreached.p10,
        forecast.unreached.p90,
        outcome.unreached,
        slack.max(0.05),
        "unreached",
    );
}

#[tokio::test]
async fn a_forecast_of_a_whole_list_holds_what_other_seeds_then_do() {
    let campaign = campaign(json!({}));
    let forecast = forecast(input(&campaign, 800)).await.unwrap();
    assert_eq!(forecast.simulated_contacts, 800);
    assert!(forecast.campaign_end.p10 <= forecast.campaign_end.p90);
    for seed in [101, 202, 303] {
        check(&forecast, &simulated(&campaign, 800, seed).await, 0.03);
    }
}

#[tokio::test]
async fn a_sampled_forecast_of_a_long_list_holds_what_the_whole_list_then_does() {
    let campaign = campaign(json!({ "concurrency_limit": 30, "max_attempts": 2 }));
    let contacts = 6_000;
    let forecast = forecast(input(&campaign, contacts)).await.unwrap();
    assert_eq!(forecast.simulated_contacts, 1_000);
    assert!(
        forecast.notes.iter().any(|n| n.starts_with("Sampled")),
        "{:?}",
        forecast.notes
    );
    check(&forecast, &simulated(&campaign, contacts, 404).await, 0.10);
}

#[tokio::test]
async fn a_single_day_that_cannot_reach_everyone_forecasts_those_left_unreached() {
    let campaign = campaign(json!({ "mode": "single_day", "concurrency_limit": 2 }));
    let forecast = forecast(input(&campaign, 2_000)).await.unwrap();
    assert_eq!(forecast.first_pass_end.p90, None, "{forecast:?}");
    let outcome = simulated(&campaign, 2_000, 505).await;
    assert!(outcome.unreached > 1_000);
    count_within(
        forecast.unreached.p10,
        forecast.unreached.p90,
        outcome.unreached,
        0.05,
        "unreached",
    );
    within(&forecast.campaign_end, outcome.end, 0.01, "the day's close");
}

async fn a_campaigns_forecast_covers_its_contacts_with_ranges(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Forecast", f.bot, &[f.in_number])).await;
    upload(
        &app,
        id,
        "phone_number\n+919876500001\n+919876500002\n+919876500003\n",
    )
    .await;
    let body = app
        .get(&format!("/api/campaigns/{id}/forecast"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(body["outcome"], "ranges", "{body}");
    assert_eq!(body["contacts"], 3);
    assert_eq!(body["rates_from"], "defaults");
    assert!(body["campaign_end"]["p90"].is_string(), "{body}");
    assert!(body["attempts"]["p10"].as_u64().unwrap() >= 3, "{body}");
    assert!(body["unreached"]["p90"].as_u64().unwrap() <= 3, "{body}");
    assert!(!body["notes"].to_string().contains("Live:"), "{body}");
    // Running, it is worked out from the campaign's progress, and says so.
    app.post(&format!("/api/campaigns/{id}/start"), json!({}))
        .await
        .expect(StatusCode::OK);
    let body = app
        .get(&format!("/api/campaigns/{id}/forecast"))
        .await
        .expect(StatusCode::OK);
    let notes = body["notes"].to_string();
    assert!(
        notes.contains("Live: from the campaign's progress at")
            && notes.contains("3 still to call"),
        "{body}"
    );
}

async fn an_unsaved_forms_forecast_takes_the_files_count(app: TestApp) {
    let f = fixture(&app).await;
    let body = app
        .post(
            "/api/forecast",
            json!({ "campaign": config("Unsaved", f.bot, &[f.in_number]), "contacts": 50_000 }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(body["contacts"], 50_000, "{body}");
    assert_eq!(body["simulated_contacts"], SAMPLE, "{body}");
    app.post(
        "/api/forecast",
        json!({ "campaign": config("Unsaved", f.bot, &[f.in_number]), "contacts": 600_000 }),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
}
