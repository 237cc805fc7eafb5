--liquibase formatted sql

--changeset onduty:0052
-- Approval chains: the ordered steps a request of an officer goes through. A chain belongs to a department
-- (preferred) or a site (the officer's home site); an officer with neither gets one step "supervisors".
-- A step is one account, or "the supervisors whose scope holds the officer's department or home site".
create table leave_chain (
    id             bigint generated always as identity primary key,
    site_id        bigint      constraint leave_chain_site_fk references site (id),
    department_id  bigint      constraint leave_chain_department_fk references department (id),
    updated_at     timestamptz not null default now(),
    check ((site_id is null) <> (department_id is null))
);
create unique index leave_chain_site_key on leave_chain (site_id) where site_id is not null;
create unique index leave_chain_department_key on leave_chain (department_id) where department_id is not null;

create table leave_chain_step (
    chain_id       bigint  not null constraint leave_chain_step_chain_fk references leave_chain (id) on delete cascade,
    position       integer not null check (position between 1 and 9),
    approver_kind  text    not null check (approver_kind in ('ACCOUNT', 'SUPERVISORS')),
    account_id     bigint  constraint leave_chain_step_account_fk references user_account (id),
    primary key (chain_id, position),
    check ((approver_kind = 'ACCOUNT') = (account_id is not null))
);

-- While an approver is away, another account decides in their name (the decision records both).
create table leave_delegation (
    id           bigint generated always as identity primary key,
    from_user_id bigint      not null constraint leave_delegation_from_fk references user_account (id),
    to_user_id   bigint      not null constraint leave_delegation_to_fk references user_account (id),
    starts_on    date        not null,
    ends_on      date        not null,
    created_by   bigint      not null constraint leave_delegation_created_by_fk references user_account (id),
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz,
    check (ends_on >= starts_on),
    check (from_user_id <> to_user_id)
);
create index leave_delegation_to_idx on leave_delegation (to_user_id, starts_on, ends_on);
--rollback drop table leave_delegation;
--rollback drop table leave_chain_step;
--rollback drop table leave_chain;
