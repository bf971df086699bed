//! `/dashboard/carriers`: carriers, their dial rate and their outbound numbers.

use leptos::prelude::*;
use outdial_shared::api::Carrier;

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::load_error::LoadError;

#[component]
pub fn CarriersPage() -> impl IntoView {
    let carriers = LocalResource::new(api::carriers);
    view! {
        <div class="page-head">
            <h1>"Carriers"</h1>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading carriers…"</p> }>
            {move || {
                carriers
                    .get()
                    .map(|result| match result {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <EmptyState
                                    title="No carriers yet"
                                    hint="Add a carrier with its calls-per-second limit and the outbound numbers campaigns may dial from."
                                />
                            }
                                .into_any()
                        }
                        Ok(list) => list.into_iter().map(|carrier| view! { <CarrierCard carrier /> }).collect_view().into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn CarrierCard(carrier: Carrier) -> impl IntoView {
    let count = carrier.numbers.len();
    view! {
        <section class="card carrier">
            <h2>{carrier.name}</h2>
            <p class="muted">
                {format!("{} calls per second · {count} number{}", carrier.cps_limit, if count == 1 { "" } else { "s" })}
            </p>
            <ul class="number-list">
                {carrier
                    .numbers
                    .into_iter()
                    .map(|number| {
                        view! {
                            <li>
                                <span class="number">{number.number}</span>
                                {number.label.map(|label| view! { <span class="muted">{format!(" ({label})")}</span> })}
                                {number.inbound_only.then(|| view! { <span class="tag">"Inbound only"</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
