//! Small things only a browser does: its clock and timezone, saving a Blob as a
//! download, and figures formatted for reading.

use wasm_bindgen::JsCast;

/// The browser's IANA timezone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
pub fn timezone() -> Option<String> {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()
}

/// The browser's clock now.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The browser's clock, read again every `every` while the calling
/// component is shown (for wording that moves with time: "Open until …",
/// the last 24 hours of a chart).
pub fn ticking_clock(
    every: std::time::Duration,
) -> leptos::prelude::ReadSignal<chrono::DateTime<chrono::Utc>> {
    use leptos::prelude::*;
    let clock = RwSignal::new(now());
    if let Ok(ticker) = set_interval_with_handle(move || clock.set(now()), every) {
        on_cleanup(move || ticker.clear());
    }
    clock.read_only()
}

/// Puts `text` on the clipboard; false when the browser refuses (no
/// permission, or a page not served over https or localhost).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Saves `blob` as a file named `name`, as a link with `download` would.
pub fn download(blob: &web_sys::Blob, name: &str) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(link) = document
        .as_ref()
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    // The download reads the URL after this returns: free it a minute later.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
}

/// `1234567` → `1,234,567` (the shared reader's own formatting, so the
/// page's figures read like its messages).
pub fn thousands(value: u64) -> String {
    outdial_shared::contacts::with_commas(value)
}

/// A byte count for reading: `98.7 MB`, `640 KB`, `12 bytes`.
pub fn size(bytes: u64) -> String {
    const MB: f64 = 1_048_576.0;
    if bytes as f64 >= MB {
        format!("{:.1} MB", bytes as f64 / MB)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}
