--liquibase formatted sql

--changeset onduty:0103
-- A terminal's user list as its operation log reports it (OPERLOG USER records): PIN, name and privilege as the
-- terminal holds them. Passwords and card numbers in those records, and the fingerprint templates, faces and
-- photos a terminal may send, are not stored: biometric data stays on the device. removed_at is set when the
-- terminal confirmed a delete command for the PIN.
create table terminal_user (
    terminal_id  bigint      not null constraint terminal_user_terminal_fk references terminal (id),
    pin          text        not null check (pin ~ '^[A-Za-z0-9]{1,24}$'),
    name         text,
    privilege    smallint,
    reported_at  timestamptz not null default now(),
    removed_at   timestamptz,
    constraint terminal_user_pkey primary key (terminal_id, pin)
);
--rollback drop table terminal_user;
