//! Campaign lifecycle: the four statuses, the actions an operator can take
//! on each, and which fields may be edited when (see [`editing`]).
//!
//! ```text
//! draft ──start──▶ running ──pause──▶ paused
//!                    ▲  ◀──resume───┘   │
//!                    │                  │
//!                 restart    stop (from running or paused)
//!                    │                  ▼
//!                    └──────────── completed
//! clone: any status ──▶ a new draft (the original is unchanged)
//! ```
//!
//! Start and Restart begin a run; after the first run the campaign's name,
//! bot and contacts lock (`has_run`).

pub mod editing;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use editing::{
    check_edit, contacts_step, edit_notice, not_editable_notice, ContactsStep, EditError,
    EditedCampaign, CSV_LOCKED_NOTICE, CSV_REPLACES_NOTICE, IDENTITY_LOCKED_NOTICE,
    LOCKED_AFTER_FIRST_RUN_NOTICE, NOT_EDITABLE_NOTICE_PREFIX,
};

/// Where a campaign is in its life.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Created, not yet started; dials nothing.
    Draft,
    /// Dialling (inside its window).
    Running,
    /// Stopped placing new calls until resumed; live calls finish.
    Paused,
    /// Finished: stopped, or a Single Day window ended. Restart begins a new run.
    Completed,
}

/// Something an operator does to a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// draft → running (the first run).
    Start,
    /// running → paused.
    Pause,
    /// paused → running.
    Resume,
    /// running or paused → completed.
    Stop,
    /// completed → running, as a new run.
    Restart,
    /// any status → a new draft copy; the original keeps its status.
    Clone,
}

/// An action that the campaign's status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("Cannot {verb} a {status} campaign. {rule}", verb = action.verb(), status = status.as_str(), rule = action.rule())]
pub struct TransitionError {
    /// The campaign's status when the action was refused.
    pub status: Status,
    /// The refused action.
    pub action: Action,
}

