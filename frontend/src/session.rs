//! Who is signed in, shared by every page through context.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::api::Me;

use crate::api;

/// The operator signed in (`None` once known to be signed out), and whether
/// the first check is still running.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub user: RwSignal<Option<Me>>,
    pub checked: RwSignal<bool>,
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
