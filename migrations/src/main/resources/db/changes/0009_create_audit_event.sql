--liquibase formatted sql

--changeset onduty:0009 splitStatements:false
-- Append-only: the trigger refuses UPDATE and DELETE, so not even a bug in the server can rewrite history.
create table audit_event (
    id            bigint generated always as identity primary key,
    at            timestamptz not null default now(),
    actor_user_id bigint,
    actor         text        not null,
    action        text        not null,
    entity_type   text        not null,
    entity_id     text,
    before        jsonb,
    after         jsonb,
    ip            text
);
create index audit_event_at_idx on audit_event (at desc);
create index audit_event_entity_idx on audit_event (entity_type, entity_id);

create function audit_event_is_append_only() returns trigger
language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op;
end
$$;

create trigger audit_event_no_update_or_delete
    before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
--rollback drop table audit_event;
--rollback drop function audit_event_is_append_only();
