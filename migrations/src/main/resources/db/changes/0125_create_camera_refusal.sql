--liquibase formatted sql

--changeset onduty:0125
-- Occupancy and zone events the server refused because the agent that sent them does not watch the camera (another
-- agent of the site, one that kept an old list, one the camera was moved away from): counted per camera and
-- agent with the last reason, for the camera's page and GET /api/cameras. The agent parks the events it was
-- refused; nothing of them is stored here but the count.
create table camera_refusal (
    camera_id        bigint      not null constraint camera_refusal_camera_fk references camera (id),
    agent_id         bigint      not null constraint camera_refusal_agent_fk references device_agent (id),
    refused          bigint      not null check (refused > 0),
    last_refused_at  timestamptz not null,
    last_reason      text        not null,
    constraint camera_refusal_pkey primary key (camera_id, agent_id)
);
--rollback drop table camera_refusal;
