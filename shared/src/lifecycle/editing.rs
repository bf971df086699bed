//! Which changes the wizard may save: only draft and paused campaigns are
//! editable, and once a campaign has run its name, bot and contacts lock so
//! old and new attempts stay audit-safe. The number pool and dialler config
//! stay editable while paused. Also the spec's edit-mode notices, word for word.

use thiserror::Error;

use super::Status;
use crate::config::Field;

/// The start of the "cannot edit" notice; the full text is
/// [`not_editable_notice`].
pub const NOT_EDITABLE_NOTICE_PREFIX: &str =
    "Only draft and paused campaigns can be edited. Current status: ";

/// Edit-mode notice for a campaign that has run before.
pub const LOCKED_AFTER_FIRST_RUN_NOTICE: &str = "Campaign name, bot, and contacts are locked after the first run. You can rotate outbound numbers and adjust dialler config before pressing Start.";

/// Shown under the read-only Campaign Name and Bot fields after the first run.
pub const IDENTITY_LOCKED_NOTICE: &str =
    "These fields stay fixed so old and new attempts remain audit-safe.";

/// Shown on Step 4 when the contact list is locked.
pub const CSV_LOCKED_NOTICE: &str =
    "CSV contacts are locked for this campaign. Use Clone if you need a different contact set.";

/// Shown on Step 4 when editing a draft.
pub const CSV_REPLACES_NOTICE: &str =
    "Optional. Uploading a CSV on a draft campaign replaces the existing contact list.";

/// "Only draft and paused campaigns can be edited. Current status: running."
pub fn not_editable_notice(status: Status) -> String {
    format!("{NOT_EDITABLE_NOTICE_PREFIX}{status}.")
}

/// The edit-mode notice the wizard shows at the top, if any.
pub fn edit_notice(status: Status, has_run: bool) -> Option<String> {
    if !status.is_editable() {
        Some(not_editable_notice(status))
    } else if has_run {
        Some(LOCKED_AFTER_FIRST_RUN_NOTICE.to_owned())
    } else {
        None
    }
}

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    /// The campaign is running or completed.
    #[error("{}", not_editable_notice(*.status))]
    NotEditable {
        /// The campaign's status.
        status: Status,
    },
    /// The edit touches fields that locked after the first run.
    #[error("{}", locked_message(.fields))]
    Locked {
        /// The locked fields the edit tried to change, in wizard order.
        fields: Vec<Field>,
    },
}

impl EditError {
    /// A message per field, for the API error shape's `fields`.
    pub fn field_messages(&self) -> Vec<(Field, &'static str)> {
        match self {
            EditError::NotEditable { .. } => Vec::new(),
            EditError::Locked { fields } => fields.iter().map(|f| (*f, field_notice(*f))).collect(),
        }
    }
}

fn field_notice(field: Field) -> &'static str {
    if field == Field::Contacts {
        CSV_LOCKED_NOTICE
    } else {
        IDENTITY_LOCKED_NOTICE
    }
}

fn locked_message(fields: &[Field]) -> String {
    let labels: Vec<&str> = fields.iter().map(|f| f.label()).collect();
    format!(
        "{} cannot be changed after the first run. Use Clone to copy the campaign into a fresh draft you can edit freely.",
        labels.join(", ")
    )
}

/// Checks whether a campaign in `status` (that has or has not run yet) may
/// save a change to `changed_fields` (e.g. from
/// [`crate::config::CampaignConfig::changed_fields`], plus
/// [`Field::Contacts`] when a CSV is uploaded). An empty change is allowed
/// only when the campaign is editable at all.
pub fn check_edit(
    status: Status,
    has_run: bool,
    changed_fields: &[Field],
) -> Result<(), EditError> {
    if !status.is_editable() {
        return Err(EditError::NotEditable { status });
    }
    if has_run {
        let mut locked: Vec<Field> = changed_fields
            .iter()
            .copied()
            .filter(|f| f.locks_after_first_run())
            .collect();
        locked.sort();
        locked.dedup();
        if !locked.is_empty() {
            return Err(EditError::Locked { fields: locked });
        }
    }
    Ok(())
}

/// What the wizard's Step 4 asks of the operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactsStep {
    /// A CSV must be dropped before Next (Single Day, or Multi Day without
    /// Always-on, on a new campaign).
    Required,
    /// A CSV may be dropped: an Always-on campaign feeds contacts over time;
    /// on a draft being edited an upload replaces the list
    /// ([`CSV_REPLACES_NOTICE`]).
    Optional,
    /// No CSV may be uploaded: the campaign has run ([`CSV_LOCKED_NOTICE`]),
    /// or it is not editable at all.
    Locked,
}

/// The campaign being edited, as far as Step 4 cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditedCampaign {
    /// Its status.
    pub status: Status,
    /// Whether it has been started before.
    pub has_run: bool,
}

