use super::*;

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    for unit in units {
        if big_endian {
            bytes.extend_from_slice(&unit.to_be_bytes());
        } else {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
    }
    bytes
}

const TEXT: &str = "phone_number,name\r\n9876543210,Zoë 😀\r\n9876543211,Ravi\r\n";

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn utf16_le_with_bom_reads_correctly_in_any_chunking() {
    let bytes = utf16(TEXT, false, true);
    let expected = read(TEXT).0;
    for size in 1..=9 {
        let (contacts, report) = read_in_chunks(&bytes, size, india());
        assert_eq!(report.encoding, Some(Encoding::Utf16Le));
        assert_eq!(contacts, expected, "chunk size {size}");
    }
    assert_eq!(expected[0].variables.get("name"), Some("Zoë 😀"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn utf16_be_with_bom_reads_correctly_in_any_chunking() {
    let bytes = utf16(TEXT, true, true);
    for size in 1..=9 {
        let (contacts, report) = read_in_chunks(&bytes, size, india());
        assert_eq!(report.encoding, Some(Encoding::Utf16Be));
        assert_eq!(
            contacts[0].variables.get("name"),
            Some("Zoë 😀"),
            "size {size}"
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn utf16_without_a_bom_is_recognised_by_its_zero_bytes() {
    let (contacts, report) = read_bytes(&utf16(TEXT, false, false), india());
    assert_eq!(report.encoding, Some(Encoding::Utf16Le));
    assert_eq!(contacts.len(), 2);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn utf16_cut_in_the_middle_of_a_code_unit_is_rejected() {
    let mut bytes = utf16(TEXT, false, true);
    bytes.pop();
    let report = read_bytes(&bytes, india()).1;
    assert!(report.file_error.unwrap().contains("ends in the middle"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn windows_1252_is_transcoded_not_stored_as_mojibake() {
    // "Zoë – €5" in Windows-1252: ë = 0xEB, en dash = 0x96, euro = 0x80.
    let mut bytes = b"phone_number,name\n9876543210,Zo".to_vec();
    bytes.extend_from_slice(&[0xEB, b' ', 0x96, b' ', 0x80, b'5', b'\n']);
    for size in 1..=bytes.len() {
        let (contacts, report) = read_in_chunks(&bytes, size, india());
        assert_eq!(report.encoding, Some(Encoding::Windows1252));
        assert_eq!(
            contacts[0].variables.get("name"),
            Some("Zoë – €5"),
            "size {size}"
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn utf8_then_invalid_bytes_rejects_the_file_naming_the_encoding() {
    let mut bytes = "phone_number,name\n9876543210,Zoë\n9876543211,Ren"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(&[0xE9, b'\n']);
    let report = read_bytes(&bytes, india()).1;
    let error = report.file_error.unwrap();
    assert!(error.contains("not valid UTF-8"), "{error}");
    assert!(error.contains("CSV UTF-8"), "{error}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn utf8_letters_split_across_chunks_read_whole() {
    let text = "phone_number,name\n9876543210,Zoë 😀 ñ\n";
    for size in 1..=text.len() {
        let (contacts, report) = read_in_chunks(text.as_bytes(), size, india());
        assert_eq!(report.encoding, Some(Encoding::Utf8));
        assert_eq!(
            contacts[0].variables.get("name"),
            Some("Zoë 😀 ñ"),
            "size {size}"
        );
    }
}
