//! How a contact's per-call variables are stored (migration 0012).
//!
//! **Compact rows.** A contact's `variables` column holds a JSON array of
//! its values, `["Verma, Navya","Pune",null]`, and the campaign's
//! `variable_names` holds the names once, `["name","city","plan"]`: value
//! `i` is the variable named `names[i]`; `null`, or an array shorter than
//! the names, means the contact has no such variable (a row appended from a
//! file without that column). Names are only ever added at the end by an
//! append and replaced whole by a replace (each in the upload's swap), so a
//! position never changes meaning for the rows of the current list. At
//! 500,000 rows of seven columns the names were a fifth of the bytes an
//! upload wrote when each row spelled them out.
//!
//! **Object rows.** Campaigns created before migration 0012 have
//! `variable_names` null and rows holding JSON objects
//! (`{"name":"Verma, Navya"}`); an append to such a campaign writes objects
//! too, and its first replace makes it compact. [`decode`] reads a row in
//! either form by its first character, so a reader never needs to know.

use std::sync::Arc;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// The campaign's `variable_names`: `None` for a campaign whose rows are
/// JSON objects (see the module docs).
pub type Names = Option<Arc<[String]>>;

/// A stored value that cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stored variables are unreadable: {}", self.0)
    }
}

impl std::error::Error for Unreadable {}

impl From<Unreadable> for sqlx::Error {
    fn from(error: Unreadable) -> Self {
        sqlx::Error::Decode(Box::new(error))
    }
}

/// Reads a campaign's stored `variable_names`.
pub fn parse_names(stored: Option<&str>) -> Result<Names, Unreadable> {
    stored
        .map(|text| {
            serde_json::from_str::<Vec<String>>(text)
                .map(Arc::from)
                .map_err(|e| Unreadable(format!("variable names: {e}")))
        })
        .transpose()
}

/// The names as stored in `campaigns.variable_names`.
pub fn names_text(names: &[String]) -> String {
    serde_json::to_string(names).expect("strings serialise")
}

/// A compact row: the JSON array of `values` (`None` is `null`).
pub fn encode<'v>(values: impl IntoIterator<Item = Option<&'v str>>) -> String {
    let mut out = Vec::with_capacity(128);
    out.push(b'[');
    for (index, value) in values.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        match value {
            // serde_json's own escaping, written straight into `out`.
            Some(text) => serde_json::to_writer(&mut out, text).expect("writing to a Vec"),
            None => out.extend_from_slice(b"null"),
        }
    }
    out.push(b']');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A compact row's values in the order of its `names` names (`None`: no
/// such variable); more values than names is unreadable, not cut short.
pub fn values(stored: &str, names: usize) -> Result<Vec<Option<String>>, Unreadable> {
    let values = serde_json::from_str::<Vec<Option<String>>>(stored)
        .map_err(|e| Unreadable(e.to_string()))?;
    if values.len() > names {
        return Err(Unreadable(format!(
            "{} values for {} variable names",
            values.len(),
            names
        )));
    }
    Ok(values)
}

/// A stored row in either form, as `(name, value)` pairs in column order;
/// an object row's non-text values as JSON text, `null` as empty text.
pub fn decode(names: Option<&[String]>, stored: &str) -> Result<Vec<(String, String)>, Unreadable> {
    if stored.trim_start().starts_with('{') {
        return serde_json::from_str::<ObjectEntries<true>>(stored)
            .map(|entries| entries.0)
            .map_err(|e| Unreadable(e.to_string()));
    }
    let Some(names) = names else {
        return Err(Unreadable(
            "a row of values in a campaign without variable names".into(),
        ));
    };
    let values = values(stored, names.len())?;
    Ok(names
        .iter()
        .zip(values)
        .filter_map(|(name, value)| Some((name.clone(), value?)))
        .collect())
}

/// A stored row in either form as the JSON object the API and the dial
/// request carry.
pub fn decode_object(
    names: Option<&[String]>,
    stored: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Unreadable> {
    Ok(object(decode(names, stored)?))
}

/// `(name, value)` pairs as the API's JSON object.
pub fn object(pairs: Vec<(String, String)>) -> serde_json::Map<String, serde_json::Value> {
    pairs
        .into_iter()
        .map(|(name, value)| (name, serde_json::Value::String(value)))
        .collect()
}

/// The names of an object row, in its order (values skipped unread).
pub fn object_keys(stored: &str) -> Result<Vec<String>, Unreadable> {
    if !stored.trim_start().starts_with('{') {
        return Ok(Vec::new());
    }
    serde_json::from_str::<ObjectEntries<false>>(stored)
        .map(|entries| entries.0.into_iter().map(|(key, _)| key).collect())
        .map_err(|e| Unreadable(e.to_string()))
}

/// Where an upload's rows go: the names of the campaign as the upload
/// leaves it, and how each file's columns map onto them.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `None`: the campaign keeps object rows (an append to a campaign
    /// from before migration 0012).
    names: Option<Vec<String>>,
    /// The last file's names and their positions among `names`.
    last: Option<(Arc<[String]>, Vec<usize>)>,
}

impl Layout {
    /// For a replace: the upload's names become the campaign's.
    pub fn replace() -> Layout {
        Layout {
            names: Some(Vec::new()),
            last: None,
        }
    }

    /// For an append to a campaign whose names are `names`.
    pub fn append(names: Names) -> Layout {
        Layout {
            names: names.map(|names| names.to_vec()),
            last: None,
        }
    }

    /// The names to store with the swap (`None`: leave them as they are).
    pub fn names(&self) -> Option<&[String]> {
        self.names.as_deref()
    }

