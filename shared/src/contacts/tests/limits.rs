use super::*;

fn small_limits(max_bytes: u64, max_rows: u32) -> ReaderOptions {
    ReaderOptions {
        limits: Limits {
            max_bytes,
            max_rows,
            ..Limits::default()
        },
        ..india()
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_spec_limits_are_100_mb_and_500_000_rows() {
    assert_eq!(Limits::default().max_bytes, 104_857_600);
    assert_eq!(Limits::default().max_rows, 500_000);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_file_over_the_byte_limit_is_rejected_with_the_figure() {
    let text = "phone_number\n9876543210\n9876543211\n";
    let (_, report) = read_in_chunks(text.as_bytes(), 4, small_limits(20, 10));
    let error = report.file_error.unwrap();
    assert_eq!(error, "The file is over the limit of 20 bytes.");
    let default = FileError::TooLarge {
        size: None,
        limit: MAX_FILE_BYTES,
    };
    assert_eq!(
        default.to_string(),
        "The file is over the limit of 100 MB (104,857,600 bytes)."
    );
    let report = check_bytes(text.as_bytes(), ReaderOptions::default());
    assert_eq!(report.file_error, None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_declared_size_over_the_limit_is_rejected_before_reading() {
    let options = ReaderOptions {
        declared_size: Some(123_456_789),
        ..india()
    };
    let mut reader = ContactReader::new(options);
    assert!(reader.push(b"phone_number\n", &mut CountOnly).is_err());
    let report = reader.finish(&mut CountOnly);
    assert_eq!(
        report.file_error.unwrap(),
        "The file is 123,456,789 bytes; the limit is 100 MB (104,857,600 bytes)."
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_file_over_the_row_limit_is_rejected_with_the_figure() {
    let text = "phone_number\n9876543210\n9876543211\n9876543212\n";
    let report = check_bytes(text.as_bytes(), small_limits(1_000, 2));
    assert_eq!(
        report.file_error.unwrap(),
        "The file has more than 2 contact rows; the limit is 2. Split it into smaller files."
    );
    let report = check_bytes(text.as_bytes(), small_limits(1_000, 3));
    assert_eq!(report.file_error, None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_row_limit_message_gives_500_000() {
    let error = FileError::TooManyRows(MAX_ROWS).to_string();
    assert!(error.contains("more than 500,000 contact rows"), "{error}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_unclosed_quote_stops_at_the_row_limit_instead_of_swallowing_the_file() {
    let options = ReaderOptions {
        limits: Limits {
            max_row_bytes: 4_096,
            ..Limits::default()
        },
        ..india()
    };
    let mut text = String::from("phone_number,note\n9876543210,\"open\n");
    for _ in 0..1_000 {
        text.push_str("9876543211,more\n");
    }
    let report = check_bytes(text.as_bytes(), options);
    let error = report.file_error.unwrap();
    assert!(
        error.starts_with("Row 2 is longer than 4,096 bytes"),
        "{error}"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn pushing_after_a_rejection_returns_the_same_error() {
    let mut reader = ContactReader::new(india());
    let first = reader.push(b"name\nAsha\n", &mut CountOnly).unwrap_err();
    let again = reader.push(b"more\n", &mut CountOnly).unwrap_err();
    assert_eq!(first, again);
}
