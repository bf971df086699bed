//! The wizard's state, in one place: the form (the shared
//! [`CampaignInput`]), the step on screen, which fields the operator has
//! touched, the server's refusals, the dropped CSV and its check. Every
//! rule comes from `shared`: the per-field messages are
//! [`CampaignInput::parse`]'s, Step 4's requirement is
//! [`contacts_step`]'s, the locks are the lifecycle's.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use outdial_shared::api::{Bot, Campaign, Carrier, PhoneNumber};
use outdial_shared::config::{CampaignInput, ConfigErrors, Field, Step};
use outdial_shared::contacts::Report;
use outdial_shared::lifecycle::{contacts_step, ContactsStep, EditedCampaign};

use crate::api::ApiError;
use crate::csv_check::CsvState;

/// What the Create Campaign / Save button is doing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Submitting {
    /// Sending the configuration.
    Saving,
    /// Sending the CSV: bytes sent of the total.
    Uploading { sent: f64, total: f64 },
}

/// The wizard's whole state; a Copy handle of signals, provided as context.
#[derive(Debug, Clone, Copy)]
pub struct Wizard {
    /// The form, field by field, as typed.
    pub form: RwSignal<CampaignInput>,
    /// The Custom Retry Dispositions text box as typed (the form holds its pieces).
    pub custom_text: RwSignal<String>,
    /// The step on screen.
    pub step: RwSignal<Step>,
    /// The furthest step reached.
    pub reached: RwSignal<Step>,
    /// Fields the operator typed in or left: their messages show.
    touched: RwSignal<BTreeSet<Field>>,
    /// The server's messages per field from the last refused save.
    server_errors: RwSignal<BTreeMap<Field, String>>,
    /// The server's message when it concerns no one field.
    pub notice: RwSignal<Option<String>>,
    /// The campaign being edited (set too once a create succeeded).
    pub existing: RwSignal<Option<Campaign>>,
    /// The bots to choose from.
    pub bots: StoredValue<Vec<Bot>>,
    /// The carriers and their numbers.
    pub carriers: StoredValue<Vec<Carrier>>,
    /// The dropped CSV and its check.
    pub csv: CsvState,
    /// The save in progress, if any.
    pub submitting: RwSignal<Option<Submitting>>,
    /// The server's upload report when it disagrees with the browser's.
    pub server_report: RwSignal<Option<Report>>,
    errors: Memo<ConfigErrors>,
}

impl Wizard {
    /// A wizard over `form`, editing `existing` when given.
    pub fn new(
        form: CampaignInput,
        existing: Option<Campaign>,
        bots: Vec<Bot>,
        carriers: Vec<Carrier>,
    ) -> Wizard {
        let custom_text = form.custom_retry_dispositions.join(", ");
        let form = RwSignal::new(form);
        let errors = Memo::new(move |_| form.with(|f| f.parse().err().unwrap_or_default()));
        Wizard {
            form,
            custom_text: RwSignal::new(custom_text),
            step: RwSignal::new(Step::Basics),
            reached: RwSignal::new(Step::Basics),
            touched: RwSignal::new(BTreeSet::new()),
            server_errors: RwSignal::new(BTreeMap::new()),
            notice: RwSignal::new(None),
            existing: RwSignal::new(existing),
            bots: StoredValue::new(bots),
            carriers: StoredValue::new(carriers),
            csv: CsvState::new(),
            submitting: RwSignal::new(None),
            server_report: RwSignal::new(None),
            errors,
        }
    }

    /// Changes the form for `field`: its message shows from now on and any
    /// earlier server refusal of it is cleared.
    pub fn edit(&self, field: Field, change: impl FnOnce(&mut CampaignInput)) {
        self.form.update(change);
        self.touch(field);
        self.server_errors.update(|errors| {
            errors.remove(&field);
        });
    }

