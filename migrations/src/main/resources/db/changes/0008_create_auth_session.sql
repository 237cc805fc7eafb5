--liquibase formatted sql

--changeset onduty:0008
-- Web sessions and API tokens live here, not in one process's memory, so every server instance
-- behind a load balancer accepts them. Only a SHA-256 hash of the token is stored.
create table auth_session (
    id            bigint generated always as identity primary key,
    token_hash    bytea       not null,
    user_id       bigint      not null constraint auth_session_user_fk references user_account (id),
    kind          text        not null check (kind in ('WEB', 'API')),
    csrf_token    text        not null,
    created_at    timestamptz not null default now(),
    last_seen_at  timestamptz not null default now(),
    expires_at    timestamptz not null,
    revoked_at    timestamptz,
    ip            text,
    constraint auth_session_token_hash_key unique (token_hash)
);
create index auth_session_user_idx on auth_session (user_id);
create index auth_session_expires_idx on auth_session (expires_at);

create table login_attempt (
    id        bigint generated always as identity primary key,
    username  text        not null,
    ip        text,
    at        timestamptz not null default now(),
    success   boolean     not null
);
create index login_attempt_username_at_idx on login_attempt (username, at);
create index login_attempt_ip_at_idx on login_attempt (ip, at);
--rollback drop table login_attempt;
--rollback drop table auth_session;
