--liquibase formatted sql

--changeset onduty:0261
-- Every punch finds the enrollment that held its (sensor, slot) at the moment of the touch, removed ones included
-- (IngestDao.insertPunches). Only live enrollments had an index on (sensor_id, slot), so each punch read the whole
-- enrollment table: 14 ms of PostgreSQL CPU per punch with 102,000 enrollments in the fleet benchmark, which made
-- the morning peak of 110 punches a second need 1.6 cores for that alone.
create index enrollment_sensor_slot_at_idx on enrollment (sensor_id, slot, enrolled_at desc);
--rollback drop index enrollment_sensor_slot_at_idx;
