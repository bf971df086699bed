-- operators who sign in to the dashboard. the first start creates `admin`.
create table users (
    id            bigserial   primary key,
    username      text        not null unique,
    password_hash text        not null,
    created_at    timestamptz not null default now()
);
