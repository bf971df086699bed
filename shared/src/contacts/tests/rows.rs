use super::*;

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn quoted_fields_keep_commas_quotes_and_newlines() {
    let text = "phone_number,note\n9876543210,\"Said \"\"call me\"\", then\nhung up, twice\"\n";
    let (contacts, report) = read(text);
    assert_eq!(report.errors, vec![]);
    assert_eq!(
        contacts[0].variables.get("note"),
        Some("Said \"call me\", then\nhung up, twice")
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn crlf_and_lf_line_endings_read_the_same() {
    let lf = read("phone_number,name\n9876543210,Asha\n9876543211,Ravi\n");
    let crlf = read("phone_number,name\r\n9876543210,Asha\r\n9876543211,Ravi\r\n");
    assert_eq!(lf, crlf);
    assert_eq!(crlf.0[1].variables.get("name"), Some("Ravi"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_first_data_row_is_row_2() {
    let report = check("phone_number\n12\n");
    assert_eq!(report.errors[0].row, 2);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn blank_lines_are_skipped_but_keep_their_spreadsheet_row() {
    let text = "phone_number,name\r\n\r\n9876543210,Asha\n\n,\n  ,  \r\nabc,Ravi\n\n";
    let (contacts, report) = read(text);
    assert_eq!(report.rows, 2);
    assert_eq!(contacts[0].row, 3);
    assert_eq!(
        reasons(&report),
        vec![(7, "\"abc\" contains letters".to_owned())]
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_record_spanning_lines_is_one_spreadsheet_row() {
    let text = "phone_number,note\n9876543210,\"two\nlines\"\nabc,x\n";
    let report = check(text);
    assert_eq!(report.errors[0].row, 3);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_last_row_without_a_newline_is_read() {
    let (contacts, _) = read("phone_number,name\n9876543210,Asha");
    assert_eq!(contacts[0].variables.get("name"), Some("Asha"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn too_few_fields_are_reported_with_the_counts() {
    let report = check("phone_number,name,city\n9876543210,Asha\n");
    assert_eq!(report.invalid, 1);
    let error = &report.errors[0];
    assert_eq!(error.column, None);
    assert_eq!(error.value, "9876543210,Asha");
    assert_eq!(
        error.reason,
        "the row has 2 fields but the header has 3 columns"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn too_many_fields_are_reported_with_the_counts() {
    let report = check("phone_number,name\n9876543210,Asha,Pune\n");
    assert_eq!(
        report.errors[0].reason,
        "the row has 3 fields but the header has 2 columns"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_repeated_number_is_a_duplicate_of_its_first_row() {
    let text =
        "phone_number,name\n9876543210,Asha\n+91 98765 43210,Asha again\n098765-43210,Ravi\n";
    let (contacts, report) = read(text);
    assert_eq!(contacts.len(), 1);
    assert_eq!(
        (report.rows, report.valid, report.invalid, report.duplicates),
        (3, 1, 0, 2)
    );
    assert_eq!(
        reasons(&report),
        vec![
            (3, "duplicate of row 2".to_owned()),
            (4, "duplicate of row 2".to_owned())
        ]
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_invalid_row_is_not_a_duplicate_source() {
    let report = check("phone_number\n12\n12\n");
    assert_eq!((report.invalid, report.duplicates), (2, 0));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_report_serialises_in_the_upload_response_shape() {
    let report = check("phone_number,name\n9876543210,Asha\nabc,Ravi\n");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "rows": 2, "valid": 1, "invalid": 1, "duplicates": 0,
            "variables": ["name"], "delimiter": "comma", "encoding": "UTF-8",
            "errors": [{"row": 3, "column": "phone_number", "value": "abc",
                        "reason": "\"abc\" contains letters"}],
            "errors_omitted": 0, "file_error": null,
            "regions": [{"region": "IN", "contacts": 1}]
        })
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn errors_past_the_first_thousand_are_counted_not_listed() {
    let mut text = String::from("phone_number\n");
    for _ in 0..1_250 {
        text.push_str("12\n");
    }
    let report = check(&text);
    assert_eq!(report.invalid, 1_250);
    assert_eq!(report.errors.len(), MAX_REPORTED_ERRORS);
    assert_eq!(report.errors_omitted, 250);
    assert_eq!(report.errors.last().unwrap().row, 1_001);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_sink_hears_every_row_error_even_past_the_cap() {
    struct Counting(u32, u32);
    impl ContactSink for Counting {
        fn contact(&mut self, _: Contact) {
            self.0 += 1;
        }
        fn row_error(&mut self, _: &RowError) {
            self.1 += 1;
        }
    }
    let mut text = String::from("phone_number\n9876543210\n");
    for _ in 0..1_100 {
        text.push_str("12\n");
    }
    let mut reader = ContactReader::new(india());
    let mut sink = Counting(0, 0);
    reader.push(text.as_bytes(), &mut sink).unwrap();
    reader.finish(&mut sink);
    assert_eq!((sink.0, sink.1), (1, 1_100));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_record_split_across_every_chunk_boundary_reads_the_same() {
    let text =
        "phone_number,note\r\n9876543210,\"a \"\"b\"\",\nc\"\r\n\r\n+1 212 555 0100,x\n12,y\n";
    let whole = read(text);
    for size in 1..text.len() {
        assert_eq!(
            read_in_chunks(text.as_bytes(), size, india()),
            whole,
            "chunk size {size}"
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_quote_left_open_rejects_the_file_and_says_where_it_opened() {
    let text = "phone_number,name\n9876543210,\"Asha\n9876543211,Ravi\n";
    for size in [1, 7, 64 * 1024] {
        let (_, report) = read_in_chunks(text.as_bytes(), size, india());
        assert_eq!(
            report.file_error.as_deref(),
            Some(
                "Row 2, column name: a quote opens here and never closes; the rest of the file \
                 (2 lines) was read into this cell. Close the quote, or remove it, and check the file again."
            ),
            "chunks of {size}"
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_quote_left_open_on_the_last_line_alone_is_that_rows_problem() {
    // One line swallowed nothing but itself: the row is read and its field
    // count tells what is wrong, the rows before it are kept.
    let report = check("phone_number,name,city\n9876543210,Asha,Pune\n9876543211,\"Ravi,Delhi");
    assert_eq!(report.file_error, None);
    assert_eq!(report.valid, 1);
    assert_eq!(report.invalid, 1);
    assert_eq!(report.errors[0].row, 3);
    // A literal quote inside an unquoted last field is not an open quote.
    let report = check("phone_number,name\n9876543210,Asha\n9876543211,O\"Brien");
    assert_eq!(report.file_error, None);
    assert_eq!(report.valid, 2);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn closed_quotes_spanning_lines_at_the_end_of_the_file_are_fine() {
    let report = check("phone_number,note\n9876543210,\"two\nlines\"");
    assert_eq!(report.file_error, None);
    assert_eq!(report.valid, 1);
}
