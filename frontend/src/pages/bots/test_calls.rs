//! A bot's test calls on the Bots page: the operator's own phone number and
//! an outbound number to call from, Place test call, then the call followed
//! as it rings, is answered and ends (read again every second while one is
//! live), with the bot's earlier test calls below.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::api::{Bot, Carrier, NewTestCall, TestCall, TestCallStatus};

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::field_message::FieldMessage;
use crate::components::loaded::Loaded;
use crate::session::use_session;
use crate::zone;

/// How often live test calls are read again.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

#[component]
pub fn TestCallPanel(
    bot: Bot,
    /// Called when a call of this bot passes (its row shows the new time).
    on_passed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = bot.id;
    let version = RwSignal::new(0u32);
    let calls = LocalResource::new(move || {
        version.track();
        api::test_calls(id)
    });
    // While a call is live, read the list again every second; when one has
    // newly passed, the bot's row is read again too.
    let clock = browser::ticking_clock(FOLLOW_EVERY);
    let passed_seen = StoredValue::new(None::<Option<i64>>);
    Effect::new(move |_| {
        clock.track();
        let Some(Ok(list)) = calls.get_untracked() else {
            return;
        };
        if list.iter().any(|c| c.status != TestCallStatus::Ended) {
            version.update(|v| *v += 1);
        }
    });
    Effect::new(move |_| {
        let Some(Ok(list)) = calls.get() else {
            return;
        };
        let newest_passed = list.iter().find(|c| c.passed).map(|c| c.id);
        let before = passed_seen.get_value();
        passed_seen.set_value(Some(newest_passed));
        if matches!(before, Some(seen) if seen != newest_passed) {
            on_passed();
        }
    });
    let placed = Callback::new(move |()| version.update(|v| *v += 1));
    let title_id = format!("bot-{id}-test-calls");
    view! {
        <section class="test-calls" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{format!("Test calls of {}", bot.name)}</h3>
            <PlaceTestCall bot_id=id placed />
            <Loaded resource=calls loading="Loading test calls…" let:list>
                {if list.is_empty() {
                    view! { <p class="muted">"No test call yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="test-call-list">
                            {list.into_iter().map(|call| view! { <TestCallItem call /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </Loaded>
        </section>
    }
}

/// The form: the number to call and the number to call from.
#[component]
fn PlaceTestCall(bot_id: i64, placed: Callback<()>) -> impl IntoView {
    let carriers = LocalResource::new(api::carriers);
    let to = RwSignal::new(String::new());
    let from = RwSignal::new(None::<i64>);
    let to_error = RwSignal::new(None::<String>);
    let from_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let placing = RwSignal::new(false);
    let to_id = format!("bot-{bot_id}-test-to");
    let from_id = format!("bot-{bot_id}-test-from");
    let from_message = format!("{from_id}-message");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(from_number_id) = from.get_untracked() else {
            from_error.set(Some("Choose an outbound number to call from.".into()));
            return;
        };
        if to.with_untracked(|t| t.trim().is_empty()) {
            to_error.set(Some("Enter the phone number to call.".into()));
            return;
        }
        let request = NewTestCall {
            to: to.get_untracked(),
            from_number_id,
        };
        placing.set(true);
        to_error.set(None);
        from_error.set(None);
        form_error.set(None);
        spawn_local(async move {
            match api::place_test_call(bot_id, &request).await {
                Ok(_) => placed.run(()),
                Err(ApiError {
                    message, fields, ..
                }) => {
                    to_error.set(fields.get("to").cloned());
                    from_error.set(fields.get("from_number_id").cloned());
                    if fields.is_empty() {
                        form_error.set(Some(message));
                    }
                }
            }
            placing.set(false);
        });
    };
    view! {
        <form class="inline-form" on:submit=submit>
            <div class="field">
                <label for=to_id.clone()>"Phone number to call"</label>
                <input
                    id=to_id.clone()
                    type="tel"
                    autocomplete="tel"
                    placeholder="+91 98765 43210"
                    aria-describedby=format!("{to_id}-message")
                    prop:value=move || to.get()
                    on:input=move |ev| to.set(event_target_value(&ev))
                />
                <FieldMessage
                    id=format!("{to_id}-message")
                    error=to_error
                    hint="Your own phone, in any common format; without a country code it is read in the calling number's country."
                />
            </div>
            <div class="field">
                <label for=from_id.clone()>"Call from"</label>
                {
                    let from_id = from_id.clone();
                    view! {
                <Transition fallback=|| view! { <select disabled=true><option>"Loading numbers…"</option></select> }>
                    {
                        let from_id = from_id.clone();
                        move || {
                            carriers.get().map(|loaded| {
                                let options = outbound_options(&loaded.unwrap_or_default());
                                if from.get_untracked().is_none() {
                                    from.set(options.first().map(|(id, _)| *id));
                                }
                                view! {
                                    <select
                                        id=from_id.clone()
                                        aria-describedby=format!("{from_id}-message")
                                        on:change=move |ev| from.set(event_target_value(&ev).parse().ok())
                                    >
                                        {options
                                            .into_iter()
                                            .map(|(id, text)| view! {
                                                <option value=id.to_string() selected=move || from.get() == Some(id)>
                                                    {text}
                                                </option>
                                            })
                                            .collect_view()}
                                    </select>
                                }
                            })
                        }
                    }
                </Transition>
                    }
                }
                <FieldMessage
                    id=from_message
                    error=from_error
                    hint="An outbound number from Carriers: the call uses its carrier's calls per second like a campaign's."
                />
            </div>
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary" disabled=move || placing.get()>
                {move || if placing.get() { "Placing…" } else { "Place test call" }}
            </button>
        </form>
    }
}

/// Outbound numbers as `(id, "+912240000001 (Demo line 1) — Demo carrier")`.
fn outbound_options(carriers: &[Carrier]) -> Vec<(i64, String)> {
    carriers
        .iter()
        .flat_map(|carrier| {
            carrier
                .numbers
                .iter()
                .filter(|n| !n.inbound_only)
                .map(move |n| {
                    let label = n
                        .label
                        .as_ref()
                        .map(|l| format!(" ({l})"))
                        .unwrap_or_default();
                    (n.id, format!("{}{label} — {}", n.number, carrier.name))
                })
        })
        .collect()
}

/// One test call: where it is, then how it ended.
#[component]
fn TestCallItem(call: TestCall) -> impl IntoView {
    let session = use_session();
    let dialed_at = call.dialed_at;
    let outcome = outcome(&call);
    let state = if call.status != TestCallStatus::Ended {
        "live"
    } else if call.passed {
        "passed"
    } else {
        "failed"
    };
    view! {
        <li class=format!("test-call test-call-{state}")>
            <span class="test-call-status" role="status">
                {if call.status == TestCallStatus::Ended {
                    if call.passed { "Passed" } else { "Did not pass" }
                } else {
                    call.status.label()
                }}
            </span>
            <span class="test-call-route">
                {format!("{} → {}", call.from_number, call.to_number)}
            </span>
            <span class="muted">
                {move || format!(
                    "by {}, {}",
                    call.placed_by,
                    zone::dated(dialed_at, session.display_timezone())
                )}
            </span>
            {outcome.map(|text| view! { <span class="test-call-outcome">{text}</span> })}
        </li>
    }
}

/// "connected, 8 s, a person answered" / the error / nothing while live.
fn outcome(call: &TestCall) -> Option<String> {
    if call.status != TestCallStatus::Ended {
        return None;
    }
    let mut parts = Vec::new();
    if let Some(disposition) = &call.disposition {
        parts.push(disposition.clone());
    }
    if let Some(seconds) = call.duration_seconds.filter(|s| *s > 0) {
        parts.push(format!("{seconds} s"));
    }
    match call.machine {
        Some(true) => parts.push("an answering machine answered".into()),
        Some(false) if call.disposition.as_deref() == Some("connected") => {
            parts.push("a person answered".into())
        }
        _ => {}
    }
    if let Some(business) = &call.business_disposition {
        parts.push(format!("the bot recorded {business}"));
    }
    if let Some(error) = &call.error {
        parts.push(error.clone());
    }
    Some(parts.join(", "))
}
