--liquibase formatted sql

--changeset onduty:0065
-- A queue ticket as the queue system reports it, one row per site, service day and ticket number: a
-- later report of the same ticket (called, ended, rated) is merged into the row, a field it leaves
-- out keeps what an earlier report said. wait_seconds and service_seconds are derived here so the
-- reports aggregate them in SQL.
-- rating is what the citizen pressed on rating_scale (STARS5: 1..5 stars, LEVELS3: 1 unsatisfied,
-- 2 neutral, 3 satisfied); rating_score is its reading on one scale, 0..100 (1 star 0, 5 stars 100;
-- 3 levels 0, 50, 100), and a score of 75 or more counts as satisfied.
create table queue_ticket (
    id               bigint generated always as identity primary key,
    site_id          bigint      not null constraint queue_ticket_site_fk references site (id),
    service_date     date        not null,
    number           text        not null check (btrim(number) <> ''),
    service          text,
    counter_id       bigint      constraint queue_ticket_counter_fk references counter (id),
    staff_id         bigint      constraint queue_ticket_staff_fk references staff (id),
    issued_at        timestamptz not null,
    called_at        timestamptz,
    started_at       timestamptz,
    ended_at         timestamptz,
    outcome          text        check (outcome in ('SERVED', 'NO_SHOW', 'TRANSFERRED')),
    rating           smallint,
    rating_scale     text        check (rating_scale in ('STARS5', 'LEVELS3')),
    rating_score     smallint    generated always as (case
                         when rating_scale = 'STARS5' then (rating - 1) * 25
                         when rating_scale = 'LEVELS3' then (rating - 1) * 50 end) stored,
    wait_seconds     integer     generated always as (
                         extract(epoch from coalesce(called_at, started_at) - issued_at)::integer) stored,
    service_seconds  integer     generated always as (
                         extract(epoch from ended_at - coalesce(started_at, called_at))::integer) stored,
    source           text        not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    constraint queue_ticket_key unique (site_id, service_date, number),
    constraint queue_ticket_rating check ((rating is null) = (rating_scale is null)
        and (rating_scale is distinct from 'STARS5' or rating between 1 and 5)
        and (rating_scale is distinct from 'LEVELS3' or rating between 1 and 3)),
    constraint queue_ticket_times check ((called_at is null or called_at >= issued_at)
        and (started_at is null or started_at >= issued_at)
        and (ended_at is null or ended_at >= coalesce(started_at, called_at, issued_at)))
);
create index queue_ticket_site_date_idx on queue_ticket (site_id, service_date);
create index queue_ticket_counter_date_idx on queue_ticket (counter_id, service_date);
create index queue_ticket_staff_date_idx on queue_ticket (staff_id, service_date);
--rollback drop table queue_ticket;
