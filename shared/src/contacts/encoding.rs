//! Text encodings a contact file arrives in, turned into UTF-8 chunk by chunk.
//!
//! Spreadsheets save CSV as UTF-8 (with or without a byte-order mark), as
//! UTF-16 ("Unicode text") or, on older Windows Excel, as Windows-1252. The
//! decoder settles the encoding from the first bytes and the first invalid
//! UTF-8 sequence, and never stores mojibake: a file that mixes valid
//! multi-byte UTF-8 with invalid bytes is rejected, naming the problem.

use serde::{Deserialize, Serialize};

/// The encoding a file was read in; reported in the summary.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[serde(rename = "UTF-8")]
    Utf8,
    /// UTF-16, little-endian (Excel's "Unicode text" on Windows).
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    /// UTF-16, big-endian.
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
    /// Windows-1252 ("ANSI" on Western Windows): chosen when the file is not
    /// UTF-8 and held only ASCII before its first non-UTF-8 byte.
    #[serde(rename = "Windows-1252")]
    Windows1252,
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        })
    }
}

/// Why the bytes of a file cannot be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodingError {
    /// Valid UTF-8 letters earlier in the file, then bytes that are not.
    #[error(
        "The file is not valid UTF-8: byte {offset} is not part of any UTF-8 letter, \
         although earlier letters were UTF-8. Save the file as \"CSV UTF-8\" and upload it again."
    )]
    MixedUtf8 {
        /// Offset of the first bad byte, counted from 0 in the file as uploaded.
        offset: u64,
    },
    /// The file stops in the middle of a UTF-16 code unit or surrogate pair.
    #[error("The file ends in the middle of a {0} character; it looks cut short.")]
    TruncatedUtf16(Encoding),
    /// A UTF-16 surrogate without its partner.
    #[error("The file is not valid {encoding}: unpaired surrogate near byte {offset}.")]
    UnpairedSurrogate {
        /// The UTF-16 flavour.
        encoding: Encoding,
        /// Offset near the bad code unit.
        offset: u64,
    },
}

/// Windows-1252's 0x80–0x9F, where it differs from Latin-1. The five bytes
/// that Windows-1252 leaves undefined map to the C1 control of the same value,
/// as the WHATWG Encoding Standard does.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

fn windows_1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Streaming decoder: bytes of the file in, UTF-8 out.
#[derive(Debug)]
pub(crate) struct Decoder {
    /// `None` until the first bytes settle it.
    encoding: Option<Encoding>,
    /// Bytes held back: the start of the file before the BOM check, an
    /// incomplete UTF-8 sequence, or an odd UTF-16 byte / high surrogate.
    pending: Vec<u8>,
    /// A high surrogate waiting for its low half (UTF-16 only).
    high_surrogate: Option<u16>,
    /// Whether any non-ASCII UTF-8 has been passed on.
    saw_multibyte_utf8: bool,
    /// Bytes of the file consumed so far (for error offsets).
    offset: u64,
    out: Vec<u8>,
}

impl Decoder {
    pub(crate) fn new() -> Self {
        Decoder {
            encoding: None,
            pending: Vec::new(),
            high_surrogate: None,
            saw_multibyte_utf8: false,
            offset: 0,
            out: Vec::new(),
        }
    }

    /// The encoding, once the first bytes have settled it.
    pub(crate) fn encoding(&self) -> Option<Encoding> {
        self.encoding
    }

    /// Decodes one chunk; the returned UTF-8 borrows either `input` (plain
    /// UTF-8, the common case: no copy) or the decoder's own buffer.
    pub(crate) fn decode<'a>(&'a mut self, input: &'a [u8]) -> Result<&'a [u8], EncodingError> {
        self.out.clear();
        let mut joined;
        if self.encoding.is_none() {
            // Hold bytes until there are enough to recognise a BOM.
            joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(input);
            if joined.len() < 3 {
                self.pending = joined;
                return Ok(&[]);
            }
            let (encoding, bom) = sniff(&joined);
            self.encoding = Some(encoding);
            self.offset += bom as u64;
            joined.drain(..bom);
            self.pending = joined;
            let held = std::mem::take(&mut self.pending);
            self.decode_settled(&held, false)?;
            return Ok(&self.out);
        }
        if !self.pending.is_empty() {
            joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(input);
            self.decode_settled(&joined, false)?;
            return Ok(&self.out);
        }
        if self.encoding == Some(Encoding::Utf8) {
            // Fast path: valid UTF-8 that ends on a character boundary passes
            // straight through.
            if let Ok(text) = std::str::from_utf8(input) {
                if !text.is_ascii() {
                    self.saw_multibyte_utf8 = true;
                }
                self.offset += input.len() as u64;
                return Ok(input);
            }
        }
        self.decode_settled(input, false)?;
        Ok(&self.out)
    }

