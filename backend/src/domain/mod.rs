//! Parse-don't-validate types for the inputs of bots, carriers, numbers and
//! tokens: each `parse` returns the value or a sentence for the operator, and
//! [`FieldErrors`] gathers those sentences into one 422 answer. Names,
//! descriptions, labels and CPS limits are `outdial_shared::names`' (one
//! rule for every name, shared with the browser's forms); phone numbers are
//! parsed here with the server's full metadata.

mod phone;

use std::collections::BTreeMap;

pub use outdial_shared::names::{CpsLimit, Description, Label, Name};
pub use phone::{E164Number, Region};

use crate::error::AppError;

/// The per-field messages of one request, turned into a single
/// `validation` error when any field failed.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// Keeps the value, or records the message under `field`.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                self.0.insert(field.to_string(), message);
                None
            }
        }
    }

    /// Like [`FieldErrors::check`] for a field that may be absent.
    pub fn check_optional<T>(
        &mut self,
        field: &str,
        parsed: Option<Result<T, String>>,
    ) -> Option<Option<T>> {
        match parsed {
            None => Some(None),
            Some(parsed) => self.check(field, parsed).map(Some),
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.0.is_empty()
    }

    /// The 422 error for what was recorded.
    pub fn into_error(self) -> AppError {
        let message = match self.0.len() {
            0 => "The request is not valid.".to_string(),
            1 => self.0.values().next().cloned().unwrap_or_default(),
            _ => "Some fields are not valid.".to_string(),
        };
        AppError::Validation {
            message,
            fields: self.0,
        }
    }
}
