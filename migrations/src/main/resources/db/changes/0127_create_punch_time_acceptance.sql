--liquibase formatted sql

--changeset onduty:0127
-- An admin's "this time is right" for a flagged punch (0126): a record of its own, the punch is not edited. From
-- then on attendance counts the punch at its device time.
create table punch_time_acceptance (
    punch_id     bigint      primary key constraint punch_time_acceptance_punch_fk references punch (id),
    accepted_by  bigint      not null constraint punch_time_acceptance_user_fk references user_account (id),
    accepted_at  timestamptz not null default now(),
    note         text
);
--rollback drop table punch_time_acceptance;
