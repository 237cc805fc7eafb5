--liquibase formatted sql

--changeset onduty:0021 splitStatements:false
-- The counter roster. Nothing here is updated or deleted: a new template version takes over from its
-- valid_from; a day change is overruled by a later one for the same counter, date and session, and
-- withdrawn by a row in roster_change_revocation. The triggers refuse UPDATE and DELETE.

-- A weekly template of a site, in force from valid_from until valid_until (inclusive; null: open ended).
-- On a date the version in force is the one with the latest valid_from among those covering the date
-- (the latest created on a tie), so a template for next month, or a summer template, never rewrites the past.
create table roster_template (
    id                  bigint      generated always as identity primary key,
    site_id             bigint      not null constraint roster_template_site_fk references site (id),
    valid_from          date        not null,
    valid_until         date,
    note                text,
    created_at          timestamptz not null default now(),
    created_by_user_id  bigint,
    constraint roster_template_valid_range check (valid_until is null or valid_until >= valid_from)
);
create index roster_template_site_idx on roster_template (site_id, valid_from);

-- Who staffs a counter in a session of a weekday (ISO 1 Monday .. 6 Saturday) under a template.
create table roster_template_slot (
    template_id  bigint   not null constraint roster_template_slot_template_fk references roster_template (id),
    counter_id   bigint   not null constraint roster_template_slot_counter_fk references counter (id),
    weekday      smallint not null check (weekday between 1 and 6),
    part         text     not null check (part in ('MORNING', 'AFTERNOON')),
    staff_id     bigint   not null constraint roster_template_slot_staff_fk references staff (id),
    primary key (template_id, counter_id, weekday, part),
    -- One officer, one counter per session: the database holds this rule within a template.
    constraint roster_template_slot_staff_key unique (template_id, staff_id, weekday, part)
);

-- A change to one session of one date at one counter. ASSIGN: another officer staffs it; CLOSED: nobody
-- does; SUBSTITUTION: staff_id stands in for replaced_staff_id (leave, training), with a reason.
create table roster_change (
    id                  bigint      generated always as identity primary key,
    site_id             bigint      not null constraint roster_change_site_fk references site (id),
    counter_id          bigint      not null constraint roster_change_counter_fk references counter (id),
    work_date           date        not null,
    part                text        not null check (part in ('MORNING', 'AFTERNOON')),
    kind                text        not null check (kind in ('ASSIGN', 'CLOSED', 'SUBSTITUTION')),
    staff_id            bigint      constraint roster_change_staff_fk references staff (id),
    replaced_staff_id   bigint      constraint roster_change_replaced_staff_fk references staff (id),
    reason              text,
    created_at          timestamptz not null default now(),
    created_by_user_id  bigint,
    constraint roster_change_kind_fields check (
        (kind = 'ASSIGN' and staff_id is not null and replaced_staff_id is null)
        or (kind = 'CLOSED' and staff_id is null and replaced_staff_id is null)
        or (kind = 'SUBSTITUTION' and staff_id is not null and replaced_staff_id is not null
            and staff_id <> replaced_staff_id and btrim(coalesce(reason, '')) <> ''))
);
create index roster_change_site_date_idx on roster_change (site_id, work_date);
create index roster_change_staff_date_idx on roster_change (staff_id, work_date);

-- The withdrawal of a change: at most one per change.
create table roster_change_revocation (
    change_id           bigint      primary key constraint roster_change_revocation_change_fk references roster_change (id),
    reason              text,
    revoked_at          timestamptz not null default now(),
    revoked_by_user_id  bigint
);

create function roster_is_append_only() returns trigger
language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op;
end
$$;

create trigger roster_template_append_only before update or delete on roster_template
    for each row execute function roster_is_append_only();
create trigger roster_template_slot_append_only before update or delete on roster_template_slot
    for each row execute function roster_is_append_only();
create trigger roster_change_append_only before update or delete on roster_change
    for each row execute function roster_is_append_only();
create trigger roster_change_revocation_append_only before update or delete on roster_change_revocation
    for each row execute function roster_is_append_only();
--rollback drop table roster_change_revocation;
--rollback drop table roster_change;
--rollback drop table roster_template_slot;
--rollback drop table roster_template;
--rollback drop function roster_is_append_only();
