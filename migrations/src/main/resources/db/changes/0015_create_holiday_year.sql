--liquibase formatted sql

--changeset onduty:0015
-- A year whose holiday schedule has been stored. A year without a row still works: the computed
-- suggestions apply until an admin stores or confirms them. Once confirmed, every change to the
-- year's days needs a reason and removed days are kept as withdrawn (see holiday).
create table holiday_year (
    year          integer     primary key check (year between 1900 and 2199),
    created_at    timestamptz not null default now(),
    confirmed_at  timestamptz,
    confirmed_by  bigint      constraint holiday_year_confirmed_by_fk references user_account (id)
);
--rollback drop table holiday_year;
