--liquibase formatted sql

--changeset onduty:0076
-- What the agent is doing with the camera (streaming, reconnecting, stopped) and how many keyframes it has
-- analysed since it (re)started it, as its heartbeat reports them. Null for a report of an agent that does
-- not send them yet; the server then reads "connected" as streaming or reconnecting.
alter table camera_status
    add column state text constraint camera_status_state_check check (state in ('streaming', 'reconnecting', 'stopped')),
    add column frames_analysed bigint constraint camera_status_frames_analysed_check check (frames_analysed >= 0);
--rollback alter table camera_status drop column frames_analysed, drop column state;
