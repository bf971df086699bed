-- attempt ids are never reused. an attempt withdrawn after gateway
-- backpressure is deleted (dialler::sql_store::withdraw), and without
-- `autoincrement` sqlite gives the next attempt max(id) + 1, i.e. the
-- withdrawn one's id again: a late event the gateway sends for the withdrawn
-- attempt would then be applied to a different call, and the in-memory store
-- and postgresql (a sequence) number attempts differently from here.
-- tests/api/store_contract.rs (a_withdrawn_claim_leaves_both_stores_alike)
-- found it. `autoincrement` needs the table rebuilt; nothing references
-- attempts, so it is dropped and recreated with its rows, ids and indexes.
create table attempts_new (
    id                   integer     primary key autoincrement,
    campaign_id          integer     not null references campaigns (id) on delete cascade,
    contact_id           integer     not null references contacts (id) on delete cascade,
    run_no               integer     not null,
    attempt_no           integer     not null,
    -- the e.164 caller id the call was placed from.
    from_number          text,
    carrier_id           integer     references carriers (id) on delete set null,
    status               text        not null,
    created_at           text        not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    dialed_at            text,
    answered_at          text,
    ended_at             text,
    -- the system disposition (no_answer, rejected, rnr, error, timeout, ...).
    disposition          text,
    duration_s           integer,
    -- answered by an answering machine.
    machine              boolean,
    -- the post-call analysis outcome, e.g. callback_requested.
    business_disposition text,
    callback_at          text,
    lease_owner          text,
    lease_expires_at     text,
    unique (contact_id, run_no, attempt_no)
);

insert into attempts_new (id, campaign_id, contact_id, run_no, attempt_no, from_number,
    carrier_id, status, created_at, dialed_at, answered_at, ended_at, disposition, duration_s,
    machine, business_disposition, callback_at, lease_owner, lease_expires_at)
select id, campaign_id, contact_id, run_no, attempt_no, from_number,
    carrier_id, status, created_at, dialed_at, answered_at, ended_at, disposition, duration_s,
    machine, business_disposition, callback_at, lease_owner, lease_expires_at
from attempts;

drop table attempts;
alter table attempts_new rename to attempts;

-- the indexes of 0004, as they were.
create unique index attempts_one_live_per_contact on attempts (contact_id) where ended_at is null;
create index attempts_live_by_campaign on attempts (campaign_id, ended_at);
create index attempts_by_carrier_dialed on attempts (carrier_id, dialed_at);
create index attempts_by_lease on attempts (lease_expires_at) where ended_at is null;
create index attempts_by_campaign_dialed on attempts (campaign_id, dialed_at);
