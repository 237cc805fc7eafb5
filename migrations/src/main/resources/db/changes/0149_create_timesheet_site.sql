--liquibase formatted sql

--changeset onduty:0149
-- How a site repays duty outside the working week: OVERTIME (paid at the overtime rate, Labour Code 2019, Art. 98)
-- or DAY_OFF (a compensatory day off, nghỉ bù, instead of the pay: Joint Circular 08/2005/TTLT-BNV-BTC for officials).
-- The overtime sheet then shows the days off owed, which the officer takes as compensatory leave (NB). A site
-- without a row pays overtime.
create table timesheet_site (
    site_id      bigint      primary key constraint timesheet_site_site_fk references site (id),
    duty_repaid  text        not null check (duty_repaid in ('OVERTIME', 'DAY_OFF')),
    updated_at   timestamptz not null default now()
);
--rollback drop table timesheet_site;
