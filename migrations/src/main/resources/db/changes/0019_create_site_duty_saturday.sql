--liquibase formatted sql

--changeset onduty:0019
-- A Saturday on which a site opens for the morning session (tiếp dân cuối tuần).
create table site_duty_saturday (
    site_id  bigint not null constraint site_duty_saturday_site_fk references site_calendar (site_id),
    day      date   not null constraint site_duty_saturday_is_saturday check (extract(isodow from day) = 6),
    note     text,
    primary key (site_id, day)
);
--rollback drop table site_duty_saturday;
