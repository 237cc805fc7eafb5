--liquibase formatted sql

--changeset onduty:0073
-- A delegation can be ended early: revoked_at (there since 0052) says when, revoked_by who (the account that
-- delegated, or an administrator). A revoked delegation stays as history; from revoked_at on it gives nothing.
alter table leave_delegation add column revoked_by bigint constraint leave_delegation_revoked_by_fk references user_account (id);
alter table leave_delegation add constraint leave_delegation_revoked_check check ((revoked_at is null) = (revoked_by is null));
--rollback alter table leave_delegation drop constraint leave_delegation_revoked_check;
--rollback alter table leave_delegation drop column revoked_by;
