--liquibase formatted sql

--changeset onduty:0003
-- The agencies officers are seconded from (Sở Tư pháp, Sở Xây dựng, Công an tỉnh, ...).
create table department (
    id          bigint generated always as identity primary key,
    code        text        not null check (btrim(code) <> ''),
    name        text        not null check (btrim(name) <> ''),
    active      boolean     not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint department_code_key unique (code),
    constraint department_name_key unique (name)
);
--rollback drop table department;
