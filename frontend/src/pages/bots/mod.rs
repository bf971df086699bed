//! `/dashboard/bots`: the voice bots campaigns can use — added here, their
//! callback setting and readiness switched in place (marking a bot ready
//! that has never passed a test call asks first), a test call placed and
//! followed ([`test_calls`]), removed with a confirmation (the server
//! refuses while a campaign uses one).

mod test_calls;

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::api::{Bot, BotPatch, NewBot};
use outdial_shared::names::{Description, Name};

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::{use_confirm, Question};
use crate::components::empty_state::EmptyState;
use crate::components::field_message::FieldMessage;
use crate::components::loaded::Loaded;
use crate::session::use_session;
use crate::zone;
use test_calls::TestCallPanel;

/// The question before marking ready a bot that has never passed a test call.
fn ready_untested(name: &str) -> Question {
    Question::warning(
        format!(
            "{name} has never passed a test call. Mark it ready for live use anyway? \
             (Test call places one to your own phone.)"
        ),
        "Mark ready",
    )
}

#[component]
pub fn BotsPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let bots = LocalResource::new(move || {
        version.track();
        api::bots()
    });
    let reload = move || version.update(|v| *v += 1);
    // The bot whose test calls are open; kept here so a reload of the list
    // (a call that passed) leaves them open.
    let testing = RwSignal::new(None::<i64>);
    view! {
        <div class="page-head">
            <h1>"Bots"</h1>
        </div>
        <NewBotForm on_added=reload />
        <Loaded resource=bots loading="Loading bots…" let:list>
            {if list.is_empty() {
                view! {
                    <EmptyState
                        title="No bots yet"
                        hint="Add the bot that will speak to contacts above; a campaign needs one that has passed its test calls."
                    />
                }
                    .into_any()
            } else {
                view! { <BotTable bots=list reload testing /> }.into_any()
            }}
        </Loaded>
    }
}

