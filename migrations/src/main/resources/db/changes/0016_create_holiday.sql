--liquibase formatted sql

--changeset onduty:0016
-- A day in a year's official schedule: a day off (public holiday, Tết, compensatory or extra day) or
-- a Saturday/Sunday swapped into a working day (ngày làm bù). site_id null means nationwide; a site's
-- own entry for a date takes precedence over the nationwide one. suggestion names the computed
-- suggestion an entry came from (e.g. tet_1), null when an admin added it.
-- Withdrawn entries (changed after the year was confirmed) stay as history; replaces_id points from
-- the entry that replaced one to the entry it replaced.
create table holiday (
    id               bigint      generated always as identity primary key,
    day              date        not null,
    year             integer     generated always as (extract(year from day)::integer) stored
                                 constraint holiday_year_fk references holiday_year (year),
    site_id          bigint      constraint holiday_site_fk references site (id),
    kind             text        not null check (kind in ('DAY_OFF', 'WORKING_DAY')),
    name             text        not null check (btrim(name) <> ''),
    suggestion       text        check (suggestion is null or (site_id is null and suggestion ~ '^[a-z0-9_-]+$')),
    replaces_id      bigint      constraint holiday_replaces_fk references holiday (id),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    withdrawn_at     timestamptz,
    withdrawn_by     bigint      constraint holiday_withdrawn_by_fk references user_account (id),
    withdraw_reason  text,
    constraint holiday_working_day_on_weekend check (kind <> 'WORKING_DAY' or extract(isodow from day) in (6, 7)),
    constraint holiday_withdrawn_with_reason check (withdrawn_at is null or btrim(coalesce(withdraw_reason, '')) <> '')
);
-- One current entry per date and scope; withdrawn ones do not count.
create unique index holiday_day_key on holiday (day, coalesce(site_id, 0)) where withdrawn_at is null;
-- Filling the suggestions twice adds nothing: each suggestion is stored at most once a year.
create unique index holiday_suggestion_key on holiday (year, suggestion)
    where withdrawn_at is null and suggestion is not null;
create index holiday_year_idx on holiday (year);
--rollback drop table holiday;
