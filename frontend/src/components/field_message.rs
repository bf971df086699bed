//! The line under a form field: its problem (announced to screen readers as
//! it appears) or, when it has none, its hint.

use leptos::prelude::*;

/// `id` is the value the field's `aria-describedby` points at.
#[component]
pub fn FieldMessage(
    #[prop(into)] id: String,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    view! {
        <p id=id class="field-message" aria-live="polite" class:field-error=move || error.with(Option::is_some)>
            {move || error.get().or_else(|| hint.clone()).unwrap_or_default()}
        </p>
    }
}
