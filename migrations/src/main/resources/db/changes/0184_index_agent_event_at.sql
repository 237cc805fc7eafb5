--liquibase formatted sql

--changeset onduty:0184 runInTransaction:false
-- Finds the raw events a retention run deletes by age, a batch at a time, without reading the whole table for each batch.
-- Built concurrently: ingest keeps writing to the table while it is built.
create index concurrently if not exists agent_event_at_idx on agent_event (at);
--rollback drop index concurrently if exists agent_event_at_idx;
