--liquibase formatted sql

--changeset onduty:0120
-- Camera passwords are kept sealed (AES-256-GCM with a key outside the database: the secrets section of
-- config.yml), never in plain text. The server seals what is still plain at its next start; from this change
-- on, the constraint refuses any new plain value (NOT VALID: the rows written before are sealed by the server,
-- which cannot happen inside a migration that has no key).
alter table camera rename column password to password_sealed;
alter table camera add constraint camera_password_sealed_check
    check (password_sealed is null or password_sealed ~ '^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$') not valid;
--rollback alter table camera drop constraint camera_password_sealed_check;
--rollback alter table camera rename column password_sealed to password;
