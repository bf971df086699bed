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
    // Typing clears the "changed" line and the server's message for the field.
    let typed = move |cleared: Option<RwSignal<Option<String>>>| {
        move || {
            done.set(None);
            if let Some(error) = cleared {
                error.set(None);
            }
        }
    };
    view! {
        <form class="card inline-form" on:submit=submit aria-labelledby="password-title">
            <h2 id="password-title">"Change password"</h2>
            <PasswordField
                id="current-password"
                label="Current password"
                autocomplete="current-password"
                value=current
                error=current_error
                on_input=typed(Some(current_error))
                on_blur=|| {}
            />
            <PasswordField
                id="new-password"
                label="New password"
                autocomplete="new-password"
                value=new
                error=new_error
                hint="At least 10 characters. Your other sessions are signed out when it changes."
                on_input=typed(Some(server_new_error))
                on_blur=move || touched.update(|t| t.0 = true)
            />
            <PasswordField
                id="new-password-again"
                label="Confirm new password"
                autocomplete="new-password"
                value=again
                error=again_error
                on_input=typed(None)
                on_blur=move || touched.update(|t| t.1 = true)
            />
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <p class="form-ok" role="status">{move || done.get().unwrap_or_default()}</p>
            <button type="submit" class="button primary" disabled=move || saving.get()>
                {move || if saving.get() { "Changing…" } else { "Change password" }}
            </button>
        </form>
    }
}

/// One password box with its label and the line under it.
#[component]
fn PasswordField(
    id: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    on_input: impl Fn() + 'static,
    on_blur: impl Fn() + 'static,
) -> impl IntoView {
    let message = format!("{id}-message");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type="password"
                autocomplete=autocomplete
                aria-describedby=message.clone()
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    on_input();
                }
                on:blur=move |_| on_blur()
            />
            <FieldMessage id=message error hint=hint.map(str::to_owned).unwrap_or_default() />
        </div>
    }
}
