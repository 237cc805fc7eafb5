--liquibase formatted sql

--changeset onduty:0211
-- A zone may be calibrated from a snapshot the admin picked because the seat was empty in it (a seat in front
-- of a busy walkway is never still long enough to sample): calibrate_zone then names that snapshot instead of
-- a number of seconds to sample.
alter table agent_command
    add column snapshot_id bigint constraint agent_command_snapshot_fk references camera_snapshot (id);
alter table agent_command drop constraint agent_command_target_check;
alter table agent_command add constraint agent_command_target_check check (
    case type
        when 'camera_snapshot' then sensor_id is null and camera_id is not null and zone_id is null
                                    and snapshot_id is null
        when 'calibrate_zone' then sensor_id is null and camera_id is not null and zone_id is not null
                                   and (seconds is null) <> (snapshot_id is null)
        else sensor_id is not null and camera_id is null and zone_id is null and snapshot_id is null
    end);
--rollback delete from agent_command where snapshot_id is not null;
--rollback alter table agent_command drop constraint agent_command_target_check;
--rollback alter table agent_command add constraint agent_command_target_check check (case type when 'camera_snapshot' then sensor_id is null and camera_id is not null and zone_id is null when 'calibrate_zone' then sensor_id is null and camera_id is not null and zone_id is not null and seconds is not null else sensor_id is not null and camera_id is null and zone_id is null end);
--rollback alter table agent_command drop column snapshot_id;
