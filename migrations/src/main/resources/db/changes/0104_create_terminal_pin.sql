--liquibase formatted sql

--changeset onduty:0104
-- Which officer a terminal's PIN belongs to, from when to when. A mapping holds for the punches from valid_from
-- (the end of the PIN's previous mapping; null for its first, which therefore also claims the PIN's earlier
-- punches that nobody was named for) until ended_at. how: 'staff_code' when made automatically because the PIN is
-- an officer's staff code, 'admin' when an admin made it, 'command' when an admin pushed the officer to the
-- terminal under that PIN.
create table terminal_pin (
    id           bigint generated always as identity primary key,
    terminal_id  bigint      not null constraint terminal_pin_terminal_fk references terminal (id),
    pin          text        not null check (pin ~ '^[A-Za-z0-9]{1,24}$'),
    staff_id     bigint      not null constraint terminal_pin_staff_fk references staff (id),
    how          text        not null check (how in ('staff_code', 'admin', 'command')),
    valid_from   timestamptz,
    mapped_at    timestamptz not null default now(),
    mapped_by    bigint      constraint terminal_pin_mapped_by_fk references user_account (id),
    ended_at     timestamptz,
    ended_by     bigint      constraint terminal_pin_ended_by_fk references user_account (id),
    check (ended_at is null or valid_from is null or ended_at >= valid_from)
);
-- At most one live mapping per PIN of a terminal.
create unique index terminal_pin_live_key on terminal_pin (terminal_id, pin) where ended_at is null;
create index terminal_pin_terminal_pin_idx on terminal_pin (terminal_id, pin, valid_from);
create index terminal_pin_staff_idx on terminal_pin (staff_id);
--rollback drop table terminal_pin;
