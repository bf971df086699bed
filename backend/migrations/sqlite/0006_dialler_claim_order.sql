-- the postgresql 0006 adds id to the claim index so that a claim's
-- `order by next_eligible_at, id` is the index order. sqlite's index
-- contacts_claim (campaign_id, state, next_eligible_at) already ends in the
-- rowid (contacts.id), so it needs no change.

-- lease renewal and reconciliation read live attempts only through the
-- partial unique index attempts_one_live_per_contact (ended_at is null),
-- which holds just the calls in progress: no further index is needed.
select 1;
