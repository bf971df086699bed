//! `/dashboard/settings`: the signed-in operator's own settings — the
//! timezone the app shows times in, API tokens for scripts, and their
//! password. One section per file.

mod display_zone;
mod password;
mod tokens;

use leptos::prelude::*;

use display_zone::DisplayZoneSection;
use password::PasswordSection;
use tokens::TokensSection;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <div class="page-head">
            <h1>"Settings"</h1>
        </div>
        <div class="settings">
            <DisplayZoneSection />
            <TokensSection />
            <PasswordSection />
        </div>
    }
}
