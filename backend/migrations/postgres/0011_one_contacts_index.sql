-- one index on contacts besides the primary key (issue 11): the claim's
-- index now ends in list_no, so it also serves what contacts_by_list did.
-- every index entry is written once per contact an upload adds and again at
-- each state change, so a second secondary index was a large share of a big
-- upload's time (measured on a 500,000-row file; docs/api.md, "Benchmark").
--
-- what reads it:
-- - the dialler's claim: a campaign's contacts in one state in due order
--   (`order by next_eligible_at, id` is the index order), the list's bounds
--   checked from the entry without reading the row;
-- - the counts by state of a campaign's list: the entries of the campaign,
--   grouped by state in index order, list_no read from the entry (covered:
--   no contact row is read);
-- - the janitor's search for garbage (rows below list_from or above
--   list_to): the campaign's entries, list_no read from the entry.
drop index contacts_by_list;
drop index contacts_claim;
create index contacts_claim on contacts (campaign_id, state, next_eligible_at, id, list_no);