/// "Add a bot": name, description, the bot's callback setting, readiness.
#[component]
fn NewBotForm(on_added: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let callbacks = RwSignal::new(false);
    let ready = RwSignal::new(false);
    let name_error = RwSignal::new(None::<String>);
    let description_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let confirm = use_confirm();
    let check_name = move || name_error.set(Name::parse(&name.get_untracked()).err());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        check_name();
        description_error.set(Description::parse(&description.get_untracked()).err());
        if name_error.with_untracked(Option::is_some)
            || description_error.with_untracked(Option::is_some)
        {
            return;
        }
        let ask = ready
            .get_untracked()
            .then(|| ready_untested(&name.get_untracked()));
        let bot = NewBot {
            name: name.get_untracked(),
            description: description.get_untracked(),
            callback_enabled: callbacks.get_untracked(),
            ready: ready.get_untracked(),
        };
        form_error.set(None);
        spawn_local(async move {
            if let Some(question) = ask {
                if !confirm.ask(question).await {
                    return;
                }
            }
            saving.set(true);
            match api::create_bot(&bot).await {
                Ok(_) => {
                    name.set(String::new());
                    description.set(String::new());
                    callbacks.set(false);
                    ready.set(false);
                    on_added();
                }
                Err(ApiError {
                    message, fields, ..
                }) => {
                    name_error.set(fields.get("name").cloned());
                    description_error.set(fields.get("description").cloned());
                    if fields.is_empty() {
                        form_error.set(Some(message));
                    }
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="card inline-form" on:submit=submit aria-labelledby="new-bot-title">
            <h2 id="new-bot-title">"Add a bot"</h2>
            <div class="field">
                <label for="bot-name">"Name"</label>
                <input
                    id="bot-name"
                    type="text"
                    aria-describedby="bot-name-message"
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        if name_error.with_untracked(Option::is_some) {
                            check_name();
                        }
                    }
                    on:blur=move |_| {
                        if !name.with_untracked(String::is_empty) {
                            check_name();
                        }
                    }
                />
                <FieldMessage id="bot-name-message" error=name_error />
            </div>
            <div class="field">
                <label for="bot-description">"Description"</label>
                <input
                    id="bot-description"
                    type="text"
                    aria-describedby="bot-description-message"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                />
                <FieldMessage
                    id="bot-description-message"
                    error=description_error
                    hint="Optional: what the bot does, for whoever picks it in a campaign."
                />
            </div>
            <div class="field toggle">
                <input
                    id="bot-callbacks"
                    type="checkbox"
                    prop:checked=move || callbacks.get()
                    on:change=move |ev| callbacks.set(event_target_checked(&ev))
                />
                <label for="bot-callbacks">"Callbacks enabled"</label>
                <p class="field-message">
                    "The bot's own callback setting: a campaign with Callback Detection schedules callbacks only when this is on too."
                </p>
            </div>
            <div class="field toggle">
                <input
                    id="bot-ready"
                    type="checkbox"
                    prop:checked=move || ready.get()
                    on:change=move |ev| ready.set(event_target_checked(&ev))
                />
                <label for="bot-ready">"Ready for live use"</label>
                <p class="field-message">
                    "Tick once the bot has passed its test calls (Test call, on its row below, places one)."
                </p>
            </div>
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary" disabled=move || saving.get()>
                {move || if saving.get() { "Adding…" } else { "Add bot" }}
            </button>
        </form>
    }
}

#[component]
fn BotTable(
    bots: Vec<Bot>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    testing: RwSignal<Option<i64>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let confirm = use_confirm();
    // The bot whose name and description are being edited.
    let editing = RwSignal::new(None::<i64>);
    let session = use_session();
    let patch = move |id: i64, change: BotPatch| {
        spawn_local(async move {
            match api::update_bot(id, &change).await {
                Ok(_) => error.set(None),
                Err(e) => error.set(Some(e.message)),
            }
            reload();
        });
    };
    let remove = move |bot: &Bot| {
        let (id, name) = (bot.id, bot.name.clone());
        move |_| {
            let question = Question::danger(
                format!("Delete the bot {name}? This cannot be undone."),
                "Delete bot",
            );
            spawn_local(async move {
                if !confirm.ask(question).await {
                    return;
                }
                match api::delete_bot(id).await {
                    Ok(()) => error.set(None),
                    Err(e) => error.set(Some(e.message)),
                }
                reload();
            });
        }
    };
    view! {
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <table class="data-table stack-table bot-table">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Description"</th>
                    <th>"Callbacks"</th>
                    <th>"Ready for live use"</th>
                    <th><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {bots
                    .into_iter()
                    .map(|bot| {
                        let id = bot.id;
                        let callbacks_id = format!("bot-{id}-callbacks");
                        let ready_id = format!("bot-{id}-ready");
                        let on_remove = remove(&bot);
                        let edited = bot.clone();
                        let tested = bot.clone();
                        let (name, passed) = (bot.name.clone(), bot.last_passed_test_call);
                        view! {
                            <tr>
                                <td data-label="Name">{bot.name.clone()}</td>
                                <td data-label="Description" class="muted">{bot.description.clone()}</td>
                                <td data-label="Callbacks">
                                    <span class="checkbox">
                                        <input
                                            type="checkbox"
                                            id=callbacks_id.clone()
                                            prop:checked=bot.callback_enabled
                                            on:change=move |ev| patch(id, BotPatch {
                                                callback_enabled: Some(event_target_checked(&ev)),
                                                ..BotPatch::default()
                                            })
                                        />
                                        <label for=callbacks_id>
                                            "Enabled"
                                            <span class="visually-hidden">{format!(" — callbacks of {}", bot.name)}</span>
                                        </label>
                                    </span>
                                </td>
                                <td data-label="Ready for live use">
                                    <div>
                                    <span class="checkbox">
                                        <input
                                            type="checkbox"
                                            id=ready_id.clone()
                                            prop:checked=bot.ready
                                            on:change=move |ev| {
                                                let ready = event_target_checked(&ev);
                                                let change = BotPatch {
                                                    ready: Some(ready),
                                                    ..BotPatch::default()
                                                };
                                                if !(ready && passed.is_none()) {
                                                    patch(id, change);
                                                    return;
                                                }
                                                let question = ready_untested(&name);
                                                spawn_local(async move {
                                                    if confirm.ask(question).await {
                                                        patch(id, change);
                                                    } else {
                                                        // Not confirmed: the box goes back.
                                                        reload();
                                                    }
                                                });
                                            }
                                        />
                                        <label for=ready_id>
                                            "Ready"
                                            <span class="visually-hidden">{format!(" — {}", bot.name)}</span>
                                        </label>
                                    </span>
                                    <span class="test-call-state">
                                        {move || match passed {
                                            Some(at) => format!(
                                                "Last passed test call: {}",
                                                zone::dated(at, session.display_timezone())
                                            ),
                                            None => "No passed test call yet".to_owned(),
                                        }}
                                    </span>
                                    </div>
                                </td>
                                <td class="row-actions">
                                    <button
                                        type="button"
                                        class="link-button"
                                        aria-label=format!("Test call {}", bot.name)
                                        aria-expanded=move || (testing.get() == Some(id)).to_string()
                                        on:click=move |_| testing.update(|t| {
                                            *t = if *t == Some(id) { None } else { Some(id) }
                                        })
                                    >
                                        "Test call"
                                    </button>
                                    <button
                                        type="button"
                                        class="link-button"
                                        aria-label=format!("Edit {}", bot.name)
                                        on:click=move |_| editing.set(Some(id))
                                    >
                                        "Edit"
                                    </button>
                                    <button type="button" class="link-button danger" on:click=on_remove>
                                        "Delete"
                                    </button>
                                </td>
                            </tr>
                            <Show when=move || editing.get() == Some(id)>
                                <tr class="edit-row">
                                    <td colspan="5">
                                        <BotEditForm bot=edited.clone() editing reload />
                                    </td>
                                </tr>
                            </Show>
                            <Show when=move || testing.get() == Some(id)>
                                <tr class="edit-row">
                                    <td colspan="5">
                                        <TestCallPanel bot=tested.clone() on_passed=reload />
                                    </td>
                                </tr>
                            </Show>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A bot's name and description edited in place; the server's message
/// (a name taken, too long) is shown beside the field.
#[component]
fn BotEditForm(
    bot: Bot,
    editing: RwSignal<Option<i64>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = bot.id;
    let name = RwSignal::new(bot.name.clone());
    let description = RwSignal::new(bot.description.clone());
    let error = RwSignal::new(None::<String>);
    let name_id = format!("bot-{id}-edit-name");
    let description_id = format!("bot-{id}-edit-description");
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let change = BotPatch {
            name: Some(name.get_untracked()),
            description: Some(description.get_untracked()),
            ..BotPatch::default()
        };
        spawn_local(async move {
            match api::update_bot(id, &change).await {
                Ok(_) => {
                    editing.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e.fields.values().next().cloned().unwrap_or(e.message))),
            }
        });
    };
    view! {
        <form class="inline-form" on:submit=save>
            <div class="field">
                <label for=name_id.clone()>"Name"</label>
                <input
                    id=name_id
                    type="text"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for=description_id.clone()>"Description"</label>
                <input
                    id=description_id
                    type="text"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                />
            </div>
            <button class="button primary" type="submit">"Save"</button>
            <button class="button" type="button" on:click=move |_| editing.set(None)>
                "Cancel"
            </button>
        </form>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}
