--liquibase formatted sql

--changeset onduty:0013
-- A recognised touch on a sensor. staff_id is the officer enrolled in (sensor, slot) at that moment;
-- null when nobody was, until an admin resolves it (punch_resolution), never dropped.
create table punch (
    id             bigint generated always as identity primary key,
    agent_id       bigint      not null,
    stream         text        not null,
    seq            bigint      not null,
    sensor_id      bigint      not null constraint punch_sensor_fk references sensor (id),
    slot           integer     not null check (slot >= 0),
    score          integer     not null check (score >= 0),
    at             timestamptz not null,
    staff_id       bigint      constraint punch_staff_fk references staff (id),
    enrollment_id  bigint      constraint punch_enrollment_fk references enrollment (id),
    received_at    timestamptz not null default now(),
    constraint punch_event_key unique (agent_id, stream, seq),
    constraint punch_event_fk foreign key (agent_id, stream, seq) references agent_event (agent_id, stream, seq)
);
create index punch_staff_at_idx on punch (staff_id, at);
create index punch_at_idx on punch (at);
create index punch_unresolved_idx on punch (at) where staff_id is null;

-- An admin's answer to "whose touch was this?" for a punch from an unknown slot: a new record, the punch is not edited.
create table punch_resolution (
    id           bigint generated always as identity primary key,
    punch_id     bigint      not null constraint punch_resolution_punch_fk references punch (id),
    staff_id     bigint      not null constraint punch_resolution_staff_fk references staff (id),
    resolved_by  bigint      not null constraint punch_resolution_user_fk references user_account (id),
    resolved_at  timestamptz not null default now(),
    note         text,
    constraint punch_resolution_punch_key unique (punch_id)
);
--rollback drop table punch_resolution;
--rollback drop table punch;
