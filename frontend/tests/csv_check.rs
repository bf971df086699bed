//! The main-thread side of the contact check, in a real browser. (The
//! workers themselves need the Trunk build; `tests/bench/csv_check.mjs`
//! runs them. Reading in parts and merging is tested natively in shared.)
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use outdial_frontend::csv_check::{upload_body, CheckRequest, CheckUpdate, CsvCheck};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Blob, File};

wasm_bindgen_test_configure!(run_in_browser);

fn file(bytes: &[u8]) -> File {
    let parts = Array::of1(&Uint8Array::from(bytes));
    File::new_with_u8_array_sequence(&parts, "contacts.csv").unwrap()
}

async fn bytes(blob: &Blob) -> Vec<u8> {
    let buffer = JsFuture::from(blob.array_buffer()).await.unwrap();
    Uint8Array::new(&buffer).to_vec()
}

#[wasm_bindgen_test]
async fn the_upload_body_renames_the_chosen_column_and_keeps_every_other_byte() {
    let text = "\u{FEFF}Name;\"Mobile No\";City\r\n\"A;b\";98765 43210;Pune\r\n";
    let body = upload_body(&file(text.as_bytes()), Some("Mobile No"))
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8(bytes(&body).await).unwrap(),
        "\u{FEFF}Name;phone_number;City\r\n\"A;b\";98765 43210;Pune\r\n"
    );
}

#[wasm_bindgen_test]
async fn the_upload_body_is_the_file_itself_without_a_rename() {
    let text = b"phone_number\n9876543210\n";
    let original = file(text);
    for column in [None, Some("phone_number"), Some(" Phone_Number ")] {
        let body = upload_body(&original, column).await.unwrap();
        assert_eq!(bytes(&body).await, text);
    }
    let missing = upload_body(&original, Some("mobile")).await;
    assert!(missing.unwrap_err().contains("no column called \"mobile\""));
}

#[wasm_bindgen_test]
async fn a_check_whose_worker_cannot_load_fails_with_a_message() {
    // The test page has no worker script: the worker fails to load.
    let updates = Rc::new(RefCell::new(Vec::new()));
    let seen = updates.clone();
    let check = CsvCheck::start(
        CheckRequest {
            file: file(b"phone_number\n9876543210\n"),
            region_from_number: Some("+919876543210".into()),
            phone_column: None,
        },
        move |update| seen.borrow_mut().push(update),
    )
    .unwrap();
    for _ in 0..100 {
        if updates
            .borrow()
            .iter()
            .any(|update| matches!(update, CheckUpdate::Failed(_)))
        {
            break;
        }
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
                .unwrap();
        });
        JsFuture::from(wait).await.unwrap();
    }
    let failed = updates
        .borrow()
        .iter()
        .find_map(|update| match update {
            CheckUpdate::Failed(reason) => Some(reason.clone()),
            _ => None,
        })
        .expect("a Failed update");
    assert!(failed.contains("contact check stopped"), "{failed}");
    assert!(check.rejected_rows_csv().await.is_err(), "not done");
    check.cancel();
}
