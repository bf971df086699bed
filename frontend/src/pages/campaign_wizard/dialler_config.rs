//! Step 3 — Dialler Config: pacing, mode, the calling window and working
//! days, retries, the redial and stop rules, callbacks and exclusion. Every
//! default, clamp and message is the shared configuration's.

use chrono::Weekday;
use leptos::prelude::*;
use outdial_shared::config::{
    labels, weekday_name, CampaignInput, ConcurrencyLimit, ConnectRule, CustomDispositions, Field,
    MaxAttempts, Mode, RetryDelay, SystemDisposition, WorkingDays,
};

use super::state::{use_wizard, Wizard};
use crate::components::field_message::FieldMessage;
use crate::components::timezone_options::TimezoneOptions;

/// What a number box's text becomes when the operator leaves it: the value
/// the shared rules read it as (blank or below 1 → the default), or the
/// text unchanged when it is an error.
type Clamp = fn(Option<&str>) -> Option<u32>;

#[component]
pub fn DiallerConfigStep() -> impl IntoView {
    let w = use_wizard();
    let multi_day = move || {
        w.form
            .with(|f| f.mode.as_deref() == Some(Mode::MultiDay.as_str()))
    };
    view! {
        <section class="wizard-step" aria-labelledby="step-title">
            <h2 id="step-title">"Dialler Config"</h2>
            <p class="step-intro">
                "Pacing, the calling schedule, and how the dialler retries and re-dials contacts."
            </p>

            <h3>"Concurrency and mode"</h3>
            <NumberField
                id="concurrency-limit"
                field=Field::ConcurrencyLimit
                get=|f| f.concurrency_limit.clone()
                set=|f, v| f.concurrency_limit = v
                clamp=|raw| ConcurrencyLimit::from_input(raw).ok().map(ConcurrencyLimit::get)
                hint="The number of calls allowed to run at the same time: the seat budget, not the launch rate. The carrier's dial-rate limit also applies; the tighter wins. Defaults to 50."
            />
            <ModeField />
            <Show when=multi_day>
                <Toggle
                    id="always-on"
                    field=Field::AlwaysOn
                    get=|f| f.always_on
                    set=|f, on| f.always_on = on
                    hint="The campaign never auto-completes and stays running until you stop it. The CSV becomes optional, so you can feed contacts over time via the API or by appending CSVs."
                />
            </Show>

            <h3>"Time window and working days"</h3>
            <div class="field-row">
                <TimeField id="window-start" field=Field::WindowStart start=true />
                <TimeField id="window-end" field=Field::WindowEnd start=false />
            </div>
            <TimezoneField />
            <WorkingDaysField />

            <h3>"Retries"</h3>
            <NumberField
                id="max-attempts"
                field=Field::MaxAttempts
                get=|f| f.max_attempts.clone()
                set=|f, v| f.max_attempts = v
                clamp=|raw| MaxAttempts::from_input(raw).ok().map(MaxAttempts::get)
                hint="The most times a single contact may be called, including the first attempt. Defaults to 3."
            />
            <NumberField
                id="retry-delay"
                field=Field::RetryDelayMinutes
                get=|f| f.retry_delay_minutes.clone()
                set=|f, v| f.retry_delay_minutes = v
                clamp=|raw| RetryDelay::from_input(raw).ok().map(RetryDelay::minutes)
                hint="How many minutes to wait before a contact becomes eligible for its next attempt. Defaults to 30."
            />
            <SystemDispositionsField />
            <CustomDispositionsField />

            <h3>"Redial and stop rules"</h3>
            <Toggle
                id="stop-redials"
                field=Field::StopRedialsEnabled
                get=|f| f.stop_redials_after_meaningful_connect.enabled
                set=|f, on| f.stop_redials_after_meaningful_connect.enabled = on
                hint="Cancels any remaining redials if the last connected call lasted longer than the threshold."
            />
            <Show when=move || w.form.with(|f| f.stop_redials_after_meaningful_connect.enabled)>
                <NumberField
                    id="stop-redials-seconds"
                    field=Field::StopRedialsSeconds
                    get=|f| f.stop_redials_after_meaningful_connect.seconds.clone()
                    set=|f, v| f.stop_redials_after_meaningful_connect.seconds = v
                    clamp=|raw| ConnectRule::stop_redials_from_input(true, raw).ok().map(ConnectRule::seconds)
                    hint="The duration that counts as meaningfully reached. Defaults to 30."
                />
            </Show>
            <Toggle
                id="redial-short"
                field=Field::RedialShortConnectEnabled
                get=|f| f.redial_after_short_connect.enabled
                set=|f, on| f.redial_after_short_connect.enabled = on
                hint="Redials whenever the last connected call was shorter than the threshold: a brief connect is not yet a real conversation."
            />
            <Show when=move || w.form.with(|f| f.redial_after_short_connect.enabled)>
                <NumberField
                    id="redial-short-seconds"
                    field=Field::RedialShortConnectSeconds
                    get=|f| f.redial_after_short_connect.seconds.clone()
                    set=|f, v| f.redial_after_short_connect.seconds = v
                    clamp=|raw| ConnectRule::short_connect_from_input(true, raw).ok().map(ConnectRule::seconds)
                    hint="The duration below which a connect counts as too short. Defaults to 15."
                />
            </Show>

            <h3>"Callbacks and exclusion"</h3>
            <Toggle
                id="callback-detection"
                field=Field::CallbackDetection
                get=|f| f.callback_detection
                set=|f, on| f.callback_detection = on
                hint="Post-call analysis detects when a customer asks to be called back and schedules that callback inside this campaign."
            />
            <p class="note">
                "Callback detection is the campaign half of a double gate. For the bot to actually schedule callbacks, the bot's own callback setting must also be enabled. "
                {move || bot_callback_note(w)}
            </p>
            <Toggle
                id="sticky-exclusion"
                field=Field::StickyExclusion
                get=|f| f.sticky_exclusion
                set=|f, on| f.sticky_exclusion = on
                hint="A contact that has been excluded stays suppressed even if it is later re-added through the API or by re-uploading a CSV. When off, a deliberate re-add will be dialled again."
            />
            <p class="note">
                "There is no answering-machine detection toggle in this wizard. Calls that reach a machine are still counted on the campaign detail screen, but machine detection is not switched on or off here."
            </p>
        </section>
    }
}

