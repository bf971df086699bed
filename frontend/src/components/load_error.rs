//! What a page shows when its data could not be loaded: a signed-out
//! operator is sent to the sign-in page (and back here after it); anything
//! else is said plainly.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::ApiError;
use crate::routes;

#[component]
pub fn LoadError(error: ApiError) -> impl IntoView {
    if error.status == 401 {
        return view! { <Redirect path=routes::login_returning_here() /> }.into_any();
    }
    view! {
        <p class="form-error" role="alert">
            {error.message}
        </p>
    }
    .into_any()
}
