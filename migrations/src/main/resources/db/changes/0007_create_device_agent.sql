--liquibase formatted sql

--changeset onduty:0007
-- One machine identity per site computer. Only a SHA-256 hash of its bearer token is kept.
create table device_agent (
    id            bigint generated always as identity primary key,
    site_id       bigint      not null constraint device_agent_site_fk references site (id),
    name          text        not null check (btrim(name) <> ''),
    token_hash    bytea       not null,
    token_prefix  text        not null,
    active        boolean     not null default true,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    last_seen_at  timestamptz,
    constraint device_agent_site_name_key unique (site_id, name),
    constraint device_agent_token_hash_key unique (token_hash)
);
--rollback drop table device_agent;
