//! Keeps the dialler loop honest about itself: every step's outcome is
//! recorded here, so a failing database or a panic in a step is logged with
//! its cause, retried with backoff, and visible in `GET /api/health`
//! (`running` / `degraded` / `stopped`) instead of dialling silently
//! stopping while the API answers.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use outdial_shared::api::{DiallerHealth, DiallerState};

/// The first retry after a failed step.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// The longest wait between retries.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// How long to wait after `failures` failed steps in a row: 1 s, 2 s, 4 s, …
/// up to [`MAX_BACKOFF`].
pub fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    (FIRST_BACKOFF * 2u32.pow(doublings)).min(MAX_BACKOFF)
}

/// The dialler's health, shared by its loop (which writes it) and the
/// health route (which reads it). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Supervisor {
    health: Arc<Mutex<DiallerHealth>>,
}

impl Default for Supervisor {
    fn default() -> Self {
        Supervisor {
            health: Arc::new(Mutex::new(DiallerHealth::stopped())),
        }
    }
}

impl Supervisor {
    /// The health as `GET /api/health` shows it.
    pub fn report(&self) -> DiallerHealth {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, DiallerHealth> {
        // A poisoned lock still holds a whole value: keep reporting it.
        self.health.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The loop began (or began again).
    pub fn started(&self) {
        let mut health = self.lock();
        if health.state == DiallerState::Stopped {
            health.state = DiallerState::Running;
        }
    }

    /// A step succeeded: running again, the failure count reset (the last
    /// error stays, with its time, for whoever looks later).
    pub fn step_succeeded(&self) {
        let mut health = self.lock();
        health.state = DiallerState::Running;
        health.consecutive_failures = 0;
    }

    /// A step failed (an error or a panic): degraded, and how long to wait
    /// before the next try.
    pub fn step_failed(&self, error: String, at: DateTime<Utc>) -> Duration {
        let mut health = self.lock();
        health.state = DiallerState::Degraded;
        health.consecutive_failures = health.consecutive_failures.saturating_add(1);
        health.last_error = Some(error);
        health.last_error_at = Some(at);
        backoff(health.consecutive_failures)
    }

    /// The loop ended.
    pub fn stopped(&self) {
        self.lock().state = DiallerState::Stopped;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_from_one_second_up_to_thirty() {
        let waits: Vec<u64> = (1..=7).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30]);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn a_failure_degrades_the_dialler_until_a_step_succeeds() {
        let supervisor = Supervisor::default();
        assert_eq!(supervisor.report().state, DiallerState::Stopped);
        supervisor.started();
        assert_eq!(supervisor.report().state, DiallerState::Running);
        let at = "2026-11-30T09:00:00Z".parse().unwrap();
        assert_eq!(
            supervisor.step_failed("database is locked".into(), at),
            FIRST_BACKOFF
        );
        assert_eq!(
            supervisor
                .step_failed("database is locked".into(), at)
                .as_secs(),
            2
        );
        let health = supervisor.report();
        assert_eq!(health.state, DiallerState::Degraded);
        assert_eq!(health.consecutive_failures, 2);
        assert_eq!(health.last_error.as_deref(), Some("database is locked"));
        supervisor.step_succeeded();
        let health = supervisor.report();
        assert_eq!(health.state, DiallerState::Running);
        assert_eq!(health.consecutive_failures, 0);
        assert_eq!(health.last_error_at, Some(at));
        supervisor.stopped();
        assert_eq!(supervisor.report().state, DiallerState::Stopped);
    }
}
