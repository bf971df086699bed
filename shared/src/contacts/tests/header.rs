use super::*;

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_missing_phone_number_column_rejects_the_file() {
    let report = check("mobile,name\n9876543210,Asha\n");
    let error = report.file_error.unwrap();
    assert!(error.contains("no phone_number column"), "{error}");
    assert!(error.contains("\"mobile\""), "{error}");
    assert_eq!(report.valid, 0);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_phone_column_matches_trimmed_and_in_any_case() {
    let (contacts, report) = read(" Phone_Number ,Name\n9876543210,Asha\n");
    assert_eq!(report.file_error, None);
    assert_eq!(contacts[0].phone_number.as_str(), "+919876543210");
    assert_eq!(report.variables, vec!["Name"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn other_columns_become_variables_with_their_headers_as_written() {
    let (contacts, report) = read("First Name,phone_number,Due Date\nAsha,9876543210,2025-06-01\n");
    assert_eq!(report.variables, vec!["First Name", "Due Date"]);
    let pairs: Vec<_> = contacts[0].variables.iter().collect();
    assert_eq!(
        pairs,
        vec![("First Name", "Asha"), ("Due Date", "2025-06-01")]
    );
    assert_eq!(contacts[0].variables.get("Due Date"), Some("2025-06-01"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn variables_serialise_as_an_ordered_json_object() {
    let (contacts, _) = read("phone_number,zeta,alpha\n9876543210,1,2\n");
    let json = serde_json::to_string(&contacts[0].variables).unwrap();
    assert_eq!(json, r#"{"zeta":"1","alpha":"2"}"#);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_utf8_byte_order_mark_before_the_header_is_ignored() {
    let (contacts, report) = read("\u{FEFF}phone_number,name\n9876543210,Asha\n");
    assert_eq!(report.file_error, None);
    assert_eq!(contacts.len(), 1);
    assert_eq!(report.encoding, Some(Encoding::Utf8));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_blank_header_is_an_error_that_says_which_column() {
    let report = check("phone_number,name,,city\n9876543210,Asha,x,Pune\n");
    let error = report.file_error.unwrap();
    assert!(error.contains("Column 3"), "{error}");
    assert!(error.contains("after \"name\""), "{error}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_duplicate_header_is_an_error_that_names_the_column() {
    let report = check("phone_number,City,name,city\n9876543210,Pune,Asha,Pune\n");
    let error = report.file_error.unwrap();
    assert!(error.contains("\"city\" appears twice"), "{error}");
    assert!(error.contains("columns 2 and 4"), "{error}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_empty_file_is_rejected() {
    let report = check("");
    assert!(report.file_error.unwrap().contains("empty"));
    let report = check("\n\r\n\n");
    assert!(report.file_error.unwrap().contains("empty"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_header_without_a_newline_or_rows_reads_as_an_empty_list() {
    let report = check("phone_number,name");
    assert_eq!(report.file_error, None);
    assert_eq!((report.rows, report.valid), (0, 0));
    assert_eq!(report.variables, vec!["name"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn semicolon_separated_files_are_detected_and_read() {
    let (contacts, report) = read("phone_number;name;note\n9876543210;Asha;\"a, b\"\n");
    assert_eq!(report.delimiter, Some(Delimiter::Semicolon));
    assert_eq!(contacts[0].variables.get("note"), Some("a, b"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn tab_separated_files_are_detected_and_read() {
    let (contacts, report) = read("phone_number\tname\n98765 43210\tAsha, K\n");
    assert_eq!(report.delimiter, Some(Delimiter::Tab));
    assert_eq!(contacts[0].variables.get("name"), Some("Asha, K"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_comma_file_says_comma_in_the_summary() {
    let report = check("phone_number,name\n9876543210,Asha\n");
    assert_eq!(report.delimiter, Some(Delimiter::Comma));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["delimiter"], "comma");
}
