//! Every path the app links to, in one place, so a renamed route cannot
//! leave a stale link behind, and the one reader of the `:id` parameter.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The campaign list.
pub const CAMPAIGNS: &str = "/dashboard/campaigns";
/// The wizard for a new campaign.
pub const NEW_CAMPAIGN: &str = "/dashboard/campaigns/new";
/// The bots page.
pub const BOTS: &str = "/dashboard/bots";
/// The carriers page.
pub const CARRIERS: &str = "/dashboard/carriers";
/// The sign-in page.
pub const LOGIN: &str = "/login";

/// One campaign's detail page.
pub fn campaign(id: i64) -> String {
    format!("/dashboard/campaigns/{id}")
}

/// The wizard editing one campaign.
pub fn edit_campaign(id: i64) -> String {
    format!("/dashboard/campaigns/{id}/edit")
}

/// The `:id` of the campaign route being shown (`None` on `/new` or when
/// it is not a number).
pub fn use_campaign_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    })
}
