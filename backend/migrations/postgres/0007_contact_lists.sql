-- a campaign's contact list is its contacts whose list_no lies between the
-- campaign's list_from and list_to. an upload writes its rows under a new
-- list_no (list_seq + 1) and, in the same transaction, moves list_to (an
-- append) or both ends (a replace) onto it, so a replace deletes nothing
-- while the operator waits: the rows left below list_from are garbage that
-- the janitor deletes in small batches (store::contacts::collect_garbage).
--
-- on postgresql the upload is one transaction (mvcc: it blocks no reader
-- and no dialler), so nothing of a failed upload survives it, and two
-- uploads of one campaign are kept apart by a transaction-scoped advisory
-- lock on the campaign's id. upload_list_no (sqlite's marker of an upload
-- in progress) stays null here; the column keeps the two schemas alike.
alter table campaigns add column list_seq bigint not null default 0;
alter table campaigns add column list_from bigint not null default 0;
alter table campaigns add column list_to bigint not null default 0;
alter table campaigns add column upload_list_no bigint;

alter table contacts add column list_no bigint not null default 0;

-- a list's rows by state: the counts (index-only, so they read no contact
-- row) and the janitor's batches.
create index contacts_by_list on contacts (campaign_id, list_no, state);

-- no index by phone: its random inserts were a large share of a big
-- upload's time, and nothing needs it often. exclusions are matched by the
-- exclusions table's own (campaign_id, phone) key; excluding numbers from
-- the contacts is one pass over the campaign per 500 numbers, a rare act.
drop index contacts_by_phone;
