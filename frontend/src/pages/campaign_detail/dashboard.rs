//! The campaign's live figures: contacts by state as a stacked bar, live
//! calls against the Concurrency Limit as a gauge, the answer rate, attempts
//! per hour (named in the campaign's timezone), outcomes by disposition and
//! the bot's business dispositions. Each follows the stats the campaign's
//! stream pushes ([`crate::live::StatsFeed`]); what each draws is worked out
//! by `outdial_shared::dashboard`.

use leptos::prelude::*;
use outdial_shared::api::CampaignStats;
use outdial_shared::config::Timezone;
use outdial_shared::dashboard::{
    answer_rate, business_rows, contact_segments, gauge, hourly_bars, outcome_rows, share_text,
};

use crate::browser;
use crate::components::charts::bar_list::BarList;
use crate::components::charts::contacts_bar::ContactsBar;
use crate::components::charts::gauge::LiveCallsGauge;
use crate::components::charts::hour_chart::HourChart;
use crate::zone;

/// How often the chart's 24 hours move on when no figures arrive.
const CLOCK_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

#[component]
pub fn Dashboard(
    stats: Signal<Option<CampaignStats>>,
    /// The campaign's Concurrency Limit.
    limit: u64,
    /// The campaign's timezone (the chart's hours and the callback times).
    tz: Timezone,
) -> impl IntoView {
    let clock = browser::ticking_clock(CLOCK_EVERY);
    let segments = Signal::derive(move || {
        stats.with(|s| {
            s.as_ref()
                .map(|s| contact_segments(&s.contacts, &s.done_reasons))
                .unwrap_or_default()
        })
    });
    let seats = Signal::derive(move || {
        gauge(
            stats.with(|s| s.as_ref().map_or(0, |s| s.live_calls)),
            limit,
        )
    });
    let hours = Signal::derive(move || {
        clock.track();
        let now = browser::now();
        stats.with(|s| {
            hourly_bars(
                s.as_ref().map_or(&[][..], |s| &s.attempts_per_hour),
                now,
                &*zone::of(tz),
            )
        })
    });
    let outcomes =
        Signal::derive(move || stats.with(|s| s.as_ref().map(outcome_rows).unwrap_or_default()));
    let business =
        Signal::derive(move || stats.with(|s| s.as_ref().map(business_rows).unwrap_or_default()));
    let rate = move || stats.with(|s| s.as_ref().map(answer_rate));
    let figure = move |read: fn(&CampaignStats) -> u64| {
        move || browser::thousands(stats.with(|s| s.as_ref().map_or(0, read)))
    };
    let next_callback = move || {
        stats.with(|s| {
            s.as_ref()
                .and_then(|s| s.next_callback_at)
                .map(|at| format!("Next at {}", zone::day_time(at, tz)))
        })
    };

    view! {
        <Show
            when=move || stats.with(Option::is_some)
            fallback=|| view! { <p class="loading">"Loading live figures…"</p> }
        >
            <div class="dashboard">
                <section class="card chart-card wide" aria-labelledby="contacts-title">
                    <h2 id="contacts-title">"Contacts"</h2>
                    <ContactsBar segments />
                </section>
                <section class="card chart-card" aria-labelledby="seats-title">
                    <h2 id="seats-title">"Live calls"</h2>
                    <LiveCallsGauge gauge=seats />
                    <p class="chart-caption">"of the Concurrency Limit"</p>
                </section>
                <section class="card chart-card" aria-labelledby="rate-title">
                    <h2 id="rate-title">"Answer rate"</h2>
                    <p class="big-figure">
                        {move || {
                            rate()
                                .and_then(|r| r.percent)
                                .map(share_text)
                                .unwrap_or_else(|| "—".to_owned())
                        }}
                    </p>
                    <p class="chart-caption">
                        {move || match rate() {
                            Some(r) if r.ended > 0 => format!(
                                "{} of {} ended attempts answered by a person",
                                browser::thousands(r.answered),
                                browser::thousands(r.ended),
                            ),
                            _ => "No attempt has ended yet".to_owned(),
                        }}
                    </p>
                </section>
                <section class="card chart-card" aria-labelledby="totals-title">
                    <h2 id="totals-title">"Attempts"</h2>
                    <p class="big-figure">{figure(|s| s.attempts_total)}</p>
                    <p class="chart-caption">"every run"</p>
                    <h3>"Callbacks scheduled"</h3>
                    <p class="figure">{figure(|s| s.callbacks_scheduled)}</p>
                    <p class="chart-caption">{next_callback}</p>
                </section>
                <section class="card chart-card wide" aria-labelledby="hours-title">
                    <h2 id="hours-title">"Attempts per hour"</h2>
                    <HourChart bars=hours zone=tz.name().to_owned() />
                </section>
                <section class="card chart-card half" aria-labelledby="outcomes-title">
                    <h2 id="outcomes-title">"Outcomes"</h2>
                    <BarList rows=outcomes label="Outcomes by disposition" empty="No attempt has ended yet." />
                </section>
                <section class="card chart-card half" aria-labelledby="business-title">
                    <h2 id="business-title">"Business dispositions"</h2>
                    <BarList
                        rows=business
                        label="Business dispositions"
                        empty="The bot has reported no business disposition yet."
                    />
                </section>
            </div>
        </Show>
    }
}
