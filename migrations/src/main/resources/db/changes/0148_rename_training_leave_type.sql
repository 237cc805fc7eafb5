--liquibase formatted sql

--changeset onduty:0148
-- The symbol H of the timesheet legend is "Hội nghị, học tập" (meetings, training); official business (công tác) is
-- time worked, not leave. The seeded name said "Học tập, công tác"; an admin's own name is kept.
update leave_type set name_vi = 'Hội nghị, học tập', name_en = 'Meeting, training', updated_at = now()
 where code = 'TRAINING' and name_vi = 'Học tập, công tác';
--rollback update leave_type set name_vi = 'Học tập, công tác', name_en = 'Training, official business' where code = 'TRAINING' and name_vi = 'Hội nghị, học tập';
