//! The router: one route per page, as listed in ARCHITECTURE.md.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::pages::{
    bots::BotsPage, campaign_detail::CampaignDetailPage, campaign_wizard::CampaignWizardPage,
    campaigns::CampaignsPage, carriers::CarriersPage, login::LoginPage, not_found::NotFoundPage,
};
use crate::session::provide_session;

/// The whole app: the header, then the page the address names.
#[component]
pub fn App() -> impl IntoView {
    provide_session();
    view! {
        <Router>
            <Header />
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/dashboard/campaigns" /> } />
                    <Route path=path!("/dashboard") view=|| view! { <Redirect path="/dashboard/campaigns" /> } />
                    <Route path=path!("/dashboard/campaigns") view=CampaignsPage />
                    <Route path=path!("/dashboard/campaigns/new") view=CampaignWizardPage />
                    <Route path=path!("/dashboard/campaigns/:id") view=CampaignDetailPage />
                    <Route path=path!("/dashboard/campaigns/:id/edit") view=CampaignWizardPage />
                    <Route path=path!("/dashboard/bots") view=BotsPage />
                    <Route path=path!("/dashboard/carriers") view=CarriersPage />
                    <Route path=path!("/login") view=LoginPage />
                </Routes>
            </main>
        </Router>
    }
}
