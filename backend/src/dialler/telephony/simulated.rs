//! The simulated carrier: every dial gets a realistic outcome — ringing,
//! answered by a person or a machine, rejected, failed or unanswered, with
//! ring and talk times, business dispositions and callback requests — drawn
//! from an [`OutcomeModel`]. The draw for an attempt depends only on the seed
//! and the attempt id, so a run is reproducible whatever the order of dials.
//!
//! The scripted events wait in an [`EventQueue`]: the simulator pops them on
//! its virtual clock, `serve` has a task deliver them when they fall due.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use outdial_shared::retry::{AttemptOutcome, CallStatus};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::{CallEvent, CallEventKind, DialFuture, DialRequest, Telephony};
use crate::dialler::clock::Clock;

/// A range of seconds, drawn uniformly.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seconds {
    pub min: f64,
    pub max: f64,
}

impl Seconds {
    const fn new(min: f64, max: f64) -> Self {
        Seconds { min, max }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> f64 {
        if self.max > self.min {
            rng.gen_range(self.min..self.max)
        } else {
            self.min
        }
    }
}

/// How simulated calls turn out. Rates are probabilities of one call;
/// what is left after rejected, error and answered rings out as `no_answer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutcomeModel {
    /// Picked up, by a person or a machine.
    pub answer_rate: f64,
    /// Of the answered calls, the share a machine (voicemail) picked up.
    pub machine_rate: f64,
    /// Declined by the callee.
    pub reject_rate: f64,
    /// Failed for a technical reason.
    pub error_rate: f64,
    /// Seconds from dial to answer (or to rejection).
    pub ring_seconds: Seconds,
    /// Seconds an unanswered call rings before it ends as `no_answer`.
    pub no_answer_after_seconds: f64,
    /// Seconds a person talks to the bot.
    pub talk_seconds: Seconds,
    /// Seconds a machine's greeting lasts before the bot hangs up.
    pub machine_seconds: Seconds,
    /// Of the calls a person answered, the share asking to be called back
    /// (business disposition `callback_requested`).
    pub callback_rate: f64,
    /// How long after the call the callback is asked for, in minutes.
    pub callback_after_minutes: Seconds,
    /// Other business dispositions of person-answered calls and their shares,
    /// e.g. `{"not_available": 0.1}`.
    pub dispositions: BTreeMap<String, f64>,
}

impl Default for OutcomeModel {
    fn default() -> Self {
        OutcomeModel {
            answer_rate: 0.45,
            machine_rate: 0.15,
            reject_rate: 0.08,
            error_rate: 0.02,
            ring_seconds: Seconds::new(3.0, 18.0),
            no_answer_after_seconds: 30.0,
            talk_seconds: Seconds::new(15.0, 150.0),
            machine_seconds: Seconds::new(5.0, 20.0),
            callback_rate: 0.05,
            callback_after_minutes: Seconds::new(60.0, 1_440.0),
            dispositions: BTreeMap::from([("not_available".to_string(), 0.1)]),
        }
    }
}

impl OutcomeModel {
    /// Calls that end the instant they are dialled, unanswered: the
    /// throughput benchmark's carrier.
    pub fn instant() -> Self {
        OutcomeModel {
            answer_rate: 0.0,
            reject_rate: 0.0,
            error_rate: 0.0,
            ring_seconds: Seconds::new(0.0, 0.0),
            no_answer_after_seconds: 0.0,
            ..OutcomeModel::default()
        }
    }

    /// A bot test call: the operator calls their own phone and answers it,
    /// after a short ring, for a short conversation with the bot.
    pub fn test_call() -> Self {
        OutcomeModel {
            answer_rate: 1.0,
            machine_rate: 0.0,
            reject_rate: 0.0,
            error_rate: 0.0,
            ring_seconds: Seconds::new(2.0, 4.0),
            talk_seconds: Seconds::new(6.0, 10.0),
            callback_rate: 0.0,
            dispositions: BTreeMap::new(),
            ..OutcomeModel::default()
        }
    }

