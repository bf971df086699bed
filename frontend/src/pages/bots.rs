//! `/dashboard/bots`: the voice bots campaigns can use.

use leptos::prelude::*;
use outdial_shared::api::Bot;

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::load_error::LoadError;

#[component]
pub fn BotsPage() -> impl IntoView {
    let bots = LocalResource::new(api::bots);
    view! {
        <div class="page-head">
            <h1>"Bots"</h1>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading bots…"</p> }>
            {move || {
                bots.get()
                    .map(|result| match result {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <EmptyState
                                    title="No bots yet"
                                    hint="Add the bot that will speak to contacts; a campaign needs one that has passed its test calls."
                                />
                            }
                                .into_any()
                        }
                        Ok(list) => view! { <BotTable bots=list /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "On"
    } else {
        "Off"
    }
}

#[component]
fn BotTable(bots: Vec<Bot>) -> impl IntoView {
    view! {
        <table class="data-table">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Description"</th>
                    <th>"Callbacks"</th>
                    <th>"Ready for live use"</th>
                </tr>
            </thead>
            <tbody>
                {bots
                    .into_iter()
                    .map(|bot| {
                        view! {
                            <tr>
                                <td>{bot.name}</td>
                                <td class="muted">{bot.description}</td>
                                <td>{yes_no(bot.callback_enabled)}</td>
                                <td>{if bot.ready { "Ready" } else { "Not yet tested" }}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
