--liquibase formatted sql

--changeset onduty:0006
create table user_account (
    id              bigint generated always as identity primary key,
    username        text        not null check (username ~ '^[a-z0-9._-]{3,64}$'),
    password_hash   text        not null,
    roles           text[]      not null check (cardinality(roles) > 0
                                   and roles <@ array['OFFICER', 'SUPERVISOR', 'ADMIN']::text[]),
    staff_id        bigint      constraint user_account_staff_fk references staff (id),
    language        text        not null default 'vi' check (language in ('vi', 'en')),
    active          boolean     not null default true,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint user_account_username_key unique (username),
    constraint user_account_staff_key unique (staff_id)
);

-- A supervisor sees the staff whose home site or department is in their scope.
create table user_scope_site (
    user_id bigint not null constraint user_scope_site_user_fk references user_account (id),
    site_id bigint not null constraint user_scope_site_site_fk references site (id),
    primary key (user_id, site_id)
);
create table user_scope_department (
    user_id       bigint not null constraint user_scope_department_user_fk references user_account (id),
    department_id bigint not null constraint user_scope_department_department_fk references department (id),
    primary key (user_id, department_id)
);
--rollback drop table user_scope_department;
--rollback drop table user_scope_site;
--rollback drop table user_account;
