-- the postgresql 0006 adds id to the claim index so that a claim's
-- `order by next_eligible_at, id` is the index order. sqlite's index
-- contacts_claim (campaign_id, state, next_eligible_at) already ends in the
-- rowid (contacts.id), so it needs no change. this file keeps the two
-- engines' migration numbers aligned and changes nothing.
select 1;
