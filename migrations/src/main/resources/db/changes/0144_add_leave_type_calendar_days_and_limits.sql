--liquibase formatted sql

--changeset onduty:0144
-- counts_calendar_days: the type's leave runs over calendar days, holidays and weekends included, and the timesheet
-- marks every day of it (maternity: Social Insurance Law 2014, Art. 34(1), six months; Law 41/2024/QH15 keeps it).
-- Other types count working days only. limit_rule names a limit in the law that the request must keep:
-- PATERNITY (5/7/10/14 working days by the kind of birth, within event_window_days of it: SI Law 2014, Art. 34(2);
-- 60 days under Law 41/2024/QH15, from 1 July 2025, 30 before), CHILD_SICK (20 working days a year for a child under
-- 3, 15 from 3 to under 7: SI Law 2014, Art. 27(1)). New types: paternity leave (marked TS, paid by social insurance)
-- and accident leave (marked T).
alter table leave_type add column counts_calendar_days boolean not null default false;
alter table leave_type add column limit_rule text check (limit_rule in ('PATERNITY', 'CHILD_SICK'));
alter table leave_type add column event_window_days integer check (event_window_days between 1 and 366);
update leave_type set counts_calendar_days = true where code = 'MATERNITY';
update leave_type set limit_rule = 'CHILD_SICK' where code = 'CHILD_SICK';
insert into leave_type (code, name_vi, name_en, timesheet_code, paid, balance_rule, allocation, yearly_days, max_days,
                        half_days_allowed, document_required, sort_order, limit_rule, event_window_days) values
    ('PATERNITY', 'Nghỉ khi vợ sinh con (BHXH)', 'Paternity leave (social insurance)', 'MATERNITY', true, 'NONE', 'NONE',
     null, 14, false, true, 95, 'PATERNITY', 60),
    ('ACCIDENT', 'Nghỉ tai nạn lao động', 'Occupational accident leave', 'ACCIDENT', true, 'NONE', 'NONE',
     null, null, true, true, 97, null, null)
on conflict (code) do nothing;
--rollback delete from leave_type where code in ('PATERNITY', 'ACCIDENT') and not exists (select 1 from leave_request r where r.leave_type_id = leave_type.id);
--rollback alter table leave_type drop column event_window_days;
--rollback alter table leave_type drop column limit_rule;
--rollback alter table leave_type drop column counts_calendar_days;
