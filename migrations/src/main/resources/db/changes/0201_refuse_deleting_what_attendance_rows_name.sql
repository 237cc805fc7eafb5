--liquibase formatted sql

--changeset onduty:0201 splitStatements:false
-- Deleting an officer, a site or an attendance correction that attendance rows name is refused, as the foreign
-- keys dropped by 0200 refused it, with the same SQLSTATE (23503, foreign_key_violation) and constraint names, so
-- that the API's error mapping still names the problem. A row trigger on the deleting side: deletes of these are rare (officers and
-- sites are deactivated, corrections decided, never deleted), writes of attendance rows are not. The officers' and
-- sites' lookups use attendance_session's primary key and its (site_id, work_date) index.
create function refuse_delete_named_by_attendance() returns trigger
language plpgsql as $$
declare
    named boolean;
    rule text;
begin
    if tg_table_name = 'staff' then
        named := exists (select 1 from attendance_session where staff_id = old.id);
        rule := 'attendance_session_staff_fk';
    elsif tg_table_name = 'site' then
        named := exists (select 1 from attendance_session where site_id = old.id);
        rule := 'attendance_session_site_fk';
    else
        named := exists (select 1 from attendance_session where correction_id = old.id);
        rule := 'attendance_session_correction_fk';
    end if;
    if named then
        raise exception 'update or delete on table "%" violates "%" on table "attendance_session"', tg_table_name, rule
            using errcode = 'foreign_key_violation',
                  detail = format('Key (id)=(%s) is still referenced from table "attendance_session".', old.id),
                  table = 'attendance_session', constraint = rule;
    end if;
    return old;
end
$$;
create trigger staff_refuse_delete_named_by_attendance before delete on staff
    for each row execute function refuse_delete_named_by_attendance();
create trigger site_refuse_delete_named_by_attendance before delete on site
    for each row execute function refuse_delete_named_by_attendance();
create trigger attendance_correction_refuse_delete_named_by_attendance before delete on attendance_correction
    for each row execute function refuse_delete_named_by_attendance();
--rollback drop trigger attendance_correction_refuse_delete_named_by_attendance on attendance_correction;
--rollback drop trigger site_refuse_delete_named_by_attendance on site;
--rollback drop trigger staff_refuse_delete_named_by_attendance on staff;
--rollback drop function refuse_delete_named_by_attendance();
