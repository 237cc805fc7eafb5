--liquibase formatted sql

--changeset onduty:0018
-- A season: a date range that recurs every year (inclusive, may wrap the new year, e.g. winter hours
-- 16 Oct – 15 Apr) with its own weekly sessions, which replace the site's default ones on its dates.
create table site_calendar_season (
    id            bigint      generated always as identity primary key,
    site_id       bigint      not null constraint site_calendar_season_site_fk references site_calendar (site_id),
    position      smallint    not null check (position >= 0),
    name          text        not null check (btrim(name) <> ''),
    starts_month  smallint    not null check (starts_month between 1 and 12),
    starts_day    smallint    not null check (starts_day between 1 and 31),
    ends_month    smallint    not null check (ends_month between 1 and 12),
    ends_day      smallint    not null check (ends_day between 1 and 31),
    constraint site_calendar_season_name_key unique (site_id, name)
);

-- A session of a weekday (ISO: 1 Monday .. 7 Sunday): the site's default week when season_id is null.
create table site_calendar_session (
    id         bigint   generated always as identity primary key,
    site_id    bigint   not null constraint site_calendar_session_site_fk references site_calendar (site_id),
    season_id  bigint   constraint site_calendar_session_season_fk references site_calendar_season (id),
    weekday    smallint not null check (weekday between 1 and 7),
    part       text     not null check (part in ('MORNING', 'AFTERNOON')),
    starts_at  time     not null,
    ends_at    time     not null,
    constraint site_calendar_session_ordered check (starts_at < ends_at)
);
create unique index site_calendar_session_key on site_calendar_session (site_id, coalesce(season_id, 0), weekday, part);
--rollback drop table site_calendar_session;
--rollback drop table site_calendar_season;
