//! The bar across the top of every page: the product name, the four
//! sections (the router marks the current one with `aria-current="page"`)
//! and who is signed in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::routes;
use crate::session::use_session;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="app-header">
            <a class="brand" href=routes::CAMPAIGNS>
                "Outdial"
            </a>
            <nav class="app-nav" aria-label="Main">
                <A href=routes::CAMPAIGNS>"Campaigns"</A>
                <A href=routes::BOTS>"Bots"</A>
                <A href=routes::CARRIERS>"Carriers"</A>
                <A href=routes::SETTINGS>"Settings"</A>
            </nav>
            <UserMenu />
        </header>
    }
}

/// "admin · Sign out", or a Sign in link once the server says nobody is.
#[component]
fn UserMenu() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Signed out either way: a failed call means the session is gone.
            let _ = api::logout().await;
            session.user.set(None);
            navigate(routes::LOGIN, Default::default());
        });
    };
    view! {
        <div class="user-menu">
            {move || match session.user.get() {
                Some(me) => {
                    view! {
                        <span class="username">{me.username}</span>
                        <button class="link-button" on:click=sign_out.clone()>
                            "Sign out"
                        </button>
                    }
                        .into_any()
                }
                None if session.checked.get() => view! { <A href=routes::LOGIN>"Sign in"</A> }.into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}
