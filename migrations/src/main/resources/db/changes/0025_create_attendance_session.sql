--liquibase formatted sql

--changeset onduty:0025
-- What one officer did in one session of one day, computed from punches, the working calendar, leave and
-- approved corrections. Derived data: recomputed (replaced whole per officer and day) whenever an input
-- changes; the inputs are the record, this is their reading. The timesheet, the "today" board and the
-- lateness summary read it.
-- status: WORKED (in and out, or in with the out forgiven), LATE (came after the grace), ABSENT (scheduled,
-- no punch, no leave), LEAVE (leave_code says which), HOLIDAY, DUTY (worked a duty Saturday), OFFICIAL_BUSINESS
-- (an approved correction says the officer worked outside), NOT_SCHEDULED (no session for this officer),
-- OPEN (today's session that has not ended yet: not final).
create table attendance_session (
    staff_id             bigint      not null constraint attendance_session_staff_fk references staff (id),
    work_date            date        not null,
    part                 text        not null check (part in ('MORNING', 'AFTERNOON')),
    site_id              bigint      not null constraint attendance_session_site_fk references site (id),
    status               text        not null check (status in ('WORKED', 'LATE', 'ABSENT', 'LEAVE', 'HOLIDAY', 'DUTY',
                                                                'OFFICIAL_BUSINESS', 'NOT_SCHEDULED', 'OPEN')),
    starts_at            timestamptz,
    ends_at              timestamptz,
    in_at                timestamptz,
    out_at               timestamptz,
    late_minutes         integer     not null default 0 check (late_minutes >= 0),
    early_leave_minutes  integer     not null default 0 check (early_leave_minutes >= 0),
    missing              text        check (missing in ('IN', 'OUT', 'BOTH')),
    leave_code           text,
    correction_id        bigint,
    computed_at          timestamptz not null default now(),
    primary key (staff_id, work_date, part),
    check (status <> 'LEAVE' or leave_code is not null),
    check (out_at is null or in_at is null or out_at >= in_at)
);
create index attendance_session_site_date_idx on attendance_session (site_id, work_date);
--rollback drop table attendance_session;
