//! The pacer's rules, one example each.

use super::{at_ms, number};
use crate::config::ConcurrencyLimit;
use crate::dialler::{CampaignId, CarrierId, DialBudget, Pacer, PacerError, Wait};

const A: CampaignId = CampaignId(1);
const B: CampaignId = CampaignId(2);

fn seats(n: u32) -> ConcurrencyLimit {
    ConcurrencyLimit::new(n).unwrap()
}

fn from_ids(pacer: &mut Pacer, campaign: CampaignId, ms: i64, n: usize) -> Vec<i64> {
    (0..n)
        .map(|_| pacer.start(campaign, at_ms(ms)).unwrap().from.id.get())
        .collect()
}

#[test]
fn a_campaign_never_has_more_live_calls_than_its_seats() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 100);
    pacer.set_campaign(A, seats(2), vec![number(1, 1)]).unwrap();
    assert!(pacer.start(A, at_ms(0)).is_ok());
    assert!(pacer.start(A, at_ms(0)).is_ok());
    assert_eq!(pacer.start(A, at_ms(5_000)), Err(Wait::ForCallEnd));
    assert!(pacer.call_ended(A));
    assert_eq!(pacer.live_calls(A), Some(1));
    assert!(pacer.start(A, at_ms(5_000)).is_ok());
    assert_eq!(pacer.start(A, at_ms(5_000)), Err(Wait::ForCallEnd));
}

#[test]
fn a_repeated_end_frees_no_seat_it_does_not_hold() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 10);
    pacer.set_campaign(A, seats(1), vec![number(1, 1)]).unwrap();
    pacer.start(A, at_ms(0)).unwrap();
    assert!(pacer.call_ended(A));
    assert!(!pacer.call_ended(A));
    assert_eq!(pacer.live_calls(A), Some(0));
}

#[test]
fn the_budget_is_the_tighter_of_seats_and_cps() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 3);
    pacer
        .set_campaign(A, seats(10), vec![number(1, 1)])
        .unwrap();
    pacer.set_campaign(B, seats(2), vec![number(2, 1)]).unwrap();
    let budget = |p: &Pacer, c| p.budget(c, at_ms(0));
    assert_eq!(
        budget(&pacer, A),
        DialBudget {
            dials: 3,
            free_seats: 10,
            free_cps: 3,
            wait: None
        }
    );
    assert_eq!(budget(&pacer, B).dials, 2);
}

#[test]
fn exactly_the_budgeted_number_of_starts_succeed_at_one_instant() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 4);
    pacer.set_carrier(CarrierId(2), 3);
    pacer
        .set_campaign(A, seats(50), vec![number(1, 1), number(2, 2), number(3, 1)])
        .unwrap();
    let budget = pacer.budget(A, at_ms(0));
    assert_eq!((budget.dials, budget.free_cps), (7, 7));
    for _ in 0..7 {
        pacer.start(A, at_ms(0)).unwrap();
    }
    assert_eq!(pacer.start(A, at_ms(0)), Err(Wait::Until(at_ms(1_000))));
    assert_eq!(
        pacer.budget(A, at_ms(0)).wait,
        Some(Wait::Until(at_ms(1_000)))
    );
}

#[test]
fn numbers_rotate_round_robin_and_the_rotation_persists_between_calls() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 100);
    pacer
        .set_campaign(
            A,
            seats(100),
            vec![number(1, 1), number(2, 1), number(3, 1)],
        )
        .unwrap();
    assert_eq!(from_ids(&mut pacer, A, 0, 2), [1, 2]);
    assert_eq!(from_ids(&mut pacer, A, 10, 4), [3, 1, 2, 3]);
}

#[test]
fn a_number_whose_carrier_is_saturated_is_skipped_for_another_carriers_number() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 1);
    pacer.set_carrier(CarrierId(2), 10);
    pacer
        .set_campaign(
            A,
            seats(100),
            vec![number(1, 1), number(2, 1), number(3, 2)],
        )
        .unwrap();
    // Number 1 spends carrier 1's only start this second, so number 2 (also
    // carrier 1) is skipped until the second has passed.
    assert_eq!(from_ids(&mut pacer, A, 0, 4), [1, 3, 3, 3]);
    let grant = pacer.start(A, at_ms(1_000)).unwrap();
    assert_eq!((grant.from.id.get(), grant.from.carrier), (2, CarrierId(1)));
}

