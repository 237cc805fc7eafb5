--liquibase formatted sql

--changeset onduty:0102
-- A line a terminal sent that cannot be read as a record, with the reason, kept for an admin once per distinct
-- line: sent again (a resent batch), it only counts again. The rest of its batch is stored all the same.
-- reason_code names the kind of problem (for the pages to translate), reason says it in English.
create table terminal_rejected_line (
    id             bigint generated always as identity primary key,
    terminal_id    bigint      not null constraint terminal_rejected_line_terminal_fk references terminal (id),
    table_name     text        not null,
    line           text        not null,
    line_md5       text        not null generated always as (md5(line)) stored,
    reason_code    text        not null,
    reason         text        not null,
    first_seen_at  timestamptz not null default now(),
    last_seen_at   timestamptz not null default now(),
    times_seen     integer     not null default 1 check (times_seen > 0),
    constraint terminal_rejected_line_key unique (terminal_id, table_name, line_md5)
);
--rollback drop table terminal_rejected_line;
