//! The HTTP surface: `/api/*` routes, one module per resource, and the built
//! frontend for every other path.
//!
//! `/api/health`, `/api/auth/login` and `/api/openapi.json` are open, and
//! `/api/telephony/events` is authenticated by its HMAC signature instead;
//! every other route sits behind [`crate::auth::require_actor`], which answers 401
//! without a valid session cookie or API token. JSON bodies are limited to
//! [`extract::JSON_BODY_LIMIT`].

mod auth;
mod bots;
mod campaign_actions;
mod campaign_detail;
mod campaigns;
mod carriers;
mod contact_detail;
mod contact_upload;
mod contacts;
pub mod events;
mod exclusions;
pub mod extract;
mod forecast;
mod health;
mod list_events;
mod numbers;
pub mod openapi;
mod preflight;
mod telephony_webhook;
mod test_calls;
mod tokens;

use axum::extract::DefaultBodyLimit;
use axum::{middleware, Router};
use tower_http::trace::TraceLayer;

use crate::auth::password::Passwords;
use crate::auth::throttle::LoginThrottle;
use crate::db::Db;
use crate::error::AppError;
use crate::static_files;

/// The telephony webhook's shared secret; never printed.
#[derive(Clone)]
pub struct WebhookSecret(std::sync::Arc<Vec<u8>>);

impl WebhookSecret {
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        WebhookSecret(std::sync::Arc::new(secret.into()))
    }

    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(..)")
    }
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub passwords: Passwords,
    pub login_throttle: LoginThrottle,
    /// Live campaign events for `GET /api/campaigns/{id}/events`.
    pub events: events::CampaignEvents,
    /// Nudges this instance's dialler (Start, Resume, Restart, appends,
    /// call events) so it acts at once instead of at its next poll.
    pub dialler_wake: std::sync::Arc<tokio::sync::Notify>,
    /// Nudges the janitor that deletes replaced and abandoned contact lists
    /// (`store::contact_lists::collect_garbage`; started by `serve`).
    pub janitor: std::sync::Arc<tokio::sync::Notify>,
    /// The shared secret of the telephony webhook; `None` refuses every
    /// event (the simulated carrier needs no webhook).
    pub webhook_secret: Option<WebhookSecret>,
    /// How this instance's dialler is doing, for `GET /api/health`.
    pub dialler: crate::dialler::supervisor::Supervisor,
    /// Where bot test calls are placed: the dialler's own telephony; `None`
    /// when this instance places no calls (`--no-dialler`).
    pub telephony: Option<TelephonyHandle>,
}

/// The telephony bot test calls go through (see [`AppState::telephony`]).
#[derive(Clone)]
pub struct TelephonyHandle {
    pub telephony: std::sync::Arc<dyn crate::dialler::telephony::Telephony>,
    /// The built-in simulated carrier (no real phone rings).
    pub simulated: bool,
}

impl std::fmt::Debug for TelephonyHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TelephonyHandle(..)")
    }
}

impl AppState {
    pub fn new(db: Db, passwords: Passwords) -> Self {
        AppState {
            db,
            passwords,
            login_throttle: LoginThrottle::default(),
            events: events::CampaignEvents::default(),
            dialler_wake: Default::default(),
            janitor: Default::default(),
            webhook_secret: None,
            dialler: Default::default(),
            telephony: None,
        }
    }
}

/// The whole application; tests call it with `oneshot` and no socket.
pub fn app(state: AppState) -> Router {
    let protected = Router::new()
        .merge(auth::router())
        .merge(tokens::router())
        .merge(bots::router())
        .merge(carriers::router())
        .merge(numbers::router())
        .merge(campaigns::router())
        .merge(campaign_actions::router())
        .merge(contacts::router())
        .merge(exclusions::router())
        .merge(campaign_detail::router())
        .merge(preflight::router())
        .merge(forecast::router())
        .merge(test_calls::router())
        .merge(contact_detail::router())
        .merge(list_events::router())
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::require_actor,
        ));
    let api = Router::new()
        .merge(health::router())
        .merge(openapi::router())
        .merge(auth::open_router())
        .merge(telephony_webhook::router())
        .merge(protected)
        .layer(DefaultBodyLimit::max(extract::JSON_BODY_LIMIT))
        .method_not_allowed_fallback(|| async {
            AppError::MethodNotAllowed("This route does not accept this method.".into())
        })
        .fallback(|| async { AppError::NotFound("There is no such API route.".into()) });
    Router::new()
        .nest("/api", api)
        .merge(static_files::router())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Names the campaigns that block a change: `campaign "Spring promo"`,
/// `campaigns "A", "B" and "C"`, or `campaigns "A", "B", "C" and 4 more`.
fn campaign_list(names: &[String]) -> String {
    const SHOWN: usize = 3;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("{n:?}")).collect();
    match names.len() {
        0 => "a campaign".to_string(),
        1 => format!("campaign {}", quoted[0]),
        n if n <= SHOWN => format!(
            "campaigns {} and {}",
            quoted[..n - 1].join(", "),
            quoted[n - 1]
        ),
        n => format!("campaigns {} and {} more", quoted.join(", "), n - SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::campaign_list;

    #[test]
    fn blocking_campaigns_are_named_briefly() {
        let names = |n: usize| (1..=n).map(|i| format!("C{i}")).collect::<Vec<_>>();
        assert_eq!(campaign_list(&names(0)), "a campaign");
        assert_eq!(campaign_list(&names(1)), r#"campaign "C1""#);
        assert_eq!(campaign_list(&names(3)), r#"campaigns "C1", "C2" and "C3""#);
        assert_eq!(
            campaign_list(&names(5)),
            r#"campaigns "C1", "C2", "C3" and 2 more"#
        );
    }
}
