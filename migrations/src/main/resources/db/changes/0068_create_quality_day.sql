--liquibase formatted sql

--changeset onduty:0068 splitStatements:false
-- The joined measures of finished days, kept so that a month's report computes only today (issue 7's
-- benchmark: a month of a large center read and joined from scratch took 150-350 ms; reading stored days
-- takes a fraction). A stored day is the reading of its inputs as they stood in `snapshot`, the
-- transaction snapshot taken before they were read.
--
-- quality_touch says which days' inputs a transaction changed. The triggers below write it for every
-- input of the measures, so no code path can forget: occupancy intervals, attendance sessions, queue
-- tickets and roster day changes touch the days they cover; changes to counters, camera zones, the
-- roster templates, the calendars, the holidays and a site's time zone touch every day of every site
-- (site_id null, days unbounded): they are rare admin acts.
-- A stored day is valid while every touch of it is visible in its snapshot (pg_visible_in_snapshot:
-- committed before the snapshot was taken). A touch by a transaction still running when the snapshot was
-- taken, or committed after, makes it stale; the report then computes the day again. No locks are taken,
-- so writers never wait on the reports.
-- QualityService deletes stale days and touches older than an hour now and then: this assumes no writing
-- transaction stays open for an hour between its write and its commit.
create table quality_day (
    site_id      bigint      not null constraint quality_day_site_fk references site (id),
    day          date        not null,
    -- The layout of result (JoinedDays.FORMAT); a row of another layout is computed again.
    format       integer     not null,
    snapshot     pg_snapshot not null,
    result       jsonb       not null,
    computed_at  timestamptz not null default now(),
    primary key (site_id, day)
);

create table quality_touch (
    id          bigint      generated always as identity primary key,
    site_id     bigint,
    days        daterange   not null,
    xid         xid8        not null default pg_current_xact_id(),
    touched_at  timestamptz not null default clock_timestamp()
);
create index quality_touch_site_idx on quality_touch (site_id);
create index quality_touch_touched_idx on quality_touch (touched_at);

create function quality_touch_everything() returns trigger
language plpgsql as $$
begin
    insert into quality_touch (site_id, days) values (null, '(,)'::daterange);
    return null;
end
$$;

create function quality_touch_occupancy() returns trigger
language plpgsql as $$
begin
    if tg_op <> 'DELETE' then
        insert into quality_touch (site_id, days)
        select c.site_id, daterange(min((i.started_at at time zone s.time_zone)::date),
                                    max((greatest(i.started_at, coalesce(i.ended_at, now())) at time zone s.time_zone)::date),
                                    '[]')
          from new_rows i join counter c on c.id = i.counter_id join site s on s.id = c.site_id
         group by c.site_id;
    end if;
    if tg_op <> 'INSERT' then
        insert into quality_touch (site_id, days)
        select c.site_id, daterange(min((i.started_at at time zone s.time_zone)::date),
                                    max((greatest(i.started_at, coalesce(i.ended_at, now())) at time zone s.time_zone)::date),
                                    '[]')
          from old_rows i join counter c on c.id = i.counter_id join site s on s.id = c.site_id
         group by c.site_id;
    end if;
    return null;
end
$$;

create function quality_touch_attendance() returns trigger
language plpgsql as $$
begin
    if tg_op <> 'DELETE' then
        insert into quality_touch (site_id, days)
        select site_id, daterange(min(work_date), max(work_date), '[]') from new_rows group by site_id;
    end if;
    if tg_op <> 'INSERT' then
        insert into quality_touch (site_id, days)
        select site_id, daterange(min(work_date), max(work_date), '[]') from old_rows group by site_id;
    end if;
    return null;
end
$$;

create function quality_touch_ticket() returns trigger
language plpgsql as $$
begin
    if tg_op <> 'DELETE' then
        insert into quality_touch (site_id, days)
        select site_id, daterange(min(service_date), max(service_date), '[]') from new_rows group by site_id;
    end if;
    if tg_op <> 'INSERT' then
        insert into quality_touch (site_id, days)
        select site_id, daterange(min(service_date), max(service_date), '[]') from old_rows group by site_id;
    end if;
    return null;
end
$$;

create function quality_touch_roster_change() returns trigger
language plpgsql as $$
begin
    insert into quality_touch (site_id, days)
    select site_id, daterange(min(work_date), max(work_date), '[]') from new_rows group by site_id;
    return null;
end
$$;

create function quality_touch_roster_revocation() returns trigger
language plpgsql as $$
begin
    insert into quality_touch (site_id, days)
    select c.site_id, daterange(min(c.work_date), max(c.work_date), '[]')
      from new_rows r join roster_change c on c.id = r.change_id
     group by c.site_id;
    return null;
end
$$;

