--liquibase formatted sql

--changeset onduty:0121
-- FFmpeg repeats the URL it could not open, user and password included, and agents passed such messages on:
-- into camera_status.last_error, sensor.last_error, the commands' progress and errors, and the events' payloads.
-- The server now removes the user info of every URL before it stores a message (Credentials.scrub); this does
-- the same to what was stored before. The audit log is append-only and keeps what it recorded.
update camera_status
   set last_error = regexp_replace(last_error, '([A-Za-z][A-Za-z0-9+.-]*://)[^/[:space:]?#"''<>\\`]*@', '\1', 'g')
 where last_error ~ '://[^/[:space:]?#"''<>\\`]*@';
update sensor
   set last_error = regexp_replace(last_error, '([A-Za-z][A-Za-z0-9+.-]*://)[^/[:space:]?#"''<>\\`]*@', '\1', 'g')
 where last_error ~ '://[^/[:space:]?#"''<>\\`]*@';
update agent_command
   set error = regexp_replace(error, '([A-Za-z][A-Za-z0-9+.-]*://)[^/[:space:]?#"''<>\\`]*@', '\1', 'g')
 where error ~ '://[^/[:space:]?#"''<>\\`]*@';
update agent_command
   set message = regexp_replace(message, '([A-Za-z][A-Za-z0-9+.-]*://)[^/[:space:]?#"''<>\\`]*@', '\1', 'g')
 where message ~ '://[^/[:space:]?#"''<>\\`]*@';
update agent_event
   set payload = cast(regexp_replace(payload::text, '([A-Za-z][A-Za-z0-9+.-]*://)[^/[:space:]?#"''<>\\`]*@', '\1', 'g') as jsonb)
 where payload::text ~ '://[^/[:space:]?#"''<>\\`]*@';
--rollback select 1; -- the credentials removed are not kept anywhere to put back
