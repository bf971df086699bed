//! Pacing: at instant `now`, how many calls may a campaign start, and from
//! which of its numbers.
//!
//! # Rules
//! - **Seats.** A campaign never has more live calls than its Concurrency
//!   Limit. A call holds its seat from [`Pacer::start`] until
//!   [`Pacer::call_ended`].
//! - **CPS.** A carrier never starts more than its limit in any second,
//!   summed over every campaign dialling through its numbers (the exact rule
//!   is in `start_window`: a start at `now` is allowed iff fewer than `cps`
//!   starts happened in `(now − 1s, now]`).
//! - **The tighter wins**: [`DialBudget::dials`] is the smaller of the free
//!   seats and the free CPS of the campaign's carriers.
//! - **Rotation.** A per-campaign cursor walks the pool in order and
//!   persists between calls; each start takes the first position at or after
//!   it whose carrier has capacity left this second, skipping the others.
//!   The number used is then the next of *that carrier's* numbers in its own
//!   rotation (pool order). Without skips this is plain round-robin over the
//!   pool, so with uniform capacity every number is used equally, ±1; with
//!   skips, a saturated carrier's numbers still take turns (a plain cursor
//!   would hand the carrier's next free slot to whichever of its numbers
//!   follows the skipped ones, starving the rest).
//!
//! # Cost
//! [`Pacer::start`] is O(K) and [`Pacer::budget`] O(K log cps), where K is
//! the number of distinct carriers in the campaign's pool: skipping never
//! walks the pool, because each campaign keeps, per carrier, the next pool
//! position on that carrier from every position (built in O(numbers × K)
//! by [`Pacer::set_campaign`]).
//!
//! # Time
//! `now` must not go backwards. An earlier `now` than one already seen is
//! taken as the latest seen, so a clock that steps back cannot free CPS
//! that was already spent.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::start_window::StartWindow;
use super::{CampaignId, CarrierId};
use crate::config::{ConcurrencyLimit, NumberId};
use crate::contacts::E164;

/// One number of a campaign's pool: the caller id a dial goes out from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolNumber {
    /// The number's id.
    pub id: NumberId,
    /// The number itself, sent as the caller id (`from`).
    pub phone: E164,
    /// The carrier the number belongs to, whose CPS the dial spends.
    pub carrier: CarrierId,
}

/// Permission for one dial, already counted against the seat and the CPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialGrant {
    /// The number to dial from.
    pub from: PoolNumber,
    /// The instant the start was recorded at.
    pub at: DateTime<Utc>,
}

/// Why a campaign may not start a call now, and when to ask again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Every seat is taken: ask again when one of the campaign's calls ends.
    ForCallEnd,
    /// The campaign's carriers have spent this second's CPS: ask again at
    /// this instant, the earliest at which one of them frees up.
    Until(DateTime<Utc>),
    /// Nothing will free capacity by itself: the pool is empty or every
    /// carrier in it has a CPS of 0. Ask again after reconfiguring.
    Indefinitely,
    /// The pacer does not know the campaign; call [`Pacer::set_campaign`].
    UnknownCampaign,
}

/// What a campaign may do at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialBudget {
    /// Calls that may start now: `min(free_seats, free_cps)`. That many
    /// [`Pacer::start`] calls at the same `now` all succeed (if nothing else
    /// starts in between).
    pub dials: u32,
    /// Concurrency Limit minus live calls.
    pub free_seats: u32,
    /// Starts still allowed this second, summed over the campaign's carriers
    /// (which other campaigns may also be spending).
    pub free_cps: u32,
    /// When `dials` is 0, what to wait for; `None` otherwise.
    pub wait: Option<Wait>,
}

/// A configuration the pacer refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PacerError {
    /// A pool number names a carrier that [`Pacer::set_carrier`] has not
    /// registered, so its CPS is unknown.
    #[error("{campaign} dials through {carrier}, whose CPS limit is unknown")]
    UnknownCarrier {
        /// The campaign being configured.
        campaign: CampaignId,
        /// The unregistered carrier.
        carrier: CarrierId,
    },
    /// The campaign is not known to the pacer.
    #[error("{0} is not paced")]
    UnknownCampaign(CampaignId),
}

