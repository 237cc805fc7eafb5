--liquibase formatted sql

--changeset onduty:0012
-- Which officer a (sensor, slot) belonged to, and when. The template itself never leaves the sensor.
create table enrollment (
    id           bigint generated always as identity primary key,
    sensor_id    bigint      not null constraint enrollment_sensor_fk references sensor (id),
    slot         integer     not null check (slot >= 0),
    staff_id     bigint      not null constraint enrollment_staff_fk references staff (id),
    enrolled_at  timestamptz not null,
    removed_at   timestamptz,
    command_id   bigint,
    check (removed_at is null or removed_at >= enrolled_at)
);
-- At most one live enrollment per slot.
create unique index enrollment_live_slot_key on enrollment (sensor_id, slot) where removed_at is null;
create index enrollment_staff_idx on enrollment (staff_id);
--rollback drop table enrollment;
