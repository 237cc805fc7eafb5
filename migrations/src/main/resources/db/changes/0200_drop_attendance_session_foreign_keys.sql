--liquibase formatted sql

--changeset onduty:0200
-- attendance_session holds derived rows, written in one place (AttendanceRecompute) for officers it has just read
-- and locked (for key share, with their home site), and recomputable whole from their inputs. Its three foreign
-- keys were checked row by row on every write: about half of PostgreSQL's time writing a month's rows (62,000
-- rows for 1,000 officers: docs/benchmarks.md, "Attendance at the speed of the database"). What they guarded,
-- that an officer, a site or a correction with attendance rows is not deleted, is guarded by 0201 on the
-- deleting side, where it costs nothing on the rows' write.
alter table attendance_session drop constraint attendance_session_staff_fk,
                               drop constraint attendance_session_site_fk,
                               drop constraint attendance_session_correction_fk;
--rollback alter table attendance_session add constraint attendance_session_staff_fk foreign key (staff_id) references staff (id),
--rollback                                add constraint attendance_session_site_fk foreign key (site_id) references site (id),
--rollback                                add constraint attendance_session_correction_fk foreign key (correction_id) references attendance_correction (id);
