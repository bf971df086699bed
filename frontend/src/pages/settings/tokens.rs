//! API tokens for scripts: created with a name (the secret shown this once,
//! with a copy button), listed with their last use, revoked with a
//! confirmation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::api::{ApiToken, CreatedApiToken};
use outdial_shared::names::Name;

use crate::api;
use crate::browser;
use crate::components::confirm_dialog::{use_confirm, Question};
use crate::components::field_message::FieldMessage;
use crate::components::loaded::Loaded;
use crate::session::use_session;
use crate::zone;

#[component]
pub fn TokensSection() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let tokens = LocalResource::new(move || {
        version.track();
        api::tokens()
    });
    let reload = move || version.update(|v| *v += 1);
    let created = RwSignal::new(None::<CreatedApiToken>);
    view! {
        <section class="card" aria-labelledby="tokens-title">
            <h2 id="tokens-title">"API tokens"</h2>
            <p class="muted">
                "A script sends a token as "<code>"Authorization: Bearer <secret>"</code>
                " and acts as the operator who created it. Only a signed-in operator creates or revokes tokens."
            </p>
            <NewTokenForm created reload />
            {move || created.get().map(|token| view! { <NewSecret token created /> })}
            <Loaded resource=tokens loading="Loading tokens…" let:list>
                {if list.is_empty() {
                    view! { <p class="muted">"No tokens yet."</p> }.into_any()
                } else {
                    view! { <TokenTable tokens=list reload /> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn NewTokenForm(
    created: RwSignal<Option<CreatedApiToken>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        error.set(Name::parse(&typed).err());
        if error.with_untracked(Option::is_some) {
            return;
        }
        saving.set(true);
        spawn_local(async move {
            match api::create_token(&typed).await {
                Ok(token) => {
                    name.set(String::new());
                    created.set(Some(token));
                    reload();
                }
                Err(e) => error.set(Some(e.fields.get("name").cloned().unwrap_or(e.message))),
            }
            saving.set(false);
        });
    };
    view! {
        <form class="inline-form token-form" on:submit=submit>
            <div class="field">
                <label for="token-name">"Token name"</label>
                <input
                    id="token-name"
                    type="text"
                    aria-describedby="token-name-message"
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        error.set(None);
                    }
                />
                <FieldMessage
                    id="token-name-message"
                    error=error
                    hint="What the token is for, such as \"CRM feed\"."
                />
            </div>
            <button type="submit" class="button primary" disabled=move || saving.get()>
                {move || if saving.get() { "Creating…" } else { "Create token" }}
            </button>
        </form>
    }
}

/// The new token's secret, shown this once, with a copy button.
#[component]
fn NewSecret(token: CreatedApiToken, created: RwSignal<Option<CreatedApiToken>>) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let secret = StoredValue::new(token.secret.clone());
    let copy = move |_| {
        spawn_local(async move {
            copied.set(Some(if browser::copy_text(&secret.get_value()).await {
                "Copied."
            } else {
                "This browser refused to copy: select the secret and copy it yourself."
            }));
        });
    };
    view! {
        <div class="new-secret" role="alert">
            <p>
                <strong>{format!("Copy the secret of \u{201c}{}\u{201d} now:", token.token.name)}</strong>
                " it is shown only this once and cannot be read again."
            </p>
            <div class="field">
                <label for="new-token-secret">"Secret"</label>
                <input
                    id="new-token-secret"
                    type="text"
                    readonly
                    prop:value=token.secret
                    on:focus=|ev| {
                        use wasm_bindgen::JsCast;
                        if let Some(input) = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            input.select();
                        }
                    }
                />
            </div>
            <div class="row-actions">
                <button type="button" class="button" on:click=copy>"Copy secret"</button>
                <button type="button" class="button" on:click=move |_| created.set(None)>
                    "Done"
                </button>
                <span role="status">{move || copied.get().unwrap_or_default()}</span>
            </div>
        </div>
    }
}

#[component]
fn TokenTable(
    tokens: Vec<ApiToken>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let confirm = use_confirm();
    let error = RwSignal::new(None::<String>);
    let revoke = move |token: &ApiToken| {
        let (id, name) = (token.id, token.name.clone());
        move |_| {
            let question = Question::danger(
                format!("Revoke the token {name}? Scripts that use it are refused from now on."),
                "Revoke token",
            );
            spawn_local(async move {
                if !confirm.ask(question).await {
                    return;
                }
                match api::revoke_token(id).await {
                    Ok(()) => error.set(None),
                    Err(e) => error.set(Some(e.message)),
                }
                reload();
            });
        }
    };
    let when = move |at| zone::dated(at, session.display_timezone());
    view! {
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <table class="data-table stack-table token-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Starts with"</th>
                    <th scope="col">"Created by"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Last used"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {tokens
                    .into_iter()
                    .map(|token| {
                        let on_revoke = revoke(&token);
                        let (created_at, last_used_at) = (token.created_at, token.last_used_at);
                        view! {
                            <tr>
                                <td data-label="Name">{token.name.clone()}</td>
                                <td data-label="Starts with"><code>{format!("{}…", token.prefix)}</code></td>
                                <td data-label="Created by">{token.created_by.clone()}</td>
                                <td data-label="Created">{move || when(created_at)}</td>
                                <td data-label="Last used">
                                    {move || last_used_at.map(when).unwrap_or_else(|| "Never".to_owned())}
                                </td>
                                <td data-label="Actions">
                                    <button
                                        type="button"
                                        class="button danger"
                                        aria-label=format!("Revoke {}", token.name)
                                        on:click=on_revoke
                                    >
                                        "Revoke"
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
