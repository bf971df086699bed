//! The header row: where the phone number is, which columns become per-call
//! variables, and which delimiter the file uses.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The column every contact file must have (matched trimmed, any case).
pub const PHONE_COLUMN: &str = "phone_number";

/// The field separator of a file, detected from its header line.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delimiter {
    /// `,` — the CSV default.
    Comma,
    /// `;` — what Excel writes where the decimal separator is a comma.
    Semicolon,
    /// A tab — "tab-separated values", or Excel's "Unicode text".
    Tab,
}

impl Delimiter {
    /// The byte that separates fields.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    /// Picks the delimiter that splits the header line into the most fields
    /// (outside quotes); comma when none of them appears.
    pub(crate) fn detect(header_line: &[u8]) -> Delimiter {
        let (mut commas, mut semicolons, mut tabs) = (0usize, 0usize, 0usize);
        let mut quoted = false;
        for &byte in header_line {
            match byte {
                b'"' => quoted = !quoted,
                b',' if !quoted => commas += 1,
                b';' if !quoted => semicolons += 1,
                b'\t' if !quoted => tabs += 1,
                _ => {}
            }
        }
        if semicolons > commas && semicolons >= tabs {
            Delimiter::Semicolon
        } else if tabs > commas && tabs > semicolons {
            Delimiter::Tab
        } else {
            Delimiter::Comma
        }
    }
}

impl std::fmt::Display for Delimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
        })
    }
}

/// A header row that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// Index of the `phone_number` column.
    pub(crate) phone: usize,
    /// Every column's name as written (trimmed), in file order.
    pub(crate) columns: Vec<String>,
    /// The variable names (every column but the phone), shared by all contacts.
    pub(crate) variables: Arc<[String]>,
}

/// Why a header row rejects the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// The file holds no header row at all.
    #[error("The file is empty: it needs a header row with a phone_number column.")]
    Empty,
    /// No column is called `phone_number`.
    #[error("The header has no phone_number column (columns: {0}).")]
    MissingPhoneColumn(String),
    /// A column has no name.
    #[error("Column {position} of the header{} has no name; every column needs one.", after.as_ref().map(|name| format!(" (after \"{name}\")")).unwrap_or_default())]
    BlankColumn {
        /// 1-based position of the nameless column.
        position: usize,
        /// The name of the column before it, to find it by.
        after: Option<String>,
    },
    /// Two columns share a name.
    #[error("The column \"{name}\" appears twice in the header (columns {first} and {second}).")]
    DuplicateColumn {
        /// The name as written in the second occurrence.
        name: String,
        /// 1-based position of the first occurrence.
        first: usize,
        /// 1-based position of the repeat.
        second: usize,
    },
}

impl Header {
    /// Checks the header's field values (already unquoted).
    pub(crate) fn parse<'a>(fields: impl Iterator<Item = &'a str>) -> Result<Header, HeaderError> {
        let columns: Vec<String> = fields
            .map(|field| field.trim_start_matches('\u{FEFF}').trim().to_owned())
            .collect();
        if columns.iter().all(String::is_empty) {
            return Err(HeaderError::Empty);
        }
        for (index, name) in columns.iter().enumerate() {
            if name.is_empty() {
                return Err(HeaderError::BlankColumn {
                    position: index + 1,
                    after: columns[..index].last().cloned(),
                });
            }
            let folded = name.to_lowercase();
            if let Some(first) = columns[..index]
                .iter()
                .position(|earlier| earlier.to_lowercase() == folded)
            {
                return Err(HeaderError::DuplicateColumn {
                    name: name.clone(),
                    first: first + 1,
                    second: index + 1,
                });
            }
        }
        let phone = columns
            .iter()
            .position(|name| name.eq_ignore_ascii_case(PHONE_COLUMN))
            .ok_or_else(|| HeaderError::MissingPhoneColumn(list_columns(&columns)))?;
        let variables = columns
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != phone)
            .map(|(_, name)| name.clone())
            .collect();
        Ok(Header {
            phone,
            columns,
            variables,
        })
    }

    /// The name of the column at `index`, if the header has one.
    pub(crate) fn column(&self, index: usize) -> Option<&str> {
        self.columns.get(index).map(String::as_str)
    }
}

fn list_columns(columns: &[String]) -> String {
    columns
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Names that mean "the phone number", compared after [`fold_name`]; the
/// earlier a name is here, the better it fits.
const PHONE_NAMES: &[&str] = &[
    "phone_number",
    "phone",
    "phonenumber",
    "phone_no",
    "mobile",
    "mobile_number",
    "mobile_no",
    "msisdn",
    "contact_number",
    "contact_no",
    "cell",
    "cell_phone",
    "cellphone",
    "tel",
    "telephone",
    "whatsapp",
    "number",
];

/// Words that, inside a longer column name, mean a phone number
/// (`"Customer Mobile"`, `"alt_phone"`).
const PHONE_WORDS: &[&str] = &["phone", "mobile", "msisdn", "cell", "tel", "telephone"];

/// A column name in one spelling: lower case, words joined by `_`
/// (`"Mobile No."` → `mobile_no`).
fn fold_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for word in name
        .trim_start_matches('\u{FEFF}')
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        if !folded.is_empty() {
            folded.push('_');
        }
        folded.extend(word.chars().flat_map(char::to_lowercase));
    }
    folded
}

/// The column that most likely holds the phone numbers of a file whose header
/// has no `phone_number` column, for the wizard to offer ("use *Mobile* as
/// the phone column?").
///
/// Names are compared in any case, with spaces and punctuation as word
/// breaks. A whole name from the list `phone_number, phone, phonenumber,
/// phone_no, mobile, mobile_number, mobile_no, msisdn, contact_number,
/// contact_no, cell, cell_phone, cellphone, tel, telephone, whatsapp, number`
/// wins, earliest in that list first; otherwise the first column with one of
/// the words `phone, mobile, msisdn, cell, tel, telephone` in its name
/// (`"Customer Mobile"`); otherwise none.
pub fn suggest_phone_column(columns: &[String]) -> Option<usize> {
    let folded: Vec<String> = columns.iter().map(|name| fold_name(name)).collect();
    PHONE_NAMES
        .iter()
        .find_map(|wanted| folded.iter().position(|name| name == wanted))
        .or_else(|| {
            folded
                .iter()
                .position(|name| name.split('_').any(|word| PHONE_WORDS.contains(&word)))
        })
}
