//! A notice on the campaign pages when this server's dialler is not placing
//! calls (its last step failed, or it is stopped), so "running" never
//! hides a dialler that is not dialling. Asks `GET /api/health` on load and
//! every ten seconds while shown.

use std::time::Duration;

use leptos::prelude::*;
use outdial_shared::api::DiallerState;

use crate::api;

#[component]
pub fn DiallerBanner() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let health = LocalResource::new(move || {
        version.track();
        api::health()
    });
    if let Ok(handle) =
        set_interval_with_handle(move || version.update(|v| *v += 1), Duration::from_secs(10))
    {
        on_cleanup(move || handle.clear());
    }
    move || {
        let dialler = health.get()?.ok()?.dialler;
        let text = match dialler.state {
            DiallerState::Running => return None,
            DiallerState::Degraded => format!(
                "The dialler is not placing calls right now: {}. It retries by itself ({} failed attempts in a row); calls resume once the cause is fixed.",
                dialler.last_error.unwrap_or_else(|| "an unknown error".into()),
                dialler.consecutive_failures,
            ),
            DiallerState::Stopped => "This server's dialler is stopped (it was started with --no-dialler, or is shutting down): it places no calls.".to_owned(),
        };
        Some(view! {
            <p class="notice dialler-banner" role="alert">
                {text}
            </p>
        })
    }
}
