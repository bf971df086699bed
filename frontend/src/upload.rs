//! The contact upload: `PUT /api/campaigns/{id}/contacts` (the wizard's
//! list) or `POST` (the detail page's Append) with the file as the body,
//! streamed by the browser from disk, with upload progress.
//! `fetch` cannot report upload progress, so this one call uses
//! `XMLHttpRequest`.

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::oneshot;
use outdial_shared::api::ErrorBody;
use outdial_shared::contacts::Report;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use crate::api::ApiError;

fn failed(message: impl Into<String>) -> ApiError {
    ApiError {
        status: 0,
        message: message.into(),
        fields: Default::default(),
    }
}

/// Uploads `body` as the campaign's contact list (replacing any on a
/// draft); `on_progress(sent, total)` hears the upload's progress. Answers
/// the server's own report of the file.
pub async fn put_contacts(
    campaign_id: i64,
    body: &Blob,
    on_progress: impl Fn(f64, f64) + 'static,
) -> Result<Report, ApiError> {
    send("PUT", campaign_id, body, on_progress).await
}

/// Adds the contacts of `body` to the campaign's list (numbers already in
/// it count as duplicates); as [`put_contacts`] otherwise.
pub async fn append_contacts(
    campaign_id: i64,
    body: &Blob,
    on_progress: impl Fn(f64, f64) + 'static,
) -> Result<Report, ApiError> {
    send("POST", campaign_id, body, on_progress).await
}

async fn send(
    method: &str,
    campaign_id: i64,
    body: &Blob,
    on_progress: impl Fn(f64, f64) + 'static,
) -> Result<Report, ApiError> {
    let xhr = XmlHttpRequest::new().map_err(|_| failed("The browser cannot upload files."))?;
    xhr.open_with_async(
        method,
        &format!("/api/campaigns/{campaign_id}/contacts"),
        true,
    )
    .map_err(|_| failed("The upload could not be started."))?;
    xhr.set_request_header("content-type", "text/csv")
        .map_err(|_| failed("The upload could not be started."))?;

    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() {
            on_progress(ev.loaded(), ev.total());
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }

    let (done, finished) = oneshot::channel::<bool>();
    let done = Rc::new(RefCell::new(Some(done)));
    let settle = |ok: bool| {
        let done = done.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(done) = done.borrow_mut().take() {
                let _ = done.send(ok);
            }
        })
    };
    let on_load = settle(true);
    let on_error = settle(false);
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_error.as_ref().unchecked_ref()));
    xhr.send_with_opt_blob(Some(body))
        .map_err(|_| failed("The upload could not be started."))?;

    let loaded = finished.await.unwrap_or(false);
    drop((progress, on_load, on_error));
    if !loaded {
        return Err(failed(
            "The upload was interrupted: the server could not be reached.",
        ));
    }
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&status) {
        return serde_json::from_str(&text)
            .map_err(|e| failed(format!("The server's report could not be read ({e}).")));
    }
    Err(match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => ApiError {
            status,
            message: body.error.message,
            fields: body.error.fields,
        },
        Err(_) => ApiError {
            status,
            message: format!("The server answered {status}."),
            fields: Default::default(),
        },
    })
}
