--liquibase formatted sql

--changeset onduty:0130
-- Per-account login throttling with growing delays. One row per username (known or not, so that throttling
-- never tells which accounts exist) and browser: device '' stands for every client without a device cookie
-- for this username, another value for the one browser whose signed device cookie names it (it signed in as
-- this username before; OWASP's "device cookies"), so that guesses from elsewhere never lock its owner out.
-- An attempt counts as a failure from the moment it is admitted, before the password is checked, and a
-- success resets its row: parallel attempts cannot slip past the limit while their checks run.
create table login_throttle (
    username         text        not null,
    device           text        not null default '',
    failures         integer     not null default 0 check (failures >= 0),
    last_failure_at  timestamptz,
    locked_until     timestamptz,
    -- Attempts refused while locked: the first of each lock is audited, the rest only counted here.
    refused          integer     not null default 0 check (refused >= 0),
    primary key (username, device)
);
create index login_throttle_locked_until_idx on login_throttle (locked_until) where locked_until is not null;
--rollback drop table login_throttle;
