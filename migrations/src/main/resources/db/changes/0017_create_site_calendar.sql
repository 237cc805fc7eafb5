--liquibase formatted sql

--changeset onduty:0017
-- A site's own working-time rules. A site without a row works the default calendar (Mon–Fri
-- 07:30–11:30 and 13:30–17:00). Grace: minutes after a session starts before an in-punch is late,
-- and before it ends that an out-punch is early. Punch window: how long before a session starts an
-- in-punch, and after it ends an out-punch, still count for it.
create table site_calendar (
    site_id                    bigint      primary key constraint site_calendar_site_fk references site (id),
    late_grace_minutes         integer     not null check (late_grace_minutes between 0 and 120),
    early_leave_grace_minutes  integer     not null check (early_leave_grace_minutes between 0 and 120),
    punch_in_before_minutes    integer     not null check (punch_in_before_minutes between 0 and 240),
    punch_out_after_minutes    integer     not null check (punch_out_after_minutes between 0 and 480),
    created_at                 timestamptz not null default now(),
    updated_at                 timestamptz not null default now()
);
--rollback drop table site_calendar;
