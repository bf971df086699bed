//! Changing the operator's password: the current one, the new one twice,
//! checked as they type by the rule the server applies too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::api::{new_password_problem, PasswordChange};

use crate::api;
use crate::components::field_message::FieldMessage;

#[component]
pub fn PasswordSection() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    // A field's problem shows once the operator has left it or submitted.
    let touched = RwSignal::new((false, false));
    let current_error = RwSignal::new(None::<String>);
    let server_new_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<&'static str>);
    let saving = RwSignal::new(false);
    let new_error = Signal::derive(move || {
        if !touched.get().0 {
            return server_new_error.get();
        }
        new.with(|n| current.with(|c| new_password_problem(n, c)))
            .or_else(|| server_new_error.get())
    });
    let again_error = Signal::derive(move || {
        (touched.get().1 && new.with(|n| again.with(|a| n != a)))
            .then(|| "The two new passwords differ.".to_owned())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set((true, true));
        done.set(None);
        let change = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        current_error.set(
            change
                .current_password
                .is_empty()
                .then(|| "Enter your current password.".to_owned()),
        );
        if current_error.with_untracked(Option::is_some)
            || new_error.with_untracked(Option::is_some)
            || again_error.with_untracked(Option::is_some)
        {
            return;
        }
        saving.set(true);
        form_error.set(None);
        spawn_local(async move {
            match api::change_password(&change).await {
                Ok(()) => {
                    for field in [current, new, again] {
                        field.set(String::new());
                    }
                    touched.set((false, false));
                    server_new_error.set(None);
                    done.set(Some(
                        "Password changed. Your other sessions have been signed out.",
                    ));
                }
                Err(e) => {
                    current_error.set(e.fields.get("current_password").cloned());
                    server_new_error.set(e.fields.get("new_password").cloned());
                    if e.fields.is_empty() {
                        form_error.set(Some(e.message));
                    }
                }
            }
            saving.set(false);
        });
    };
    let input = move |signal: RwSignal<String>| {
        move |ev: leptos::ev::Event| {
            signal.set(event_target_value(&ev));
            done.set(None);
        }
    };
    view! {
        <form class="card inline-form" on:submit=submit aria-labelledby="password-title">
            <h2 id="password-title">"Change password"</h2>
            <div class="field">
                <label for="current-password">"Current password"</label>
                <input
                    id="current-password"
                    type="password"
                    autocomplete="current-password"
                    aria-describedby="current-password-message"
                    prop:value=move || current.get()
                    on:input=move |ev| {
                        input(current)(ev);
                        current_error.set(None);
                    }
                />
                <FieldMessage id="current-password-message" error=current_error />
            </div>
            <div class="field">
                <label for="new-password">"New password"</label>
                <input
                    id="new-password"
                    type="password"
                    autocomplete="new-password"
                    aria-describedby="new-password-message"
                    prop:value=move || new.get()
                    on:input=move |ev| {
                        input(new)(ev);
                        server_new_error.set(None);
                    }
                    on:blur=move |_| touched.update(|t| t.0 = true)
                />
                <FieldMessage
                    id="new-password-message"
                    error=new_error
                    hint="At least 10 characters. Your other sessions are signed out when it changes."
                />
            </div>
            <div class="field">
                <label for="new-password-again">"Confirm new password"</label>
                <input
                    id="new-password-again"
                    type="password"
                    autocomplete="new-password"
                    aria-describedby="new-password-again-message"
                    prop:value=move || again.get()
                    on:input=input(again)
                    on:blur=move |_| touched.update(|t| t.1 = true)
                />
                <FieldMessage id="new-password-again-message" error=again_error />
            </div>
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <p class="form-ok" role="status">{move || done.get().unwrap_or_default()}</p>
            <button type="submit" class="button primary" disabled=move || saving.get()>
                {move || if saving.get() { "Changing…" } else { "Change password" }}
            </button>
        </form>
    }
}
