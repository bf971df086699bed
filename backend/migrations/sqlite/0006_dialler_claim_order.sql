-- the postgresql 0006 adds id to the claim index so that a claim's
-- `order by next_eligible_at, id` is the index order. sqlite's index
-- contacts_claim (campaign_id, state, next_eligible_at) already ends in the
-- rowid (contacts.id), so it needs no change.

-- live attempts by the instance holding them, for lease renewal (every 10 s)
-- and reconciliation (every 5 s) without scanning ended attempts.
create index attempts_live_by_owner on attempts (lease_owner, dialed_at) where ended_at is null;
