//! A page's filters kept in the address's query (`?status=running&q=renew&page=2`),
//! so a reload, a bookmark or a link sent to a colleague opens the same view.
//! The page reads its filters once when it opens ([`query_value`]) and
//! writes them back whenever they change ([`keep_in_address`]) with
//! `history.replaceState`: no history entry per keystroke, no navigation.

use leptos::prelude::*;

/// The value of `key` in the address's query when the page opened.
pub fn query_value(key: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(key)
        .filter(|value| !value.is_empty())
}

/// A page number from the query (`1` when absent or not a number).
pub fn query_page(key: &str) -> u32 {
    query_value(key)
        .and_then(|page| page.parse().ok())
        .filter(|page| *page >= 1)
        .unwrap_or(1)
}

/// Writes the `(key, value)` pairs `pairs` gives into the address each time
/// they change; empty values (and page 1) are left out. Keys the page does
/// not own stay as they are.
pub fn keep_in_address(pairs: impl Fn() -> Vec<(&'static str, String)> + 'static) {
    Effect::new(move |_| {
        let pairs = pairs();
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
            return;
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
            return;
        };
        for (key, value) in &pairs {
            if value.is_empty() || (key.ends_with("page") && value == "1") {
                params.delete(key);
            } else {
                params.set(key, value);
            }
        }
        let query: String = params.to_string().into();
        let address = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        if let Ok(history) = window.history() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
        }
    });
}
