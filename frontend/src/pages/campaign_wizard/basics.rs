//! Step 1 — Basics: Campaign Name and Bot. Both are read-only once the
//! campaign has run, with the spec's notice.

use leptos::prelude::*;
use leptos_router::components::A;
use outdial_shared::config::{labels, Field};
use outdial_shared::lifecycle::IDENTITY_LOCKED_NOTICE;

use super::state::use_wizard;
use crate::components::field_message::FieldMessage;
use crate::routes;

#[component]
pub fn BasicsStep() -> impl IntoView {
    let w = use_wizard();
    let locked = move || w.identity_locked();
    let has_bots = w.bots.with_value(|b| !b.is_empty());
    view! {
        <section class="wizard-step" aria-labelledby="step-title">
            <h2 id="step-title">"Basics"</h2>
            <p class="step-intro">"Name the campaign and choose the bot that will speak to contacts."</p>
            <Show when=locked>
                <p class="notice" role="note">{IDENTITY_LOCKED_NOTICE}</p>
            </Show>
            <div class="field">
                <label for="campaign-name">{labels::CAMPAIGN_NAME}</label>
                <input
                    id="campaign-name"
                    type="text"
                    autocomplete="off"
                    placeholder="e.g. Q2 Renewal Drive"
                    aria-describedby="campaign-name-message"
                    aria-invalid=move || w.error(Field::Name).is_some().to_string()
                    disabled=locked
                    prop:value=move || w.form.with(|f| f.name.clone().unwrap_or_default())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        w.edit(Field::Name, |f| f.name = Some(value));
                    }
                    on:blur=move |_| w.touch(Field::Name)
                />
                <FieldMessage
                    id="campaign-name-message"
                    error=Signal::derive(move || w.error(Field::Name))
                    hint="A clear, human-readable name: client, segment, date and purpose."
                />
            </div>
            <div class="field">
                <label for="campaign-bot">{labels::BOT}</label>
                <select
                    id="campaign-bot"
                    aria-describedby="campaign-bot-message"
                    aria-invalid=move || w.error(Field::BotId).is_some().to_string()
                    disabled=locked
                    on:change=move |ev| {
                        let id = event_target_value(&ev).parse::<i64>().ok();
                        w.edit(Field::BotId, |f| f.bot_id = id);
                    }
                    on:blur=move |_| w.touch(Field::BotId)
                >
                    <option value="" selected=move || w.form.with(|f| f.bot_id.is_none())>
                        "Choose a bot"
                    </option>
                    {w
                        .bots
                        .get_value()
                        .into_iter()
                        .map(|bot| {
                            let id = bot.id;
                            let ready = if bot.ready { "" } else { " (not ready)" };
                            view! {
                                <option
                                    value=id.to_string()
                                    selected=move || w.form.with(|f| f.bot_id == Some(id))
                                >
                                    {format!("{}{ready}", bot.name)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <FieldMessage
                    id="campaign-bot-message"
                    error=Signal::derive(move || w.error(Field::BotId))
                    hint="The bot that runs the conversation. Pick the one already tested for this campaign."
                />
                <Show when=move || !has_bots>
                    <p class="notice">
                        "There are no bots yet. "
                        <A href=routes::BOTS>"Create a bot on the Bots page"</A>
                        ", then come back."
                    </p>
                </Show>
            </div>
        </section>
    }
}
