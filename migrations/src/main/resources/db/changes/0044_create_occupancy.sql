--liquibase formatted sql

--changeset onduty:0044
create extension if not exists btree_gist;

-- Each occupancy event as delivered (one per agent event): from `at` on, the zone is in `state`.
create table occupancy_event (
    agent_id    bigint      not null,
    stream      text        not null,
    seq         bigint      not null,
    camera_id   bigint      not null constraint occupancy_event_camera_fk references camera (id),
    zone_id     bigint      not null constraint occupancy_event_zone_fk references camera_zone (id),
    counter_id  bigint      not null constraint occupancy_event_counter_fk references counter (id),
    state       text        not null check (state in ('occupied', 'empty', 'unknown')),
    reason      text        check (reason in ('agent_start', 'stream_lost', 'global_change', 'not_calibrated',
                                              'camera_removed')),
    score       double precision,
    at          timestamptz not null,
    constraint occupancy_event_pkey primary key (agent_id, stream, seq),
    constraint occupancy_event_agent_event_fk foreign key (agent_id, stream, seq)
        references agent_event (agent_id, stream, seq),
    check ((state = 'unknown') = (reason is not null))
);
create index occupancy_event_zone_at_idx on occupancy_event (zone_id, at);

-- The reading of the events: per zone, what it was from started_at until ended_at (null while open).
-- Derived data, rebuilt for a zone from the earliest point a new batch touches, so late and
-- out-of-order batches give the same intervals as punctual ones. The exclusion constraint holds
-- the rule that a zone's intervals never overlap. reason 'agent_crash' marks the gap the server
-- itself closes: from the agent's last heartbeat before its restart to the restart.
create table occupancy_interval (
    id          bigint generated always as identity primary key,
    zone_id     bigint      not null constraint occupancy_interval_zone_fk references camera_zone (id),
    counter_id  bigint      not null constraint occupancy_interval_counter_fk references counter (id),
    camera_id   bigint      not null constraint occupancy_interval_camera_fk references camera (id),
    state       text        not null check (state in ('occupied', 'empty', 'unknown')),
    reason      text,
    started_at  timestamptz not null,
    ended_at    timestamptz,
    check (ended_at is null or ended_at > started_at),
    check ((state = 'unknown') = (reason is not null)),
    constraint occupancy_interval_no_overlap
        exclude using gist (zone_id with =, tstzrange(started_at, ended_at, '[)') with &&)
);
create index occupancy_interval_counter_idx on occupancy_interval (counter_id, started_at);
--rollback drop table occupancy_interval;
--rollback drop table occupancy_event;
