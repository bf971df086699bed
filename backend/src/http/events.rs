//! Live campaign events: one tokio broadcast channel in [`AppState`] that
//! handlers and the dialler's task (`crate::dialler::service`) publish to, and that
//! `GET /api/campaigns/{id}/events` relays to the browser as Server-Sent
//! Events, with a stats snapshot every [`SNAPSHOT_EVERY`].
//!
//! A slow listener that falls behind misses events (the next snapshot
//! catches it up) rather than slowing the publishers. [`CampaignEvents::close`]
//! ends every stream, so graceful shutdown is not held open by them.
//!
//! [`AppState`]: super::AppState

use outdial_shared::api::CampaignEventName;
use std::time::Duration;

use outdial_shared::api::ContactCounts;
use outdial_shared::lifecycle::Status;
use serde::Serialize;
use tokio::sync::{broadcast, watch};

/// How often a stream sends a full stats snapshot.
pub const SNAPSHOT_EVERY: Duration = Duration::from_secs(2);

/// Events kept for listeners that are momentarily behind.
const CAPACITY: usize = 1024;

/// Something that changed on a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CampaignEvent {
    /// The status changed: a lifecycle action (or a new run), or the dialler
    /// completed the campaign.
    Status {
        campaign_id: i64,
        status: Status,
        run_no: i64,
    },
    /// The contacts changed (upload, append, exclusion, dialler progress).
    Counts {
        campaign_id: i64,
        counts: ContactCounts,
    },
    /// The configuration was edited; `changed` names the fields.
    Edited {
        campaign_id: i64,
        changed: Vec<String>,
    },
    /// The campaign was deleted; its stream ends.
    Deleted { campaign_id: i64 },
    /// A campaign was created (or cloned).
    Created { campaign_id: i64 },
}

impl CampaignEvent {
    pub fn campaign_id(&self) -> i64 {
        match self {
            CampaignEvent::Status { campaign_id, .. }
            | CampaignEvent::Counts { campaign_id, .. }
            | CampaignEvent::Edited { campaign_id, .. }
            | CampaignEvent::Deleted { campaign_id }
            | CampaignEvent::Created { campaign_id } => *campaign_id,
        }
    }

    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        let name = match self {
            CampaignEvent::Status { .. } => CampaignEventName::Status,
            CampaignEvent::Counts { .. } => CampaignEventName::Counts,
            CampaignEvent::Edited { .. } => CampaignEventName::Edited,
            CampaignEvent::Deleted { .. } => CampaignEventName::Deleted,
            CampaignEvent::Created { .. } => CampaignEventName::Created,
        };
        name.as_str()
    }
}

/// The publishing side, cheap to clone.
#[derive(Debug, Clone)]
pub struct CampaignEvents {
    sender: broadcast::Sender<CampaignEvent>,
    closed: watch::Sender<bool>,
}

impl Default for CampaignEvents {
    fn default() -> Self {
        CampaignEvents {
            sender: broadcast::channel(CAPACITY).0,
            closed: watch::channel(false).0,
        }
    }
}

/// Counts campaign `id`'s contacts and tells its listeners.
pub async fn publish_counts(state: &super::AppState, id: i64) -> sqlx::Result<()> {
    let counts = crate::store::campaigns::counts(&state.db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    state.events.publish(CampaignEvent::Counts {
        campaign_id: id,
        counts,
    });
    Ok(())
}

impl CampaignEvents {
    /// Sends to every listener; nobody listening is fine.
    pub fn publish(&self, event: CampaignEvent) {
        let _ = self.sender.send(event);
    }

    pub fn subscribe(&self) -> (broadcast::Receiver<CampaignEvent>, watch::Receiver<bool>) {
        (self.sender.subscribe(), self.closed.subscribe())
    }

    /// Ends every open stream (at shutdown).
    pub fn close(&self) {
        self.closed.send_replace(true);
    }
}
