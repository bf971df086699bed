//! The operator's display timezone: stored on the server for this operator,
//! following the browser's zone until they choose one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::api::OperatorSettings;

use crate::api;
use crate::browser;
use crate::components::field_message::FieldMessage;
use crate::components::timezone_options::TimezoneOptions;
use crate::session::use_session;

#[component]
pub fn DisplayZoneSection() -> impl IntoView {
    let session = use_session();
    let stored = move || {
        session
            .user
            .with(|user| user.as_ref().and_then(|me| me.display_timezone.clone()))
    };
    // "" follows the browser.
    let choice = RwSignal::new(untrack(stored).unwrap_or_default());
    let browser_zone = browser::timezone().unwrap_or_else(|| "UTC".to_owned());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = choice.get_untracked();
        let settings = OperatorSettings {
            display_timezone: (!picked.is_empty()).then_some(picked),
        };
        saving.set(true);
        saved.set(None);
        spawn_local(async move {
            match api::update_settings(&settings).await {
                Ok(me) => {
                    error.set(None);
                    saved.set(Some(match &me.display_timezone {
                        Some(zone) => format!("Saved: times are shown in {zone}."),
                        None => "Saved: times follow this browser's zone.".to_owned(),
                    }));
                    session.user.set(Some(me));
                }
                Err(e) => error.set(Some(
                    e.fields
                        .get("display_timezone")
                        .cloned()
                        .unwrap_or(e.message),
                )),
            }
            saving.set(false);
        });
    };
    let follow = format!("This browser's zone ({browser_zone})");
    view! {
        <form class="card inline-form" on:submit=submit aria-labelledby="display-zone-title">
            <h2 id="display-zone-title">"Timezone"</h2>
            <div class="field">
                <label for="display-timezone">"Display timezone"</label>
                <select
                    id="display-timezone"
                    aria-describedby="display-timezone-message"
                    on:change=move |ev| {
                        choice.set(event_target_value(&ev));
                        saved.set(None);
                    }
                >
                    <option value="" selected=move || choice.with(String::is_empty)>
                        {follow}
                    </option>
                    <TimezoneOptions current=choice />
                </select>
                <FieldMessage
                    id="display-timezone-message"
                    error=error
                    hint="When things were done (created, the audit trail, tokens) is shown in this zone, and a new campaign's Timezone starts with it. A campaign's calls and window are shown in the campaign's own timezone, with this one beside it when they differ."
                />
            </div>
            <p class="form-ok" role="status">{move || saved.get().unwrap_or_default()}</p>
            <button type="submit" class="button primary" disabled=move || saving.get()>
                {move || if saving.get() { "Saving…" } else { "Save timezone" }}
            </button>
        </form>
    }
}
