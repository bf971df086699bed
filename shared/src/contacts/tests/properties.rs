//! Property tests (native only: proptest does not run in the browser).

use proptest::prelude::*;

use super::*;

/// A field that may need quoting: commas, quotes, newlines, semicolons, tabs.
fn field() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Zë😀 ,;\"\t\r\n0-9]{0,12}").unwrap()
}

fn quote(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof![
        (6_000_000_000u64..10_000_000_000).prop_map(|n| n.to_string()),
        (6_000_000_000u64..10_000_000_000).prop_map(|n| format!("+91 {n}")),
        Just("12".to_owned()),
        Just("abc".to_owned()),
        Just("9.19876543210E+11".to_owned()),
    ]
}

fn file() -> impl Strategy<Value = (Vec<(String, Vec<String>)>, bool)> {
    (
        proptest::collection::vec((phone(), proptest::collection::vec(field(), 2)), 0..20),
        any::<bool>(),
    )
}

fn render(rows: &[(String, Vec<String>)], crlf: bool) -> String {
    let end = if crlf { "\r\n" } else { "\n" };
    let mut text = format!("phone_number,a,b{end}");
    for (phone, fields) in rows {
        text.push_str(phone);
        for field in fields {
            text.push(',');
            text.push_str(&quote(field));
        }
        text.push_str(end);
    }
    text
}

proptest! {
    #[test]
    fn any_chunking_of_the_same_bytes_gives_the_same_report(
        (rows, crlf) in file(),
        size in 1usize..64,
    ) {
        let text = render(&rows, crlf);
        let whole = read_bytes(text.as_bytes(), india());
        prop_assert_eq!(read_in_chunks(text.as_bytes(), size, india()), whole);
    }

    #[test]
    fn quoted_fields_round_trip((rows, crlf) in file()) {
        let text = render(&rows, crlf);
        let (contacts, report) = read_bytes(text.as_bytes(), india());
        prop_assert_eq!(report.file_error, None);
        for contact in &contacts {
            let (_, fields) = &rows[contact.row as usize - 2];
            let values: Vec<&str> = contact.variables.iter().map(|(_, value)| value).collect();
            prop_assert_eq!(values, fields.iter().map(String::as_str).collect::<Vec<_>>());
        }
        prop_assert_eq!(report.rows as usize, rows.iter().filter(|(phone, fields)| {
            !(phone.trim().is_empty() && fields.iter().all(|f| f.trim().is_empty()))
        }).count());
        prop_assert_eq!(report.rows, report.valid + report.invalid + report.duplicates);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
        size in 1usize..32,
    ) {
        let report = read_in_chunks(&bytes, size, india()).1;
        prop_assert_eq!(report.rows, report.valid + report.invalid + report.duplicates);
    }

    #[test]
    fn never_panics_on_arbitrary_text_after_a_good_header(
        body in "[0-9+() ,;\"\r\n\tA-Za-z.eE-]{0,300}",
        size in 1usize..32,
    ) {
        let text = format!("phone_number,name\n{body}");
        let (contacts, report) = read_in_chunks(text.as_bytes(), size, india());
        prop_assert_eq!(contacts.len() as u32, report.valid);
        prop_assert_eq!(read_bytes(text.as_bytes(), india()).1, report);
    }

    #[test]
    fn any_valid_number_normalises_to_itself(n in 6_000_000_000u64..10_000_000_000) {
        if let Ok(number) = normalise(&n.to_string(), india().default_region) {
            let again = normalise(number.as_str(), None).unwrap();
            prop_assert_eq!(again.as_u64(), 91 * 10_000_000_000 + n);
        }
    }
}

/// The full libphonenumber parse, without our fast path.
fn slow_path(cleaned: &str) -> Option<String> {
    use rlibphonenumber::{PhoneNumberFormat, PHONE_NUMBER_UTIL};
    let number = PHONE_NUMBER_UTIL.parse(cleaned, None).ok()?;
    number
        .is_valid()
        .then(|| number.format_as(PhoneNumberFormat::E164).into_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn a_plus_number_reads_the_same_with_or_without_the_fast_path(
        code in prop_oneof![
            Just(1u32), Just(7), Just(33), Just(39), Just(44), Just(49), Just(52),
            Just(54), Just(55), Just(61), Just(81), Just(86), Just(91), Just(971), Just(880),
            1u32..1000,
        ],
        national in 1u64..100_000_000_000,
        zeros in 0usize..2,
    ) {
        let cleaned = format!("+{code}{}{national}", "0".repeat(zeros));
        let fast = normalise(&cleaned, None).ok().map(|number| number.to_string());
        prop_assert_eq!(fast, slow_path(&cleaned));
    }
}
