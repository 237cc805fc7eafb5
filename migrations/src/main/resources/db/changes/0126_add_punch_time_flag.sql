--liquibase formatted sql

--changeset onduty:0126
-- A punch whose device time cannot be believed (DeviceTimeCheck: more than deviceTime.maxAhead ahead of the server's
-- clock when it arrived, or earlier than deviceTime.horizon before it; a terminal with a flat clock battery says
-- 2000-01-01) is stored as it came, flagged here, and counts for nothing in attendance until an admin accepts it
-- (punch_time_acceptance). Punches stored before this change were all believed: they stay unflagged.
alter table punch add column time_flag text constraint punch_time_flag_check check (time_flag in ('ahead', 'before_horizon'));
create index punch_time_flag_idx on punch (received_at) where time_flag is not null;
--rollback drop index punch_time_flag_idx;
--rollback alter table punch drop column time_flag;