    /// Flushes what is held back at the end of the file.
    pub(crate) fn finish(&mut self) -> Result<&[u8], EncodingError> {
        self.out.clear();
        let held = std::mem::take(&mut self.pending);
        if self.encoding.is_none() {
            let (encoding, bom) = sniff(&held);
            self.encoding = Some(encoding);
            self.offset += bom as u64;
            self.decode_settled(&held[bom..], true)?;
        } else {
            self.decode_settled(&held, true)?;
        }
        if let (Some(encoding @ (Encoding::Utf16Le | Encoding::Utf16Be)), Some(_)) =
            (self.encoding, self.high_surrogate)
        {
            return Err(EncodingError::TruncatedUtf16(encoding));
        }
        Ok(&self.out)
    }

    fn decode_settled(&mut self, input: &[u8], at_end: bool) -> Result<(), EncodingError> {
        match self.encoding.unwrap_or(Encoding::Utf8) {
            Encoding::Utf8 => self.decode_utf8(input, at_end),
            Encoding::Windows1252 => {
                self.push_windows_1252(input);
                Ok(())
            }
            encoding @ (Encoding::Utf16Le | Encoding::Utf16Be) => {
                self.decode_utf16(input, encoding, at_end)
            }
        }
    }

    fn decode_utf8(&mut self, input: &[u8], at_end: bool) -> Result<(), EncodingError> {
        match std::str::from_utf8(input) {
            Ok(text) => {
                self.saw_multibyte_utf8 |= !text.is_ascii();
                self.out.extend_from_slice(input);
                self.offset += input.len() as u64;
                Ok(())
            }
            Err(error) => {
                let (valid, rest) = input.split_at(error.valid_up_to());
                self.saw_multibyte_utf8 |= !valid.is_ascii();
                self.out.extend_from_slice(valid);
                self.offset += valid.len() as u64;
                if error.error_len().is_none() && !at_end {
                    // An incomplete sequence at the end of the chunk: wait for
                    // the rest of it.
                    self.pending.extend_from_slice(rest);
                    return Ok(());
                }
                if self.saw_multibyte_utf8 {
                    return Err(EncodingError::MixedUtf8 {
                        offset: self.offset,
                    });
                }
                // Only ASCII so far, which reads the same in Windows-1252.
                self.encoding = Some(Encoding::Windows1252);
                self.push_windows_1252(rest);
                Ok(())
            }
        }
    }

    fn push_windows_1252(&mut self, input: &[u8]) {
        let mut buf = [0u8; 4];
        for &byte in input {
            if byte.is_ascii() {
                self.out.push(byte);
            } else {
                let encoded = windows_1252_char(byte).encode_utf8(&mut buf);
                self.out.extend_from_slice(encoded.as_bytes());
            }
        }
        self.offset += input.len() as u64;
    }

    fn decode_utf16(
        &mut self,
        input: &[u8],
        encoding: Encoding,
        at_end: bool,
    ) -> Result<(), EncodingError> {
        let pairs = input.chunks_exact(2);
        let odd = pairs.remainder();
        let mut buf = [0u8; 4];
        for pair in pairs {
            let unit = match encoding {
                Encoding::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
                _ => u16::from_le_bytes([pair[0], pair[1]]),
            };
            let decoded = match (self.high_surrogate.take(), unit) {
                (None, 0xD800..=0xDBFF) => {
                    self.high_surrogate = Some(unit);
                    None
                }
                (None, unit) => Some(char::decode_utf16([unit]).next()),
                (Some(high), unit) => Some(char::decode_utf16([high, unit]).next()),
            };
            self.offset += 2;
            match decoded {
                None => {}
                Some(Some(Ok(ch))) => {
                    self.out
                        .extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                Some(_) => {
                    return Err(EncodingError::UnpairedSurrogate {
                        encoding,
                        offset: self.offset,
                    })
                }
            }
        }
        if !odd.is_empty() {
            if at_end {
                return Err(EncodingError::TruncatedUtf16(encoding));
            }
            self.pending.extend_from_slice(odd);
        }
        Ok(())
    }
}

/// The encoding and BOM length from the first bytes of a file. A file without
/// a BOM whose first character is ASCII followed by a zero byte (or the other
/// way round) is UTF-16 too: no CSV header starts with a NUL.
fn sniff(start: &[u8]) -> (Encoding, usize) {
    match start {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
        [a, 0, ..] if *a != 0 && a.is_ascii() => (Encoding::Utf16Le, 0),
        [0, b, ..] if *b != 0 && b.is_ascii() => (Encoding::Utf16Be, 0),
        _ => (Encoding::Utf8, 0),
    }
}
