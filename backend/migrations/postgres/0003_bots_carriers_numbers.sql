-- the voice bots campaigns call with. a bot in use by a campaign cannot be
-- deleted (campaigns.bot_id restricts it, and the api says so first).
create table bots (
    id               bigserial   primary key,
    name             text        not null unique,
    description      text        not null default '',
    -- the bot half of the callback double gate.
    callback_enabled boolean     not null default false,
    -- the bot has passed its test calls.
    ready            boolean     not null default false,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

-- carriers place the calls; cps_limit caps call starts per second, summed
-- over every campaign using the carrier's numbers.
create table carriers (
    id         bigserial   primary key,
    name       text        not null unique,
    cps_limit  integer     not null default 10 check (cps_limit between 1 and 1000),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- outbound numbers (dids), always stored in e.164. deleting a carrier takes
-- its numbers with it, unless a campaign uses one (campaign_numbers restricts).
create table numbers (
    id           bigserial   primary key,
    carrier_id   bigint      not null references carriers (id) on delete cascade,
    number       text        not null unique,
    label        text,
    -- inbound-only numbers are refused for campaigns.
    inbound_only boolean     not null default false,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

create index numbers_by_carrier on numbers (carrier_id);
