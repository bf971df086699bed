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

use crate::components::confirm_dialog::{use_confirm, Confirm, Question};
use crate::{api, routes};

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
fn confirmation(action: Action, name: &str, untested_bot: Option<&str>) -> Option<Question> {
    match (action, untested_bot) {
        (Action::Stop, _) => Some(Question::danger(
            format!(
                "Stop {name}? No new calls start and the campaign is completed; calls in \
                 progress finish. You can restart it later."
            ),
            "Stop campaign",
        )),
        (Action::Start | Action::Restart, Some(bot)) => Some(Question::warning(
            format!(
                "The bot {bot} has never passed a test call. Place one from Bots (Test call) \
                 before calling customers. {} {name} anyway?",
                action.label()
            ),
            format!("{} anyway", action.label()),
        )),
        _ => None,
    }
}

/// Whether a run may begin: asks first when the bot has never passed a test
/// call. A bot that cannot be read asks nothing (the server decides).
async fn confirm_untested_bot(
    confirm: Confirm,
    action: Action,
    bot_id: i64,
    name: StoredValue<String>,
) -> bool {
    let Ok(bot) = api::bot(bot_id).await else {
        return true;
    };
    if bot.last_passed_test_call.is_some() {
        return true;
    }
    let Some(name) = name.try_get_value() else {
        return false;
    };
    match confirmation(action, &name, Some(&bot.name)) {
        Some(question) => confirm.ask(question).await,
        None => true,
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
    /// The campaign's bot, read again when the operator presses Start or
    /// Restart (a test call may have passed since the page loaded).
    bot_id: i64,
) -> impl IntoView {
    let navigate = use_navigate();
    let confirm = use_confirm();
    let name = StoredValue::new(name);
    let busy = RwSignal::new(false);
    let buttons = status
        .allowed_actions()
        .into_iter()
        .map(|action| {
            let navigate = navigate.clone();
            let run = move |_| {
                let navigate = navigate.clone();
                error.set(None);
                spawn_local(async move {
                    // Stop asks first; Start and Restart once the bot is read.
                    let stop = name
                        .try_get_value()
                        .and_then(|name| confirmation(action, &name, None));
                    if let Some(question) = stop {
                        if !confirm.ask(question).await {
                            return;
                        }
                    }
                    busy.try_set(true);
                    if action.begins_a_run()
                        && !confirm_untested_bot(confirm, action, bot_id, name).await
                    {
                        busy.try_set(false);
                        return;
                    }
                    let result = api::campaign_action(id, action).await;
                    busy.try_set(false);
                    // The page may have been left or redrawn meanwhile: its
                    // callback and signals are then gone, and nothing is due.
                    match result {
                        Ok(copy) if action == Action::Clone => {
                            navigate(&routes::edit_campaign(copy.id), Default::default())
                        }
                        Ok(_) => {
                            on_done.try_run(Done::Changed);
                        }
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
        let question = Question::danger(
            format!(
                "Delete the draft {}? Its contacts are deleted with it. This cannot be undone.",
                name.get_value()
            ),
            "Delete draft",
        );
        error.set(None);
        spawn_local(async move {
            if !confirm.ask(question).await {
                return;
            }
            busy.try_set(true);
            let result = api::delete_campaign(id).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    on_done.try_run(Done::Deleted);
                }
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
