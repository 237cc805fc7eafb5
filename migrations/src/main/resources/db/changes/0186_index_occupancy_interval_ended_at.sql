--liquibase formatted sql

--changeset onduty:0186 runInTransaction:false
-- Finds the closed occupancy intervals a retention run deletes by age, a batch at a time, without reading the whole table for each batch.
-- Built concurrently: ingest keeps writing to the table while it is built.
create index concurrently if not exists occupancy_interval_ended_idx on occupancy_interval (ended_at);
--rollback drop index concurrently if exists occupancy_interval_ended_idx;
