-- operators who sign in to the dashboard. the first start creates `admin`.
create table users (
    id            integer primary key,
    username      text    not null unique,
    password_hash text    not null,
    created_at    text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
