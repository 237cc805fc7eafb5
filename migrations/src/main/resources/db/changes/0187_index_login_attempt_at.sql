--liquibase formatted sql

--changeset onduty:0187 runInTransaction:false
-- Finds the login attempts a retention run deletes by age, a batch at a time, without reading the whole table for each batch.
-- Built concurrently: ingest keeps writing to the table while it is built.
create index concurrently if not exists login_attempt_at_idx on login_attempt (at);
--rollback drop index concurrently if exists login_attempt_at_idx;
