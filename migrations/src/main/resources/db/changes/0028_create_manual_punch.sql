--liquibase formatted sql

--changeset onduty:0028
-- A punch added by an approved correction (a forgotten punch, a sensor that failed): a record of its own
-- pointing at the request, counted by attendance like a sensor's punch. Sensor punches are never edited.
create table manual_punch (
    id             bigint generated always as identity primary key,
    staff_id       bigint      not null constraint manual_punch_staff_fk references staff (id),
    at             timestamptz not null,
    correction_id  bigint      not null constraint manual_punch_correction_fk references attendance_correction (id),
    created_at     timestamptz not null default now()
);
create index manual_punch_staff_at_idx on manual_punch (staff_id, at);
create index manual_punch_correction_idx on manual_punch (correction_id);
--rollback drop table manual_punch;