/// The pacing state of every campaign and carrier on one dialler.
#[derive(Debug, Clone, Default)]
pub struct Pacer {
    carriers: Vec<CarrierState>,
    carrier_index: HashMap<CarrierId, usize>,
    campaigns: HashMap<CampaignId, CampaignState>,
    latest: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
struct CarrierState {
    window: StartWindow,
}

#[derive(Debug, Clone)]
struct CampaignState {
    seats: u32,
    live: u32,
    pool: Vec<PoolNumber>,
    /// The distinct carriers of the pool, in order of first appearance.
    carriers: Vec<PoolCarrier>,
    /// `next_on[k * pool.len() + i]`: the first position at or after `i`
    /// (wrapping) whose number is on carrier `carriers[k]`.
    next_on: Vec<u32>,
    /// The pool position the next start looks at first.
    cursor: usize,
}

/// One carrier as a campaign's pool uses it.
#[derive(Debug, Clone)]
struct PoolCarrier {
    /// Index into `Pacer::carriers`.
    index: usize,
    /// Pool positions of this carrier's numbers, in pool order.
    numbers: Vec<usize>,
    /// Which of `numbers` this carrier dials from next.
    next: usize,
}

impl CampaignState {
    fn next_number_id(&self, carrier: usize) -> Option<NumberId> {
        let c = self.carriers.iter().find(|c| c.index == carrier)?;
        Some(self.pool[c.numbers[c.next]].id)
    }
}

impl Pacer {
    /// A pacer with no carriers and no campaigns.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a carrier or changes its CPS limit (0 stops its numbers
    /// being used). Starts already recorded against it still count.
    pub fn set_carrier(&mut self, carrier: CarrierId, cps: u32) {
        match self.carrier_index.get(&carrier) {
            Some(&index) => self.carriers[index].window.set_cps(cps),
            None => {
                self.carrier_index.insert(carrier, self.carriers.len());
                self.carriers.push(CarrierState {
                    window: StartWindow::new(cps),
                });
            }
        }
    }

    /// Starts pacing a campaign, or changes its seats and pool. Its live
    /// calls are kept; rotation carries on from the number it would have
    /// used next if that number is still in the pool, else from the first.
    pub fn set_campaign(
        &mut self,
        campaign: CampaignId,
        seats: ConcurrencyLimit,
        pool: Vec<PoolNumber>,
    ) -> Result<(), PacerError> {
        let mut carriers: Vec<PoolCarrier> = Vec::new();
        let mut pool_carriers = Vec::with_capacity(pool.len());
        for (position, number) in pool.iter().enumerate() {
            let index =
                *self
                    .carrier_index
                    .get(&number.carrier)
                    .ok_or(PacerError::UnknownCarrier {
                        campaign,
                        carrier: number.carrier,
                    })?;
            let local = match carriers.iter().position(|c| c.index == index) {
                Some(local) => local,
                None => {
                    carriers.push(PoolCarrier {
                        index,
                        numbers: Vec::new(),
                        next: 0,
                    });
                    carriers.len() - 1
                }
            };
            carriers[local].numbers.push(position);
            pool_carriers.push(local);
        }
        let next_on = next_positions(&pool_carriers, carriers.len());
        let previous = self.campaigns.get(&campaign);
        let position_of =
            |id: Option<NumberId>| id.and_then(|id| pool.iter().position(|n| n.id == id));
        let cursor =
            position_of(previous.and_then(|p| p.pool.get(p.cursor)).map(|n| n.id)).unwrap_or(0);
        for carrier in &mut carriers {
            let resume = position_of(previous.and_then(|p| p.next_number_id(carrier.index)));
            carrier.next = resume
                .and_then(|position| carrier.numbers.iter().position(|p| *p == position))
                .unwrap_or(0);
        }
        let live = previous.map_or(0, |p| p.live);
        self.campaigns.insert(
            campaign,
            CampaignState {
                seats: seats.get(),
                live,
                pool,
                carriers,
                next_on,
                cursor,
            },
        );
        Ok(())
    }

    /// Stops pacing a campaign (its seats are forgotten; CPS it spent still counts).
    pub fn remove_campaign(&mut self, campaign: CampaignId) -> bool {
        self.campaigns.remove(&campaign).is_some()
    }

    /// Sets a campaign's live calls, e.g. from the database after a restart.
    pub fn set_live_calls(&mut self, campaign: CampaignId, live: u32) -> Result<(), PacerError> {
        let state = self
            .campaigns
            .get_mut(&campaign)
            .ok_or(PacerError::UnknownCampaign(campaign))?;
        state.live = live;
        Ok(())
    }

    /// A campaign's live calls, if it is paced.
    pub fn live_calls(&self, campaign: CampaignId) -> Option<u32> {
        self.campaigns.get(&campaign).map(|c| c.live)
    }

    /// Counts a start this pacer did not grant against its carrier's CPS: one
    /// made before a restart (seed each carrier with the last second's
    /// starts from the database) or by another instance. Unknown carriers
    /// are ignored.
    pub fn note_start(&mut self, carrier: CarrierId, at: DateTime<Utc>) {
        if let Some(&index) = self.carrier_index.get(&carrier) {
            self.carriers[index].window.note(at);
        }
    }

