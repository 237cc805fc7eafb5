--liquibase formatted sql

--changeset onduty:0182
-- One nightly retention run per day, whichever server instance claims it first (run_date is unique). removed is
-- per kind what it deleted and the cut-off it deleted before: {"AGENT_EVENTS": {"removed": 120, "before": "..."}}.
create table retention_run (
    id           bigint generated always as identity primary key,
    run_date     date        not null,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    removed      jsonb       not null default '{}',
    error        text,
    constraint retention_run_date_key unique (run_date)
);
--rollback drop table retention_run;
