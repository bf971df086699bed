//! `/dashboard/carriers`: carriers with their dial rate (calls per second)
//! and their numbers. Carriers are added here; numbers are added to a
//! carrier in any common format (the server stores them in E.164 and says
//! beside the field what is wrong with one it cannot read), with an optional
//! label and the inbound-only mark; both are removed with a confirmation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::api::{
    Carrier, CarrierPatch, NewCarrier, NewPhoneNumber, PhoneNumber, PhoneNumberPatch,
};
use outdial_shared::names::{CpsLimit, Label, Name};

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::{use_confirm, Question};
use crate::components::empty_state::EmptyState;
use crate::components::field_message::FieldMessage;
use crate::components::loaded::Loaded;

/// The dial rate a new carrier gets unless the operator types another.
const DEFAULT_CPS: &str = "10";

#[component]
pub fn CarriersPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let carriers = LocalResource::new(move || {
        version.track();
        api::carriers()
    });
    let reload = move || version.update(|v| *v += 1);
    view! {
        <div class="page-head">
            <h1>"Carriers"</h1>
        </div>
        <NewCarrierForm on_added=reload />
        <Loaded resource=carriers loading="Loading carriers…" let:list>
            {if list.is_empty() {
                view! {
                    <EmptyState
                        title="No carriers yet"
                        hint="Add a carrier above with its calls-per-second limit, then the outbound numbers campaigns may dial from."
                    />
                }
                    .into_any()
            } else {
                list.into_iter()
                    .map(|carrier| view! { <CarrierCard carrier reload /> })
                    .collect_view()
                    .into_any()
            }}
        </Loaded>
    }
}

/// Shows a refused request: its field messages where they belong, the
/// rest as one line.
fn show_refusal(
    error: ApiError,
    fields: &[(&str, RwSignal<Option<String>>)],
    form: RwSignal<Option<String>>,
) {
    let mut placed = false;
    for (name, signal) in fields {
        let message = error.fields.get(*name).cloned();
        placed |= message.is_some();
        signal.set(message);
    }
    form.set((!placed).then_some(error.message));
}

#[component]
fn NewCarrierForm(on_added: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let cps = RwSignal::new(DEFAULT_CPS.to_owned());
    let name_error = RwSignal::new(None::<String>);
    let cps_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        name_error.set(Name::parse(&name.get_untracked()).err());
        let limit = CpsLimit::from_text(&cps.get_untracked());
        cps_error.set(limit.clone().err());
        let (Ok(limit), None) = (limit, name_error.get_untracked()) else {
            return;
        };
        let carrier = NewCarrier {
            name: name.get_untracked(),
            cps_limit: Some(i64::from(limit.get())),
        };
        spawn_local(async move {
            match api::create_carrier(&carrier).await {
                Ok(_) => {
                    name.set(String::new());
                    cps.set(DEFAULT_CPS.to_owned());
                    form_error.set(None);
                    on_added();
                }
                Err(e) => show_refusal(
                    e,
                    &[("name", name_error), ("cps_limit", cps_error)],
                    form_error,
                ),
            }
        });
    };
    view! {
        <form class="card inline-form" on:submit=submit aria-labelledby="new-carrier-title">
            <h2 id="new-carrier-title">"Add a carrier"</h2>
            <div class="field-row">
                <div class="field">
                    <label for="carrier-name">"Name"</label>
                    <input
                        id="carrier-name"
                        type="text"
                        aria-describedby="carrier-name-message"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <FieldMessage id="carrier-name-message" error=name_error />
                </div>
                <div class="field">
                    <label for="carrier-cps">"Calls per second"</label>
                    <input
                        id="carrier-cps"
                        type="text"
                        inputmode="numeric"
                        class="short"
                        aria-describedby="carrier-cps-message"
                        prop:value=move || cps.get()
                        on:input=move |ev| cps.set(event_target_value(&ev))
                    />
                    <FieldMessage
                        id="carrier-cps-message"
                        error=cps_error
                        hint="The carrier's dial-rate limit, shared by every campaign that dials through it."
                    />
                </div>
            </div>
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary">"Add carrier"</button>
        </form>
    }
}

