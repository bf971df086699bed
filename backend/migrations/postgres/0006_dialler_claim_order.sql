-- the dialler claims a campaign's contacts per state in due order:
--   where campaign_id = $1 and state = $2 [and next_eligible_at <= $now]
--   order by next_eligible_at, id limit $n for update skip locked
-- new contacts all have next_eligible_at null, so without id in the index
-- postgresql would sort every pending contact of the campaign on each claim.
-- with it, a claim reads exactly the rows it takes. (sqlite's indexes end in
-- the rowid already; see its 0006.)
drop index contacts_claim;
create index contacts_claim on contacts (campaign_id, state, next_eligible_at, id);

-- lease renewal and reconciliation read live attempts only through the
-- partial unique index attempts_one_live_per_contact (ended_at is null),
-- which holds just the calls in progress: no further index is needed.
