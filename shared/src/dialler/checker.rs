//! The event-log checker: reads a run's events as a stream and reports
//! every breach of the dialler invariants it can see, with the offending
//! line and a readable reason. The `simulate` command runs it on every log,
//! and tests run it on hand-made ones.
//!
//! # What is checked (the invariants of docs/architecture.md)
//! 1. Live calls ≤ the campaign's concurrency at every instant. A call is
//!    live over `[dial, end)`: a seat freed at an instant is free for a
//!    dial at that same instant, whichever of the two lines comes first (a
//!    log merged from several instances cannot order the lines of one
//!    millisecond), so the count is checked once an instant's lines are all
//!    read.
//! 2. For every carrier and every instant `t`, starts in `[t, t + 1s)` ≤
//!    its CPS (measured on the second ending at each start, which finds
//!    the same maximum).
//! 3. Every dial is inside the campaign's calling window on a working day.
//! 4. No contact has two live attempts, nor more dials than Max Attempts
//!    in one run (a restart — `running` after `completed` — gives contacts
//!    not on a call a fresh budget, as the server does); `attempt_no`
//!    matches the count.
//! 5. Every dial happens while the campaign is running: its last `status`
//!    event before the dial says `running` (the first is the start).
//! 6. No dial to an excluded number.
//!
//! And the log itself: every dial has exactly one end by the end of the
//! log, no `end` or `answer` without a live dial, times never go
//! backwards, and every line is an event of a known campaign and carrier.
//!
//! # Memory
//! Live calls, each dialled contact's attempt count, the last second of
//! starts per carrier, and at most [`MAX_REPORTED_VIOLATIONS`] violations:
//! nothing grows with the length of the log.

mod report;
mod setup;

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, TimeDelta, Utc};

pub use report::{Report, Violation, ViolationKind, MAX_REPORTED_VIOLATIONS};
pub use setup::{CampaignRules, CheckSetup};

use super::events::{AnswerEvent, DialEvent, EndEvent, Event, EventLine, StatusEvent};
use crate::lifecycle::Status;

/// Checks a whole log of events.
pub fn check_events(setup: CheckSetup, events: impl IntoIterator<Item = EventLine>) -> Report {
    let mut checker = Checker::new(setup);
    for event in events {
        checker.feed(&event);
    }
    checker.finish()
}

/// Checks a whole log of JSON lines (blank lines are skipped but counted).
pub fn check_json_lines<S: AsRef<str>>(
    setup: CheckSetup,
    lines: impl IntoIterator<Item = S>,
) -> Report {
    let mut checker = Checker::new(setup);
    for line in lines {
        checker.feed_json(line.as_ref());
    }
    checker.finish()
}

/// A log being checked, one line at a time.
#[derive(Debug, Clone)]
pub struct Checker {
    setup: CheckSetup,
    campaigns: HashMap<i64, CampaignTrack>,
    carriers: HashMap<String, VecDeque<DateTime<Utc>>>,
    live: HashMap<i64, LiveCall>,
    contacts: HashMap<(i64, i64), ContactTrack>,
    last_at: Option<DateTime<Utc>>,
    /// Campaigns dialled at `last_at`, with the line of their last dial
    /// there: their live count is checked when the instant is over.
    seats_to_check: Vec<(i64, u64)>,
    report: Report,
}

#[derive(Debug, Clone, Default)]
struct CampaignTrack {
    status: Option<Status>,
    live: u32,
    /// `[from, until)`: a stretch already known to be inside the window.
    open: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

#[derive(Debug, Clone, Copy)]
struct LiveCall {
    campaign: i64,
    contact: i64,
    line: u64,
    at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, Default)]
struct ContactTrack {
    attempts: u32,
    live: u32,
}

impl Checker {
    /// A checker for logs of the campaigns and carriers in `setup`.
    pub fn new(setup: CheckSetup) -> Self {
        Self {
            setup,
            campaigns: HashMap::new(),
            carriers: HashMap::new(),
            live: HashMap::new(),
            contacts: HashMap::new(),
            last_at: None,
            seats_to_check: Vec::new(),
            report: Report::default(),
        }
    }

