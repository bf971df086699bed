//! Reading a file in parts gives the report of one reader; the browser
//! helpers around the reader.

use super::*;
use crate::contacts::split::{
    merge, plan_ranges, rejected_csv, share_starts, Keep, PartCheck, PartFix, QuoteScanner,
};

/// Reads `bytes` as `parts` parts the way the browser's workers do (shares
/// scanned, ranges planned, the header line prepended to later parts) and
/// merges them; `None` when the merge asks for one reader. Also returns the
/// rejected-rows file the parts write.
fn read_split(bytes: &[u8], parts: usize, chunk: usize) -> Option<(Report, Vec<u8>, usize)> {
    let len = bytes.len() as u64;
    let header_end = header_end(bytes)?;
    let starts = share_starts(len, parts);
    let scans: Vec<_> = starts
        .iter()
        .enumerate()
        .map(|(index, &start)| {
            let end = starts.get(index + 1).copied().unwrap_or(len);
            let mut scanner = QuoteScanner::new(start);
            for piece in bytes[start as usize..end as usize].chunks(chunk) {
                scanner.push(piece);
            }
            scanner.finish()
        })
        .collect();
    let ranges = plan_ranges(len, header_end as u64, &starts, &scans);
    let prefix = &bytes[..header_end];
    let mut outcomes = Vec::new();
    let mut rejected = Vec::new();
    for (index, &(from, to)) in ranges.iter().enumerate() {
        let keep = if index == 0 {
            Keep::Numbers
        } else {
            Keep::NumbersAndFields
        };
        let mut check = PartCheck::new(india(), if index == 0 { &[] } else { prefix }, keep);
        for piece in bytes[from as usize..to as usize].chunks(chunk) {
            if check.push(piece).is_err() {
                break;
            }
        }
        let (summary, numbers, rows) = check.finish();
        outcomes.push((summary, numbers));
        rejected.push(rows);
    }
    let merged = merge(&outcomes)?;
    let mut csv = Vec::new();
    for (index, &(from, to)) in ranges.iter().enumerate() {
        let fix = &merged.fixes[index];
        let wanted: Vec<u32> = fix.crossed.iter().map(|&(row, _)| row).collect();
        let mut again =
            PartCheck::recapture(india(), if index == 0 { &[] } else { prefix }, wanted);
        let _ = again.push(&bytes[from as usize..to as usize]);
        let captured = again.finish_recapture();
        let columns = outcomes[0].0.columns.len();
        csv.extend(rejected_csv(columns, &rejected[index], &captured, fix));
    }
    Some((merged.report, csv, ranges.len()))
}

/// The rejected-rows file one reader writes.
fn rejected_single(bytes: &[u8]) -> Vec<u8> {
    let mut check = PartCheck::new(india(), &[], Keep::Rejected);
    let _ = check.push(bytes);
    let (summary, _, rows) = check.finish();
    rejected_csv(summary.columns.len(), &rows, &[], &PartFix::default())
}

fn assert_split_matches(text: &str, parts: usize) -> usize {
    let bytes = text.as_bytes();
    let single = check_bytes(bytes, india());
    let mut used = 0;
    for chunk in [7, 64, 1 << 20] {
        let (report, csv, ranges) = read_split(bytes, parts, chunk).expect("the file splits");
        assert_eq!(report, single, "{parts} parts, chunks of {chunk}");
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            String::from_utf8(rejected_single(bytes)).unwrap()
        );
        used = ranges;
    }
    used
}

