//! Any bytes, cut into chunks anywhere, must give a report and never panic;
//! and the chunking must not change an accepted file's report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outdial_shared::contacts::{read_bytes, ContactReader, DefaultRegion, ReaderOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&cut, bytes)) = data.split_first() else {
        return;
    };
    let options = ReaderOptions::new(DefaultRegion::parse("IN").ok());
    let (whole_contacts, whole) = read_bytes(bytes, options);
    let mut reader = ContactReader::new(options);
    let mut contacts = Vec::new();
    for chunk in bytes.chunks(usize::from(cut).max(1)) {
        if reader.push(chunk, &mut contacts).is_err() {
            break;
        }
    }
    let chunked = reader.finish(&mut contacts);
    // A rejected file stops being read at its first problem, so what a
    // rejection's counts (and encoding) describe depends on where the chunks
    // ended; only the rejection itself must not.
    assert_eq!(whole.file_error.is_some(), chunked.file_error.is_some());
    if whole.file_error.is_none() {
        assert_eq!(whole, chunked);
        assert_eq!(whole_contacts, contacts);
    }
    assert_eq!(whole.rows, whole.valid + whole.invalid + whole.duplicates);
});
