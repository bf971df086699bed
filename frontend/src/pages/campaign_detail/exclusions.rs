//! Exclude numbers from the campaign, or lift an exclusion, with what the
//! campaign's Sticky exclusion setting means for a later re-add. The server
//! reads any common format and names a number it cannot read.

use leptos::prelude::*;
use outdial_shared::config::sticky_rule;

use crate::api;
use crate::browser;

/// The numbers typed, one per line or separated by commas or semicolons.
fn numbers(text: &str) -> Vec<String> {
    text.split(['\n', ',', ';'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
pub fn ExclusionsSection(
    campaign_id: i64,
    sticky: bool,
    /// Called after a change (the counts and the contact list move).
    on_change: Callback<()>,
) -> impl IntoView {
    let to_exclude = RwSignal::new(String::new());
    let to_lift = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Shows an answer: its sentence, or the server's message; on success
    // the typed field is emptied and the page told.
    let answer = move |result: Result<String, api::ApiError>, field: RwSignal<String>| {
        match result {
            Ok(sentence) => {
                error.set(None);
                message.set(Some(sentence));
                field.set(String::new());
                on_change.run(());
            }
            Err(e) => {
                message.set(None);
                error.set(Some(e.message));
            }
        }
        busy.set(false);
    };
    let exclude = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let list = numbers(&to_exclude.get_untracked());
        if list.is_empty() {
            error.set(Some("Type at least one number to exclude.".into()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::exclude(campaign_id, list).await.map(|done| {
                let contacts = match done.contacts_excluded {
                    1 => "1 contact of this campaign is".to_owned(),
                    n => format!("{} contacts of this campaign are", browser::thousands(n)),
                };
                format!(
                    "Excluded {} ({}); {contacts} now excluded.",
                    done.phone_numbers.join(", "),
                    if done.sticky { "sticky" } else { "not sticky" },
                )
            });
            answer(result, to_exclude);
        });
    };
    let lift = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let number = to_lift.get_untracked().trim().to_owned();
        if number.is_empty() {
            error.set(Some("Type the excluded number, in E.164 (+91…).".into()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::unexclude(campaign_id, &number).await.map(|()| {
                format!("{number} is no longer excluded; its contacts are pending again.")
            });
            answer(result, to_lift);
        });
    };
    view! {
        <section class="card tool-card" aria-labelledby="exclusions-title">
            <h2 id="exclusions-title">"Exclusions"</h2>
            <p class="note">{sticky_rule(sticky)}</p>
            <form class="inline-form" on:submit=exclude>
                <div class="field">
                    <label for="exclude-numbers">"Numbers to exclude"</label>
                    <textarea
                        id="exclude-numbers"
                        rows="2"
                        placeholder="+91 98765 43210, 020 7946 0958"
                        prop:value=move || to_exclude.get()
                        on:input=move |event| to_exclude.set(event_target_value(&event))
                    ></textarea>
                </div>
                <button class="button" type="submit" disabled=move || busy.get()>
                    "Exclude"
                </button>
            </form>
            <form class="inline-form" on:submit=lift>
                <div class="field">
                    <label for="unexclude-number">"Number to un-exclude"</label>
                    <input
                        id="unexclude-number"
                        type="tel"
                        placeholder="+919876543210"
                        prop:value=move || to_lift.get()
                        on:input=move |event| to_lift.set(event_target_value(&event))
                    />
                </div>
                <button class="button" type="submit" disabled=move || busy.get()>
                    "Un-exclude"
                </button>
            </form>
            <Show when=move || message.get().is_some()>
                <p class="form-ok" role="status">{move || message.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </section>
    }
}