#[component]
fn CarrierCard(
    carrier: Carrier,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let count = carrier.numbers.len();
    let error = RwSignal::new(None::<String>);
    let (id, name) = (carrier.id, carrier.name.clone());
    let confirm = use_confirm();
    let remove = move |_| {
        let question = Question::danger(
            format!("Delete the carrier {name} and its numbers?"),
            "Delete carrier",
        );
        spawn_local(async move {
            if !confirm.ask(question).await {
                return;
            }
            match api::delete_carrier(id).await {
                Ok(()) => reload(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section class="card carrier" aria-label=carrier.name.clone()>
            <div class="page-head">
                <h2>{carrier.name.clone()}</h2>
                <button type="button" class="link-button danger" on:click=remove>
                    "Delete carrier"
                </button>
            </div>
            <p class="muted">
                {format!("{} calls per second · {count} number{}", carrier.cps_limit, if count == 1 { "" } else { "s" })}
            </p>
            <CarrierForm carrier_id=id name=carrier.name.clone() cps=carrier.cps_limit on_saved=reload />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <ul class="number-list">
                {carrier
                    .numbers
                    .into_iter()
                    .map(|number| view! { <NumberRow number error reload /> })
                    .collect_view()}
            </ul>
            <NewNumberForm carrier_id=id on_added=reload />
        </section>
    }
}

/// Changes a carrier's name and calls-per-second limit in place; each
/// refusal is shown beside its field.
#[component]
fn CarrierForm(
    carrier_id: i64,
    name: String,
    cps: i64,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name_text = RwSignal::new(name);
    let text = RwSignal::new(cps.to_string());
    let name_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let name_id = format!("carrier-{carrier_id}-name");
    let name_message_id = format!("{name_id}-message");
    let id = format!("carrier-{carrier_id}-cps");
    let message_id = format!("{id}-message");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let limit = match CpsLimit::from_text(&text.get_untracked()) {
            Ok(limit) => limit,
            Err(message) => return error.set(Some(message)),
        };
        let patch = CarrierPatch {
            name: Some(name_text.get_untracked()),
            cps_limit: Some(i64::from(limit.get())),
        };
        spawn_local(async move {
            match api::update_carrier(carrier_id, &patch).await {
                Ok(_) => {
                    error.set(None);
                    name_error.set(None);
                    on_saved();
                }
                Err(e) => match e.fields.get("cps_limit") {
                    Some(cps) => error.set(Some(cps.clone())),
                    None => {
                        name_error.set(Some(e.fields.get("name").cloned().unwrap_or(e.message)))
                    }
                },
            }
        });
    };
    view! {
        <form class="cps-form inline-form" on:submit=submit>
            <div class="field">
                <label for=name_id.clone()>"Carrier name"</label>
                <input
                    id=name_id
                    type="text"
                    aria-describedby=name_message_id.clone()
                    prop:value=move || name_text.get()
                    on:input=move |ev| name_text.set(event_target_value(&ev))
                />
                <FieldMessage id=name_message_id error=name_error />
            </div>
            <div class="field">
                <label for=id.clone()>"Calls per second"</label>
                <input
                    id=id
                    type="text"
                    inputmode="numeric"
                    class="short"
                    aria-describedby=message_id.clone()
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
                <FieldMessage id=message_id error=error />
            </div>
            <button type="submit" class="button">"Save"</button>
        </form>
    }
}

#[component]
fn NumberRow(
    number: PhoneNumber,
    error: RwSignal<Option<String>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (id, text) = (number.id, number.number.clone());
    let confirm = use_confirm();
    let remove = move |_| {
        let question = Question::danger(format!("Remove the number {text}?"), "Remove number");
        spawn_local(async move {
            if !confirm.ask(question).await {
                return;
            }
            match api::delete_number(id).await {
                Ok(()) => reload(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let editing = RwSignal::new(false);
    let shown = number.number.clone();
    view! {
        <li>
            <span class="number">{number.number.clone()}</span>
            {number.label.clone().map(|label| view! { <span class="muted">{format!(" ({label})")}</span> })}
            {number.inbound_only.then(|| view! { <span class="tag">"Inbound only"</span> })}
            <button
                type="button"
                class="link-button"
                aria-label=format!("Edit {shown}")
                on:click=move |_| editing.set(true)
            >
                "Edit"
            </button>
            <button type="button" class="link-button danger remove-number" on:click=remove>
                "Remove"
            </button>
            <Show when=move || editing.get()>
                <NumberEditForm number=number.clone() editing reload />
            </Show>
        </li>
    }
}

/// A number's label and inbound-only flag edited in place.
#[component]
fn NumberEditForm(
    number: PhoneNumber,
    editing: RwSignal<bool>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = number.id;
    let label = RwSignal::new(number.label.clone().unwrap_or_default());
    let inbound = RwSignal::new(number.inbound_only);
    let error = RwSignal::new(None::<String>);
    let label_id = format!("number-{id}-edit-label");
    let inbound_id = format!("number-{id}-edit-inbound");
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let patch = PhoneNumberPatch {
            label: Some(label.get_untracked()),
            inbound_only: Some(inbound.get_untracked()),
            ..PhoneNumberPatch::default()
        };
        spawn_local(async move {
            match api::update_number(id, &patch).await {
                Ok(_) => {
                    editing.set(false);
                    reload();
                }
                Err(e) => error.set(Some(e.fields.values().next().cloned().unwrap_or(e.message))),
            }
        });
    };
    view! {
        <form class="inline-form number-edit" on:submit=save>
            <div class="field">
                <label for=label_id.clone()>"Label"</label>
                <input
                    id=label_id
                    type="text"
                    prop:value=move || label.get()
                    on:input=move |ev| label.set(event_target_value(&ev))
                />
            </div>
            <span class="checkbox">
                <input
                    type="checkbox"
                    id=inbound_id.clone()
                    prop:checked=move || inbound.get()
                    on:change=move |ev| inbound.set(event_target_checked(&ev))
                />
                <label for=inbound_id>"Inbound only"</label>
            </span>
            <button class="button primary" type="submit">"Save"</button>
            <button class="button" type="button" on:click=move |_| editing.set(false)>
                "Cancel"
            </button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </form>
    }
}

#[component]
fn NewNumberForm(
    carrier_id: i64,
    on_added: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let number = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let inbound_only = RwSignal::new(false);
    let number_error = RwSignal::new(None::<String>);
    let label_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let ids = move |what: &str| format!("carrier-{carrier_id}-{what}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed_label = label.get_untracked();
        label_error.set(Label::parse(Some(&typed_label)).err());
        if label_error.with_untracked(Option::is_some) {
            return;
        }
        let new = NewPhoneNumber {
            number: number.get_untracked(),
            label: (!typed_label.trim().is_empty()).then_some(typed_label),
            inbound_only: inbound_only.get_untracked(),
            default_region: None,
        };
        spawn_local(async move {
            match api::add_number(carrier_id, &new).await {
                Ok(_) => {
                    number.set(String::new());
                    label.set(String::new());
                    inbound_only.set(false);
                    number_error.set(None);
                    form_error.set(None);
                    on_added();
                }
                Err(e) => show_refusal(
                    e,
                    &[("number", number_error), ("label", label_error)],
                    form_error,
                ),
            }
        });
    };
    view! {
        <form class="number-form" on:submit=submit>
            <div class="field-row">
                <div class="field">
                    <label for=ids("number")>"Number"</label>
                    <input
                        id=ids("number")
                        type="tel"
                        placeholder="+91 80 4567 8901"
                        aria-describedby=ids("number-message")
                        prop:value=move || number.get()
                        on:input=move |ev| number.set(event_target_value(&ev))
                    />
                    <FieldMessage
                        id=ids("number-message")
                        error=number_error
                        hint="Any common format; stored in E.164."
                    />
                </div>
                <div class="field">
                    <label for=ids("label")>"Label"</label>
                    <input
                        id=ids("label")
                        type="text"
                        placeholder="Support team"
                        aria-describedby=ids("label-message")
                        prop:value=move || label.get()
                        on:input=move |ev| label.set(event_target_value(&ev))
                    />
                    <FieldMessage id=ids("label-message") error=label_error hint="Optional." />
                </div>
            </div>
            <div class="field toggle">
                <input
                    id=ids("inbound")
                    type="checkbox"
                    prop:checked=move || inbound_only.get()
                    on:change=move |ev| inbound_only.set(event_target_checked(&ev))
                />
                <label for=ids("inbound")>"Inbound only"</label>
                <p class="field-message">"Inbound-only numbers are listed in the wizard but cannot be dialled from."</p>
            </div>
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button">"Add number"</button>
        </form>
    }
}
