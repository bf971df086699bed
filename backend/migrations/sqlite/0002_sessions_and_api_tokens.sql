-- signed-in browser sessions. the `outdial_session` cookie carries a random
-- secret; only its sha-256 hash (lowercase hex) is stored, so a copy of the
-- database cannot be replayed as a session.
-- timestamps are iso-8601 utc text with milliseconds (see backend/src/db.rs).
create table sessions (
    id          integer primary key,
    token_hash  text    not null unique,
    user_id     integer not null references users (id) on delete cascade,
    created_at  text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at  text    not null
);

-- expired sessions are swept by expiry.
create index sessions_by_expiry on sessions (expires_at);

-- api tokens for scripts that feed contacts. created and revoked by an
-- operator; the secret is shown once and stored only as its sha-256 hash.
-- revoking keeps the row (with revoked_at) so the audit trail can name it.
create table api_tokens (
    id           integer primary key,
    name         text    not null,
    token_hash   text    not null unique,
    -- the first characters of the secret, shown in lists to tell tokens apart.
    prefix       text    not null,
    created_by   integer not null references users (id) on delete cascade,
    created_at   text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    last_used_at text,
    revoked_at   text
);
