//! Step 2 — Number Pool: every carrier's numbers as checkboxes. Inbound-only
//! numbers are listed but cannot be ticked.

use leptos::prelude::*;
use leptos_router::components::A;
use outdial_shared::api::PhoneNumber;
use outdial_shared::config::{labels, Field};

use super::state::use_wizard;
use crate::components::field_message::FieldMessage;
use crate::routes;

#[component]
pub fn NumberPoolStep() -> impl IntoView {
    let w = use_wizard();
    let carriers = w.carriers.get_value();
    let has_numbers = carriers.iter().any(|c| !c.numbers.is_empty());
    let selected = move || w.form.with(|f| f.number_ids.len());
    view! {
        <section class="wizard-step" aria-labelledby="step-title">
            <h2 id="step-title">"Number Pool"</h2>
            <p class="step-intro">
                "Choose the outbound numbers (DIDs) the dialler will place calls from. The list is drawn from your configured carriers."
            </p>
            <fieldset class="field" aria-describedby="numbers-message">
                <legend>{labels::OUTBOUND_NUMBERS}</legend>
                <div class="number-pool" role="group">
                    {carriers
                        .into_iter()
                        .filter(|c| !c.numbers.is_empty())
                        .map(|carrier| {
                            view! {
                                <div class="number-carrier">
                                    <h3>{format!("{} · {} CPS", carrier.name, carrier.cps_limit)}</h3>
                                    {carrier.numbers.into_iter().map(number_row).collect_view()}
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
                <p class="selected-count" aria-live="polite">
                    {move || match selected() {
                        1 => "1 number selected".to_string(),
                        n => format!("{n} numbers selected"),
                    }}
                </p>
                <FieldMessage id="numbers-message" error=Signal::derive(move || w.error(Field::NumberIds)) />
            </fieldset>
            <Show when=move || !has_numbers>
                <p class="notice">
                    "No carrier has numbers yet. "
                    <A href=routes::CARRIERS>"Add numbers on the Carriers page"</A>
                    ", then come back."
                </p>
            </Show>
            <ul class="guidance">
                <li>"The dialler rotates across all ticked numbers during the run."</li>
                <li>"Choose numbers approved for this client and campaign."</li>
                <li>"Avoid inbound-only DIDs."</li>
                <li>"Select enough numbers to support your intended concurrency."</li>
                <li>"Carrier dial-rate (CPS) capacity is configured separately under Carriers, not here."</li>
            </ul>
        </section>
    }
}

fn number_row(number: PhoneNumber) -> impl IntoView {
    let w = use_wizard();
    let id = number.id;
    let input_id = format!("number-{id}");
    let inbound_only = number.inbound_only;
    let checked = move || w.form.with(|f| f.number_ids.contains(&id));
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        w.edit(Field::NumberIds, |f| {
            f.number_ids.retain(|n| *n != id);
            if on {
                f.number_ids.push(id);
            }
        });
    };
    view! {
        <div class="number-row" class:unavailable=inbound_only>
            <input
                type="checkbox"
                id=input_id.clone()
                // An inbound-only number cannot be chosen, but one chosen
                // before it became inbound-only can be unticked.
                disabled=move || (inbound_only && !checked()) || w.read_only()
                prop:checked=checked
                on:change=toggle
            />
            <label for=input_id>
                <span class="number">{number.number.clone()}</span>
                {number.label.map(|label| view! { <span class="number-label">{format!(" ({label})")}</span> })}
                {inbound_only.then(|| view! {
                    <span class="number-reason">" — inbound-only: it cannot place outbound calls"</span>
                })}
            </label>
        </div>
    }
}
