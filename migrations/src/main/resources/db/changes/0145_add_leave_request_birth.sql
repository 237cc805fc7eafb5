--liquibase formatted sql

--changeset onduty:0145
-- The birth a request is for, where its type's limit depends on it: the child's date of birth (paternity leave runs
-- from it; leave for a sick child is limited by the child's age), and for paternity leave the number of children born
-- and whether by caesarean or before 32 weeks (SI Law 2014, Art. 34(2)).
alter table leave_request add column child_birth_date date;
alter table leave_request add column children smallint check (children between 1 and 9);
alter table leave_request add column surgery boolean;
--rollback alter table leave_request drop column surgery;
--rollback alter table leave_request drop column children;
--rollback alter table leave_request drop column child_birth_date;
