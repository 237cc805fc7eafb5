--liquibase formatted sql

--changeset onduty:0143
-- The regional allowance coefficient (hệ số phụ cấp khu vực, 0 to 1.0) of the officer's post. Sick leave paid by
-- social insurance is longer where it is 0.7 or more (Social Insurance Law 2014, Art. 26(1)(b); Law 41/2024/QH15).
alter table staff add column regional_allowance numeric(2,1) not null default 0
    check (regional_allowance between 0 and 1);
--rollback alter table staff drop column regional_allowance;
