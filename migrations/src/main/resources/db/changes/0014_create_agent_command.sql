--liquibase formatted sql

--changeset onduty:0014
-- Work an admin asked an agent to do on a sensor (enroll an officer, delete a slot), with its live progress.
create table agent_command (
    id             bigint generated always as identity primary key,
    agent_id       bigint      not null constraint agent_command_agent_fk references device_agent (id),
    sensor_id      bigint      not null constraint agent_command_sensor_fk references sensor (id),
    type           text        not null check (type in ('enroll', 'delete_slot')),
    staff_id       bigint      constraint agent_command_staff_fk references staff (id),
    slot           integer     check (slot >= 0),
    enrollment_id  bigint      constraint agent_command_enrollment_fk references enrollment (id),
    status         text        not null default 'PENDING'
                               check (status in ('PENDING', 'IN_PROGRESS', 'DONE', 'FAILED', 'CANCELLED')),
    step           text,
    message        text,
    result_slot    integer,
    error          text,
    created_by     bigint      not null constraint agent_command_user_fk references user_account (id),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    finished_at    timestamptz,
    check (type <> 'enroll' or staff_id is not null),
    check (type <> 'delete_slot' or (slot is not null and enrollment_id is not null))
);
create index agent_command_open_idx on agent_command (agent_id) where status in ('PENDING', 'IN_PROGRESS');
--rollback drop table agent_command;
