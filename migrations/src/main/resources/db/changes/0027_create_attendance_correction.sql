--liquibase formatted sql

--changeset onduty:0027
-- An officer's request to correct a day, and a supervisor's decision on it. MISSING_PUNCH and SENSOR_FAILURE
-- carry the in and/or out moment to add (an approval writes them as manual punches pointing here; the
-- sensor's punches are never edited); OFFICIAL_BUSINESS names the parts worked outside (an approval makes
-- those sessions OFFICIAL_BUSINESS with correction_id pointing here).
create table attendance_correction (
    id                bigint generated always as identity primary key,
    staff_id          bigint      not null constraint attendance_correction_staff_fk references staff (id),
    work_date         date        not null,
    kind              text        not null check (kind in ('MISSING_PUNCH', 'SENSOR_FAILURE', 'OFFICIAL_BUSINESS')),
    in_at             timestamptz,
    out_at            timestamptz,
    parts             text        check (parts in ('MORNING', 'AFTERNOON', 'BOTH')),
    reason            text        not null check (btrim(reason) <> ''),
    status            text        not null default 'PENDING'
                                  check (status in ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED')),
    requested_by      bigint      not null constraint attendance_correction_requester_fk references user_account (id),
    requested_at      timestamptz not null default now(),
    decided_by        bigint      constraint attendance_correction_decider_fk references user_account (id),
    decided_at        timestamptz,
    decision_comment  text,
    constraint attendance_correction_what check (
        case when kind = 'OFFICIAL_BUSINESS' then parts is not null and in_at is null and out_at is null
             else parts is null and (in_at is not null or out_at is not null) end),
    constraint attendance_correction_order check (in_at is null or out_at is null or in_at < out_at),
    constraint attendance_correction_decision check (
        (status in ('PENDING', 'CANCELLED')) = (decided_by is null)
        and (decided_by is null) = (decided_at is null))
);
-- An officer has at most one pending request per day: a second one would be decided against a stale first.
create unique index attendance_correction_one_pending_key on attendance_correction (staff_id, work_date)
    where status = 'PENDING';
create index attendance_correction_staff_date_idx on attendance_correction (staff_id, work_date);
create index attendance_correction_pending_idx on attendance_correction (requested_at) where status = 'PENDING';

alter table attendance_session add constraint attendance_session_correction_fk
    foreign key (correction_id) references attendance_correction (id);
--rollback alter table attendance_session drop constraint attendance_session_correction_fk;
--rollback drop table attendance_correction;
