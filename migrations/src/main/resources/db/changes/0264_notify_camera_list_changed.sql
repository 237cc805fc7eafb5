--liquibase formatted sql

--changeset onduty:0264 splitStatements:false
-- An agent's camera list (GET /api/agent/cameras) is read from camera, camera_zone and counter (agent_cameras_version
-- names every column of it). Each server instance keeps the list's version of the agents it has answered in memory
-- (camera/CameraListVersions), so that a heartbeat need not compute it: a third of a steady heartbeat's PostgreSQL
-- time, every 15 s for every agent (docs/benchmarks.md, "Fleet"). A change to any of those columns notifies channel
-- camera_list with each agent whose list it changes (the agent a camera leaves and the one it goes to), delivered at
-- commit to every listening instance, which forgets that agent's version. Nothing is locked or written: a zone edit
-- and the agent's occupancy events (which lock the agent's row, then the zones) cannot wait on each other here.
-- A zone's attention flag and calibration statistics are not in the list and notify nothing.
create function notify_camera_list_changed() returns trigger language plpgsql as $$
declare
    a bigint;
begin
    if tg_table_name = 'camera' then
        if tg_op <> 'INSERT' and old.agent_id is not null then
            perform pg_notify('camera_list', old.agent_id::text);
        end if;
        if tg_op <> 'DELETE' and new.agent_id is not null then
            perform pg_notify('camera_list', new.agent_id::text);
        end if;
    elsif tg_table_name = 'camera_zone' then
        for a in select c.agent_id from camera c
                  where c.agent_id is not null
                    and c.id in (case when tg_op <> 'INSERT' then old.camera_id end,
                                 case when tg_op <> 'DELETE' then new.camera_id end) loop
            perform pg_notify('camera_list', a::text);
        end loop;
    else
        for a in select distinct c.agent_id from camera_zone z join camera c on c.id = z.camera_id
                  where z.counter_id = new.id and z.removed_at is null and c.agent_id is not null loop
            perform pg_notify('camera_list', a::text);
        end loop;
    end if;
    return null;
end
$$;
create trigger camera_list_changed
    after insert or delete or update of agent_id, site_id, name, url, username, password_sealed, timeout_seconds, enabled
    on camera for each row execute function notify_camera_list_changed();
create trigger camera_zone_list_changed
    after insert or delete or update of camera_id, counter_id, polygon, calibrated, removed_at
    on camera_zone for each row execute function notify_camera_list_changed();
create trigger counter_list_changed after update of name on counter
    for each row execute function notify_camera_list_changed();

-- agent_heartbeat (0262) with p_version: false when the server knows the camera list's version already, which then
-- returns '' for a stored heartbeat instead of computing it (null still means "not steady, nothing stored"). The ten
-- argument form (0262) stays as it is for a server of the previous release during an upgrade. The body is 0262's.
create function agent_heartbeat(p_agent bigint, p_site bigint, p_offset_ms bigint, p_received timestamptz,
                                p_at timestamptz, p_sensors jsonb, p_cameras jsonb,
                                p_sensor_refresh_seconds bigint, p_camera_refresh_seconds bigint,
                                p_prepared boolean, p_version boolean) returns text language plpgsql as $$
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

    update device_agent set clock_offset_ms = p_offset_ms, clock_checked_at = p_received
     where id = p_agent
       and (clock_checked_at is null or clock_checked_at < p_received - interval '5 minutes'
            or abs(clock_offset_ms - p_offset_ms) > 1000);

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

    if p_version then
        return agent_cameras_version(p_agent);
    end if;
    return '';
end
$$;
--rollback drop function agent_heartbeat(bigint, bigint, bigint, timestamptz, timestamptz, jsonb, jsonb, bigint, bigint, boolean, boolean);
--rollback drop trigger counter_list_changed on counter;
--rollback drop trigger camera_zone_list_changed on camera_zone;
--rollback drop trigger camera_list_changed on camera;
--rollback drop function notify_camera_list_changed();