    /// The stored form of a row whose values `row` (a compact row) are for
    /// the columns `columns`.
    pub fn store(&mut self, columns: &Arc<[String]>, row: String) -> Result<String, Unreadable> {
        let Some(names) = self.names.as_mut() else {
            // Object rows: the names spelled out in each.
            let object = decode_object(Some(columns), &row)?;
            return Ok(serde_json::Value::Object(object).to_string());
        };
        let same = matches!(&self.last, Some((last, _)) if Arc::ptr_eq(last, columns));
        if !same {
            let positions = columns
                .iter()
                .map(
                    |column| match names.iter().position(|name| name == column) {
                        Some(position) => position,
                        None => {
                            names.push(column.clone());
                            names.len() - 1
                        }
                    },
                )
                .collect();
            self.last = Some((columns.clone(), positions));
        }
        let positions = &self.last.as_ref().expect("set above").1;
        if positions.iter().enumerate().all(|(index, at)| index == *at) {
            return Ok(row);
        }
        // The file's columns in another order than the campaign's.
        let values = values(&row, columns.len())?;
        let mut placed: Vec<Option<String>> = vec![None; names.len()];
        for (value, at) in values.into_iter().zip(positions) {
            placed[*at] = value;
        }
        while placed.last().is_some_and(Option::is_none) {
            placed.pop();
        }
        Ok(encode(placed.iter().map(Option::as_deref)))
    }
}

/// A JSON object's entries in its order, non-text values as JSON text
/// (`null` as empty text); with `VALUES` false only the keys are kept (the
/// values skipped unread).
struct ObjectEntries<const VALUES: bool>(Vec<(String, String)>);

impl<'de, const VALUES: bool> Deserialize<'de> for ObjectEntries<VALUES> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<const VALUES: bool>;
        impl<'de, const VALUES: bool> Visitor<'de> for Entries<VALUES> {
            type Value = ObjectEntries<VALUES>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = if VALUES {
                        match map.next_value::<serde_json::Value>()? {
                            serde_json::Value::String(text) => text,
                            serde_json::Value::Null => String::new(),
                            other => other.to_string(),
                        }
                    } else {
                        map.next_value::<IgnoredAny>()?;
                        String::new()
                    };
                    entries.push((key, value));
                }
                Ok(ObjectEntries(entries))
            }
            fn visit_seq<S: SeqAccess<'de>>(self, _: S) -> Result<Self::Value, S::Error> {
                Err(serde::de::Error::custom(
                    "an array where an object was expected",
                ))
            }
        }
        deserializer.deserialize_map(Entries::<VALUES>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Arc<[String]> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn a_compact_row_reads_back_with_the_campaigns_names() {
        let stored = encode([Some("Verma, Navya"), Some("Pune \"West\""), None]);
        assert_eq!(stored, r#"["Verma, Navya","Pune \"West\"",null]"#);
        let pairs = decode(Some(&names(&["name", "city", "plan"])), &stored).unwrap();
        assert_eq!(
            pairs,
            vec![
                ("name".to_owned(), "Verma, Navya".to_owned()),
                ("city".to_owned(), "Pune \"West\"".to_owned()),
            ]
        );
    }

    #[test]
    fn an_object_row_from_before_compact_rows_reads_as_it_was_written() {
        let pairs = decode(None, r#"{"name":"Śrī","amount":12,"note":null}"#).unwrap();
        assert_eq!(
            pairs,
            vec![
                ("name".to_owned(), "Śrī".to_owned()),
                ("amount".to_owned(), "12".to_owned()),
                ("note".to_owned(), String::new()),
            ]
        );
        assert_eq!(
            object_keys(r#"{"a":"1","b":"2"}"#).unwrap(),
            vec!["a".to_owned(), "b".to_owned()]
        );
    }

    #[test]
    fn a_row_with_more_values_than_names_is_unreadable_not_cut_short() {
        let error = decode(Some(&names(&["name"])), r#"["a","b"]"#).unwrap_err();
        assert!(
            error.to_string().contains("2 values for 1 variable names"),
            "{error}"
        );
        assert!(decode(None, r#"["a"]"#).is_err());
    }

    #[test]
    fn a_replace_takes_the_files_names_and_stores_rows_as_read() {
        let columns = names(&["name", "city"]);
        let mut layout = Layout::replace();
        let row = encode([Some("A"), Some("B")]);
        assert_eq!(layout.store(&columns, row.clone()).unwrap(), row);
        assert_eq!(layout.names().unwrap(), &columns[..]);
    }

    #[test]
    fn an_append_adds_new_columns_at_the_end_and_places_reordered_ones() {
        let mut layout = Layout::append(Some(names(&["name", "city"])));
        let columns = names(&["plan", "name"]);
        let stored = layout
            .store(&columns, encode([Some("gold"), Some("Asha")]))
            .unwrap();
        let campaign = layout.names().unwrap().to_vec();
        assert_eq!(campaign, vec!["name", "city", "plan"]);
        assert_eq!(stored, r#"["Asha",null,"gold"]"#);
        assert_eq!(
            decode(Some(&campaign), &stored).unwrap(),
            vec![
                ("name".to_owned(), "Asha".to_owned()),
                ("plan".to_owned(), "gold".to_owned()),
            ]
        );
        // The same file's next row reuses the placement.
        let next = layout
            .store(&columns, encode([Some("silver"), Some("Ravi")]))
            .unwrap();
        assert_eq!(next, r#"["Ravi",null,"silver"]"#);
    }

    #[test]
    fn an_append_to_a_campaign_of_object_rows_writes_object_rows() {
        let mut layout = Layout::append(None);
        let stored = layout
            .store(&names(&["name"]), encode([Some("Asha")]))
            .unwrap();
        assert_eq!(stored, r#"{"name":"Asha"}"#);
        assert_eq!(layout.names(), None);
    }
}
