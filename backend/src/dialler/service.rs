//! The dialler as a task of `outdial serve`: the engine on the system
//! clock, woken by call events, operator actions (Start, Resume, Restart
//! nudge it, so the first call goes out at once) and its own due instants,
//! and polling the database every 250 ms for what other instances changed.
//! Live counts and completions go out on the campaign event streams.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use outdial_shared::lifecycle::Status;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use super::clock::{Clock, SystemClock};
use super::engine::{Engine, EngineOptions};
use super::sql_store::SqlStore;
use super::telephony::simulated::EventQueue;
use super::telephony::Telephony;
use crate::db::Db;
use crate::http::events::{CampaignEvent, CampaignEvents};

/// The longest the loop sleeps without looking at the database.
const POLL: StdDuration = StdDuration::from_millis(250);
/// Live counts are published at most this often per campaign.
const COUNTS_EVERY: chrono::Duration = chrono::Duration::seconds(1);

/// A running dialler task.
pub struct DiallerTask {
    stop: watch::Sender<bool>,
    handle: JoinHandle<()>,
}

impl DiallerTask {
    /// Starts the dialler. `queue` is the simulated carrier's event queue
    /// (none for the HTTP gateway, whose events arrive on the webhook).
    pub fn spawn(
        db: Db,
        telephony: Arc<dyn Telephony>,
        queue: Option<Arc<Mutex<EventQueue>>>,
        options: EngineOptions,
        wake: Arc<Notify>,
        events: CampaignEvents,
    ) -> DiallerTask {
        let (stop, mut stopped) = watch::channel(false);
        let handle = tokio::spawn(async move {
            let clock = SystemClock;
            let mut engine = Engine::new(SqlStore::new(db.clone()), telephony, options);
            let mut published: HashMap<i64, DateTime<Utc>> = HashMap::new();
            let mut pending_counts: Vec<i64> = Vec::new();
            loop {
                let now = clock.now();
                let due = queue
                    .as_ref()
                    .map(|q| q.lock().expect("queue lock").pop_due(now))
                    .unwrap_or_default();
                let mut next = now + chrono::Duration::from_std(POLL).expect("small");
                match engine.step(now, due).await {
                    Ok(report) => {
                        if let Some(wake_at) = report.wake {
                            next = next.min(wake_at);
                        }
                        for (campaign_id, run_no) in &report.completed {
                            events.publish(CampaignEvent::Status {
                                campaign_id: *campaign_id,
                                status: Status::Completed,
                                run_no: *run_no,
                            });
                        }
                        pending_counts.extend(report.touched);
                    }
                    Err(error) => {
                        tracing::error!(%error, "dialler step failed; retrying in a second");
                        next = now + chrono::Duration::seconds(1);
                    }
                }
                pending_counts.sort_unstable();
                pending_counts.dedup();
                let ready: Vec<i64> = pending_counts
                    .iter()
                    .copied()
                    .filter(|id| published.get(id).is_none_or(|at| now - *at >= COUNTS_EVERY))
                    .collect();
                if !ready.is_empty() {
                    if let Ok(counts) = crate::store::campaigns::counts(&db, &ready).await {
                        for (campaign_id, counts) in counts {
                            events.publish(CampaignEvent::Counts {
                                campaign_id,
                                counts,
                            });
                            published.insert(campaign_id, now);
                        }
                    }
                    pending_counts.retain(|id| !ready.contains(id));
                }
                if !pending_counts.is_empty() {
                    next = next.min(now + COUNTS_EVERY);
                }
                if let Some(at) = queue
                    .as_ref()
                    .and_then(|q| q.lock().expect("queue lock").next_at())
                {
                    next = next.min(at);
                }
                let sleep = (next - clock.now()).to_std().unwrap_or_default();
                tokio::select! {
                    () = tokio::time::sleep(sleep) => {}
                    () = wake.notified() => engine.refresh_soon(),
                    _ = stopped.changed() => break,
                }
            }
            tracing::info!("dialler stopped");
        });
        DiallerTask { stop, handle }
    }

    /// Stops placing calls and waits for the loop to finish its step. Live
    /// calls keep their leases until they run out; another instance (or
    /// this one, restarted) reconciles them.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.handle.await;
    }
}
