--liquibase formatted sql

--changeset onduty:0226 splitStatements:false
-- The audit log stays append-only, with one exception the law asks for: when an officer's records are anonymised
-- (Law 91/2025/QH15 Art. 25: an employee's data is deleted at the end of the contract unless a law says otherwise),
-- the names, contact details and free-text reasons in the events about them are removed too. Such an update is
-- accepted only inside a transaction that set onduty.redacting to 'on' (the anonymisation's, which records itself
-- in the log), and only in actor, entity_id, before, after and ip: the event, its time and its action stay.
create function audit_event_redaction_only() returns trigger
language plpgsql as $$
begin
    if coalesce(current_setting('onduty.redacting', true), '') <> 'on' then
        raise exception 'audit_event is append-only: % refused', tg_op;
    end if;
    if new.id <> old.id or new.at <> old.at or new.actor_user_id is distinct from old.actor_user_id
            or new.action <> old.action or new.entity_type <> old.entity_type then
        raise exception 'audit_event: a redaction may change only actor, entity_id, before, after and ip';
    end if;
    return new;
end
$$;

drop trigger audit_event_no_update_or_delete on audit_event;
create trigger audit_event_no_delete
    before delete on audit_event
    for each row execute function audit_event_is_append_only();
create trigger audit_event_redaction_only
    before update on audit_event
    for each row execute function audit_event_redaction_only();
--rollback drop trigger audit_event_redaction_only on audit_event;
--rollback drop trigger audit_event_no_delete on audit_event;
--rollback create trigger audit_event_no_update_or_delete before update or delete on audit_event for each row execute function audit_event_is_append_only();
--rollback drop function audit_event_redaction_only();
