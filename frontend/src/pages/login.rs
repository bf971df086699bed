//! `/login`: operators sign in here.

use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <section class="login">
            <h1>"Sign in to Outdial"</h1>
        </section>
    }
}
