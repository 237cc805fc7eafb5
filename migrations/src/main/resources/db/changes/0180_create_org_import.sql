--liquibase formatted sql

--changeset onduty:0180
-- An organisation file (the template's sheets of sites, departments, counters, staff and accounts) on its way in,
-- kept until imported so that the admin can map, check and then import it. mapping is, per table of the file,
-- the kind of record it holds and which column holds which field:
--   {"Cán bộ": {"kind": "STAFF", "columns": {"code": "Mã cán bộ", ...}}, ...}
-- report is what the last check found (per table the rows it would create, change or leave, and the problems by
-- table, row and column); result what the import did, with the accounts it created. CHECKED (report filled),
-- RUNNING, DONE, FAILED.
create table org_import (
    id              bigint generated always as identity primary key,
    file_name       text        not null,
    content         bytea       not null,
    status          text        not null check (status in ('CHECKED', 'RUNNING', 'DONE', 'FAILED')),
    mapping         jsonb       not null default '{}',
    report          jsonb       not null default '{}',
    result          jsonb,
    total_rows      integer     not null default 0,
    bad_rows        integer     not null default 0,
    processed_rows  integer     not null default 0,
    skip_bad        boolean     not null default false,
    error           text,
    created_by      bigint      constraint org_import_created_by_fk references user_account (id),
    created_at      timestamptz not null default now(),
    finished_at     timestamptz
);
create index org_import_created_idx on org_import (created_at);
--rollback drop table org_import;
