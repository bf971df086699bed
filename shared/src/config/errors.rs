//! [`ConfigErrors`]: what is wrong with a campaign configuration, one
//! operator-facing sentence per field, so the wizard can show each message
//! under its input and disable Next on the step that holds it.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::field::{Field, Step};

/// Per-field validation messages. Serialises as a JSON object keyed by the
/// field's JSON name (`{"window.start": "…"}`), the `fields` of the API's
/// error shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigErrors {
    by_field: BTreeMap<Field, String>,
}

impl ConfigErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` for `field`. The first message recorded for a field
    /// wins, so an operator fixes one thing at a time.
    pub fn insert(&mut self, field: Field, message: impl Into<String>) {
        self.by_field.entry(field).or_insert_with(|| message.into());
    }

    /// The message for `field`, if it has one.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.by_field.get(&field).map(String::as_str)
    }

    /// Whether there are no errors at all.
    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty()
    }

    /// How many fields have an error.
    pub fn len(&self) -> usize {
        self.by_field.len()
    }

    /// The errors in wizard order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, &str)> {
        self.by_field.iter().map(|(f, m)| (*f, m.as_str()))
    }

    /// Only the errors of fields on `step`; the wizard keeps Next disabled
    /// while this is non-empty.
    pub fn for_step(&self, step: Step) -> ConfigErrors {
        ConfigErrors {
            by_field: self
                .by_field
                .iter()
                .filter(|(f, _)| f.step() == step)
                .map(|(f, m)| (*f, m.clone()))
                .collect(),
        }
    }

    /// Whether `step` has any error (Next stays disabled).
    pub fn blocks(&self, step: Step) -> bool {
        self.by_field.keys().any(|f| f.step() == step)
    }

    /// The earliest step with an error: where the wizard sends the operator
    /// when Create Campaign is rejected.
    pub fn first_step_with_errors(&self) -> Option<Step> {
        self.by_field.keys().map(|f| f.step()).min()
    }

    /// The API error shape's `fields` map: JSON field name → message.
    pub fn to_fields(&self) -> BTreeMap<String, String> {
        self.by_field
            .iter()
            .map(|(f, m)| (f.json_name().to_owned(), m.clone()))
            .collect()
    }

    /// Turns an empty set into `Ok(value)` and anything else into `Err(self)`.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, ConfigErrors> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl std::fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<&str> = self.by_field.values().map(String::as_str).collect();
        f.write_str(&messages.join(" "))
    }
}

impl std::error::Error for ConfigErrors {}

impl Serialize for ConfigErrors {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.by_field.iter().map(|(f, m)| (f.json_name(), m)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ConfigErrors {
        let mut errors = ConfigErrors::new();
        errors.insert(Field::WindowStart, "Start is wrong.");
        errors.insert(Field::Name, "Campaign Name is required.");
        errors
    }

    #[test]
    fn errors_serialise_as_a_map_keyed_by_json_field_name() {
        let json = serde_json::to_value(sample()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"name": "Campaign Name is required.", "window.start": "Start is wrong."})
        );
        assert_eq!(
            sample().to_fields().get("window.start").map(String::as_str),
            Some("Start is wrong.")
        );
    }

    #[test]
    fn for_step_keeps_only_that_steps_fields() {
        let errors = sample();
        let basics = errors.for_step(Step::Basics);
        assert_eq!(basics.len(), 1);
        assert_eq!(basics.get(Field::Name), Some("Campaign Name is required."));
        assert!(errors.for_step(Step::NumberPool).is_empty());
        assert!(errors.blocks(Step::DiallerConfig));
        assert!(!errors.blocks(Step::UploadCsv));
    }

    #[test]
    fn the_first_step_with_errors_is_the_earliest_in_the_wizard() {
        assert_eq!(sample().first_step_with_errors(), Some(Step::Basics));
        assert_eq!(ConfigErrors::new().first_step_with_errors(), None);
    }

    #[test]
    fn the_first_message_for_a_field_is_kept() {
        let mut errors = ConfigErrors::new();
        errors.insert(Field::Mode, "first");
        errors.insert(Field::Mode, "second");
        assert_eq!(errors.get(Field::Mode), Some("first"));
    }

    #[test]
    fn display_joins_the_messages_in_wizard_order() {
        assert_eq!(
            sample().to_string(),
            "Campaign Name is required. Start is wrong."
        );
    }
}
