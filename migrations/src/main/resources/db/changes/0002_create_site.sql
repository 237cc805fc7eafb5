--liquibase formatted sql

--changeset onduty:0002
create table site (
    id          bigint generated always as identity primary key,
    name        text        not null check (btrim(name) <> ''),
    address     text,
    time_zone   text        not null default 'Asia/Ho_Chi_Minh' check (btrim(time_zone) <> ''),
    active      boolean     not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint site_name_key unique (name)
);
--rollback drop table site;