/// A file with quoted newlines, blank lines, CRLF rows, invalid rows,
/// duplicates within and across any cut, and rows of only empty cells.
fn awkward_file(rows: usize) -> String {
    let mut text = String::from("name,phone_number,note\r\n");
    for row in 0..rows {
        let number = 9_876_500_000u64 + (row % 37) as u64 * 7 + (row as u64 % 3);
        match row % 11 {
            0 => text.push_str(&format!(
                "\"Asha\nLine {row}\",{number},\"a \"\"quote\"\"\"\n"
            )),
            1 => text.push_str("\n\n"),
            2 => text.push_str(&format!("Ravi,{number},crlf\r\n")),
            3 => text.push_str("Bad,12,short\n"),
            4 => text.push_str(",,\n"),
            5 => text.push_str(&format!("Too,{number},many,fields\n")),
            6 => text.push_str(&format!("\"Multi\r\nline\",\" {number} \",\"x,y\"\n")),
            _ => text.push_str(&format!("P{row},+91 {number},=1+2\n")),
        }
    }
    text
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_file_read_in_parts_reports_exactly_what_one_reader_reports() {
    let text = awkward_file(400);
    for parts in [2, 3, 4, 7] {
        let ranges = assert_split_matches(&text, parts);
        assert!(ranges >= 2, "{parts} shares gave {ranges} ranges");
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_duplicate_across_a_cut_points_at_the_earliest_row_of_any_part() {
    // Every number appears in each quarter: later parts' first sightings are
    // duplicates of the first part's rows, and their own repeats follow them.
    let mut text = String::from("phone_number,name\n");
    for round in 0..4 {
        for n in 0..50u64 {
            text.push_str(&format!("98765{:05},r{round}\n", n));
            if n % 10 == 0 {
                text.push_str(&format!("98765{:05},again\n", n));
            }
        }
    }
    assert_split_matches(&text, 4);
    let report = check(&text);
    assert_eq!(report.valid, 50);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn parts_keep_the_report_to_its_first_thousand_errors_in_row_order() {
    let mut text = String::from("phone_number\n");
    for n in 0..3000u64 {
        // Alternating: a new number, then a repeat of an early one, then a bad one.
        match n % 3 {
            0 => text.push_str(&format!("98765{:05}\n", n)),
            1 => text.push_str("9876500000\n"),
            _ => text.push_str("12\n"),
        }
    }
    assert_split_matches(&text, 3);
    assert!(check(&text).errors_omitted > 0);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_part_that_does_not_end_at_a_record_boundary_asks_for_one_reader() {
    // A quote in the middle of a field is a plain character to the reader but
    // flips the scan's parity: the cut lands inside a record.
    let mut text = String::from("phone_number,note\n");
    for n in 0..200u64 {
        text.push_str(&format!("98765{:05},ab\"c\n", n));
    }
    let bytes = text.as_bytes();
    if let Some((report, _, _)) = read_split(bytes, 2, 64) {
        assert_eq!(report, check_bytes(bytes, india()));
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_file_over_the_row_limit_is_not_merged() {
    let mut text = String::from("phone_number\n");
    for n in 0..40u64 {
        text.push_str(&format!("98765{:05}\n", n));
    }
    let bytes = text.as_bytes();
    let options = ReaderOptions {
        limits: Limits {
            max_rows: 30,
            ..Limits::default()
        },
        ..india()
    };
    // Each part is under the limit; only the merge sees the whole count.
    let single = check_bytes(bytes, options);
    assert!(single.file_error.is_some());
    assert!(
        read_split(bytes, 2, 64).is_some(),
        "40 rows are under the spec's limit"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn plan_ranges_cut_after_a_line_feed_outside_quotes() {
    let text = b"phone_number,note\n1,\"a\nb\"\n2,c\n3,d\n";
    let len = text.len() as u64;
    let starts = vec![0, 22];
    let scans: Vec<_> = starts
        .iter()
        .enumerate()
        .map(|(index, &start)| {
            let end = starts.get(index + 1).copied().unwrap_or(len) as usize;
            let mut scanner = QuoteScanner::new(start);
            scanner.push(&text[start as usize..end]);
            scanner.finish()
        })
        .collect();
    // Byte 22 is inside the quoted "a\nb"; the first row start after it is "2,c".
    let ranges = plan_ranges(len, 18, &starts, &scans);
    let cut = ranges[1].0 as usize;
    assert!(text[cut..].starts_with(b"2,c"), "{ranges:?}");
    assert_eq!(ranges, vec![(0, cut as u64), (cut as u64, len)]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_share_without_a_row_start_joins_the_part_before_it() {
    let text = b"phone_number\n9876543210\n9876543211";
    let len = text.len() as u64;
    let starts = share_starts(len, 3);
    let scans: Vec<_> = starts
        .iter()
        .enumerate()
        .map(|(index, &start)| {
            let end = starts.get(index + 1).copied().unwrap_or(len) as usize;
            let mut scanner = QuoteScanner::new(start);
            scanner.push(&text[start as usize..end]);
            scanner.finish()
        })
        .collect();
    let ranges = plan_ranges(len, 13, &starts, &scans);
    assert_eq!(ranges.first().unwrap().0, 0);
    assert_eq!(ranges.last().unwrap().1, len);
    assert!(ranges.windows(2).all(|pair| pair[0].1 == pair[1].0));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_phone_column_is_suggested_by_whole_name_in_list_order_then_by_word_in_any_case() {
    let cols = |names: &[&str]| {
        names
            .iter()
            .map(|name| name.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        suggest_phone_column(&cols(&["Name", "Mobile No."])),
        Some(1)
    );
    assert_eq!(suggest_phone_column(&cols(&["MSISDN", "name"])), Some(0));
    assert_eq!(
        suggest_phone_column(&cols(&["Contact Number", "Tel"])),
        Some(0)
    );
    assert_eq!(
        suggest_phone_column(&cols(&["cell", "Phone"])),
        Some(1),
        "phone ranks above cell"
    );
    assert_eq!(
        suggest_phone_column(&cols(&["name", "Customer Mobile"])),
        Some(1)
    );
    assert_eq!(
        suggest_phone_column(&cols(&["\u{FEFF}phone", "x"])),
        Some(0)
    );
    assert_eq!(suggest_phone_column(&cols(&["hotel", "email"])), None);
    assert_eq!(
        suggest_phone_column(&cols(&["Account Number", "name"])),
        None
    );
    assert_eq!(suggest_phone_column(&cols(&["number", "name"])), Some(0));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_preview_shows_columns_and_first_rows_even_without_a_phone_column() {
    let text = "\u{FEFF}Name , Mobile\r\n\"Asha\nK\",98765 43210\r\n\r\n,\nRavi,+1 415\n";
    let shown = preview(text.as_bytes(), true, 20);
    assert_eq!(shown.columns, vec!["Name", "Mobile"]);
    assert_eq!(shown.phone_column, None);
    assert_eq!(shown.suggested_phone_column, Some(1));
    assert_eq!(
        shown.rows,
        vec![vec!["Asha\nK", "98765 43210"], vec!["Ravi", "+1 415"]]
    );
    assert_eq!(shown.delimiter, Some(Delimiter::Comma));
    // A cut-off start shows only whole rows.
    let partial = preview(&text.as_bytes()[..40], false, 20);
    assert_eq!(partial.rows.len(), 1);
    assert_eq!(preview_rows_limit(), 2);
}

fn preview_rows_limit() -> usize {
    let text = "phone_number;name\n1;a\n2;b\n3;c\n";
    let shown = preview(text.as_bytes(), true, 2);
    assert_eq!(shown.phone_column, Some(0));
    assert_eq!(shown.delimiter, Some(Delimiter::Semicolon));
    shown.rows.len()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn renaming_a_column_changes_only_that_column_of_the_header_line() {
    let text = "\u{FEFF}\"Name, full\";Mobile;City\r\n9876543210;x;y\r\n";
    let (line, end) = rename_column(text.as_bytes(), 1).unwrap();
    assert_eq!(
        String::from_utf8(line).unwrap(),
        "\u{FEFF}\"Name, full\";phone_number;City\r\n"
    );
    assert_eq!(&text[end..], "9876543210;x;y\r\n");
    let (line, _) = rename_column(b"a,\"Tel\"\nx,y\n", 1).unwrap();
    assert_eq!(line, b"a,phone_number\n");
    assert!(rename_column(b"a,b\n", 5).is_err());
    assert!(
        rename_column(b"a,b", 0).is_err(),
        "an unfinished header line"
    );
    // UTF-16 files stay UTF-16.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "name\tmobile\n1\t2\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let (line, end) = rename_column(&utf16, 1).unwrap();
    let mut renamed = line.clone();
    renamed.extend_from_slice(&utf16[end..]);
    let report = check_bytes(&renamed, india());
    assert_eq!(report.file_error, None);
    assert_eq!(report.variables, vec!["name"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn renamed_header_then_the_rest_of_the_file_reads_with_the_chosen_phone_column() {
    let text = "name,Mobile\nAsha,98765 43210\n";
    let (line, end) = rename_column(text.as_bytes(), 1).unwrap();
    let mut file = line;
    file.extend_from_slice(&text.as_bytes()[end..]);
    let report = check_bytes(&file, india());
    assert_eq!((report.valid, report.file_error), (1, None));
    assert_eq!(header_end(text.as_bytes()), Some(12));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn rejected_rows_are_written_rfc_4180_quoted_with_formulas_left_as_written() {
    let mut out = Vec::new();
    write_csv_record(
        &mut out,
        ["=1+2", "a,b", "say \"hi\"", "two\nlines", "@x", "-3"],
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "=1+2,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",@x,-3\r\n"
    );
    let columns = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(reason_column(&columns(&["phone_number"])), "reason");
    assert_eq!(reason_column(&columns(&["Reason", "reason_2"])), "reason_3");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_sink_gets_every_rejected_row_with_its_fields_as_written() {
    #[derive(Default)]
    struct Rows(Vec<(u32, Vec<String>)>, Vec<u32>);
    impl ContactSink for Rows {
        fn contact(&mut self, _: Contact) {}
        fn rejected_row(&mut self, error: &RowError, fields: RowFields<'_>) {
            self.0
                .push((error.row, fields.iter().map(str::to_owned).collect()));
        }
        fn accepted_row(&mut self, contact: &Contact, fields: RowFields<'_>) {
            assert_eq!(fields.phone(), Some(" 9876543210"));
            self.1.push(contact.row);
        }
    }
    let mut reader = ContactReader::new(india());
    let mut rows = Rows::default();
    let text = "name,phone_number\n\"A, b\", 9876543210\nX,12\nY, 9876543210\nZ\n";
    reader.push(text.as_bytes(), &mut rows).unwrap();
    let report = reader.finish(&mut rows);
    assert_eq!(rows.1, vec![2]);
    assert_eq!(
        rows.0,
        vec![
            (3, vec!["X".to_owned(), "12".to_owned()]),
            (4, vec!["Y".to_owned(), " 9876543210".to_owned()]),
            (5, vec!["Z".to_owned()]),
        ]
    );
    assert_eq!(report.errors[1].duplicate_of(), Some(2));
    assert_eq!(report.errors[0].duplicate_of(), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_reader_tells_where_its_rows_end_and_whether_it_stopped_between_records() {
    let mut reader = ContactReader::new(india());
    reader
        .push(b"phone_number\n9876543210\n\n\n", &mut CountOnly)
        .unwrap();
    assert!(reader.at_record_boundary());
    assert_eq!(reader.next_row(), 5, "header, one row, two blank lines");
    reader.push(b"\"98765", &mut CountOnly).unwrap();
    assert!(!reader.at_record_boundary());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_quote_scan_finds_the_first_line_feed_after_an_even_and_an_odd_count_in_any_chunks() {
    let text = awkward_file(60);
    let bytes = text.as_bytes();
    for start in [0usize, 5, 31, 100, 257] {
        // Byte by byte, the plain way.
        let (mut quotes, mut expected) = (0u64, [None, None]);
        for (index, &byte) in bytes.iter().enumerate().skip(start) {
            match byte {
                b'"' => quotes += 1,
                b'\n' => {
                    expected[(quotes & 1) as usize].get_or_insert(index as u64 + 1);
                }
                _ => {}
            }
        }
        for chunk in [1, 3, 64, 4096] {
            let mut scanner = QuoteScanner::new(start as u64);
            for piece in bytes[start..].chunks(chunk) {
                scanner.push(piece);
            }
            let scan = scanner.finish();
            assert_eq!(
                (scan.quotes, scan.after_newline),
                (quotes, expected),
                "{start} {chunk}"
            );
        }
    }
}
