--liquibase formatted sql

--changeset onduty:0040
-- An IP camera of a site, watched by the site's device agent. The username and password are kept here
-- because the agent needs them to open the stream; the server hands them only to that site's agent
-- (GET /api/agent/cameras), never to a person, a log line or the audit log.
create table camera (
    id               bigint generated always as identity primary key,
    site_id          bigint      not null constraint camera_site_fk references site (id),
    name             text        not null check (btrim(name) <> ''),
    url              text        not null check (btrim(url) <> ''),
    username         text,
    password         text,
    timeout_seconds  integer     not null default 5 check (timeout_seconds between 1 and 60),
    enabled          boolean     not null default true,
    note             text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    constraint camera_site_name_key unique (site_id, name)
);
create index camera_site_idx on camera (site_id);

-- The seat of one counter in one camera's image: a polygon of 3-32 points in normalised image
-- coordinates ([[x, y], ...], x to the right, y down, 0..1). A zone is removed, never deleted, because
-- occupancy events and intervals point at it; at most one live zone per counter per camera.
-- calibration_*: the statistics of the agent's last "calibrate empty" for the zone (the reference
-- itself stays in the agent). attention_*: the agent's latest "this zone looks stale" flag.
create table camera_zone (
    id                     bigint generated always as identity primary key,
    camera_id              bigint      not null constraint camera_zone_camera_fk references camera (id),
    counter_id             bigint      not null constraint camera_zone_counter_fk references counter (id),
    polygon                jsonb       not null check (jsonb_typeof(polygon) = 'array'
                                                       and jsonb_array_length(polygon) between 3 and 32),
    calibrated             boolean     not null default false,
    calibration_samples    integer     check (calibration_samples >= 0),
    calibration_mean       double precision,
    calibration_sd         double precision check (calibration_sd >= 0),
    calibration_threshold  double precision,
    calibrated_at          timestamptz,
    attention_reason       text,
    attention_at           timestamptz,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    removed_at             timestamptz
);
create unique index camera_zone_camera_counter_key on camera_zone (camera_id, counter_id) where removed_at is null;
create index camera_zone_counter_idx on camera_zone (counter_id);
--rollback drop table camera_zone;
--rollback drop table camera;
