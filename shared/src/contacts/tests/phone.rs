use super::*;

fn region(code: &str) -> Option<DefaultRegion> {
    Some(DefaultRegion::parse(code).unwrap())
}

fn e164(raw: &str, code: &str) -> String {
    normalise(raw, region(code)).unwrap().to_string()
}

fn reason(raw: &str, code: &str) -> String {
    normalise(raw, region(code)).unwrap_err().to_string()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn national_numbers_are_read_in_the_default_region() {
    assert_eq!(e164("98765 43210", "IN"), "+919876543210");
    assert_eq!(e164("(415) 555-2671", "US"), "+14155552671");
    assert_eq!(e164("020 7946 0958", "GB"), "+442079460958");
    assert_eq!(e164("07400 123456", "GB"), "+447400123456");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn spaces_dashes_dots_and_brackets_are_tolerated() {
    assert_eq!(e164("+1.415.555.2671", "IN"), "+14155552671");
    assert_eq!(e164("+91-98765-43210", "US"), "+919876543210");
    assert_eq!(e164("(+44) 20 7946-0958", "IN"), "+442079460958");
    assert_eq!(e164("  098765 43210 ", "IN"), "+919876543210");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_international_number_keeps_its_own_country_whatever_the_default() {
    assert_eq!(e164("+44 7400 123456", "IN"), "+447400123456");
    assert_eq!(e164("+91 98765 43210", "GB"), "+919876543210");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_country_code_without_plus_is_understood_when_the_digits_say_so() {
    assert_eq!(e164("919876543210", "IN"), "+919876543210");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn full_metadata_rejects_5555555555_for_india() {
    assert_eq!(
        reason("5555555555", "IN"),
        "\"5555555555\" is not a valid number in India"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_short_number_is_too_short_for_its_region() {
    assert_eq!(
        reason("98765 4321", "IN"),
        "\"98765 4321\" is too short for India"
    );
    assert_eq!(
        reason("415 555 267", "US"),
        "\"415 555 267\" is too short for the United States"
    );
    assert_eq!(reason("12", "IN"), "\"12\" is too short for India");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_long_number_is_too_long_for_its_region() {
    assert_eq!(
        reason("98765 432101", "IN"),
        "\"98765 432101\" is too long for India"
    );
    assert_eq!(
        reason("+44 7400 1234567", "IN"),
        "\"+44 7400 1234567\" is too long for the United Kingdom"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn letters_are_an_error() {
    assert_eq!(
        reason("98765 ABCDE", "IN"),
        "\"98765 ABCDE\" contains letters"
    );
    assert_eq!(
        reason("1-800-FLOWERS", "US"),
        "\"1-800-FLOWERS\" contains letters"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn other_symbols_are_an_error_naming_the_symbol() {
    assert_eq!(
        reason("98765#43210", "IN"),
        "\"98765#43210\" contains \"#\", which is not part of a phone number"
    );
    assert!(reason("91+9876543210", "IN").contains("\"+\""));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn excel_scientific_notation_says_the_digits_were_lost() {
    let text = reason("9.19876543210E+11", "IN");
    assert!(text.contains("scientific notation"), "{text}");
    assert!(text.contains("lost digits"), "{text}");
    assert!(reason("9.2e11", "IN").contains("scientific notation"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_empty_cell_is_an_error() {
    assert_eq!(reason("   ", "IN"), "phone_number is empty");
    let report = check("phone_number,name\n,Asha\n");
    assert_eq!(report.errors[0].reason, "phone_number is empty");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_unknown_country_code_is_an_error() {
    assert_eq!(
        reason("+999 1234 5678", "IN"),
        "\"+999 1234 5678\" does not start with a known country code"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn without_a_default_region_a_national_number_needs_a_country_code() {
    let error = normalise("98765 43210", None).unwrap_err().to_string();
    assert!(error.contains("has no country code"), "{error}");
    assert_eq!(
        normalise("+91 98765 43210", None).unwrap().as_str(),
        "+919876543210"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn region_codes_are_read_in_any_case_and_unknown_ones_refused() {
    assert_eq!(DefaultRegion::parse(" in ").unwrap().code(), "IN");
    assert_eq!(
        DefaultRegion::parse("gb").unwrap().name(),
        "the United Kingdom"
    );
    assert!(DefaultRegion::parse("ZZ").is_err());
    assert!(DefaultRegion::parse("India").is_err());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn e164_digits_fit_a_u64_for_the_duplicate_set() {
    let number = normalise("+91 98765 43210", None).unwrap();
    assert_eq!(number.as_u64(), 919_876_543_210);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_region_of_an_e164_number_is_its_country() {
    let code = |number: &str| DefaultRegion::of_number(number).map(|r| r.code());
    assert_eq!(code("+14155552671").as_deref(), Some("US"));
    assert_eq!(code("+919876543210").as_deref(), Some("IN"));
    assert_eq!(code("+442079460958").as_deref(), Some("GB"));
    assert_eq!(code("not a number"), None);
}
