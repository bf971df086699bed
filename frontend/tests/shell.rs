//! The app shell, mounted in a real browser by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
fn the_header_shows_the_product_name_and_the_four_sections() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), outdial_frontend::App);

    let brand = host
        .query_selector(".brand")
        .unwrap()
        .expect("a brand link");
    assert_eq!(brand.text_content().unwrap(), "Outdial");
    let links = host.query_selector_all(".app-nav a").unwrap();
    let labels: Vec<String> = (0..links.length())
        .map(|index| links.item(index).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(labels, ["Campaigns", "Bots", "Carriers", "Settings"]);
    drop(handle);
}
