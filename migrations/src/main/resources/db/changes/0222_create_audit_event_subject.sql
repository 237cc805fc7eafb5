--liquibase formatted sql

--changeset onduty:0222
-- Whose records an audit event is about, one row per officer: a read of a timesheet names every officer on it.
-- It is what "who looked at my records" reads, and it is append-only like the events themselves. event_id has no
-- foreign key: one would make PostgreSQL refuse a TRUNCATE of audit_event before its append-only trigger says why
-- (AuditIT); the rows are written in the transaction that writes their event, and neither is ever deleted.
create table audit_event_subject (
    event_id  bigint not null,
    staff_id  bigint not null constraint audit_event_subject_staff_fk references staff (id),
    primary key (event_id, staff_id)
);
create index audit_event_subject_staff_idx on audit_event_subject (staff_id, event_id desc);
create trigger audit_event_subject_no_update_or_delete
    before update or delete on audit_event_subject
    for each row execute function audit_event_is_append_only();
create trigger audit_event_subject_no_truncate
    before truncate on audit_event_subject
    for each statement execute function audit_event_is_append_only();
--rollback drop table audit_event_subject;
