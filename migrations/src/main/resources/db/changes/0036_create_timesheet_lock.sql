--liquibase formatted sql

--changeset onduty:0036
-- A month's timesheet as filed: locking freezes the sheet (snapshot) of a site, or of one department at a site,
-- so that what was signed is what is shown. Unlocking needs an admin and a reason; the row is kept (unlocked_*),
-- and a new lock is a new row. At most one lock in force per (site, department or whole site, month).
create table timesheet_lock (
    id             bigint generated always as identity primary key,
    site_id        bigint      not null constraint timesheet_lock_site_fk references site (id),
    department_id  bigint      constraint timesheet_lock_department_fk references department (id),
    month          date        not null check (extract(day from month) = 1),
    snapshot       jsonb       not null,
    locked_by      bigint      not null constraint timesheet_lock_locked_by_fk references user_account (id),
    locked_at      timestamptz not null,
    unlocked_by    bigint      constraint timesheet_lock_unlocked_by_fk references user_account (id),
    unlocked_at    timestamptz,
    unlock_reason  text,
    check ((unlocked_at is null) = (unlocked_by is null)),
    check (unlocked_at is null or btrim(coalesce(unlock_reason, '')) <> '')
);
create unique index timesheet_lock_in_force_key on timesheet_lock (site_id, coalesce(department_id, 0), month)
    where unlocked_at is null;
--rollback drop table timesheet_lock;
