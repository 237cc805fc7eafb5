--liquibase formatted sql

--changeset onduty:0265 splitStatements:false
-- The nightly retention of raw agent events (RetentionKind.AGENT_EVENTS) deletes an event once it is past its days
-- and nothing was made of it (no punch, no occupancy event). It used to look, every night, through every raw event
-- older than the cut-off, though nearly all of them stay (what was made of them stays): at five times Lào Cai its last
-- batch of a night read 8.8 million pages (docs/growth.md). Now each night goes on from where the last stopped:
-- retention_raw_event_cursor is the key of the last raw event looked at, and retention_freed_event lists the raw
-- events whose punch or occupancy event a run deleted (they may be older than the cursor), for the same night's
-- AGENT_EVENTS step to delete when they too are past its days. A fresh or upgraded database has no cursor: its first
-- night looks through everything once.
-- A raw event may arrive long after it happened (an agent's outbox kept it through a long outage), behind the cursor:
-- one more than 7 days old at its arrival goes on the freed list too. The cursor is never past a night's cut-off, and
-- no cut-off is younger than 7 days (AGENT_EVENTS' least, RetentionKind), so every raw event arriving behind the
-- cursor is on the list. The trigger's condition is checked without calling the function for the rest.
create table retention_raw_event_cursor (
    only_row  boolean     primary key default true check (only_row),
    at        timestamptz not null,
    agent_id  bigint      not null,
    stream    text        not null,
    seq       bigint      not null
);
create table retention_freed_event (
    agent_id  bigint not null,
    stream    text   not null,
    seq       bigint not null,
    constraint retention_freed_event_pkey primary key (agent_id, stream, seq)
);
create function retention_free_late_agent_event() returns trigger language plpgsql as $$
begin
    insert into retention_freed_event (agent_id, stream, seq) values (new.agent_id, new.stream, new.seq)
    on conflict do nothing;
    return null;
end $$;
create trigger agent_event_late after insert on agent_event
    for each row when (new.at < now() - interval '7 days') execute function retention_free_late_agent_event();
--rollback drop trigger agent_event_late on agent_event;
--rollback drop function retention_free_late_agent_event();
--rollback drop table retention_freed_event;
--rollback drop table retention_raw_event_cursor;
