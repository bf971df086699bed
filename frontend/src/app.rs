//! The router: one route per page, as listed in docs/architecture.md.

use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::confirm_dialog::{provide_confirm, ConfirmDialog};
use crate::components::header::Header;
use crate::components::lazy_view::LazyView;
use crate::page_chunks;
use crate::pages::{login::LoginPage, not_found::NotFoundPage};
use crate::routes;
use crate::session::provide_session;

/// The whole app: the header, then the page the address names. Dashboard
/// pages need a signed-in operator: until the session check answers they
/// show nothing, and a signed-out visitor is sent to `/login`. Each
/// dashboard page's code loads the first time its route opens
/// (`page_chunks`); sign-in and the shell load with the app.
#[component]
pub fn App() -> impl IntoView {
    let session = provide_session();
    provide_confirm();
    // A memo: a change of the operator's settings (a new `Me`) must not
    // build the page again, only signing in or out does.
    let signed_in = Memo::new(move |_| {
        session
            .checked
            .get()
            .then(|| session.user.with(Option::is_some))
    });
    let signed_in = move || signed_in.get();
    let login = routes::login_returning_here;
    view! {
        <Router>
            <Header />
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/dashboard/campaigns" /> } />
                    <Route path=path!("/dashboard") view=|| view! { <Redirect path="/dashboard/campaigns" /> } />
                    <ProtectedRoute path=path!("/dashboard/campaigns") view=|| view! { <LazyView load=page_chunks::campaigns /> } condition=signed_in redirect_path=login />
                    <ProtectedRoute path=path!("/dashboard/campaigns/new") view=|| view! { <LazyView load=page_chunks::campaign_wizard /> } condition=signed_in redirect_path=login />
                    <ProtectedRoute path=path!("/dashboard/campaigns/:id") view=|| view! { <LazyView load=page_chunks::campaign_detail /> } condition=signed_in redirect_path=login />
                    <ProtectedRoute path=path!("/dashboard/campaigns/:id/edit") view=|| view! { <LazyView load=page_chunks::campaign_wizard /> } condition=signed_in redirect_path=login />
                    <ProtectedRoute path=path!("/dashboard/bots") view=|| view! { <LazyView load=page_chunks::bots /> } condition=signed_in redirect_path=login />
                    <ProtectedRoute path=path!("/dashboard/carriers") view=|| view! { <LazyView load=page_chunks::carriers /> } condition=signed_in redirect_path=login />
                    <ProtectedRoute path=path!("/dashboard/settings") view=|| view! { <LazyView load=page_chunks::settings /> } condition=signed_in redirect_path=login />
                    <Route path=path!("/login") view=LoginPage />
                </Routes>
            </main>
            <ConfirmDialog />
        </Router>
    }
}
