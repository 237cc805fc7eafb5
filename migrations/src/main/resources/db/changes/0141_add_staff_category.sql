--liquibase formatted sql

--changeset onduty:0141
-- Who the officer is in law: cán bộ (CADRE, elected or appointed, Law on Cadres and Civil Servants), công chức
-- (CIVIL_SERVANT), viên chức (PUBLIC_EMPLOYEE, Law on Public Employees) or hợp đồng lao động (LABOUR_CONTRACT, under
-- the Labour Code only). Leave follows the Labour Code for all four; what differs (overtime repaid, the timesheet's
-- grade column) is read from here. Existing officers are civil servants, as the service centers' staff mostly are.
alter table staff add column staff_category text not null default 'CIVIL_SERVANT'
    check (staff_category in ('CADRE', 'CIVIL_SERVANT', 'PUBLIC_EMPLOYEE', 'LABOUR_CONTRACT'));
--rollback alter table staff drop column staff_category;
