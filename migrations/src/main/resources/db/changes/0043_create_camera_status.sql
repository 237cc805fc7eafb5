--liquibase formatted sql

--changeset onduty:0043
-- The latest state of each camera as its agent's heartbeat reported it (state, not history).
-- reported_at is the agent's clock; received_at the server's, which the live board uses to call an
-- agent silent.
create table camera_status (
    camera_id             bigint      primary key constraint camera_status_camera_fk references camera (id),
    agent_id              bigint      not null constraint camera_status_agent_fk references device_agent (id),
    connected             boolean     not null,
    last_frame_at         timestamptz,
    keyframes_per_minute  double precision,
    reconnects            bigint,
    last_error            text,
    zones                 jsonb       not null default '[]',
    reported_at           timestamptz not null,
    received_at           timestamptz not null
);

-- When each agent's heartbeats said it was alive, for the crash rule: an interval left open by an agent
-- that crashed ends at the agent's last heartbeat before its restart. A heartbeat with others at most
-- 20 s before and after it says nothing they do not, so it is dropped when the next one arrives; what
-- stays is every heartbeat that begins or ends a run, plus the latest ones.
create table agent_heartbeat (
    agent_id  bigint      not null constraint agent_heartbeat_agent_fk references device_agent (id),
    at        timestamptz not null,
    constraint agent_heartbeat_pkey primary key (agent_id, at)
);
--rollback drop table agent_heartbeat;
--rollback drop table camera_status;
