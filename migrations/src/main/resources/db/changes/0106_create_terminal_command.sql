--liquibase formatted sql

--changeset onduty:0106
-- Work queued for a terminal, handed over in its next GET /iclock/getrequest as "C:<id>:<command>" and answered
-- on POST /iclock/devicecmd: push an officer's PIN and name (user_update), delete a PIN (user_delete), report the
-- terminal's information (info), upload its log again from a date (reupload), set its clock (set_clock).
-- command_text is what was handed over (a set_clock carries the time of the hand-over, not of the request).
-- PENDING until handed over, SENT until the terminal answers, then DONE or FAILED by its return code; an admin
-- cancels a PENDING one; a SENT one the terminal never answers ends EXPIRED. created_by null: the server queued
-- it itself (the information of a terminal calling in for the first time).
create table terminal_command (
    id            bigint generated always as identity primary key,
    terminal_id   bigint      not null constraint terminal_command_terminal_fk references terminal (id),
    type          text        not null check (type in ('user_update', 'user_delete', 'info', 'reupload', 'set_clock')),
    pin           text        check (pin ~ '^[A-Za-z0-9]{1,24}$'),
    staff_id      bigint      constraint terminal_command_staff_fk references staff (id),
    name          text,
    from_date     date,
    command_text  text,
    status        text        not null default 'PENDING'
                              check (status in ('PENDING', 'SENT', 'DONE', 'FAILED', 'CANCELLED', 'EXPIRED')),
    return_code   integer,
    result        jsonb,
    created_by    bigint      constraint terminal_command_created_by_fk references user_account (id),
    created_at    timestamptz not null default now(),
    sent_at       timestamptz,
    finished_at   timestamptz,
    check (type <> 'user_update' or (pin is not null and staff_id is not null and name is not null)),
    check (type <> 'user_delete' or pin is not null),
    check (type <> 'reupload' or from_date is not null)
);
create index terminal_command_terminal_idx on terminal_command (terminal_id, id);
create index terminal_command_open_idx on terminal_command (terminal_id) where status in ('PENDING', 'SENT');
--rollback drop table terminal_command;