    /// Marks `field` as visited (its message shows).
    pub fn touch(&self, field: Field) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| {
                t.insert(field);
            });
        }
    }

    /// The message shown beside `field`: the server's refusal, else the
    /// shared rules' once the operator has touched the field.
    pub fn error(&self, field: Field) -> Option<String> {
        if let Some(message) = self.server_errors.with(|e| e.get(&field).cloned()) {
            return Some(message);
        }
        if !self.touched.with(|t| t.contains(&field)) {
            return None;
        }
        self.message(field)
    }

    /// The shared rules' message for `field`, touched or not.
    fn message(&self, field: Field) -> Option<String> {
        if field == Field::Contacts {
            return self.csv.problem(self.contacts_step());
        }
        self.errors.with(|e| e.get(field).map(str::to_owned))
    }

    /// Every problem that keeps `step` from being passed, in field order.
    pub fn problems(&self, step: Step) -> Vec<(Field, String)> {
        step.fields()
            .filter_map(|field| {
                let server = self.server_errors.with(|e| e.get(&field).cloned());
                server.or_else(|| self.message(field)).map(|m| (field, m))
            })
            .collect()
    }

    /// Whether Next (or a pill past it) is blocked on `step`.
    pub fn blocks(&self, step: Step) -> bool {
        !self.problems(step).is_empty()
    }

    /// Goes to `step` if every step before it passes.
    pub fn go_to(&self, step: Step) {
        if Step::ALL
            .iter()
            .take_while(|s| **s < step)
            .any(|s| self.blocks(*s))
        {
            return;
        }
        self.step.set(step);
        if step > self.reached.get_untracked() {
            self.reached.set(step);
        }
    }

    /// The step after `step`, if any.
    pub fn next_of(step: Step) -> Option<Step> {
        Step::ALL.into_iter().find(|s| *s > step)
    }

    /// The step before `step`, if any.
    pub fn previous_of(step: Step) -> Option<Step> {
        Step::ALL.into_iter().rev().find(|s| *s < step)
    }

    /// Whether the campaign being edited can be saved at all (running and
    /// completed campaigns open read-only).
    pub fn read_only(&self) -> bool {
        self.existing
            .with(|c| c.as_ref().is_some_and(|c| !c.status.is_editable()))
    }

    /// Whether Campaign Name and Bot are locked (the campaign has run).
    pub fn identity_locked(&self) -> bool {
        self.existing.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.has_run || !c.status.is_editable())
        })
    }

    /// Step 4's rule for this campaign.
    pub fn contacts_step(&self) -> ContactsStep {
        let always_on = self.form.with(|f| f.always_on);
        let edited = self.existing.with(|c| {
            c.as_ref().map(|c| EditedCampaign {
                status: c.status,
                has_run: c.has_run,
            })
        });
        contacts_step(always_on, edited)
    }

    /// Shows a refused save: each field's message beside it, the wizard on
    /// the earliest step concerned; a message about no field at the top.
    pub fn refused(&self, error: ApiError) {
        let fields: BTreeMap<Field, String> = error
            .fields
            .iter()
            .filter_map(|(name, message)| Some((Field::from_json_name(name)?, message.clone())))
            .collect();
        if let Some(first) = fields.keys().map(|f| f.step()).min() {
            self.step.set(first);
        }
        if fields.is_empty() || fields.len() < error.fields.len() {
            self.notice.set(Some(error.message));
        }
        self.server_errors.set(fields);
    }

    /// The outbound number with `id`, from any carrier.
    pub fn number(&self, id: i64) -> Option<PhoneNumber> {
        self.carriers.with_value(|carriers| {
            carriers
                .iter()
                .flat_map(|c| c.numbers.iter())
                .find(|n| n.id == id)
                .cloned()
        })
    }

    /// The chosen bot, if any.
    pub fn bot(&self) -> Option<Bot> {
        let id = self.form.with(|f| f.bot_id)?;
        self.bots
            .with_value(|bots| bots.iter().find(|b| b.id == id).cloned())
    }

    /// The first ticked number: national numbers in the CSV are read in its country.
    pub fn region_number(&self) -> Option<String> {
        let first = self.form.with(|f| f.number_ids.first().copied())?;
        self.number(first).map(|n| n.number)
    }
}

/// The wizard of the page being shown.
pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}
