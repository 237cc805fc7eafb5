--liquibase formatted sql

--changeset onduty:0041
-- Camera commands (take a snapshot, calibrate a zone as empty) have no sensor: sensor_id becomes
-- nullable and each type says which target it needs. result holds what a finished camera command
-- reported (the calibration statistics).
alter table agent_command alter column sensor_id drop not null;
alter table agent_command
    add column camera_id bigint constraint agent_command_camera_fk references camera (id),
    add column zone_id   bigint constraint agent_command_zone_fk references camera_zone (id),
    add column seconds   integer constraint agent_command_seconds_check check (seconds between 10 and 600),
    add column result    jsonb;
alter table agent_command drop constraint agent_command_type_check;
alter table agent_command add constraint agent_command_type_check
    check (type in ('enroll', 'delete_slot', 'camera_snapshot', 'calibrate_zone'));
alter table agent_command add constraint agent_command_target_check check (
    case type
        when 'camera_snapshot' then sensor_id is null and camera_id is not null and zone_id is null
        when 'calibrate_zone' then sensor_id is null and camera_id is not null and zone_id is not null
                                   and seconds is not null
        else sensor_id is not null and camera_id is null and zone_id is null
    end);
create index agent_command_open_camera_idx on agent_command (camera_id)
    where camera_id is not null and status in ('PENDING', 'IN_PROGRESS');
--rollback delete from agent_command where camera_id is not null;
--rollback drop index agent_command_open_camera_idx;
--rollback alter table agent_command drop constraint agent_command_target_check;
--rollback alter table agent_command drop constraint agent_command_type_check;
--rollback alter table agent_command add constraint agent_command_type_check check (type in ('enroll', 'delete_slot'));
--rollback alter table agent_command drop column result, drop column seconds, drop column zone_id, drop column camera_id;
--rollback alter table agent_command alter column sensor_id set not null;