    /// A rate outside 0–1 or rates that add up to more than 1, named.
    pub fn check(&self) -> Result<(), String> {
        let rates = [
            ("answer_rate", self.answer_rate),
            ("machine_rate", self.machine_rate),
            ("reject_rate", self.reject_rate),
            ("error_rate", self.error_rate),
            ("callback_rate", self.callback_rate),
        ];
        for (name, rate) in rates {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!(
                    "outcomes.{name} is {rate}; it must be between 0 and 1"
                ));
            }
        }
        let sum = self.answer_rate + self.reject_rate + self.error_rate;
        if sum > 1.0 + 1e-9 {
            return Err(format!(
                "outcomes: answer_rate + reject_rate + error_rate is {sum:.3}; it must not exceed 1"
            ));
        }
        let spans = [
            ("ring_seconds", self.ring_seconds),
            ("talk_seconds", self.talk_seconds),
            ("machine_seconds", self.machine_seconds),
            ("callback_after_minutes", self.callback_after_minutes),
        ];
        for (name, span) in spans {
            if span.min < 0.0 || span.max < span.min {
                return Err(format!(
                    "outcomes.{name} must have 0 <= min <= max (got {} to {})",
                    span.min, span.max
                ));
            }
        }
        let person_share: f64 = self.callback_rate + self.dispositions.values().sum::<f64>();
        if person_share > 1.0 + 1e-9 || self.dispositions.values().any(|p| *p < 0.0) {
            return Err(
                "outcomes: callback_rate plus the dispositions' shares must be between 0 and 1"
                    .into(),
            );
        }
        Ok(())
    }

    /// The events of one call dialled at `at`, in time order.
    pub fn script(&self, seed: u64, attempt_id: i64, at: DateTime<Utc>) -> Vec<CallEvent> {
        let mut rng = ChaCha8Rng::seed_from_u64(
            seed ^ (attempt_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let after = |s: f64| at + Duration::milliseconds((s * 1000.0).round() as i64);
        let event = |at, kind| CallEvent {
            attempt_id,
            at,
            kind,
        };
        let ended = |status| AttemptOutcome {
            status,
            duration_seconds: 0,
            answered_by_machine: false,
            disposition: None,
            callback_at: None,
        };
        let ring = self.ring_seconds.draw(&mut rng);
        let u: f64 = rng.gen();
        if u < self.error_rate {
            return vec![event(
                after(1.0),
                CallEventKind::Ended(ended(CallStatus::Error)),
            )];
        }
        let ringing = event(after(ring.min(1.0)), CallEventKind::Ringing);
        if u < self.error_rate + self.reject_rate {
            return vec![
                ringing,
                event(
                    after(ring),
                    CallEventKind::Ended(ended(CallStatus::Rejected)),
                ),
            ];
        }
        if u >= self.error_rate + self.reject_rate + self.answer_rate {
            let rang = self.no_answer_after_seconds.max(ring.min(1.0));
            return vec![
                ringing,
                event(
                    after(rang),
                    CallEventKind::Ended(ended(CallStatus::NoAnswer)),
                ),
            ];
        }
        let machine = rng.gen::<f64>() < self.machine_rate;
        let talk = if machine {
            self.machine_seconds.draw(&mut rng)
        } else {
            self.talk_seconds.draw(&mut rng)
        };
        let end_at = after(ring + talk);
        let mut outcome = AttemptOutcome {
            status: CallStatus::Connected,
            duration_seconds: talk.round() as u32,
            answered_by_machine: machine,
            disposition: None,
            callback_at: None,
        };
        if !machine {
            let mut pick: f64 = rng.gen();
            if pick < self.callback_rate {
                let minutes = self.callback_after_minutes.draw(&mut rng);
                outcome.disposition = Some("callback_requested".into());
                outcome.callback_at =
                    Some(end_at + Duration::seconds((minutes * 60.0).round() as i64));
            } else {
                pick -= self.callback_rate;
                for (name, share) in &self.dispositions {
                    if pick < *share {
                        outcome.disposition = Some(name.clone());
                        break;
                    }
                    pick -= share;
                }
            }
        }
        vec![
            ringing,
            event(after(ring), CallEventKind::Answered { machine }),
            event(end_at, CallEventKind::Ended(outcome)),
        ]
    }
}

/// Scripted call events waiting for their instant, earliest first (ties in
/// the order they were scripted).
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<(DateTime<Utc>, u64)>>,
    events: std::collections::HashMap<u64, CallEvent>,
    /// When the queued `Ended` events fall due: only an end can free a seat.
    ends: BinaryHeap<Reverse<DateTime<Utc>>>,
    next: u64,
}

impl EventQueue {
    pub fn push(&mut self, event: CallEvent) {
        let key = self.next;
        self.next += 1;
        self.heap.push(Reverse((event.at, key)));
        if matches!(event.kind, CallEventKind::Ended(_)) {
            self.ends.push(Reverse(event.at));
        }
        self.events.insert(key, event);
    }

    /// When the next event falls due.
    pub fn next_at(&self) -> Option<DateTime<Utc>> {
        self.heap.peek().map(|Reverse((at, _))| *at)
    }

    /// When the next call ends.
    pub fn next_end_at(&self) -> Option<DateTime<Utc>> {
        self.ends.peek().map(|Reverse(at)| *at)
    }

    /// Every event due at or before `now`, in order.
    pub fn pop_due(&mut self, now: DateTime<Utc>) -> Vec<CallEvent> {
        while self.ends.peek().is_some_and(|Reverse(at)| *at <= now) {
            self.ends.pop();
        }
        let mut due = Vec::new();
        while let Some(Reverse((at, key))) = self.heap.peek().copied() {
            if at > now {
                break;
            }
            self.heap.pop();
            if let Some(event) = self.events.remove(&key) {
                due.push(event);
            }
        }
        due
    }

