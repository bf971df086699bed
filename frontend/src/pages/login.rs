//! `/login`: operators sign in here; success returns to the dashboard page
//! named by `?next=` (a deep link opened while signed out), else the
//! campaign list.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use web_sys::SubmitEvent;

use crate::api;
use crate::routes;
use crate::session::use_session;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let query = use_query_map();

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::login(&username.get_untracked(), &password.get_untracked()).await {
                Ok(me) => {
                    session.user.set(Some(me));
                    let next = query.with_untracked(|q| q.get("next"));
                    let to = next
                        .as_deref()
                        .and_then(routes::return_path)
                        .unwrap_or(routes::CAMPAIGNS)
                        .to_owned();
                    navigate(&to, Default::default());
                }
                Err(failure) => error.set(Some(failure.message)),
            }
            pending.set(false);
        });
    };

    view! {
        <section class="login card">
            <h1>"Sign in to Outdial"</h1>
            <form on:submit=submit>
                <label for="username">"Username"</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    required
                    bind:value=username
                />
                <label for="password">"Password"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    bind:value=password
                />
                <Show when=move || error.get().is_some()>
                    <p class="form-error" role="alert">
                        {move || error.get().unwrap_or_default()}
                    </p>
                </Show>
                <button class="button primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </section>
    }
}
