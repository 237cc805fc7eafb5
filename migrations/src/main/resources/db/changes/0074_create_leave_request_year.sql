--liquibase formatted sql

--changeset onduty:0074
-- What a leave request charges to each calendar year's balance: the request's working days that fall in that
-- year. A request across 31 December is charged in part to each year (balances are per year in the ledger).
-- Written with the request and never changed, like its days; a year in which the request counts no working day
-- (1 January is a holiday, then a weekend) has no row. Every request made before this change lies in one year.
create table leave_request_year (
    request_id  bigint       not null constraint leave_request_year_request_fk references leave_request (id),
    year        integer      not null check (year between 1900 and 2199),
    days        numeric(5,1) not null check (days > 0),
    primary key (request_id, year)
);
insert into leave_request_year (request_id, year, days)
select id, extract(year from start_date)::integer, days from leave_request;
--rollback drop table leave_request_year;
