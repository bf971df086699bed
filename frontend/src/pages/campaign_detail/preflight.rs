//! The pre-launch check on the page of a campaign that is not running: the
//! server's answer to "Before you start" for the stored campaign, read again
//! whenever the campaign is (an edit, an action, an upload).

use leptos::prelude::*;

use crate::api;
use crate::components::loaded::Loaded;
use crate::components::preflight_panel::PreflightPanel;

#[component]
pub fn PreflightSection(campaign_id: i64, version: RwSignal<u32>) -> impl IntoView {
    let preflight = LocalResource::new(move || {
        version.track();
        api::preflight(campaign_id)
    });
    view! {
        <Loaded resource=preflight loading="Checking the campaign before start…" let:preflight>
            <PreflightPanel preflight />
        </Loaded>
    }
}
