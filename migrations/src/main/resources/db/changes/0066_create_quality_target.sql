--liquibase formatted sql

--changeset onduty:0066
-- A site's waiting target: a citizen waiting longer than this counts as "waiting over the target".
-- A site without a row has the default, 20 minutes. Changed by admins, audited.
create table quality_target (
    site_id              bigint      primary key constraint quality_target_site_fk references site (id),
    wait_target_minutes  integer     not null check (wait_target_minutes between 1 and 240),
    updated_at           timestamptz not null default now()
);
--rollback drop table quality_target;