/// Step 4's rule: a new campaign needs a CSV unless it is Always-on; a
/// draft being edited may replace its list; a campaign that has run, or is
/// not editable, keeps its contacts.
pub fn contacts_step(always_on: bool, edited: Option<EditedCampaign>) -> ContactsStep {
    match edited {
        Some(c) if c.has_run || !c.status.is_editable() => ContactsStep::Locked,
        Some(_) => ContactsStep::Optional,
        None if always_on => ContactsStep::Optional,
        None => ContactsStep::Required,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notices_match_the_spec_word_for_word() {
        assert_eq!(
            not_editable_notice(Status::Running),
            "Only draft and paused campaigns can be edited. Current status: running."
        );
        assert_eq!(
            LOCKED_AFTER_FIRST_RUN_NOTICE,
            "Campaign name, bot, and contacts are locked after the first run. You can rotate outbound numbers and adjust dialler config before pressing Start."
        );
        assert_eq!(
            IDENTITY_LOCKED_NOTICE,
            "These fields stay fixed so old and new attempts remain audit-safe."
        );
        assert_eq!(
            CSV_LOCKED_NOTICE,
            "CSV contacts are locked for this campaign. Use Clone if you need a different contact set."
        );
        assert_eq!(
            CSV_REPLACES_NOTICE,
            "Optional. Uploading a CSV on a draft campaign replaces the existing contact list."
        );
    }

    #[test]
    fn running_and_completed_campaigns_cannot_be_edited() {
        for status in [Status::Running, Status::Completed] {
            let err = check_edit(status, true, &[Field::ConcurrencyLimit]).unwrap_err();
            assert_eq!(err, EditError::NotEditable { status });
            assert_eq!(
                err.to_string(),
                format!("Only draft and paused campaigns can be edited. Current status: {status}.")
            );
        }
    }

    #[test]
    fn a_draft_that_never_ran_can_change_anything() {
        assert_eq!(check_edit(Status::Draft, false, &Field::ALL), Ok(()));
    }

    #[test]
    fn a_paused_campaign_can_change_numbers_and_dialler_config() {
        let allowed = [
            Field::NumberIds,
            Field::ConcurrencyLimit,
            Field::WindowTimezone,
            Field::MaxAttempts,
        ];
        assert_eq!(check_edit(Status::Paused, true, &allowed), Ok(()));
    }

    #[test]
    fn name_bot_and_contacts_lock_once_the_campaign_has_run() {
        let err = check_edit(
            Status::Paused,
            true,
            &[
                Field::Contacts,
                Field::ConcurrencyLimit,
                Field::Name,
                Field::Name,
            ],
        )
        .unwrap_err();
        assert_eq!(
            err,
            EditError::Locked {
                fields: vec![Field::Name, Field::Contacts]
            }
        );
        assert_eq!(
            err.to_string(),
            "Campaign Name, Contacts (CSV upload) cannot be changed after the first run. Use Clone to copy the campaign into a fresh draft you can edit freely."
        );
        assert_eq!(
            err.field_messages(),
            [
                (Field::Name, IDENTITY_LOCKED_NOTICE),
                (Field::Contacts, CSV_LOCKED_NOTICE)
            ]
        );
    }

    #[test]
    fn the_wizard_shows_the_right_edit_notice() {
        assert_eq!(edit_notice(Status::Draft, false), None);
        assert_eq!(
            edit_notice(Status::Paused, true).as_deref(),
            Some(LOCKED_AFTER_FIRST_RUN_NOTICE)
        );
        assert_eq!(
            edit_notice(Status::Completed, true).as_deref(),
            Some("Only draft and paused campaigns can be edited. Current status: completed.")
        );
    }

    #[test]
    fn a_new_campaign_needs_a_csv_unless_it_is_always_on() {
        assert_eq!(contacts_step(false, None), ContactsStep::Required);
        assert_eq!(contacts_step(true, None), ContactsStep::Optional);
    }

    #[test]
    fn uploading_on_a_draft_being_edited_is_optional_and_replaces_the_list() {
        let draft = EditedCampaign {
            status: Status::Draft,
            has_run: false,
        };
        assert_eq!(contacts_step(false, Some(draft)), ContactsStep::Optional);
    }

    #[test]
    fn the_csv_locks_once_the_campaign_has_run_or_cannot_be_edited() {
        for (status, has_run) in [
            (Status::Paused, true),
            (Status::Running, true),
            (Status::Completed, true),
        ] {
            let edited = EditedCampaign { status, has_run };
            assert_eq!(contacts_step(false, Some(edited)), ContactsStep::Locked);
            assert_eq!(contacts_step(true, Some(edited)), ContactsStep::Locked);
        }
    }
}
