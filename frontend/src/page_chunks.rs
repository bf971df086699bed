//! Which page's code loads when. The page's first download holds the app's
//! shell (router, header, session, sign-in); every dashboard page is a
//! function here that the router awaits the first time its route opens
//! (`crate::split`). Parts of a page that wait for the operator load when
//! they are opened: the wizard's Upload CSV step and the detail page's
//! Append contacts. (A contact's History was tried as a chunk too: the
//! detail page then downloaded 6 KB more, because what it shares with the
//! page moved to a chunk of its own; so it stays in the page.)
//! docs/frontend.md, "Split by page", has the sizes.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::pages::campaign_detail::append::AppendSection;
use crate::pages::campaign_wizard::upload_csv::UploadCsvStep;
use crate::pages::{
    bots::BotsPage, campaign_detail::CampaignDetailPage, campaign_wizard::CampaignWizardPage,
    campaigns::CampaignsPage, carriers::CarriersPage, settings::SettingsPage,
};
use crate::split::split_fn;

/// `page_chunk!(name => Page)`: `pub async fn name() -> Result<AnyView,
/// ApiError>` drawing `Page`, split into the chunk `name`. A chunk that
/// cannot be fetched answers an [`ApiError`] (status 0); the next call
/// fetches it again.
macro_rules! page_chunk {
    ($(#[$doc:meta])* $name:ident => $page:ident) => {
        split_fn!($name, fallible;
            $(#[$doc])*
            pub fn $name() -> Result<AnyView, ApiError> {
                Ok(view! { <$page /> }.into_any())
            }
        );
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

split_fn!(append_contacts, fallible;
    /// The detail page's Append contacts, once the operator opens it: the
    /// CSV check's page side and the upload.
    pub fn append_contacts(
        campaign_id: i64,
        region: Signal<Option<String>>,
        open: Signal<bool>,
        on_added: Callback<()>,
    ) -> Result<AnyView, ApiError> {
        Ok(view! { <AppendSection campaign_id region open on_added /> }.into_any())
    }
);

split_fn!(wizard_upload_csv, fallible;
    /// The wizard's Upload CSV step, when it opens: the drop zone, the CSV
    /// check's page side and its preview.
    pub fn wizard_upload_csv() -> Result<AnyView, ApiError> {
        Ok(view! { <UploadCsvStep /> }.into_any())
    }
);
