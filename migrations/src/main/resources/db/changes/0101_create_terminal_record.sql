--liquibase formatted sql

--changeset onduty:0101
-- Every attendance record (ATTLOG line) a terminal delivered, exactly once: (terminal, PIN, local time, state) is
-- its identity, so a resent batch, or the whole log uploaded again after the terminal's memory was re-read,
-- inserts nothing. local_time is the terminal's own clock reading, without a zone, as it was sent; it is read in
-- the zone of the terminal's site when the record becomes a punch. The line is kept as it was received.
create table terminal_record (
    id           bigint generated always as identity primary key,
    terminal_id  bigint      not null constraint terminal_record_terminal_fk references terminal (id),
    pin          text        not null check (pin ~ '^[A-Za-z0-9]{1,24}$'),
    local_time   timestamp   not null,
    state        smallint    not null check (state between 0 and 255),
    verify       smallint    check (verify between 0 and 255),
    work_code    text,
    line         text        not null,
    received_at  timestamptz not null default now(),
    constraint terminal_record_key unique (terminal_id, pin, local_time, state)
);
create index terminal_record_terminal_time_idx on terminal_record (terminal_id, local_time);
--rollback drop table terminal_record;
