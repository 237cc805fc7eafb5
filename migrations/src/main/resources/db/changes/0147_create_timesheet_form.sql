--liquibase formatted sql

--changeset onduty:0147
-- The header lines of the timesheet forms, which admins edit rather than the code fixing them: the form's code and
-- legal basis (from 1 January 2025, Circular 24/2024/TT-BTC of 17 April 2024 replaces Circular 107/2017/TT-BTC for
-- administrative and public service units), and the overtime sheet's code. One row.
create table timesheet_form (
    id                  boolean     primary key default true check (id),
    form_code           text        not null check (btrim(form_code) <> ''),
    legal_basis         text        not null check (btrim(legal_basis) <> ''),
    overtime_form_code  text        not null check (btrim(overtime_form_code) <> ''),
    updated_at          timestamptz not null default now()
);
insert into timesheet_form (form_code, legal_basis, overtime_form_code) values
    ('C01a-HD', '(Ban hành kèm theo Thông tư số 24/2024/TT-BTC ngày 17/4/2024 của Bộ trưởng Bộ Tài chính)', 'C01b-HD');

-- The paying unit of each department's officers, as the form prints it under "Đơn vị" with its budget relation code
-- ("Mã QHNS", mã đơn vị có quan hệ với ngân sách): the department or agency that pays them, not the service center.
-- A department without a row prints its own name and no code.
create table timesheet_unit (
    department_id  bigint      primary key constraint timesheet_unit_department_fk references department (id),
    unit_name      text        not null check (btrim(unit_name) <> ''),
    budget_code    text        check (budget_code is null or budget_code ~ '^[0-9A-Za-z.-]{1,20}$'),
    updated_at     timestamptz not null default now()
);
--rollback drop table timesheet_unit;
--rollback drop table timesheet_form;