fn bot_callback_note(w: Wizard) -> String {
    match w.bot() {
        Some(bot) if bot.callback_enabled => {
            format!("{} has its callback setting on.", bot.name)
        }
        Some(bot) => format!(
            "{} has its callback setting off: no callbacks will be scheduled until it is turned on on the Bots page.",
            bot.name
        ),
        None => "Choose a bot on Basics to see its callback setting.".to_owned(),
    }
}

/// A number box whose text is clamped to the value it means on blur.
#[component]
fn NumberField(
    id: &'static str,
    field: Field,
    get: fn(&CampaignInput) -> Option<String>,
    set: fn(&mut CampaignInput, Option<String>),
    clamp: Clamp,
    hint: &'static str,
) -> impl IntoView {
    let w = use_wizard();
    let message_id = format!("{id}-message");
    view! {
        <div class="field">
            <label for=id>{field.label()}</label>
            <input
                id=id
                type="text"
                inputmode="numeric"
                class="short"
                aria-describedby=message_id.clone()
                aria-invalid=move || w.error(field).is_some().to_string()
                disabled=move || w.read_only()
                prop:value=move || w.form.with(|f| get(f).unwrap_or_default())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    w.edit(field, |f| set(f, Some(value)));
                }
                on:blur=move |_| {
                    let raw = w.form.with_untracked(get);
                    if let Some(value) = clamp(raw.as_deref()) {
                        w.form.update(|f| set(f, Some(value.to_string())));
                    }
                    w.touch(field);
                }
            />
            <FieldMessage id=message_id error=Signal::derive(move || w.error(field)) hint=hint />
        </div>
    }
}

