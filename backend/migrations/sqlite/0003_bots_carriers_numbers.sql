-- the voice bots campaigns call with. a bot in use by a campaign cannot be
-- deleted (campaigns.bot_id restricts it, and the api says so first).
-- booleans are declared `boolean` (stored 0/1) so sqlx reads them as bool.
create table bots (
    id               integer primary key,
    name             text    not null unique,
    description      text    not null default '',
    -- the bot half of the callback double gate.
    callback_enabled boolean not null default false,
    -- the bot has passed its test calls.
    ready            boolean not null default false,
    created_at       text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at       text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- carriers place the calls; cps_limit caps call starts per second, summed
-- over every campaign using the carrier's numbers.
create table carriers (
    id         integer primary key,
    name       text    not null unique,
    cps_limit  integer not null default 10 check (cps_limit between 1 and 1000),
    created_at text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- outbound numbers (dids), always stored in e.164. deleting a carrier takes
-- its numbers with it, unless a campaign uses one (campaign_numbers restricts).
create table numbers (
    id           integer primary key,
    carrier_id   integer not null references carriers (id) on delete cascade,
    number       text    not null unique,
    label        text,
    -- inbound-only numbers are refused for campaigns.
    inbound_only boolean not null default false,
    created_at   text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index numbers_by_carrier on numbers (carrier_id);
