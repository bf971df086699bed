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
/// The operator's own settings.
pub const SETTINGS: &str = "/dashboard/settings";
/// The sign-in page.
pub const LOGIN: &str = "/login";

/// The sign-in page, returning to the page the browser is on now once
/// signed in (a signed-out operator who opened a deep link).
pub fn login_returning_here() -> String {
    let location = web_sys::window().map(|w| w.location());
    let here = location
        .and_then(|l| Some(format!("{}{}", l.pathname().ok()?, l.search().ok()?)))
        .unwrap_or_default();
    if return_path(&here).is_none() {
        return LOGIN.to_owned();
    }
    let encoded: String = js_sys::encode_uri_component(&here).into();
    format!("{LOGIN}?next={encoded}")
}

/// Where sign-in may send the operator back to: a dashboard path of this
/// app only (never another site, `//host` or a `javascript:` address).
pub fn return_path(next: &str) -> Option<&str> {
    let inside =
        next == "/dashboard" || next.starts_with("/dashboard/") || next.starts_with("/dashboard?");
    (inside && !next.contains("//") && !next.contains('\\')).then_some(next)
}

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
