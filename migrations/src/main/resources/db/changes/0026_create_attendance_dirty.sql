--liquibase formatted sql

--changeset onduty:0026
-- Officer-days whose attendance must be recomputed: written in the same transaction as the change that
-- makes them stale (punches stored or resolved, corrections approved, calendar changes), drained by the
-- attendance worker and, for the range asked, by every read. A key already queued is left as it is, so a
-- batch costs one insert per distinct officer-day however many punches it holds.
create table attendance_dirty (
    staff_id   bigint      not null constraint attendance_dirty_staff_fk references staff (id),
    work_date  date        not null,
    queued_at  timestamptz not null default now(),
    primary key (staff_id, work_date)
);
--rollback drop table attendance_dirty;
