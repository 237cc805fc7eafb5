--liquibase formatted sql

--changeset onduty:0224
-- The last day of an officer's service (retirement, transfer out, end of contract): anonymisation counts its delay
-- from it. Another change may add the same column with the staff record's other fields, hence "if not exists".
alter table staff add column if not exists end_of_service_date date;
--rollback alter table staff drop column if exists end_of_service_date;