    /// Reads the next line of the log as JSON.
    pub fn feed_json(&mut self, text: &str) {
        if text.trim().is_empty() {
            self.report.lines += 1;
            return;
        }
        match serde_json::from_str::<EventLine>(text) {
            Ok(event) => self.feed(&event),
            Err(error) => {
                self.report.lines += 1;
                self.report.push(Violation {
                    line: self.report.lines,
                    at: None,
                    campaign: None,
                    kind: ViolationKind::Unparsable {
                        error: error.to_string(),
                    },
                });
            }
        }
    }

    /// Checks the next event of the log.
    pub fn feed(&mut self, event: &EventLine) {
        self.report.lines += 1;
        if let Some(previous) = self.last_at.filter(|p| event.at < *p) {
            self.violation(event, ViolationKind::TimeWentBackwards { previous });
        }
        if self.last_at.is_some_and(|p| event.at > p) {
            self.check_seats();
        }
        self.last_at = Some(self.last_at.map_or(event.at, |p| p.max(event.at)));
        if !self.setup.campaigns.contains_key(&event.campaign()) {
            self.violation(event, ViolationKind::UnknownCampaign);
        }
        match &event.event {
            Event::Dial(dial) => self.dial(event, dial),
            Event::Answer(answer) => self.answer(event, answer),
            Event::End(end) => self.end(event, end),
            Event::Status(status) => self.status(status),
        }
    }

    /// Ends the check: dials still live now never ended.
    pub fn finish(mut self) -> Report {
        self.check_seats();
        let mut unended: Vec<(i64, LiveCall)> = self.live.drain().collect();
        unended.sort_by_key(|(_, call)| call.line);
        for (attempt, call) in unended {
            self.report.push(Violation {
                line: call.line,
                at: Some(call.at),
                campaign: Some(call.campaign),
                kind: ViolationKind::DialWithoutEnd { attempt },
            });
        }
        self.report
    }

    fn dial(&mut self, event: &EventLine, dial: &DialEvent) {
        self.report.dials += 1;
        if self.live.contains_key(&dial.attempt) {
            self.violation(
                event,
                ViolationKind::DuplicateAttempt {
                    attempt: dial.attempt,
                },
            );
            return;
        }
        self.live.insert(
            dial.attempt,
            LiveCall {
                campaign: dial.campaign,
                contact: dial.contact,
                line: self.report.lines,
                at: event.at,
            },
        );
        self.check_carrier(event, dial);
        let track = self.campaigns.entry(dial.campaign).or_default();
        track.live += 1;
        let status = track.status;
        match self
            .seats_to_check
            .iter_mut()
            .find(|(campaign, _)| *campaign == dial.campaign)
        {
            Some(seen) => seen.1 = self.report.lines,
            None => self.seats_to_check.push((dial.campaign, self.report.lines)),
        }
        let contact = self
            .contacts
            .entry((dial.campaign, dial.contact))
            .or_default();
        contact.attempts += 1;
        contact.live += 1;
        let contact = *contact;

        if status != Some(Status::Running) {
            self.violation(event, ViolationKind::NotRunning { status });
        }
        if contact.live > 1 {
            self.violation(
                event,
                ViolationKind::ContactAlreadyLive {
                    contact: dial.contact,
                },
            );
        }
        if dial.attempt_no != contact.attempts {
            self.violation(
                event,
                ViolationKind::AttemptNumberMismatch {
                    contact: dial.contact,
                    written: dial.attempt_no,
                    counted: contact.attempts,
                },
            );
        }
        let Some(rules) = self.setup.campaigns.get(&dial.campaign) else {
            return;
        };
        let (max, excluded) = (
            rules.max_attempts.get(),
            rules.excluded.contains(&dial.phone),
        );
        let attempts = contact.attempts.max(dial.attempt_no);
        if attempts > max {
            self.violation(
                event,
                ViolationKind::OverMaxAttempts {
                    contact: dial.contact,
                    attempts,
                    max,
                },
            );
        }
        if excluded {
            self.violation(
                event,
                ViolationKind::Excluded {
                    phone: dial.phone.clone(),
                },
            );
        }
        if !self.window_open(dial.campaign, event.at) {
            self.violation(event, ViolationKind::OutsideWindow);
        }
    }

