//! Who is signed in, shared by every page through context.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::api::Me;
use outdial_shared::config::Timezone;

use crate::{api, browser};

/// The operator signed in (`None` once known to be signed out), and whether
/// the first check is still running.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub user: RwSignal<Option<Me>>,
    pub checked: RwSignal<bool>,
}

impl Session {
    /// The zone the operator reads times in: the one they chose in
    /// Settings, else this browser's, else UTC. Reactive: a saved setting
    /// shows at once on every page.
    pub fn display_timezone(&self) -> Timezone {
        self.user
            .with(|user| user.as_ref().and_then(|me| me.display_timezone.clone()))
            .or_else(browser::timezone)
            .and_then(|name| Timezone::parse(&name))
            .unwrap_or(Timezone::UTC)
    }
}

/// Creates the session context and asks the server who is signed in.
pub fn provide_session() -> Session {
    let session = Session {
        user: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    provide_context(session);
    spawn_local(async move {
        session.user.set(api::me().await.ok());
        session.checked.set(true);
    });
    session
}

/// The session context; panics outside the app (a programming error).
pub fn use_session() -> Session {
    expect_context::<Session>()
}
