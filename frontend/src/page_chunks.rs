//! Which page's code loads when. The page's first download holds the app's
//! shell (router, header, session, sign-in); every dashboard page is a
//! function here that the router awaits the first time its route opens.
//!
//! Built with the `split` feature (only `scripts/build-page.sh` turns it
//! on), each function is a `wasm_split` point: its page and whatever only it
//! uses go into a wasm chunk of their own, fetched when the function is first
//! called; code that several pages share goes into a chunk they load
//! together. Without the feature (the wasm tests, clippy) the same functions
//! build the page at once, so the app works the same, only in one file.
//! docs/frontend.md, "Split by page", has the sizes.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::pages::{
    bots::BotsPage, campaign_detail::CampaignDetailPage, campaign_wizard::CampaignWizardPage,
    campaigns::CampaignsPage, carriers::CarriersPage, settings::SettingsPage,
};

/// Defines `pub async fn $name() -> Result<AnyView, ApiError>` drawing
/// `$page`, split into the chunk `$name` when the `split` feature is on.
/// A chunk that cannot be fetched answers an [`ApiError`] (status 0), and the
/// next call fetches it again.
macro_rules! page_chunk {
    ($(#[$doc:meta])* $name:ident => $page:ident) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name() -> Result<AnyView, ApiError> {
            Ok(view! { <$page /> }.into_any())
        }

        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        pub async fn $name() -> Result<AnyView, ApiError> {
            Ok(view! { <$page /> }.into_any())
        }
    };
}

page_chunk!(
    /// `/dashboard/campaigns`: the campaign list.
    campaigns => CampaignsPage
);
page_chunk!(
    /// `/dashboard/campaigns/:id`: one campaign's dashboard.
    campaign_detail => CampaignDetailPage
);
page_chunk!(
    /// `/dashboard/campaigns/new` and `…/:id/edit`: the wizard.
    campaign_wizard => CampaignWizardPage
);
page_chunk!(
    /// `/dashboard/bots`.
    bots => BotsPage
);
page_chunk!(
    /// `/dashboard/carriers`.
    carriers => CarriersPage
);
page_chunk!(
    /// `/dashboard/settings`.
    settings => SettingsPage
);