create trigger occupancy_interval_touch_insert after insert on occupancy_interval
    referencing new table as new_rows for each statement execute function quality_touch_occupancy();
create trigger occupancy_interval_touch_update after update on occupancy_interval
    referencing new table as new_rows old table as old_rows for each statement execute function quality_touch_occupancy();
create trigger occupancy_interval_touch_delete after delete on occupancy_interval
    referencing old table as old_rows for each statement execute function quality_touch_occupancy();

create trigger attendance_session_touch_insert after insert on attendance_session
    referencing new table as new_rows for each statement execute function quality_touch_attendance();
create trigger attendance_session_touch_update after update on attendance_session
    referencing new table as new_rows old table as old_rows for each statement execute function quality_touch_attendance();
create trigger attendance_session_touch_delete after delete on attendance_session
    referencing old table as old_rows for each statement execute function quality_touch_attendance();

create trigger queue_ticket_touch_insert after insert on queue_ticket
    referencing new table as new_rows for each statement execute function quality_touch_ticket();
create trigger queue_ticket_touch_update after update on queue_ticket
    referencing new table as new_rows old table as old_rows for each statement execute function quality_touch_ticket();
create trigger queue_ticket_touch_delete after delete on queue_ticket
    referencing old table as old_rows for each statement execute function quality_touch_ticket();

-- The roster tables are append-only (0021): inserts are all there is.
create trigger roster_change_touch after insert on roster_change
    referencing new table as new_rows for each statement execute function quality_touch_roster_change();
create trigger roster_change_revocation_touch after insert on roster_change_revocation
    referencing new table as new_rows for each statement execute function quality_touch_roster_revocation();
create trigger roster_template_touch after insert on roster_template
    for each statement execute function quality_touch_everything();
create trigger roster_template_slot_touch after insert on roster_template_slot
    for each statement execute function quality_touch_everything();

-- What a counter handles and whether a camera watches it.
create trigger counter_touch after insert or delete or update of site_id, services, active on counter
    for each statement execute function quality_touch_everything();
create trigger camera_zone_touch after insert or delete or update of counter_id on camera_zone
    for each statement execute function quality_touch_everything();
-- Opening hours: the calendars and the holidays, and the time zone days are cut in.
create trigger site_touch after update of time_zone on site
    for each statement execute function quality_touch_everything();
create trigger holiday_year_touch after insert or update or delete on holiday_year
    for each statement execute function quality_touch_everything();
create trigger holiday_touch after insert or update or delete on holiday
    for each statement execute function quality_touch_everything();
create trigger site_calendar_touch after insert or update or delete on site_calendar
    for each statement execute function quality_touch_everything();
create trigger site_calendar_season_touch after insert or update or delete on site_calendar_season
    for each statement execute function quality_touch_everything();
create trigger site_calendar_session_touch after insert or update or delete on site_calendar_session
    for each statement execute function quality_touch_everything();
create trigger site_duty_saturday_touch after insert or update or delete on site_duty_saturday
    for each statement execute function quality_touch_everything();
--rollback drop trigger site_duty_saturday_touch on site_duty_saturday;
--rollback drop trigger site_calendar_session_touch on site_calendar_session;
--rollback drop trigger site_calendar_season_touch on site_calendar_season;
--rollback drop trigger site_calendar_touch on site_calendar;
--rollback drop trigger holiday_touch on holiday;
--rollback drop trigger holiday_year_touch on holiday_year;
--rollback drop trigger site_touch on site;
--rollback drop trigger camera_zone_touch on camera_zone;
--rollback drop trigger counter_touch on counter;
--rollback drop trigger roster_template_slot_touch on roster_template_slot;
--rollback drop trigger roster_template_touch on roster_template;
--rollback drop trigger roster_change_revocation_touch on roster_change_revocation;
--rollback drop trigger roster_change_touch on roster_change;
--rollback drop trigger queue_ticket_touch_delete on queue_ticket;
--rollback drop trigger queue_ticket_touch_update on queue_ticket;
--rollback drop trigger queue_ticket_touch_insert on queue_ticket;
--rollback drop trigger attendance_session_touch_delete on attendance_session;
--rollback drop trigger attendance_session_touch_update on attendance_session;
--rollback drop trigger attendance_session_touch_insert on attendance_session;
--rollback drop trigger occupancy_interval_touch_delete on occupancy_interval;
--rollback drop trigger occupancy_interval_touch_update on occupancy_interval;
--rollback drop trigger occupancy_interval_touch_insert on occupancy_interval;
--rollback drop function quality_touch_roster_revocation();
--rollback drop function quality_touch_roster_change();
--rollback drop function quality_touch_ticket();
--rollback drop function quality_touch_attendance();
--rollback drop function quality_touch_occupancy();
--rollback drop function quality_touch_everything();
--rollback drop table quality_touch;
--rollback drop table quality_day;
