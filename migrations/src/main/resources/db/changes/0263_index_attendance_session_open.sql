--liquibase formatted sql

--changeset onduty:0263
-- The attendance refresh's rounds between its full passes look only for sessions still OPEN although they ended
-- (AttendanceDao.ended): the open ones are today's at most, so this index stays small where the full pass reads every
-- officer's recent days.
create index attendance_session_open_ends_idx on attendance_session (ends_at) where status = 'OPEN';
--rollback drop index attendance_session_open_ends_idx;
