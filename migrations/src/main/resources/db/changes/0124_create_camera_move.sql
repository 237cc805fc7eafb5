--liquibase formatted sql

--changeset onduty:0124
-- Each change of a camera's agent, made by an admin. The occupancy timeline reads it: at moved_at the zones of the
-- camera end what the old agent said and are unknown (reason camera_moved) until the new agent says otherwise, and
-- an event of the old agent is taken only when it is dated before the move.
create table camera_move (
    id             bigint generated always as identity primary key,
    camera_id      bigint      not null constraint camera_move_camera_fk references camera (id),
    from_agent_id  bigint      constraint camera_move_from_agent_fk references device_agent (id),
    to_agent_id    bigint      constraint camera_move_to_agent_fk references device_agent (id),
    moved_at       timestamptz not null,
    moved_by       bigint      not null constraint camera_move_user_fk references user_account (id),
    check (from_agent_id is distinct from to_agent_id)
);
create index camera_move_camera_idx on camera_move (camera_id, moved_at);
--rollback drop table camera_move;
