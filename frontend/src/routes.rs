//! Every path the app links to, in one place, so a renamed route cannot
//! leave a stale link behind.

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
