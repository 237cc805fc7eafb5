--liquibase formatted sql

--changeset onduty:0188 runInTransaction:false
-- Finds the queue tickets a retention run deletes by service day, a batch at a time, without reading the whole table for each batch.
-- Built concurrently: ingest keeps writing to the table while it is built.
create index concurrently if not exists queue_ticket_date_idx on queue_ticket (service_date);
--rollback drop index concurrently if exists queue_ticket_date_idx;
