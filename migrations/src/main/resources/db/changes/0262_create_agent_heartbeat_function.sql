--liquibase formatted sql

--changeset onduty:0262 splitStatements:false
-- The version of an agent's camera list (GET /api/agent/cameras, its ETag), read without building the list (which
-- opens every camera's sealed password): a digest of every column the list is made of, so it changes whenever the
-- list does. A row's text form tells a null from an empty string. The list's check and the heartbeat's answer both
-- read it here, so they cannot disagree. PL/pgSQL rather than SQL: it keeps the query's plan for the session, where
-- an SQL function called by a statement plans its query on every call (0.49 against 0.14 ms of PostgreSQL a call,
-- measured on the fleet bench's database, docs/benchmarks.md "Fleet").
create function agent_cameras_version(p_agent bigint) returns text language plpgsql stable as $$
begin
    return (select left(md5(coalesce(string_agg(row(c.id, c.name, c.url, c.username, c.password_sealed,
                                                    c.timeout_seconds, c.enabled, z.id, z.counter_id, k.name,
                                                    z.polygon::text, z.calibrated)::text, ',' order by c.id, z.id),
                                      '')), 16)
              from camera c
              left join camera_zone z on z.camera_id = c.id and z.removed_at is null
              left join counter k on k.id = z.counter_id
             where c.agent_id = p_agent);
end
$$;

-- An agent's heartbeat (docs/agent-protocol.md) in one statement: every agent sends one every 15 s, and as eight
-- statements and a commit, each a round trip, it was most of what an idle fleet cost PostgreSQL (docs/benchmarks.md,
-- "Fleet"). It stores the agent's clock, its sensors' and cameras' state and the heartbeat itself for the crash rule,
-- commits without waiting for the disk (the agent repeats it in 15 s), and returns the camera list's version.
--
-- Unless p_prepared, it first checks that the heartbeat is steady: every sensor it names exists and every camera it
-- names is of the agent's site and, when this agent watches it, has a stored status. If not, it returns null having
-- written nothing, and the server runs the heartbeat's other path (ingest.HeartbeatService): it refuses what must be
-- refused (a sensor over the limit, a camera of another site) and creates the first rows, then calls this with
-- p_prepared in the same transaction.
--
-- p_sensors: [{name, port, connected, capacity, templates, unrecognised_touches, duplicates_ignored, last_error}]
-- p_cameras: [{camera_id, state, connected, last_frame_at, frames_analysed, keyframes_per_minute, reconnects,
--              last_error, zones, codec, width, height, keyframe_interval_seconds, analysis, cpu_percent}]
-- Reports of cameras another agent watches (an agent with an old list) are left out: they must not replace the real
-- agent's.
create function agent_heartbeat(p_agent bigint, p_site bigint, p_offset_ms bigint, p_received timestamptz,
                                p_at timestamptz, p_sensors jsonb, p_cameras jsonb,
                                p_sensor_refresh_seconds bigint, p_camera_refresh_seconds bigint,
                                p_prepared boolean) returns text language plpgsql as $$
declare
    s record;
begin
    if not p_prepared and (
            exists (select 1 from jsonb_to_recordset(coalesce(p_sensors, '[]')) as x(name text)
                     where not exists (select 1 from sensor n where n.agent_id = p_agent and n.name = x.name))
            or exists (select 1 from jsonb_to_recordset(coalesce(p_cameras, '[]')) as r(camera_id bigint)
                         left join camera c on c.id = r.camera_id and c.site_id = p_site
                         left join camera_status st on st.camera_id = c.id
                        where c.id is null or (c.agent_id = p_agent and st.camera_id is null))) then
        return null;
    end if;
    perform set_config('synchronous_commit', 'off', true);

    -- The clock (the agent's time minus the server's at receipt), written when it moved by more than a second or was
    -- last written more than five minutes ago: a heartbeat every 15 s is not a write every 15 s. The agent's row
    -- first, then its sensors' (as event ingest locks them), then the heartbeat and the cameras.
    update device_agent set clock_offset_ms = p_offset_ms, clock_checked_at = p_received
     where id = p_agent
       and (clock_checked_at is null or clock_checked_at < p_received - interval '5 minutes'
            or abs(clock_offset_ms - p_offset_ms) > 1000);

    -- Each sensor's report replaces the stored one (never by an older p_at) when anything in it changed, otherwise
    -- only once the stored one is p_sensor_refresh_seconds old. In name order, as event ingest creates them.
    for s in select * from jsonb_to_recordset(coalesce(p_sensors, '[]'))
                 as x(name text, port text, connected boolean, capacity integer, templates integer,
                      unrecognised_touches bigint, duplicates_ignored bigint, last_error text)
              order by x.name loop
        update sensor
           set port = s.port, connected = s.connected, capacity = s.capacity, templates = s.templates,
               unrecognised_touches = s.unrecognised_touches, duplicates_ignored = s.duplicates_ignored,
               last_error = s.last_error, status_at = p_at
         where agent_id = p_agent and name = s.name and (status_at is null or status_at <= p_at)
           and (status_at is null or status_at <= p_at - p_sensor_refresh_seconds * interval '1 second'
                or (port, connected, capacity, templates, unrecognised_touches, duplicates_ignored, last_error)
                   is distinct from (s.port, s.connected, s.capacity, s.templates, s.unrecognised_touches,
                                     s.duplicates_ignored, s.last_error));
    end loop;

    -- The heartbeat for the crash rule (when the agent was last heard before a moment): the latest is always kept,
    -- and a run of heartbeats at most 20 s apart keeps its first one and at most one row in 20 s after. When the row
    -- before this one has heartbeats at most 20 s away on both sides, that row moves to the new time: one row version
    -- where inserting the new one and deleting the redundant one cost two. Otherwise the heartbeat is a new row.
    with moved as (
        update agent_heartbeat h set at = p_at
         where h.agent_id = p_agent
           and h.at = (select max(p.at) from agent_heartbeat p where p.agent_id = p_agent and p.at < p_at)
           and h.at >= p_at - interval '20 seconds'
           and exists (select 1 from agent_heartbeat q
                        where q.agent_id = p_agent and q.at < h.at and q.at >= h.at - interval '20 seconds')
           and not exists (select 1 from agent_heartbeat r where r.agent_id = p_agent and r.at = p_at)
        returning 1)
    insert into agent_heartbeat (agent_id, at)
    select p_agent, p_at where not exists (select 1 from moved)
    on conflict do nothing;

    -- Each camera's report replaces the stored one (never by an older p_at) when what people read from it changed:
    -- the state, the error, the stream's shape, which agent reports it, or its zones' states; otherwise only once the
    -- stored one is p_camera_refresh_seconds old, which refreshes the counters (frames, CPU) and keeps the camera
    -- from looking silent. A steady camera thus costs a write every few heartbeats, not every one.
    update camera_status st
       set agent_id = p_agent, state = r.state, connected = r.connected, last_frame_at = r.last_frame_at,
           frames_analysed = r.frames_analysed, keyframes_per_minute = r.keyframes_per_minute,
           reconnects = r.reconnects, last_error = r.last_error, zones = r.zones,
           reported_at = p_at, received_at = p_received, codec = r.codec, width = r.width,
           height = r.height, keyframe_interval_seconds = r.keyframe_interval_seconds, analysis = r.analysis,
           cpu_percent = r.cpu_percent
      from jsonb_to_recordset(coalesce(p_cameras, '[]')) as r(camera_id bigint, state text, connected boolean,
               last_frame_at timestamptz, frames_analysed bigint, keyframes_per_minute double precision,
               reconnects bigint, last_error text, zones jsonb, codec text, width integer, height integer,
               keyframe_interval_seconds double precision, analysis text, cpu_percent double precision)
      join camera c on c.id = r.camera_id and c.agent_id = p_agent
     where st.camera_id = r.camera_id and st.reported_at <= p_at
       and (st.received_at <= p_received - p_camera_refresh_seconds * interval '1 second'
            or (st.agent_id, st.state, st.connected, st.last_error, st.codec, st.width, st.height, st.analysis)
               is distinct from (p_agent, r.state, r.connected, r.last_error, r.codec, r.width, r.height, r.analysis)
            or jsonb_path_query_array(st.zones, '$[*].id') || jsonb_path_query_array(st.zones, '$[*].state')
               || jsonb_path_query_array(st.zones, '$[*].since')
               is distinct from
               jsonb_path_query_array(r.zones, '$[*].id') || jsonb_path_query_array(r.zones, '$[*].state')
               || jsonb_path_query_array(r.zones, '$[*].since'));

    return agent_cameras_version(p_agent);
end
$$;
--rollback drop function agent_heartbeat(bigint, bigint, bigint, timestamptz, timestamptz, jsonb, jsonb, bigint, bigint, boolean);
--rollback drop function agent_cameras_version(bigint);
