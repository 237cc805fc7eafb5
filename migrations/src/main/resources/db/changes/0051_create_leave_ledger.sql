--liquibase formatted sql

--changeset onduty:0051
-- The entitlements ledger: what an officer is entitled to of a type in a year, as entries that are only ever
-- added. ALLOCATION: the yearly entitlement (one per officer, type and year, written on first use of the year
-- or by an admin's "allocate the year"; pro rata in the year service started). CARRY_OVER: days brought from
-- the year before, usable only on or before valid_until. ADJUSTMENT: a manual correction, with its reason.
-- Taken and pending days are not here: they are the approved and pending requests.
create table leave_ledger (
    id             bigint generated always as identity primary key,
    staff_id       bigint       not null constraint leave_ledger_staff_fk references staff (id),
    leave_type_id  bigint       not null constraint leave_ledger_type_fk references leave_type (id),
    year           integer      not null check (year between 1900 and 2199),
    kind           text         not null check (kind in ('ALLOCATION', 'CARRY_OVER', 'ADJUSTMENT')),
    days           numeric(5,1) not null,
    valid_until    date,
    reason         text,
    basis          jsonb,
    created_by     bigint       constraint leave_ledger_created_by_fk references user_account (id),
    created_at     timestamptz  not null default now(),
    check (kind <> 'ADJUSTMENT' or btrim(coalesce(reason, '')) <> ''),
    check ((kind = 'CARRY_OVER') = (valid_until is not null)),
    check (kind = 'ADJUSTMENT' or days >= 0)
);
create unique index leave_ledger_allocation_key on leave_ledger (staff_id, leave_type_id, year) where kind = 'ALLOCATION';
create unique index leave_ledger_carry_over_key on leave_ledger (staff_id, leave_type_id, year) where kind = 'CARRY_OVER';
--rollback drop table leave_ledger;
