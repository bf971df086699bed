-- bot test calls (issue 13): one call placed outside any campaign through
-- the configured telephony, to check a bot before live use. the dial
-- request names it by its id negated (attempt_id = -id), so its call
-- events come back on the same webhook and queue as campaign calls'.
create table test_calls (
    id               bigserial   primary key,
    bot_id           bigint      not null references bots (id) on delete cascade,
    -- the operator who placed it (their username).
    placed_by        text        not null,
    -- the e.164 caller id and the e.164 number called.
    from_number      text        not null,
    to_number        text        not null,
    carrier_id       bigint      references carriers (id) on delete set null,
    -- dialling, ringing, answered, ended.
    status           text        not null,
    dialed_at        timestamptz not null,
    answered_at      timestamptz,
    ended_at         timestamptz,
    -- the system disposition (connected, no_answer, rejected, rnr, error, timeout).
    disposition      text,
    duration_s       integer,
    machine          boolean,
    business_disposition text,
    -- why the dial request failed, when it did.
    error            text,
    -- a person answered and the call connected.
    passed           boolean     not null default false
);

create index test_calls_by_bot on test_calls (bot_id, id);
-- the carrier's dials in the last second, beside its attempts' (the cps limit).
create index test_calls_by_carrier_dialed on test_calls (carrier_id, dialed_at);
-- an operator's recent test calls (the rate limit).
create index test_calls_by_operator on test_calls (placed_by, dialed_at);
