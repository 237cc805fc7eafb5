--liquibase formatted sql

--changeset onduty:0042
-- One frame an agent grabbed because an admin asked (camera_snapshot command), to draw zones on.
-- Kept only while zones are set up: after expires_at the image is erased (image null, erased_at set);
-- the row stays as the record that a frame was taken. Every view is written to the audit log.
create table camera_snapshot (
    id            bigint generated always as identity primary key,
    camera_id     bigint      not null constraint camera_snapshot_camera_fk references camera (id),
    command_id    bigint      not null constraint camera_snapshot_command_fk references agent_command (id),
    agent_id      bigint      not null constraint camera_snapshot_agent_fk references device_agent (id),
    content_type  text        not null check (content_type = 'image/jpeg'),
    bytes         integer     not null check (bytes > 0),
    image         bytea,
    taken_at      timestamptz not null default now(),
    expires_at    timestamptz not null,
    erased_at     timestamptz,
    constraint camera_snapshot_command_key unique (command_id),
    check ((image is null) = (erased_at is not null))
);
create index camera_snapshot_camera_idx on camera_snapshot (camera_id, taken_at desc);
create index camera_snapshot_live_idx on camera_snapshot (expires_at) where image is not null;
--rollback drop table camera_snapshot;
