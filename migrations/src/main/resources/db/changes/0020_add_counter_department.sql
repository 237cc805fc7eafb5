--liquibase formatted sql

--changeset onduty:0020
-- The department that serves at a counter (the counter of Sở Tư pháp): the roster offers its officers
-- first. Optional: a shared counter (reception, returns of results) belongs to no department.
alter table counter add column department_id bigint constraint counter_department_fk references department (id);
create index counter_department_idx on counter (department_id);
--rollback alter table counter drop column department_id;