    /// Drops every pending event (the carrier's process died with the dialler's).
    pub fn clear(&mut self) {
        self.heap.clear();
        self.ends.clear();
        self.events.clear();
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

/// The simulated carrier.
pub struct SimulatedCarrier {
    model: OutcomeModel,
    /// How bot test calls turn out ([`OutcomeModel::test_call`]).
    test_calls: OutcomeModel,
    seed: u64,
    clock: Arc<dyn Clock>,
    queue: Arc<Mutex<EventQueue>>,
}

impl SimulatedCarrier {
    pub fn new(model: OutcomeModel, seed: u64, clock: Arc<dyn Clock>) -> Self {
        SimulatedCarrier {
            model,
            test_calls: OutcomeModel::test_call(),
            seed,
            clock,
            queue: Arc::default(),
        }
    }

    /// Where the scripted events wait.
    pub fn queue(&self) -> Arc<Mutex<EventQueue>> {
        self.queue.clone()
    }
}

impl Telephony for SimulatedCarrier {
    fn dial(&self, request: DialRequest) -> DialFuture<'_> {
        // A bot test call rings the operator's own phone, and they answer.
        let model = if crate::store::test_calls::test_call_of(request.attempt_id).is_some() {
            &self.test_calls
        } else {
            &self.model
        };
        let events = model.script(self.seed, request.attempt_id, self.clock.now());
        let mut queue = self.queue.lock().expect("event queue lock");
        for event in events {
            queue.push(event);
        }
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).unwrap()
    }

    fn ending(events: &[CallEvent]) -> &AttemptOutcome {
        match &events.last().unwrap().kind {
            CallEventKind::Ended(outcome) => outcome,
            other => panic!("last event is {other:?}"),
        }
    }

    #[test]
    fn the_same_seed_and_attempt_give_the_same_call_and_others_differ() {
        let model = OutcomeModel::default();
        assert_eq!(model.script(7, 42, at()), model.script(7, 42, at()));
        let differing = (0..50)
            .filter(|id| model.script(7, *id, at()) != model.script(8, *id, at()))
            .count();
        // Unanswered calls all ring 30 s, so two seeds agree on some.
        assert!(differing > 25, "{differing}");
    }

    #[test]
    fn outcome_shares_follow_the_model_over_many_calls() {
        let model = OutcomeModel::default();
        let n = 20_000;
        let mut answered = 0;
        let mut machines = 0;
        let mut callbacks = 0;
        for id in 0..n {
            let events = model.script(1, id, at());
            let outcome = ending(&events);
            assert!(events.windows(2).all(|w| w[0].at <= w[1].at));
            if outcome.status == CallStatus::Connected {
                answered += 1;
                machines += outcome.answered_by_machine as i32;
                callbacks += outcome.callback_at.is_some() as i32;
            }
        }
        let share = |k: i32, of: i32| k as f64 / of as f64;
        assert!((share(answered, n as i32) - 0.45).abs() < 0.02);
        assert!((share(machines, answered) - 0.15).abs() < 0.02);
        assert!((share(callbacks, answered - machines) - 0.05).abs() < 0.015);
    }

    #[test]
    fn an_instant_model_ends_every_call_at_its_dial_as_no_answer() {
        let events = OutcomeModel::instant().script(1, 5, at());
        assert_eq!(events.last().unwrap().at, at());
        assert_eq!(ending(&events).status, CallStatus::NoAnswer);
    }

    #[test]
    fn rates_that_cannot_be_probabilities_are_refused_by_name() {
        let model = OutcomeModel {
            answer_rate: 0.9,
            reject_rate: 0.2,
            ..OutcomeModel::default()
        };
        assert!(model.check().unwrap_err().contains("must not exceed 1"));
        let model = OutcomeModel {
            machine_rate: 1.5,
            ..OutcomeModel::default()
        };
        assert!(model.check().unwrap_err().contains("outcomes.machine_rate"));
    }

    #[test]
    fn the_queue_hands_out_due_events_in_time_order() {
        let mut queue = EventQueue::default();
        for (id, s) in [(1, 5), (2, 1), (3, 5), (4, 9)] {
            queue.push(CallEvent {
                attempt_id: id,
                at: at() + Duration::seconds(s),
                kind: CallEventKind::Ringing,
            });
        }
        let due: Vec<i64> = queue
            .pop_due(at() + Duration::seconds(5))
            .iter()
            .map(|e| e.attempt_id)
            .collect();
        assert_eq!(due, [2, 1, 3]);
        assert_eq!(queue.next_at(), Some(at() + Duration::seconds(9)));
    }
}
