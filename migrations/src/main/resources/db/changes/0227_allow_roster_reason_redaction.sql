--liquibase formatted sql

--changeset onduty:0227 splitStatements:false
-- The roster stays append-only (0021) with the same one exception as the audit log (0226): anonymising an officer
-- removes the free-text reasons of the day changes that name them (a substitution's reason is often why they were
-- away). Only the reason changes, and only inside a transaction that set onduty.redacting to 'on'.
create function roster_reason_redaction_only() returns trigger
language plpgsql as $$
begin
    if coalesce(current_setting('onduty.redacting', true), '') <> 'on' then
        raise exception '% is append-only: % refused', tg_table_name, tg_op;
    end if;
    if (to_jsonb(new) - 'reason') <> (to_jsonb(old) - 'reason') then
        raise exception '%: a redaction may change only the reason', tg_table_name;
    end if;
    return new;
end
$$;

drop trigger roster_change_append_only on roster_change;
create trigger roster_change_no_delete before delete on roster_change
    for each row execute function roster_is_append_only();
create trigger roster_change_reason_redaction_only before update on roster_change
    for each row execute function roster_reason_redaction_only();

drop trigger roster_change_revocation_append_only on roster_change_revocation;
create trigger roster_change_revocation_no_delete before delete on roster_change_revocation
    for each row execute function roster_is_append_only();
create trigger roster_change_revocation_reason_redaction_only before update on roster_change_revocation
    for each row execute function roster_reason_redaction_only();
--rollback drop trigger roster_change_revocation_reason_redaction_only on roster_change_revocation;
--rollback drop trigger roster_change_revocation_no_delete on roster_change_revocation;
--rollback create trigger roster_change_revocation_append_only before update or delete on roster_change_revocation for each row execute function roster_is_append_only();
--rollback drop trigger roster_change_reason_redaction_only on roster_change;
--rollback drop trigger roster_change_no_delete on roster_change;
--rollback create trigger roster_change_append_only before update or delete on roster_change for each row execute function roster_is_append_only();
--rollback drop function roster_reason_redaction_only();
