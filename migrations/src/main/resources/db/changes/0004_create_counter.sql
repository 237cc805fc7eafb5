--liquibase formatted sql

--changeset onduty:0004
create table counter (
    id          bigint generated always as identity primary key,
    site_id     bigint      not null constraint counter_site_fk references site (id),
    number      integer     not null check (number > 0),
    name        text        not null check (btrim(name) <> ''),
    -- The administrative procedures handled at this counter, as the queue system names them.
    services    text[]      not null default '{}',
    active      boolean     not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint counter_site_number_key unique (site_id, number)
);
create index counter_site_idx on counter (site_id);
--rollback drop table counter;
