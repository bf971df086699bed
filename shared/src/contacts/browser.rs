//! Pieces the browser needs around the reader: a preview of a file's first
//! rows (also when its header has no `phone_number` column), renaming a
//! chosen column to `phone_number` in the header line alone, and writing
//! rejected rows back out as CSV.

use csv_core::{ReadRecordResult, ReaderBuilder};

use super::encoding::{Decoder, Encoding};
use super::header::{suggest_phone_column, Delimiter, PHONE_COLUMN};

/// The first rows of a file as the operator wrote them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviewRows {
    /// The header's columns as written (trimmed, BOM removed).
    pub columns: Vec<String>,
    /// Index of the `phone_number` column (any case), if there is one.
    pub phone_column: Option<usize>,
    /// The column [`suggest_phone_column`] picks.
    pub suggested_phone_column: Option<usize>,
    /// Up to the requested number of data rows, fields as written (rows of
    /// only empty cells, like blank lines, are left out).
    pub rows: Vec<Vec<String>>,
    /// The encoding of the bytes read.
    pub encoding: Option<Encoding>,
    /// The delimiter found in the header line.
    pub delimiter: Option<Delimiter>,
}

/// Reads the header and up to `max_rows` data rows from the start of a file
/// (`head`; `complete` when it is the whole file). Bytes the reader would
/// reject (bad encoding) end the preview where they start.
pub fn preview(head: &[u8], complete: bool, max_rows: usize) -> PreviewRows {
    let mut decoder = Decoder::new();
    let mut text = match decoder.decode(head) {
        Ok(text) => text.to_vec(),
        Err(_) => Vec::new(),
    };
    if complete {
        if let Ok(rest) = decoder.finish() {
            text.extend_from_slice(rest);
        }
    }
    let mut out = PreviewRows {
        encoding: decoder.encoding(),
        ..PreviewRows::default()
    };
    let start = text
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(text.len());
    let line_end = text[start..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(text.len(), |end| start + end);
    if start == text.len() {
        return out;
    }
    let delimiter = Delimiter::detect(&text[start..line_end]);
    out.delimiter = Some(delimiter);
    let mut csv = ReaderBuilder::new().delimiter(delimiter.byte()).build();
    let mut input = &text[start..];
    let mut fields = vec![0u8; 4096];
    let mut ends = vec![0usize; 64];
    let (mut used, mut ended) = (0, 0);
    let mut header_done = false;
    loop {
        let at_end = input.is_empty();
        if at_end && !complete {
            break;
        }
        let (result, read, written, count) =
            csv.read_record(input, &mut fields[used..], &mut ends[ended..]);
        input = &input[read..];
        used += written;
        ended += count;
        match result {
            ReadRecordResult::InputEmpty => {
                if !complete {
                    break;
                }
            }
            ReadRecordResult::End => break,
            ReadRecordResult::OutputFull => {
                let len = fields.len();
                fields.resize(len * 2, 0);
            }
            ReadRecordResult::OutputEndsFull => {
                let len = ends.len();
                ends.resize(len * 2, 0);
            }
            ReadRecordResult::Record => {
                let record: Vec<String> = (0..ended)
                    .map(|index| {
                        let from = if index == 0 { 0 } else { ends[index - 1] };
                        String::from_utf8_lossy(&fields[from..ends[index]]).into_owned()
                    })
                    .collect();
                used = 0;
                ended = 0;
                if !header_done {
                    header_done = true;
                    out.columns = record
                        .iter()
                        .map(|name| name.trim_start_matches('\u{FEFF}').trim().to_owned())
                        .collect();
                    out.phone_column = out
                        .columns
                        .iter()
                        .position(|name| name.eq_ignore_ascii_case(PHONE_COLUMN));
                    out.suggested_phone_column = suggest_phone_column(&out.columns);
                } else if record.iter().any(|field| !field.trim().is_empty()) {
                    out.rows.push(record);
                }
                if out.rows.len() >= max_rows {
                    break;
                }
            }
        }
    }
    out
}

/// The code units of a file's start: bytes for UTF-8 and Windows-1252,
/// 16-bit units for UTF-16; with the length of the byte-order mark.
fn units(head: &[u8]) -> (Encoding, usize, Vec<u16>) {
    let (encoding, bom) = match head {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
        [a, 0, ..] if *a != 0 && a.is_ascii() => (Encoding::Utf16Le, 0),
        [0, b, ..] if *b != 0 && b.is_ascii() => (Encoding::Utf16Be, 0),
        _ => (Encoding::Utf8, 0),
    };
    let body = &head[bom..];
    let units = match encoding {
        Encoding::Utf16Le => body
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect(),
        Encoding::Utf16Be => body
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect(),
        _ => body.iter().map(|&byte| u16::from(byte)).collect(),
    };
    (encoding, bom, units)
}

fn unit_width(encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => 2,
        _ => 1,
    }
}

