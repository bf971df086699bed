//! The callbacks the dialler will make, soonest first: who, when (in the
//! campaign's timezone), the time they asked for when the window moved it,
//! and the call in which they asked.

use leptos::prelude::*;
use outdial_shared::api::{CampaignStats, ScheduledCallback, PAGE_SIZE};
use outdial_shared::config::Timezone;

use crate::api;
use crate::components::loaded::Loaded;
use crate::components::pager::Pager;
use crate::zone;

/// "Run 1, call 2 on Mon 7 Dec, 10:05 IST (callback_requested)".
fn requested_words(callback: &ScheduledCallback, tz: Timezone) -> String {
    let Some(request) = &callback.requested_in else {
        return "—".to_owned();
    };
    let mut words = format!("Run {}, call {}", request.run_no, request.attempt_no);
    if let Some(at) = request.dialed_at {
        words.push_str(&format!(" on {}", zone::day_time(at, tz)));
    }
    if let Some(disposition) = &request.business_disposition {
        words.push_str(&format!(" ({disposition})"));
    }
    words
}

#[component]
pub fn CallbacksSection(
    campaign_id: i64,
    tz: Timezone,
    /// The live figures: a change in the callbacks' count reads the page again.
    stats: Signal<Option<CampaignStats>>,
) -> impl IntoView {
    let page = RwSignal::new(1u32);
    let scheduled = Memo::new(move |_| {
        stats.with(|s| {
            s.as_ref()
                .map(|s| (s.callbacks_scheduled, s.next_callback_at))
        })
    });
    let callbacks = LocalResource::new(move || {
        scheduled.track();
        let page = page.get();
        async move { api::callbacks(campaign_id, page).await }
    });
    view! {
        <section class="card tool-card wide callbacks" aria-labelledby="callbacks-title">
            <h2 id="callbacks-title">"Callbacks scheduled"</h2>
            <Loaded resource=callbacks loading="Loading callbacks…" let:found>
                {if found.total == 0 {
                    view! {
                        <p class="muted">
                            "No callback is scheduled. A contact who asks to be called back in a call appears here, when Callback Detection and the bot's callback setting are both on."
                        </p>
                    }
                        .into_any()
                } else {
                    let total = found.total;
                    view! {
                        <table class="data-table stack-table callback-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Phone"</th>
                                    <th scope="col">"Due"</th>
                                    <th scope="col">"Asked for"</th>
                                    <th scope="col">"Requested in"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {found
                                    .items
                                    .into_iter()
                                    .map(|callback| {
                                        let due = callback.due_at.map(|at| zone::day_time(at, tz));
                                        // Shown when the window moved the callback later.
                                        let asked = callback
                                            .requested_in
                                            .as_ref()
                                            .filter(|r| Some(r.asked_for) != callback.due_at)
                                            .map(|r| zone::day_time(r.asked_for, tz))
                                            .unwrap_or_else(|| "Same as due".to_owned());
                                        let requested = requested_words(&callback, tz);
                                        view! {
                                            <tr>
                                                <td data-label="Phone">{callback.phone_number}</td>
                                                <td data-label="Due">{due.unwrap_or_else(|| "—".to_owned())}</td>
                                                <td data-label="Asked for">{asked}</td>
                                                <td data-label="Requested in">{requested}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                        <Pager page total=Signal::derive(move || total) page_size=u64::from(PAGE_SIZE) />
                    }
                        .into_any()
                }}
            </Loaded>
        </section>
    }
}
