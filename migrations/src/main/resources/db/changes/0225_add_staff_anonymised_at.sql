--liquibase formatted sql

--changeset onduty:0225
-- When the officer's records were anonymised (name, code and contact replaced, free-text reasons removed); null while
-- they were not.
alter table staff add column anonymised_at timestamptz;
--rollback alter table staff drop column anonymised_at;