/// Where the header record ends in `units`: just after the first line break
/// (`\n`, `\r\n` or a lone `\r`) outside quotes that follows some text.
fn header_end_units(units: &[u16]) -> Option<usize> {
    let start = units.iter().position(|unit| !matches!(unit, 0x0D | 0x0A))?;
    let mut quoted = false;
    for (index, &unit) in units.iter().enumerate().skip(start) {
        match unit {
            0x22 => quoted = !quoted,
            0x0A if !quoted => return Some(index + 1),
            0x0D if !quoted => {
                return match units.get(index + 1) {
                    Some(0x0A) => Some(index + 2),
                    Some(_) => Some(index + 1),
                    None => None,
                }
            }
            _ => {}
        }
    }
    None
}

/// The byte offset just after the header record (its line feed included),
/// if `head` holds all of it.
pub fn header_end(head: &[u8]) -> Option<usize> {
    let (encoding, bom, units) = units(head);
    header_end_units(&units).map(|end| bom + end * unit_width(encoding))
}

/// The column the operator chose to hold the phone numbers: the one named
/// exactly `name`, else the first named like it ignoring case and spaces.
pub fn find_column(columns: &[String], name: &str) -> Option<usize> {
    columns
        .iter()
        .position(|column| column == name)
        .or_else(|| {
            columns
                .iter()
                .position(|column| column.eq_ignore_ascii_case(name.trim()))
        })
}

/// The header line with column `index` renamed to `phone_number`, and the
/// byte offset where the original header ends. Only that column's text
/// changes: the byte-order mark, the other columns (quotes and all), the
/// delimiter and the line ending stay as written, in the file's encoding.
/// The file is then `renamed + file[header_end..]`.
pub fn rename_column(head: &[u8], index: usize) -> Result<(Vec<u8>, usize), String> {
    let (encoding, bom, units) = units(head);
    let end = header_end_units(&units).ok_or_else(|| {
        "The header line is not complete in the first part of the file.".to_owned()
    })?;
    let start = units
        .iter()
        .position(|unit| !matches!(unit, 0x0D | 0x0A))
        .unwrap_or(0);
    let line: Vec<u8> = units[start..end]
        .iter()
        .map(|&unit| u8::try_from(unit).ok().filter(u8::is_ascii).unwrap_or(0x80))
        .collect();
    let delimiter = u16::from(Delimiter::detect(&line).byte());
    // Field spans (in units) of the header line, outside quotes.
    let mut spans = Vec::new();
    let mut field_start = start;
    let mut quoted = false;
    let mut content_end = end;
    for (position, &unit) in units.iter().enumerate().take(end).skip(start) {
        match unit {
            0x22 => quoted = !quoted,
            unit if unit == delimiter && !quoted => {
                spans.push((field_start, position));
                field_start = position + 1;
            }
            0x0D | 0x0A if !quoted => {
                content_end = content_end.min(position);
            }
            _ => {}
        }
    }
    spans.push((field_start, content_end.max(field_start)));
    let &(from, to) = spans.get(index).ok_or_else(|| {
        format!(
            "The header has {} columns; there is no column {}.",
            spans.len(),
            index + 1
        )
    })?;
    let mut renamed: Vec<u16> = units[..from].to_vec();
    renamed.extend(PHONE_COLUMN.bytes().map(u16::from));
    renamed.extend_from_slice(&units[to..end]);
    let mut bytes = head[..bom].to_vec();
    match encoding {
        Encoding::Utf16Le => bytes.extend(renamed.iter().flat_map(|unit| unit.to_le_bytes())),
        Encoding::Utf16Be => bytes.extend(renamed.iter().flat_map(|unit| unit.to_be_bytes())),
        // Units of an 8-bit encoding are its bytes.
        _ => bytes.extend(renamed.iter().map(|&unit| unit as u8)),
    }
    Ok((bytes, bom + end * unit_width(encoding)))
}

/// Appends one CSV record (comma-separated, CRLF-terminated, RFC 4180): a
/// field holding a comma, a quote or a line break is quoted, its quotes
/// doubled. Nothing else is changed — in particular a leading `=`, `+`, `-`
/// or `@` is left as written, because the file is meant to be corrected and
/// uploaded again, not opened as a trusted spreadsheet.
pub fn write_csv_record<'f>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'f str>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push(b'"');
            for byte in field.bytes() {
                if byte == b'"' {
                    out.push(b'"');
                }
                out.push(byte);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(field.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// The name of the reason column added to a rejected-rows file: `reason`,
/// or `reason_2`, `reason_3`… if the file already has a column of that name.
pub fn reason_column(columns: &[String]) -> String {
    let taken = |name: &str| {
        columns
            .iter()
            .any(|column| column.eq_ignore_ascii_case(name))
    };
    if !taken("reason") {
        return "reason".to_owned();
    }
    (2..)
        .map(|n| format!("reason_{n}"))
        .find(|name| !taken(name))
        .unwrap_or_default()
}

#[cfg(test)]
mod find_column_tests {
    use super::find_column;

    #[test]
    fn the_chosen_column_is_found_exactly_first_then_ignoring_case() {
        let columns: Vec<String> = ["Mobile", "mobile", "name"].map(String::from).to_vec();
        assert_eq!(find_column(&columns, "mobile"), Some(1));
        assert_eq!(find_column(&columns, " MOBILE "), Some(0));
        assert_eq!(find_column(&columns, "phone"), None);
    }
}
