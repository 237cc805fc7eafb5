--liquibase formatted sql

--changeset onduty:0100
-- A ZKTeco-family terminal pushing over ADMS (/iclock/*), known by its serial number. A serial number that
-- calls in for the first time is 'waiting' until an admin adopts it for a site or refuses it; its records become
-- punches only once it is adopted. The rest is what the terminal's own requests say: where it calls from, what
-- it reports of itself, the stamps of what it has delivered, and its clock's offset (seconds its clock is ahead
-- of the server's, measured from its realtime pushes; null until measured). allowed_range, when set, is the only
-- address range it is answered from; refused_address and refused_at are its last call from outside that range.
-- overflow_from is the earliest local date of a record not kept while it waited (past the bound on kept lines).
create table terminal (
    id                    bigint generated always as identity primary key,
    serial_number         text        not null check (serial_number ~ '^[A-Za-z0-9._-]{1,64}$'),
    status                text        not null default 'waiting'
                                      check (status in ('waiting', 'adopted', 'refused')),
    site_id               bigint      constraint terminal_site_fk references site (id),
    name                  text        check (name is null or btrim(name) <> ''),
    allowed_range         cidr,
    model                 text,
    firmware              text,
    push_version          text,
    address               text,
    info                  jsonb       not null default '{}',
    attlog_stamp          text,
    operlog_stamp         text,
    first_seen_at         timestamptz not null default now(),
    last_seen_at          timestamptz,
    clock_offset_seconds  integer,
    clock_offset_at       timestamptz,
    overflow_from         date,
    refused_address       text,
    refused_at            timestamptz,
    decided_by            bigint      constraint terminal_decided_by_fk references user_account (id),
    decided_at            timestamptz,
    constraint terminal_serial_number_key unique (serial_number),
    constraint terminal_adopted_site_check check (status <> 'adopted' or site_id is not null)
);
create index terminal_site_idx on terminal (site_id);
--rollback drop table terminal;
