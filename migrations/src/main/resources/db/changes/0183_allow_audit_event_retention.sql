--liquibase formatted sql

--changeset onduty:0183 splitStatements:false
-- The audit log stays append-only, with one exception the database holds itself: the retention job may delete
-- events older than a year, and only when it says so in its own transaction (set_config('onduty.retention', 'on',
-- true)). An update, a truncate, or a delete of anything younger is refused as before, whoever asks.
create or replace function audit_event_is_append_only() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' and coalesce(current_setting('onduty.retention', true), '') = 'on'
       and old.at < now() - interval '1 year' then
        return old;
    end if;
    raise exception 'audit_event is append-only: % refused', tg_op;
end
$$;
--rollback create or replace function audit_event_is_append_only() returns trigger
--rollback language plpgsql as $$
--rollback begin
--rollback     raise exception 'audit_event is append-only: % refused', tg_op;
--rollback end
--rollback $$;
