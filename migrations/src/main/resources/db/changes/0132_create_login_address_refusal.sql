--liquibase formatted sql

--changeset onduty:0132
-- An address over the per-address limit of failed logins: when its refusals began and how many there were.
-- The first refusal of each episode is audited; the rest are only counted here, so a flood of attempts never
-- floods the audit log, which cannot be purged.
create table login_address_refusal (
    ip          text        primary key,
    first_at    timestamptz not null,
    last_at     timestamptz not null,
    refused     integer     not null check (refused > 0)
);
--rollback drop table login_address_refusal;
