--liquibase formatted sql

--changeset onduty:0128
-- How far the agent's clock was from the server's (agent minus server, milliseconds) when its heartbeat last said so,
-- for its page: an agent whose clock drifts stamps punches that may be flagged (0126).
alter table device_agent add column clock_offset_ms bigint, add column clock_checked_at timestamptz;
--rollback alter table device_agent drop column clock_checked_at, drop column clock_offset_ms;
