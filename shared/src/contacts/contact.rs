//! A contact that passed every check, and where the reader hands it.

use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::phone::E164;
use super::report::RowError;

/// One row that will be dialled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Contact {
    /// Spreadsheet row number (header is row 1).
    pub row: u32,
    /// The number in E.164.
    pub phone_number: E164,
    /// The row's other columns, as per-call variables.
    pub variables: Variables,
}

/// A row's per-call variables: `(column name, value)` in column order. The
/// names are shared by every row of a file, so a row costs only its values.
/// Serialises as a JSON object that keeps column order.
///
/// The values live in one string with their end offsets (two allocations a
/// row, not one per column): half a million rows are read per upload.
#[derive(Clone, PartialEq, Eq)]
pub struct Variables {
    names: Arc<[String]>,
    text: String,
    ends: Vec<u32>,
}

impl Variables {
    /// Values in column order, one per name.
    pub(crate) fn new<'v>(
        names: Arc<[String]>,
        values: impl Iterator<Item = &'v str> + Clone,
    ) -> Variables {
        let mut text = String::with_capacity(values.clone().map(str::len).sum());
        let mut ends = Vec::with_capacity(names.len());
        for value in values {
            text.push_str(value);
            ends.push(text.len() as u32);
        }
        debug_assert_eq!(names.len(), ends.len());
        Variables { names, text, ends }
    }

    fn value(&self, index: usize) -> &str {
        let start = if index == 0 {
            0
        } else {
            self.ends[index - 1] as usize
        };
        &self.text[start..self.ends[index] as usize]
    }

    /// `(name, value)` pairs in column order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.names
            .iter()
            .enumerate()
            .map(|(index, name)| (name.as_str(), self.value(index)))
    }

    /// The column names, shared by every row of the file (compare with
    /// [`Arc::ptr_eq`] to tell one file's rows from another's).
    pub fn names(&self) -> &Arc<[String]> {
        &self.names
    }

    /// The values in column order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.ends.len()).map(|index| self.value(index))
    }

    /// The value of the column named exactly `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(candidate, _)| *candidate == name)
            .map(|(_, value)| value)
    }

    /// How many variables there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the file has no column but `phone_number`.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

impl std::fmt::Debug for Variables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Variables {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self.iter() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// Where a [`ContactReader`](super::ContactReader) hands rows as it reads
/// them: the server inserts contacts in batches, the browser shows progress.
pub trait ContactSink {
    /// A row that became a contact.
    fn contact(&mut self, contact: Contact);

    /// A row that did not. Every error is also counted in the final report,
    /// which lists the first thousand, so sinks may ignore these.
    fn row_error(&mut self, error: &RowError) {
        let _ = error;
    }

    /// A row that did not become a contact, with its fields as written
    /// (unquoted), called right after [`row_error`](Self::row_error). For
    /// sinks that hand rejected rows back to the operator (the browser's
    /// "download rejected rows"). The default does nothing, and handing the
    /// fields over costs nothing: they are borrowed from the reader's record
    /// buffer.
    fn rejected_row(&mut self, error: &RowError, fields: RowFields<'_>) {
        let _ = (error, fields);
    }

    /// A row that is about to become a contact (handed to
    /// [`contact`](Self::contact) next), with its fields as written. The
    /// default does nothing and costs nothing.
    fn accepted_row(&mut self, contact: &Contact, fields: RowFields<'_>) {
        let _ = (contact, fields);
    }
}

/// The fields of one row as written (unquoted, not trimmed), borrowed from
/// the reader for the length of a [`ContactSink`] call.
#[derive(Clone, Copy)]
pub struct RowFields<'r> {
    pub(crate) bytes: &'r [u8],
    pub(crate) ends: &'r [usize],
    pub(crate) phone: usize,
}

impl<'r> RowFields<'r> {
    /// How many fields the row has (it may differ from the header's count).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True for a row without fields (never handed to a sink).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The field at `index`, as written.
    pub fn get(&self, index: usize) -> Option<&'r str> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        // The reader hands over UTF-8 and splits only at ASCII bytes.
        Some(std::str::from_utf8(&self.bytes[start..end]).unwrap_or_default())
    }

    /// The fields in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'r str> + '_ {
        (0..self.len()).map(|index| self.get(index).unwrap_or_default())
    }

    /// Index of the header's `phone_number` column.
    pub fn phone_column(&self) -> usize {
        self.phone
    }

    /// The phone field as written (untrimmed), if the row reaches that column.
    pub fn phone(&self) -> Option<&'r str> {
        self.get(self.phone)
    }
}

impl std::fmt::Debug for RowFields<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Collects contacts for the caller to drain (`contacts.drain(..)`).
impl ContactSink for Vec<Contact> {
    fn contact(&mut self, contact: Contact) {
        self.push(contact);
    }
}

/// Counts contacts and keeps nothing: for a check that only needs the report.
#[derive(Debug, Default, Clone, Copy)]
pub struct CountOnly;

impl ContactSink for CountOnly {
    fn contact(&mut self, contact: Contact) {
        drop(contact);
    }
}
