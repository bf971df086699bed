-- a campaign's contact list is its contacts whose list_no lies between the
-- campaign's list_from and list_to. an upload writes its rows under a new
-- list_no (list_seq + 1), invisible to every reader and to the dialler until
-- one short transaction moves list_to (an append) or both ends (a replace)
-- onto it. the rows a replace leaves below list_from, and the rows of an
-- upload that failed or died with the server above list_to, are garbage that
-- the janitor deletes in small batches (store::contacts::collect_garbage).
--
-- on sqlite the upload writes in short transactions (one writer at a time:
-- one long transaction would stall every dialler step), so upload_list_no
-- marks the upload in progress: a second upload of the same campaign is
-- refused while it is set, and the server clears it at start (an upload the
-- server was running when it died is over).
alter table campaigns add column list_seq integer not null default 0;
alter table campaigns add column list_from integer not null default 0;
alter table campaigns add column list_to integer not null default 0;
alter table campaigns add column upload_list_no integer;

alter table contacts add column list_no integer not null default 0;

-- a list's rows by state: the counts (covered, so they read no contact
-- row) and the janitor's batches.
create index contacts_by_list on contacts (campaign_id, list_no, state);

-- no index by phone: its random inserts were most of a large upload's time
-- (a 500,000-row file on the project machine: about two thirds of sqlite's
-- write), and nothing needs it often. exclusions are matched by the
-- exclusions table's own (campaign_id, phone) key; excluding numbers from
-- the contacts is one pass over the campaign per 500 numbers, a rare act.
drop index contacts_by_phone;
