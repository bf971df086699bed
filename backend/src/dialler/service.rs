//! The dialler as a task of `outdial serve`: the engine on the system
//! clock, woken by call events, operator actions (Start, Resume, Restart
//! nudge it, so the first call goes out at once) and its own due instants,
//! and polling the database every 250 ms for what other instances changed.
//! Live counts and completions go out on the campaign event streams.
//!
//! The loop is supervised: a failed step is logged with its cause and
//! retried with backoff, a panic inside a step is caught and the engine
//! built anew from the database (its in-memory pacing state may be
//! half-updated) under a new lease name, and each outcome is recorded in
//! the [`Supervisor`] that `GET /api/health` reports. The attempts a
//! panicked step had written are then like a crashed instance's: their
//! events still end them, and those that get none are reconciled as
//! `error` once their lease and the grace period run out — never dialled
//! twice.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use outdial_shared::lifecycle::Status;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use super::clock::{Clock, SystemClock};
use super::engine::{Engine, EngineOptions};
use super::sql_store::SqlStore;
use super::supervisor::Supervisor;
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
    /// (none for the HTTP gateway, whose events arrive on the webhook);
    /// `supervisor` hears how each step went.
    pub fn spawn(
        db: Db,
        telephony: Arc<dyn Telephony>,
        queue: Option<Arc<Mutex<EventQueue>>>,
        options: EngineOptions,
        wake: Arc<Notify>,
        events: CampaignEvents,
        supervisor: Supervisor,
    ) -> DiallerTask {
        let (stop, mut stopped) = watch::channel(false);
        let handle = tokio::spawn(async move {
            let clock = SystemClock;
            let new_engine = |options: &EngineOptions| {
                Engine::new(
                    SqlStore::new(db.clone()),
                    telephony.clone(),
                    options.clone(),
                )
            };
            let mut engine = new_engine(&options);
            let mut restarts = 0u32;
            supervisor.started();
            let mut published: HashMap<i64, DateTime<Utc>> = HashMap::new();
            let mut pending_counts: Vec<i64> = Vec::new();
            loop {
                let now = clock.now();
                let due = queue
                    .as_ref()
                    .map(|q| q.lock().expect("queue lock").pop_due(now))
                    .unwrap_or_default();
                // Bot test calls' events go to their own table, not the engine.
                let (due, test_calls) = crate::store::test_calls::split(due);
                if !test_calls.is_empty() {
                    if let Err(error) = crate::store::test_calls::apply(&db, &test_calls).await {
                        tracing::error!(%error, "a bot test call's events were not recorded");
                    }
                }
                let mut next = now + chrono::Duration::from_std(POLL).expect("small");
                match AssertUnwindSafe(engine.step(now, due)).catch_unwind().await {
                    Ok(Ok(report)) => {
                        supervisor.step_succeeded();
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
                    Ok(Err(error)) => {
                        let wait =
                            supervisor.step_failed(format!("a dialler step failed: {error}"), now);
                        tracing::error!(%error, retry_in = ?wait, "dialler step failed");
                        next = now + chrono::Duration::from_std(wait).expect("small");
                    }
                    Err(panic) => {
                        let cause = panic_message(panic.as_ref());
                        let wait = supervisor.step_failed(
                            format!("a dialler step panicked ({cause}); the dialler was restarted"),
                            now,
                        );
                        tracing::error!(%cause, retry_in = ?wait, "dialler step panicked; restarting the engine");
                        // The new engine leases under a new name, so the
                        // panicked one's attempts expire and are reconciled
                        // like a crashed instance's.
                        restarts += 1;
                        let mut renamed = options.clone();
                        renamed.instance = format!("{}~restart{restarts}", options.instance);
                        engine = new_engine(&renamed);
                        next = now + chrono::Duration::from_std(wait).expect("small");
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
            supervisor.stopped();
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

/// The text a panic was raised with, when it has one.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned())
}
