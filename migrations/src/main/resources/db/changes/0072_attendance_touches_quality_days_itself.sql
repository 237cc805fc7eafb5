--liquibase formatted sql

--changeset onduty:0072 splitStatements:false
-- Attendance rows are derived data written in one place, AttendanceRecompute, which now writes its own
-- quality_touch row (the sites and days it changes) in the same transaction. The statement triggers of
-- 0068 on attendance_session went: their transition tables made a month's recompute for 1,000 officers
-- about 15 % slower (./onduty bench attendance: 2,033 ms without them, 2,356 ms with them, best of 3).
drop trigger attendance_session_touch_insert on attendance_session;
drop trigger attendance_session_touch_update on attendance_session;
drop trigger attendance_session_touch_delete on attendance_session;
drop function quality_touch_attendance();
--rollback create function quality_touch_attendance() returns trigger
--rollback language plpgsql as $$
--rollback begin
--rollback     if tg_op <> 'DELETE' then
--rollback         insert into quality_touch (site_id, days)
--rollback         select site_id, daterange(min(work_date), max(work_date), '[]') from new_rows group by site_id;
--rollback     end if;
--rollback     if tg_op <> 'INSERT' then
--rollback         insert into quality_touch (site_id, days)
--rollback         select site_id, daterange(min(work_date), max(work_date), '[]') from old_rows group by site_id;
--rollback     end if;
--rollback     return null;
--rollback end
--rollback $$;
--rollback create trigger attendance_session_touch_insert after insert on attendance_session
--rollback     referencing new table as new_rows for each statement execute function quality_touch_attendance();
--rollback create trigger attendance_session_touch_update after update on attendance_session
--rollback     referencing new table as new_rows old table as old_rows for each statement execute function quality_touch_attendance();
--rollback create trigger attendance_session_touch_delete after delete on attendance_session
--rollback     referencing old table as old_rows for each statement execute function quality_touch_attendance();
