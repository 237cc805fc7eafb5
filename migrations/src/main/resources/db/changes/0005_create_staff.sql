--liquibase formatted sql

--changeset onduty:0005
create table staff (
    id                  bigint generated always as identity primary key,
    code                text        not null check (btrim(code) <> ''),
    full_name           text        not null check (btrim(full_name) <> ''),
    department_id       bigint      not null constraint staff_department_fk references department (id),
    home_site_id        bigint      not null constraint staff_home_site_fk references site (id),
    position            text,
    service_start_date  date,
    email               text,
    phone               text,
    active              boolean     not null default true,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    constraint staff_code_key unique (code)
);
create index staff_department_idx on staff (department_id);
create index staff_home_site_idx on staff (home_site_id);
create index staff_name_fold_idx on staff (vn_fold(full_name));
--rollback drop table staff;