/// A checkbox for an on/off field.
#[component]
fn Toggle(
    id: &'static str,
    field: Field,
    get: fn(&CampaignInput) -> bool,
    set: fn(&mut CampaignInput, bool),
    hint: &'static str,
) -> impl IntoView {
    let w = use_wizard();
    let message_id = format!("{id}-message");
    view! {
        <div class="field toggle">
            <input
                id=id
                type="checkbox"
                aria-describedby=message_id.clone()
                disabled=move || w.read_only()
                prop:checked=move || w.form.with(get)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    w.edit(field, |f| set(f, on));
                }
            />
            <label for=id>{field.label()}</label>
            <FieldMessage id=message_id error=Signal::derive(move || w.error(field)) hint=hint />
        </div>
    }
}

#[component]
fn ModeField() -> impl IntoView {
    let w = use_wizard();
    let is = move |mode: Mode| w.form.with(|f| f.mode.as_deref() == Some(mode.as_str()));
    let choose = move |mode: Mode| {
        w.edit(Field::Mode, |f| {
            f.mode = Some(mode.as_str().to_owned());
            // Always-on belongs to Multi Day; it is hidden, so it is cleared.
            if mode == Mode::SingleDay {
                f.always_on = false;
            }
        })
    };
    let option = move |mode: Mode, id: &'static str, hint: &'static str| {
        view! {
            <div class="radio">
                <input
                    type="radio"
                    name="campaign-mode"
                    id=id
                    disabled=move || w.read_only()
                    prop:checked=move || is(mode)
                    on:change=move |_| choose(mode)
                />
                <label for=id>{mode.label()}</label>
                <span class="hint">{hint}</span>
            </div>
        }
    };
    view! {
        <fieldset class="field" aria-describedby="mode-message">
            <legend>{labels::CAMPAIGN_MODE}</legend>
            {option(
                Mode::SingleDay,
                "mode-single-day",
                "The campaign stops when the time window ends and does not resume.",
            )}
            {option(
                Mode::MultiDay,
                "mode-multi-day",
                "Dialling pauses at the cutoff and resumes the next working day; the campaign stays running.",
            )}
            <FieldMessage id="mode-message" error=Signal::derive(move || w.error(Field::Mode)) />
        </fieldset>
    }
}

#[component]
fn TimeField(id: &'static str, field: Field, start: bool) -> impl IntoView {
    let w = use_wizard();
    let message_id = format!("{id}-message");
    let get = move |f: &CampaignInput| {
        if start {
            f.window.start.clone()
        } else {
            f.window.end.clone()
        }
    };
    view! {
        <div class="field">
            <label for=id>{field.label()}</label>
            <input
                id=id
                type="text"
                inputmode="numeric"
                class="short"
                placeholder="HH:MM"
                aria-describedby=message_id.clone()
                aria-invalid=move || w.error(field).is_some().to_string()
                disabled=move || w.read_only()
                prop:value=move || w.form.with(|f| get(f).unwrap_or_default())
                on:input=move |ev| {
                    let value = Some(event_target_value(&ev));
                    w.edit(field, |f| {
                        if start {
                            f.window.start = value;
                        } else {
                            f.window.end = value;
                        }
                    });
                }
                on:blur=move |_| w.touch(field)
            />
            <FieldMessage
                id=message_id
                error=Signal::derive(move || w.error(field))
                hint="24-hour HH:MM"
            />
        </div>
    }
}

#[component]
fn TimezoneField() -> impl IntoView {
    let w = use_wizard();
    let current = move || {
        w.form
            .with(|f| f.window.timezone.clone().unwrap_or_default())
    };
    view! {
        <div class="field">
            <label for="window-timezone">{labels::WINDOW_TIMEZONE}</label>
            <select
                id="window-timezone"
                aria-describedby="window-timezone-message"
                disabled=move || w.read_only()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    w.edit(Field::WindowTimezone, |f| f.window.timezone = Some(value));
                }
            >
                <TimezoneOptions current=Signal::derive(current) />
            </select>
            <FieldMessage
                id="window-timezone-message"
                error=Signal::derive(move || w.error(Field::WindowTimezone))
                hint="The timezone the window is measured in."
            />
        </div>
    }
}

