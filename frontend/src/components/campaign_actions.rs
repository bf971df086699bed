//! A campaign's buttons, the same on the list and the detail page: Edit
//! (draft or paused), the lifecycle actions its status allows (from the
//! shared rules), and Delete for a draft. Stop and Delete ask first, and so
//! do Start and Restart when the campaign's bot has never passed a test call
//! (a warning, not a refusal). Clone opens the new draft in the wizard.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use outdial_shared::lifecycle::{Action, Status};

use crate::{api, browser, routes};

/// What an action did, for the page to follow.
#[derive(Debug, Clone)]
pub enum Done {
    /// The campaign's status changed.
    Changed,
    /// The draft was deleted.
    Deleted,
}

/// The question an action asks first, or `None` for one that needs no
/// confirming: Stop always; Start and Restart when `untested_bot` names a bot
/// that has never passed a test call.
fn confirmation(action: Action, name: &str, untested_bot: Option<&str>) -> Option<String> {
    match (action, untested_bot) {
        (Action::Stop, _) => Some(format!(
            "Stop {name}? No new calls start and the campaign is completed; calls in progress finish. You can restart it later."
        )),
        (Action::Start | Action::Restart, Some(bot)) => Some(format!(
            "The bot {bot} has never passed a test call. Place one from Bots (Test call) before \
             calling customers. {} {name} anyway?",
            action.label()
        )),
        _ => None,
    }
}

#[component]
pub fn CampaignActions(
    id: i64,
    status: Status,
    name: String,
    /// Where a refusal from the server is shown.
    error: RwSignal<Option<String>>,
    on_done: Callback<Done>,
    /// The bot's name when it has never passed a test call, read when the
    /// operator presses Start or Restart.
    #[prop(into)]
    untested_bot: Signal<Option<String>>,
) -> impl IntoView {
    let navigate = use_navigate();
    let name = StoredValue::new(name);
    let busy = RwSignal::new(false);
    let buttons = status
        .allowed_actions()
        .into_iter()
        .map(|action| {
            let navigate = navigate.clone();
            let run = move |_| {
                let bot = untested_bot.get_untracked();
                if let Some(question) = confirmation(action, &name.get_value(), bot.as_deref()) {
                    if !browser::confirm(&question) {
                        return;
                    }
                }
                let navigate = navigate.clone();
                error.set(None);
                busy.set(true);
                spawn_local(async move {
                    let result = api::campaign_action(id, action).await;
                    busy.try_set(false);
                    match result {
                        Ok(copy) if action == Action::Clone => {
                            navigate(&routes::edit_campaign(copy.id), Default::default())
                        }
                        Ok(_) => on_done.run(Done::Changed),
                        Err(failure) => {
                            error.try_set(Some(failure.message));
                        }
                    }
                });
            };
            let class = if action.begins_a_run() {
                "button primary"
            } else {
                "button"
            };
            view! {
                <button class=class disabled=move || busy.get() on:click=run>
                    {action.label()}
                </button>
            }
        })
        .collect_view();
    let delete = move |_| {
        let question = format!(
            "Delete the draft {}? Its contacts are deleted with it. This cannot be undone.",
            name.get_value()
        );
        if !browser::confirm(&question) {
            return;
        }
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = api::delete_campaign(id).await;
            busy.try_set(false);
            match result {
                Ok(()) => on_done.run(Done::Deleted),
                Err(failure) => {
                    error.try_set(Some(failure.message));
                }
            }
        });
    };
    view! {
        <div class="actions">
            {status
                .is_editable()
                .then(|| {
                    view! {
                        <A href=routes::edit_campaign(id) attr:class="button">
                            "Edit"
                        </A>
                    }
                })}
            {buttons}
            {(status == Status::Draft)
                .then(|| {
                    view! {
                        <button
                            class="button danger"
                            disabled=move || busy.get()
                            on:click=delete
                        >
                            "Delete"
                        </button>
                    }
                })}
        </div>
    }
}
