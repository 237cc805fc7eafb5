--liquibase formatted sql

--changeset onduty:0067
-- A queue system whose exports an admin uploads, with the column mapping saved once for it:
-- mapping is {"field": "column header"}, rating_scale how its ratings read.
create table ticket_source (
    id            bigint generated always as identity primary key,
    name          text        not null check (btrim(name) <> ''),
    mapping       jsonb       not null default '{}',
    rating_scale  text        not null default 'STARS5' check (rating_scale in ('STARS5', 'LEVELS3')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    constraint ticket_source_name_key unique (name)
);

-- An uploaded file on its way in: kept until imported so that the admin can map, check and then
-- import it. UPLOADED (not checked yet), CHECKED (rows counted, problems listed), RUNNING, DONE,
-- FAILED. problems holds the first problems by row for the report.
create table ticket_import (
    id              bigint generated always as identity primary key,
    site_id         bigint      not null constraint ticket_import_site_fk references site (id),
    source_id       bigint      not null constraint ticket_import_source_fk references ticket_source (id),
    file_name       text        not null,
    content         bytea       not null,
    status          text        not null check (status in ('UPLOADED', 'CHECKED', 'RUNNING', 'DONE', 'FAILED')),
    total_rows      integer     not null default 0,
    bad_rows        integer     not null default 0,
    problems        jsonb       not null default '[]',
    skip_bad        boolean     not null default false,
    processed_rows  integer     not null default 0,
    inserted        integer     not null default 0,
    updated         integer     not null default 0,
    unchanged       integer     not null default 0,
    error           text,
    created_by      bigint,
    created_at      timestamptz not null default now(),
    finished_at     timestamptz
);
create index ticket_import_site_idx on ticket_import (site_id, created_at);
--rollback drop table ticket_import;
--rollback drop table ticket_source;
