//! The options of a timezone picker: the spec's suggestions first, then
//! every IANA zone; the wizard's Timezone and the Settings page's display
//! timezone use the same list.

use leptos::prelude::*;
use outdial_shared::config::{Timezone, SUGGESTED_TIMEZONES};

/// `<optgroup>`s for a `<select>`; `current` is the selected zone's name.
#[component]
pub fn TimezoneOptions(#[prop(into)] current: Signal<String>) -> impl IntoView {
    let suggested: Vec<&str> = SUGGESTED_TIMEZONES.iter().map(|s| s.iana).collect();
    let option = move |value: &'static str, label: &'static str| {
        view! {
            <option value=value selected=move || current.with(|c| c == value)>
                {label}
            </option>
        }
    };
    view! {
        <optgroup label="Suggested">
            {SUGGESTED_TIMEZONES.iter().map(|s| option(s.iana, s.label)).collect_view()}
        </optgroup>
        <optgroup label="All timezones">
            {Timezone::all_names()
                .filter(|name| !suggested.contains(name))
                .map(|name| option(name, name))
                .collect_view()}
        </optgroup>
    }
}
