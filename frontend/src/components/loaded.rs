//! The load / error-with-Retry pattern of every page that shows what the API
//! holds: "Loading…" while the first answer is out, the page once it has
//! one, and the server's message with a Retry button if it failed (a
//! signed-out operator is sent to sign in).

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::load_error::LoadError;

/// Shows `children` with the loaded value, or the loading / error state.
#[component]
pub fn Loaded<T, V>(
    resource: LocalResource<Result<T, ApiError>>,
    #[prop(into)] loading: String,
    children: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    // The text itself, not a reactive value: the fallback can be drawn
    // while the component is being disposed (a page that reloads its part).
    view! {
        <Transition fallback=move || {
            view! { <p class="loading">{loading.clone()}</p> }
        }>
            {move || {
                resource
                    .get()
                    .map(|result| match result {
                        Ok(value) => children(value).into_any(),
                        Err(error) => {
                            view! {
                                <LoadError error />
                                <button class="button" on:click=move |_| resource.refetch()>
                                    "Retry"
                                </button>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}
