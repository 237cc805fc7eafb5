--liquibase formatted sql

--changeset onduty:0011
-- A fingerprint sensor as its agent names it in agent.yml; status comes from heartbeats.
create table sensor (
    id                    bigint generated always as identity primary key,
    agent_id              bigint      not null constraint sensor_agent_fk references device_agent (id),
    name                  text        not null check (btrim(name) <> ''),
    port                  text,
    connected             boolean     not null default false,
    capacity              integer     check (capacity >= 0),
    templates             integer     check (templates >= 0),
    unrecognised_touches  bigint      not null default 0,
    duplicates_ignored    bigint      not null default 0,
    last_error            text,
    status_at             timestamptz,
    created_at            timestamptz not null default now(),
    constraint sensor_agent_name_key unique (agent_id, name)
);
--rollback drop table sensor;