    /// Invariant 1 at the instant that has just ended (`last_at`), for the
    /// campaigns that dialled in it.
    fn check_seats(&mut self) {
        let at = self.last_at;
        for (campaign, line) in std::mem::take(&mut self.seats_to_check) {
            let live = self.campaigns.get(&campaign).map_or(0, |t| t.live);
            let max_live = self.report.max_live.entry(campaign).or_default();
            *max_live = (*max_live).max(live);
            let Some(limit) = self
                .setup
                .campaigns
                .get(&campaign)
                .map(|r| r.concurrency.get())
            else {
                continue;
            };
            if live > limit {
                self.report.push(Violation {
                    line,
                    at,
                    campaign: Some(campaign),
                    kind: ViolationKind::OverConcurrency { live, limit },
                });
            }
        }
    }

    fn check_carrier(&mut self, event: &EventLine, dial: &DialEvent) {
        let Some(&cps) = self.setup.carriers.get(&dial.carrier) else {
            self.violation(
                event,
                ViolationKind::UnknownCarrier {
                    carrier: dial.carrier.clone(),
                },
            );
            return;
        };
        if !self.carriers.contains_key(&dial.carrier) {
            self.carriers.insert(dial.carrier.clone(), VecDeque::new());
            self.report.max_per_second.insert(dial.carrier.clone(), 0);
        }
        let recent = self
            .carriers
            .get_mut(&dial.carrier)
            .expect("inserted above");
        while recent
            .front()
            .is_some_and(|t| *t + TimeDelta::seconds(1) <= event.at)
        {
            recent.pop_front();
        }
        recent.push_back(event.at);
        let starts = recent.len() as u32;
        let max = self
            .report
            .max_per_second
            .get_mut(&dial.carrier)
            .expect("inserted above");
        *max = (*max).max(starts);
        if starts > cps {
            self.violation(
                event,
                ViolationKind::OverCps {
                    carrier: dial.carrier.clone(),
                    starts,
                    cps,
                },
            );
        }
    }

    fn window_open(&mut self, campaign: i64, at: DateTime<Utc>) -> bool {
        let Some(rules) = self.setup.campaigns.get(&campaign) else {
            return true;
        };
        let track = self.campaigns.entry(campaign).or_default();
        if track
            .open
            .is_some_and(|(from, until)| from <= at && at < until)
        {
            return true;
        }
        match rules.window.current_closing(at) {
            Some(until) => {
                track.open = Some((at, until));
                true
            }
            None => false,
        }
    }

    fn answer(&mut self, event: &EventLine, answer: &AnswerEvent) {
        self.report.answers += 1;
        match self.live.get(&answer.attempt) {
            None => self.violation(
                event,
                ViolationKind::AnswerWithoutDial {
                    attempt: answer.attempt,
                },
            ),
            Some(call) if call.campaign != answer.campaign || call.contact != answer.contact => {
                self.violation(
                    event,
                    ViolationKind::MismatchedAttempt {
                        attempt: answer.attempt,
                    },
                )
            }
            Some(_) => {}
        }
    }

    fn end(&mut self, event: &EventLine, end: &EndEvent) {
        self.report.ends += 1;
        let Some(call) = self.live.remove(&end.attempt) else {
            self.violation(
                event,
                ViolationKind::EndWithoutDial {
                    attempt: end.attempt,
                },
            );
            return;
        };
        if call.campaign != end.campaign || call.contact != end.contact {
            self.violation(
                event,
                ViolationKind::MismatchedAttempt {
                    attempt: end.attempt,
                },
            );
        }
        if let Some(track) = self.campaigns.get_mut(&call.campaign) {
            track.live = track.live.saturating_sub(1);
        }
        if let Some(contact) = self.contacts.get_mut(&(call.campaign, call.contact)) {
            contact.live = contact.live.saturating_sub(1);
        }
    }

    fn status(&mut self, status: &StatusEvent) {
        let track = self.campaigns.entry(status.campaign).or_default();
        let restart = track.status == Some(Status::Completed) && status.status == Status::Running;
        track.status = Some(status.status);
        if restart {
            // A restart is a new run: contacts not on a call get a fresh
            // Max Attempts budget (docs/api.md), and attempt numbers begin again.
            for ((campaign, _), contact) in self.contacts.iter_mut() {
                if *campaign == status.campaign && contact.live == 0 {
                    contact.attempts = 0;
                }
            }
        }
    }

    fn violation(&mut self, event: &EventLine, kind: ViolationKind) {
        self.report.push(Violation {
            line: self.report.lines,
            at: Some(event.at),
            campaign: Some(event.campaign()),
            kind,
        });
    }
}
