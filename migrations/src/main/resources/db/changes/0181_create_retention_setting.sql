--liquibase formatted sql

--changeset onduty:0181
-- How long each kind of record is kept, where an admin changed it from the default (the defaults, their reasons
-- and their lower bounds are in vn.onduty.server.retention.RetentionKind). No row: the default.
create table retention_setting (
    kind        text        primary key check (kind in ('AGENT_EVENTS', 'UNRESOLVED_PUNCHES', 'OCCUPANCY',
                                                          'CAMERA_SNAPSHOTS', 'TICKETS', 'LOGINS', 'AUDIT_EVENTS')),
    days        integer     not null check (days between 1 and 7300),
    updated_by  bigint      constraint retention_setting_updated_by_fk references user_account (id),
    updated_at  timestamptz not null default now()
);
--rollback drop table retention_setting;
