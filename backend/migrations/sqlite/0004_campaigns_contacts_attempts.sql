-- campaigns and everything the dialler reads and writes. created now, before
-- the routes that use them, so that later work adds code, not reshapes.
-- timestamps are iso-8601 utc text with milliseconds (see backend/src/db.rs).

-- a campaign. `config` is the campaign configuration json of the api contract
-- (outdial_shared's config types), stored as text on both engines and parsed
-- by the shared code; the columns beside it are what queries filter on.
create table campaigns (
    id             integer     primary key,
    name           text        not null,
    bot_id         integer     not null references bots (id) on delete restrict,
    config         text        not null,
    -- a lifecycle status name from outdial_shared (draft, running, paused, ...).
    status         text        not null default 'draft',
    -- set at the first start; locks name, bot and contacts for audit safety.
    has_run        boolean     not null default false,
    -- 0 before the first start; each start or restart begins the next run.
    run_no         integer     not null default 0,
    -- iso 3166 region for contact numbers written without a country code.
    default_region text,
    created_at     text        not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at     text        not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    started_at     text,
    completed_at   text
);

create index campaigns_by_status on campaigns (status, created_at);
create index campaigns_by_created on campaigns (created_at);
create index campaigns_by_bot on campaigns (bot_id);

-- the outbound numbers a campaign dials from. a number in a pool cannot be
-- deleted (restrict), nor, therefore, its carrier.
create table campaign_numbers (
    campaign_id integer not null references campaigns (id) on delete cascade,
    number_id   integer not null references numbers (id) on delete restrict,
    primary key (campaign_id, number_id)
);

create index campaign_numbers_by_number on campaign_numbers (number_id);

-- the people a campaign calls. `variables` is a json object of the csv's other
-- columns (text). `state` is a contact state name from outdial_shared.
create table contacts (
    id               integer     primary key,
    campaign_id      integer     not null references campaigns (id) on delete cascade,
    -- 1-based data row in the uploaded csv (or position in an append).
    row_no           integer     not null,
    phone            text        not null,
    variables        text        not null default '{}',
    state            text        not null default 'pending',
    attempts         integer     not null default 0,
    -- when the contact may next be dialled; null while not waiting to be.
    next_eligible_at text,
    last_disposition text,
    done_reason      text,
    created_at       text        not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at       text        not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- the dialler's claim: eligible contacts of one campaign in due order.
create index contacts_claim on contacts (campaign_id, state, next_eligible_at);
create index contacts_by_phone on contacts (campaign_id, phone);

-- numbers a campaign must never dial. a sticky exclusion survives the number
-- being re-added to the contact list.
create table exclusions (
    id          integer     primary key,
    campaign_id integer     not null references campaigns (id) on delete cascade,
    phone       text        not null,
    sticky      boolean     not null default false,
    created_by  text        not null,
    created_at  text        not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    unique (campaign_id, phone)
);

-- one call attempt. the row is written before the dial request (invariant 7);
-- a live attempt (ended_at is null) is held by a lease so that after a crash
-- another instance reconciles it instead of blindly redialling.
create table attempts (
    id                   integer     primary key,
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

-- invariant 4: a contact never has two live attempts.
create unique index attempts_one_live_per_contact on attempts (contact_id) where ended_at is null;
-- live calls per campaign, and per carrier for the calls-per-second limit.
create index attempts_live_by_campaign on attempts (campaign_id, ended_at);
create index attempts_by_carrier_dialed on attempts (carrier_id, dialed_at);
-- expired leases for crash reconciliation.
create index attempts_by_lease on attempts (lease_expires_at) where ended_at is null;
-- stats: attempts per hour and dispositions.
create index attempts_by_campaign_dialed on attempts (campaign_id, dialed_at);

-- who did what when. campaign_id is null for actions outside a campaign
-- (bots, carriers, tokens) and survives a deleted campaign as null.
create table audit (
    id          integer     primary key,
    campaign_id integer     references campaigns (id) on delete set null,
    -- `user:<username>` or `token:<id>`.
    actor       text        not null,
    action      text        not null,
    -- a json object, e.g. the fields that changed.
    details     text        not null default '{}',
    at          text        not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index audit_by_campaign on audit (campaign_id, at);
