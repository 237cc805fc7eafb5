--liquibase formatted sql

--changeset onduty:0140
-- The last day an officer serves (retirement, transfer out, end of contract); null while serving. Annual leave is
-- pro rata in the year service ends (Labour Code 2019, Art. 113(2)), attendance stops counting after it, and the
-- retention period for the officer's personal data runs from it.
alter table staff add column end_of_service_date date;
alter table staff add constraint staff_service_dates_ordered
    check (end_of_service_date is null or service_start_date is null or end_of_service_date >= service_start_date);
--rollback alter table staff drop constraint staff_service_dates_ordered;
--rollback alter table staff drop column end_of_service_date;
