--liquibase formatted sql

--changeset onduty:0070 splitStatements:false
-- A substitution made because of approved leave names the leave request it covers, so that reports show
-- the leave (its type, the request) rather than a reason text, and so that cancelling the leave can find
-- and revoke the substitutions it caused. Manual substitutions and other changes leave it null.
alter table roster_change add column leave_request_id bigint
    constraint roster_change_leave_request_fk references leave_request (id);
alter table roster_change add constraint roster_change_leave_only_substitution
    check (leave_request_id is null or kind = 'SUBSTITUTION');
create index roster_change_leave_request_idx on roster_change (leave_request_id) where leave_request_id is not null;

-- Substitutions that leave approvals wrote before this change carry the request only in their reason
-- ("Nghỉ phép: <type> (đơn #N)"). The link is filled in for those whose request exists and is for the
-- officer they replace: the one in-place write the append-only table ever gets, a fact the row already
-- stated, made readable; nothing else of the row changes.
alter table roster_change disable trigger roster_change_append_only;
update roster_change c
   set leave_request_id = l.id
  from leave_request l
 where c.kind = 'SUBSTITUTION'
   and c.leave_request_id is null
   and c.reason ~ '^Nghỉ phép: .* \(đơn #[0-9]+\)$'
   and l.id = cast(substring(c.reason from '\(đơn #([0-9]+)\)$') as bigint)
   and l.staff_id = c.replaced_staff_id;
alter table roster_change enable trigger roster_change_append_only;
--rollback drop index roster_change_leave_request_idx;
--rollback alter table roster_change drop constraint roster_change_leave_only_substitution;
--rollback alter table roster_change drop column leave_request_id;