    /// Replaces a carrier's recorded starts with `starts`, e.g. every start
    /// the database holds for its last second, whichever instance made them.
    /// Several instances stay inside one CPS by each doing this, under the
    /// carrier's row lock, before it starts calls. Unknown carriers are ignored.
    pub fn replace_starts(
        &mut self,
        carrier: CarrierId,
        starts: impl IntoIterator<Item = DateTime<Utc>>,
    ) {
        if let Some(&index) = self.carrier_index.get(&carrier) {
            self.carriers[index].window.reset(starts);
        }
    }

    /// How many calls `campaign` may start at `now`, and what to wait for if none.
    pub fn budget(&self, campaign: CampaignId, now: DateTime<Utc>) -> DialBudget {
        let now = self.clamp(now);
        let Some(state) = self.campaigns.get(&campaign) else {
            return DialBudget {
                dials: 0,
                free_seats: 0,
                free_cps: 0,
                wait: Some(Wait::UnknownCampaign),
            };
        };
        let free_seats = state.seats.saturating_sub(state.live);
        let free_cps = state
            .carriers
            .iter()
            .map(|c| self.carriers[c.index].window.free(now))
            .fold(0u32, u32::saturating_add);
        let dials = free_seats.min(free_cps);
        let wait = (dials == 0).then(|| self.wait_for(state, now));
        DialBudget {
            dials,
            free_seats,
            free_cps,
            wait,
        }
    }

    /// Starts one call of `campaign` at `now` if a seat and a carrier allow
    /// it: takes the seat, spends one CPS of the chosen number's carrier and
    /// moves the campaign's rotation on (see the module docs). The grant's
    /// `at` is `now`, or the latest instant seen if `now` is earlier.
    pub fn start(&mut self, campaign: CampaignId, now: DateTime<Utc>) -> Result<DialGrant, Wait> {
        let now = self.clamp(now);
        let Some(state) = self.campaigns.get(&campaign) else {
            return Err(Wait::UnknownCampaign);
        };
        if state.live >= state.seats {
            return Err(Wait::ForCallEnd);
        }
        let n = state.pool.len();
        let chosen = state
            .carriers
            .iter()
            .enumerate()
            .filter(|(_, c)| self.carriers[c.index].window.allows(now))
            .map(|(k, _)| {
                let position = state.next_on[k * n + state.cursor] as usize;
                ((position + n - state.cursor) % n, position, k)
            })
            .min();
        let Some((_, turn, k)) = chosen else {
            return Err(self.wait_for(state, now));
        };
        let state = self.campaigns.get_mut(&campaign).expect("looked up above");
        let carrier = &mut state.carriers[k];
        let position = carrier.numbers[carrier.next];
        carrier.next = (carrier.next + 1) % carrier.numbers.len();
        state.cursor = (turn + 1) % n;
        state.live += 1;
        self.carriers[carrier.index].window.record(now);
        self.latest = Some(now);
        Ok(DialGrant {
            from: state.pool[position].clone(),
            at: now,
        })
    }

    /// Frees the seat of one of `campaign`'s calls that ended. `false` when
    /// the campaign had no live call (a repeated end) or is not paced.
    pub fn call_ended(&mut self, campaign: CampaignId) -> bool {
        match self.campaigns.get_mut(&campaign) {
            Some(state) if state.live > 0 => {
                state.live -= 1;
                true
            }
            _ => false,
        }
    }

    fn clamp(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.latest.map_or(now, |latest| latest.max(now))
    }

    fn wait_for(&self, state: &CampaignState, now: DateTime<Utc>) -> Wait {
        if state.live >= state.seats {
            return Wait::ForCallEnd;
        }
        state
            .carriers
            .iter()
            .filter_map(|c| self.carriers[c.index].window.frees_at(now))
            .min()
            .map_or(Wait::Indefinitely, Wait::Until)
    }
}

/// For each carrier `k` and position `i`, the first position at or after
/// `i` (wrapping) on carrier `k`, flattened as `k * len + i`.
fn next_positions(pool_carriers: &[usize], carrier_count: usize) -> Vec<u32> {
    let len = pool_carriers.len();
    let mut next_on = vec![0u32; len * carrier_count];
    for k in 0..carrier_count {
        let row = &mut next_on[k * len..(k + 1) * len];
        // Two passes backwards so positions after the last number of the
        // carrier wrap around to its first.
        let mut next = None;
        for i in (0..2 * len).rev() {
            let position = i % len;
            if pool_carriers[position] == k {
                next = Some(position as u32);
            }
            if i < len {
                row[position] = next.expect("carrier k has a number in the pool");
            }
        }
    }
    next_on
}