#[component]
fn WorkingDaysField() -> impl IntoView {
    let w = use_wizard();
    let has = move |day: Weekday| {
        w.form.with(|f| match &f.working_days {
            None => true,
            Some(days) => days.iter().any(|d| d == weekday_name(day)),
        })
    };
    let toggle = move |day: Weekday, on: bool| {
        // Read before the update: the form cannot be read while it is written.
        let current: Vec<Weekday> = WorkingDays::ALL.iter().filter(|d| has(*d)).collect();
        w.edit(Field::WorkingDays, |f| {
            f.working_days = Some(
                WorkingDays::ALL
                    .iter()
                    .filter(|d| if *d == day { on } else { current.contains(d) })
                    .map(|d| weekday_name(d).to_owned())
                    .collect(),
            );
        })
    };
    view! {
        <fieldset class="field" aria-describedby="working-days-message">
            <legend>{labels::WORKING_DAYS}</legend>
            <div class="checkbox-row">
                {WorkingDays::ALL
                    .iter()
                    .map(|day| {
                        let id = format!("day-{}", weekday_name(day));
                        view! {
                            <span class="checkbox">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    disabled=move || w.read_only()
                                    prop:checked=move || has(day)
                                    on:change=move |ev| toggle(day, event_target_checked(&ev))
                                />
                                <label for=id>{day_label(day)}</label>
                            </span>
                        }
                    })
                    .collect_view()}
            </div>
            <FieldMessage
                id="working-days-message"
                error=Signal::derive(move || w.error(Field::WorkingDays))
                hint="The days of the week the campaign may dial within the window."
            />
        </fieldset>
    }
}

/// The day's name on its checkbox.
fn day_label(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

#[component]
fn SystemDispositionsField() -> impl IntoView {
    let w = use_wizard();
    let has = move |d: SystemDisposition| {
        w.form.with(|f| {
            f.retry_on_system_dispositions
                .iter()
                .any(|n| SystemDisposition::parse(n) == Some(d))
        })
    };
    view! {
        <fieldset class="field" aria-describedby="system-dispositions-message">
            <legend>{labels::RETRY_ON_SYSTEM_DISPOSITIONS}</legend>
            <div class="checkbox-row">
                {SystemDisposition::ALL
                    .into_iter()
                    .map(|d| {
                        let id = format!("retry-{}", d.as_str());
                        view! {
                            <span class="checkbox">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    disabled=move || w.read_only()
                                    prop:checked=move || has(d)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        w.edit(Field::RetryOnSystemDispositions, |f| {
                                            f.retry_on_system_dispositions
                                                .retain(|n| SystemDisposition::parse(n) != Some(d));
                                            if on {
                                                f.retry_on_system_dispositions.push(d.as_str().to_owned());
                                            }
                                        });
                                    }
                                />
                                <label for=id>{d.label()}</label>
                            </span>
                        }
                    })
                    .collect_view()}
            </div>
            <FieldMessage
                id="system-dispositions-message"
                error=Signal::derive(move || w.error(Field::RetryOnSystemDispositions))
                hint="Which automatic call outcomes should trigger a redial. None by default."
            />
        </fieldset>
    }
}

#[component]
fn CustomDispositionsField() -> impl IntoView {
    let w = use_wizard();
    let field = Field::CustomRetryDispositions;
    view! {
        <div class="field">
            <label for="custom-dispositions">{field.label()}</label>
            <input
                id="custom-dispositions"
                type="text"
                placeholder="callback_requested, not_available"
                aria-describedby="custom-dispositions-message"
                aria-invalid=move || w.error(field).is_some().to_string()
                disabled=move || w.read_only()
                prop:value=move || w.custom_text.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let pieces = outdial_shared::config::split_comma_list(&text);
                    w.custom_text.set(text);
                    w.edit(field, |f| f.custom_retry_dispositions = pieces);
                }
                on:blur=move |_| {
                    let pieces = w.form.with_untracked(|f| f.custom_retry_dispositions.clone());
                    if let Ok(list) = CustomDispositions::parse(&pieces) {
                        w.custom_text.set(list.to_text());
                    }
                    w.touch(field);
                }
            />
            <FieldMessage
                id="custom-dispositions-message"
                error=Signal::derive(move || w.error(field))
                hint="Comma-separated business disposition names from post-call analysis that should also redial. Saved as a list."
            />
        </div>
    }
}