#[test]
fn two_campaigns_on_one_carrier_share_its_cps() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(7), 5);
    pacer
        .set_campaign(A, seats(100), vec![number(1, 7)])
        .unwrap();
    pacer
        .set_campaign(B, seats(100), vec![number(2, 7)])
        .unwrap();
    from_ids(&mut pacer, A, 0, 3);
    assert_eq!(pacer.budget(B, at_ms(500)).dials, 2);
    from_ids(&mut pacer, B, 500, 2);
    assert_eq!(pacer.start(A, at_ms(600)), Err(Wait::Until(at_ms(1_000))));
    assert_eq!(pacer.start(B, at_ms(999)), Err(Wait::Until(at_ms(1_000))));
    // At 1 s the first three starts are a second old; B's two are not.
    assert_eq!(pacer.budget(A, at_ms(1_000)).free_cps, 3);
}

#[test]
fn a_full_campaign_waits_for_a_call_end_even_when_cps_is_spent_too() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 1);
    pacer.set_campaign(A, seats(1), vec![number(1, 1)]).unwrap();
    pacer.start(A, at_ms(0)).unwrap();
    let budget = pacer.budget(A, at_ms(0));
    assert_eq!((budget.dials, budget.wait), (0, Some(Wait::ForCallEnd)));
    pacer.call_ended(A);
    assert_eq!(pacer.start(A, at_ms(0)), Err(Wait::Until(at_ms(1_000))));
}

#[test]
fn a_pool_without_usable_carriers_waits_indefinitely() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 0);
    pacer.set_campaign(A, seats(5), vec![number(1, 1)]).unwrap();
    pacer.set_campaign(B, seats(5), vec![]).unwrap();
    assert_eq!(pacer.start(A, at_ms(0)), Err(Wait::Indefinitely));
    assert_eq!(pacer.budget(B, at_ms(0)).wait, Some(Wait::Indefinitely));
    pacer.set_carrier(CarrierId(1), 2);
    assert!(pacer.start(A, at_ms(0)).is_ok());
}

#[test]
fn a_pool_naming_an_unregistered_carrier_is_refused() {
    let mut pacer = Pacer::new();
    assert_eq!(
        pacer.set_campaign(A, seats(5), vec![number(1, 9)]),
        Err(PacerError::UnknownCarrier {
            campaign: A,
            carrier: CarrierId(9)
        })
    );
    assert_eq!(pacer.start(A, at_ms(0)), Err(Wait::UnknownCampaign));
    assert_eq!(
        pacer.set_live_calls(A, 1),
        Err(PacerError::UnknownCampaign(A))
    );
}

#[test]
fn a_clock_stepping_back_cannot_free_cps_already_spent() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 1);
    pacer.set_campaign(A, seats(5), vec![number(1, 1)]).unwrap();
    let grant = pacer.start(A, at_ms(2_000)).unwrap();
    assert_eq!(grant.at, at_ms(2_000));
    assert_eq!(pacer.start(A, at_ms(0)), Err(Wait::Until(at_ms(3_000))));
}

#[test]
fn reconfiguring_a_campaign_keeps_its_live_calls_and_its_place_in_the_rotation() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 100);
    let pool = vec![number(1, 1), number(2, 1), number(3, 1)];
    pacer.set_campaign(A, seats(5), pool).unwrap();
    assert_eq!(from_ids(&mut pacer, A, 0, 2), [1, 2]);
    let pool = vec![number(4, 1), number(3, 1), number(1, 1)];
    pacer.set_campaign(A, seats(3), pool).unwrap();
    assert_eq!(pacer.live_calls(A), Some(2));
    assert_eq!(from_ids(&mut pacer, A, 10, 1), [3]);
    assert_eq!(pacer.start(A, at_ms(10)), Err(Wait::ForCallEnd));
}

#[test]
fn live_calls_restored_after_a_restart_hold_their_seats() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 100);
    pacer.set_campaign(A, seats(3), vec![number(1, 1)]).unwrap();
    pacer.set_live_calls(A, 3).unwrap();
    assert_eq!(pacer.start(A, at_ms(0)), Err(Wait::ForCallEnd));
}

#[test]
fn starts_noted_from_before_a_restart_count_against_the_carrier() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 2);
    pacer.set_campaign(A, seats(5), vec![number(1, 1)]).unwrap();
    pacer.note_start(CarrierId(1), at_ms(300));
    pacer.note_start(CarrierId(1), at_ms(100));
    pacer.note_start(CarrierId(404), at_ms(100));
    assert_eq!(pacer.start(A, at_ms(500)), Err(Wait::Until(at_ms(1_100))));
    assert!(pacer.start(A, at_ms(1_100)).is_ok());
}

#[test]
fn a_removed_campaign_is_no_longer_paced() {
    let mut pacer = Pacer::new();
    pacer.set_carrier(CarrierId(1), 2);
    pacer.set_campaign(A, seats(5), vec![number(1, 1)]).unwrap();
    assert!(pacer.remove_campaign(A));
    assert!(!pacer.remove_campaign(A));
    assert_eq!(pacer.budget(A, at_ms(0)).wait, Some(Wait::UnknownCampaign));
    assert!(!pacer.call_ended(A));
}
