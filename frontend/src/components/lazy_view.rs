//! A page or a part of one whose code loads on first use
//! (`crate::page_chunks`): "Loading…" while its chunk is fetched, then the
//! view; if the chunk could not be fetched, that said plainly with a Retry
//! button, never a blank space.

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api::ApiError;
use crate::components::load_error::LoadError;

#[component]
pub fn LazyView<F, Fut>(
    /// One of `page_chunks`' functions, with its arguments.
    load: F,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ApiError>> + 'static,
{
    let attempt = RwSignal::new(0_u32);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                attempt.track();
                // The browser is one thread: the load never leaves it.
                let page = SendWrapper::new(load());
                Suspend::new(async move {
                    match page.await {
                        Ok(page) => page,
                        Err(error) => {
                            view! {
                                <LoadError error />
                                <button
                                    class="button"
                                    on:click=move |_| attempt.update(|n| *n += 1)
                                >
                                    "Retry"
                                </button>
                            }
                                .into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}
