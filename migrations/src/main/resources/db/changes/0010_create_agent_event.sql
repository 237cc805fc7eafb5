--liquibase formatted sql

--changeset onduty:0010
-- Every event a device agent delivered, exactly once: (agent, stream, seq) is its identity, so a
-- re-sent batch inserts nothing. The payload is kept as sent, for audit and reprocessing.
create table agent_event (
    agent_id    bigint      not null constraint agent_event_agent_fk references device_agent (id),
    stream      text        not null check (stream ~ '^[a-z0-9._-]{1,64}$'),
    seq         bigint      not null check (seq > 0),
    type        text        not null,
    at          timestamptz not null,
    payload     jsonb       not null,
    received_at timestamptz not null default now(),
    constraint agent_event_pkey primary key (agent_id, stream, seq)
);
--rollback drop table agent_event;
