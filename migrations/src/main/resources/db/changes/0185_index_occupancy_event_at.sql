--liquibase formatted sql

--changeset onduty:0185 runInTransaction:false
-- Finds the occupancy events a retention run deletes by age, a batch at a time, without reading the whole table for each batch.
-- Built concurrently: ingest keeps writing to the table while it is built.
create index concurrently if not exists occupancy_event_at_idx on occupancy_event (at);
--rollback drop index concurrently if exists occupancy_event_at_idx;