impl Status {
    /// All statuses.
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Running,
        Status::Paused,
        Status::Completed,
    ];

    /// The lowercase wire name, also used in operator messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Completed => "completed",
        }
    }

    /// Reads a wire name (`running`).
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The capitalised name a filter or heading shows (`Running`).
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Running => "Running",
            Status::Paused => "Paused",
            Status::Completed => "Completed",
        }
    }

    /// The status after `action`. For [`Action::Clone`] this is the status
    /// of the new copy (draft); the original is unchanged.
    pub fn apply(self, action: Action) -> Result<Status, TransitionError> {
        use Action::*;
        use Status::*;
        match (self, action) {
            (Draft, Start) | (Paused, Resume) | (Completed, Restart) => Ok(Running),
            (Running, Pause) => Ok(Paused),
            (Running | Paused, Stop) => Ok(Completed),
            (_, Clone) => Ok(Draft),
            (status, action) => Err(TransitionError { status, action }),
        }
    }

    /// The actions allowed now, for showing buttons.
    pub fn allowed_actions(self) -> Vec<Action> {
        Action::ALL
            .into_iter()
            .filter(|a| self.apply(*a).is_ok())
            .collect()
    }

    /// Whether the wizard may save changes (draft or paused).
    pub fn is_editable(self) -> bool {
        matches!(self, Status::Draft | Status::Paused)
    }

    /// Whether the dialler may place new calls.
    pub fn dials(self) -> bool {
        self == Status::Running
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Action {
    /// All actions.
    pub const ALL: [Action; 6] = [
        Action::Start,
        Action::Pause,
        Action::Resume,
        Action::Stop,
        Action::Restart,
        Action::Clone,
    ];

    /// The verb in operator messages.
    pub fn verb(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::Stop => "stop",
            Action::Restart => "restart",
            Action::Clone => "clone",
        }
    }

    /// The past participle, for messages and audit actions: "stopped",
    /// "paused", "cloned" (`campaign_stopped`).
    pub fn past_tense(self) -> &'static str {
        match self {
            Action::Start => "started",
            Action::Pause => "paused",
            Action::Resume => "resumed",
            Action::Stop => "stopped",
            Action::Restart => "restarted",
            Action::Clone => "cloned",
        }
    }

    /// The button's text: "Start", "Pause", … "Clone".
    pub fn label(self) -> &'static str {
        match self {
            Action::Start => "Start",
            Action::Pause => "Pause",
            Action::Resume => "Resume",
            Action::Stop => "Stop",
            Action::Restart => "Restart",
            Action::Clone => "Clone",
        }
    }

    /// The audit trail's action name: `campaign_stopped`.
    pub fn audit_action(self) -> String {
        format!("campaign_{}", self.past_tense())
    }

    /// Whether the action begins a run (and so locks name, bot and contacts).
    pub fn begins_a_run(self) -> bool {
        matches!(self, Action::Start | Action::Restart)
    }

    fn rule(self) -> &'static str {
        match self {
            Action::Start => "Only draft campaigns can be started.",
            Action::Pause => "Only running campaigns can be paused.",
            Action::Resume => "Only paused campaigns can be resumed.",
            Action::Stop => "Only running or paused campaigns can be stopped.",
            Action::Restart => "Only completed campaigns can be restarted.",
            Action::Clone => "Any campaign can be cloned.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_wire_name_and_has_a_capitalised_label() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
            let label = status.label();
            assert_eq!(label.to_lowercase(), status.as_str());
            assert!(label.starts_with(|c: char| c.is_uppercase()), "{label}");
        }
        assert_eq!(Status::parse("Running"), None, "wire names are lowercase");
        assert_eq!(Status::parse(""), None);
    }

    #[test]
    fn every_action_has_its_own_words() {
        let words: Vec<_> = Action::ALL
            .iter()
            .map(|a| (a.verb(), a.past_tense(), a.label(), a.audit_action()))
            .collect();
        assert_eq!(
            words,
            [
                ("start", "started", "Start", "campaign_started".to_owned()),
                ("pause", "paused", "Pause", "campaign_paused".to_owned()),
                ("resume", "resumed", "Resume", "campaign_resumed".to_owned()),
                ("stop", "stopped", "Stop", "campaign_stopped".to_owned()),
                (
                    "restart",
                    "restarted",
                    "Restart",
                    "campaign_restarted".to_owned()
                ),
                ("clone", "cloned", "Clone", "campaign_cloned".to_owned()),
            ]
        );
    }
    use Action::*;
    use Status::*;

    #[test]
    fn start_takes_a_draft_to_running() {
        assert_eq!(Draft.apply(Start), Ok(Running));
    }

    #[test]
    fn pause_and_resume_toggle_between_running_and_paused() {
        assert_eq!(Running.apply(Pause), Ok(Paused));
        assert_eq!(Paused.apply(Resume), Ok(Running));
    }

    #[test]
    fn stop_completes_a_running_or_paused_campaign() {
        assert_eq!(Running.apply(Stop), Ok(Completed));
        assert_eq!(Paused.apply(Stop), Ok(Completed));
    }

    #[test]
    fn restart_runs_a_completed_campaign_again() {
        assert_eq!(Completed.apply(Restart), Ok(Running));
        assert!(Restart.begins_a_run() && Start.begins_a_run());
        assert!(!Resume.begins_a_run());
    }

    #[test]
    fn clone_from_any_status_gives_a_draft() {
        for status in Status::ALL {
            assert_eq!(status.apply(Clone), Ok(Draft));
        }
    }

    #[test]
    fn exactly_the_listed_transitions_are_allowed() {
        let allowed: Vec<(Status, Vec<Action>)> = Status::ALL
            .iter()
            .map(|s| (*s, s.allowed_actions()))
            .collect();
        assert_eq!(
            allowed,
            [
                (Draft, vec![Start, Clone]),
                (Running, vec![Pause, Stop, Clone]),
                (Paused, vec![Resume, Stop, Clone]),
                (Completed, vec![Restart, Clone]),
            ]
        );
    }

    #[test]
    fn a_refused_action_names_the_current_status() {
        assert_eq!(
            Draft.apply(Pause).unwrap_err().to_string(),
            "Cannot pause a draft campaign. Only running campaigns can be paused."
        );
        assert_eq!(
            Completed.apply(Stop).unwrap_err().to_string(),
            "Cannot stop a completed campaign. Only running or paused campaigns can be stopped."
        );
        assert_eq!(
            Running.apply(Start).unwrap_err().to_string(),
            "Cannot start a running campaign. Only draft campaigns can be started."
        );
        assert_eq!(
            Running.apply(Restart).unwrap_err().to_string(),
            "Cannot restart a running campaign. Only completed campaigns can be restarted."
        );
        assert_eq!(
            Draft.apply(Resume).unwrap_err().to_string(),
            "Cannot resume a draft campaign. Only paused campaigns can be resumed."
        );
    }

    #[test]
    fn only_draft_and_paused_are_editable_and_only_running_dials() {
        let editable: Vec<_> = Status::ALL
            .into_iter()
            .filter(|s| s.is_editable())
            .collect();
        assert_eq!(editable, [Draft, Paused]);
        let dialling: Vec<_> = Status::ALL.into_iter().filter(|s| s.dials()).collect();
        assert_eq!(dialling, [Running]);
    }

    #[test]
    fn statuses_and_actions_use_lowercase_wire_names() {
        assert_eq!(serde_json::to_string(&Completed).unwrap(), "\"completed\"");
        assert_eq!(serde_json::to_string(&Restart).unwrap(), "\"restart\"");
        assert_eq!(
            serde_json::from_str::<Status>("\"paused\"").unwrap(),
            Paused
        );
    }
}
