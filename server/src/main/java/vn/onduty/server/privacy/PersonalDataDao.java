package vn.onduty.server.privacy;

import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Reads everything held about one officer, for their archive: the tables {@link PersonalData} declares, each row as
 * JSON text (the columns as stored), and the few kinds that need a query of their own.
 */
public interface PersonalDataDao {

    /**
     * The audit events about an officer: their staff record, their account (sign-ins name it by username), and their
     * requests, corrections, enrollments, fingerprint commands, resolved punches and entitlements. Reads are listed
     * apart (reads of their records, {@link #reads}). Their acts on other officers' records are not about them.
     */
    String EVENTS_ABOUT = """
            from audit_event e
             where not starts_with(e.action, 'read.') and (
                   (e.entity_type = 'staff' and e.entity_id = cast(:staffId as text))
                or (e.entity_type = 'user_account' and e.entity_id in (
                        select cast(id as text) from user_account where staff_id = :staffId
                        union all select username from user_account where staff_id = :staffId))
                or (e.entity_type = 'leave_request' and e.entity_id in (
                        select cast(id as text) from leave_request where staff_id = :staffId))
                or (e.entity_type = 'attendance_correction' and e.entity_id in (
                        select cast(id as text) from attendance_correction where staff_id = :staffId))
                or (e.entity_type = 'enrollment' and e.entity_id in (
                        select cast(id as text) from enrollment where staff_id = :staffId))
                or (e.entity_type = 'agent_command' and e.entity_id in (
                        select cast(id as text) from agent_command where staff_id = :staffId))
                or (e.entity_type = 'punch' and e.entity_id in (
                        select cast(punch_id as text) from punch_resolution where staff_id = :staffId))
                or (e.entity_type = 'leave_ledger' and e.entity_id in (
                        select cast(id as text) from leave_ledger where staff_id = :staffId)))
            """;

    /** The rows of one declared table ({@link PersonalData#ROWS}), as JSON text. */
    @SqlQuery("select (to_jsonb(t)<leftOut>)::text from <table> t where t.<column> = any(:keys) order by <orderBy>")
    List<String> rows(@Define("table") String table, @Define("column") String column, @Define("leftOut") String leftOut,
                      @Define("orderBy") String orderBy, @Bind("keys") Long[] keys);

    @SqlQuery("select id from user_account where staff_id = :staffId order by id")
    List<Long> accounts(@Bind("staffId") long staffId);

    @SqlQuery("select to_jsonb(e)::text " + EVENTS_ABOUT + " order by e.id")
    List<String> events(@Bind("staffId") long staffId);

    /** Who read the officer's records (timesheets, months, leave documents, presence, exports), oldest first. */
    @SqlQuery("""
            select jsonb_build_object('at', e.at, 'by', e.actor, 'byName', st.full_name, 'what', e.entity_type,
                                      'view', e.entity_id, 'label', e.after ->> 'label', 'ip', e.ip)::text
              from audit_event_subject s
              join audit_event e on e.id = s.event_id
              left join user_account u on u.id = e.actor_user_id
              left join staff st on st.id = u.staff_id
             where s.staff_id = :staffId
             order by e.id
            """)
    List<String> reads(@Bind("staffId") long staffId);

    /** The officer's leave requests with their type, years, decisions (with the approver's account) and document. */
    @SqlQuery("""
            select (to_jsonb(r) - 'slots' || jsonb_build_object(
                       'leave_type_code', lt.code, 'leave_type_name', lt.name_vi,
                       'years', coalesce((select jsonb_agg(jsonb_build_object('year', y.year, 'days', y.days) order by y.year)
                                            from leave_request_year y where y.request_id = r.id), '[]'::jsonb),
                       'decisions', coalesce((select jsonb_agg(to_jsonb(d) - 'decided_by' - 'on_behalf_of'
                                                  || jsonb_build_object('decided_by_account', u.username,
                                                                        'on_behalf_of_account', b.username) order by d.id)
                                                from leave_decision d
                                                join user_account u on u.id = d.decided_by
                                                left join user_account b on b.id = d.on_behalf_of
                                               where d.request_id = r.id), '[]'::jsonb),
                       'attachment', (select jsonb_build_object('file_name', a.file_name, 'content_type', a.content_type,
                                                                'bytes', octet_length(a.content), 'created_at', a.created_at,
                                                                'in_archive', 'leave_attachments/' || r.id || '-' || a.file_name)
                                        from leave_attachment a where a.request_id = r.id)))::text
              from leave_request r join leave_type lt on lt.id = r.leave_type_id
             where r.staff_id = :staffId
             order by r.start_date, r.id
            """)
    List<String> leaveRequests(@Bind("staffId") long staffId);

    record Attachment(long requestId, String fileName, String contentType, byte[] content) {}

    @SqlQuery("""
            select a.request_id, a.file_name, a.content_type, a.content
              from leave_attachment a join leave_request r on r.id = a.request_id
             where r.staff_id = :staffId order by a.request_id
            """)
    @RegisterConstructorMapper(Attachment.class)
    List<Attachment> attachments(@Bind("staffId") long staffId);

    /** Other officers' requests in which this one was chosen to stand in: the dates only, not the other's leave. */
    @SqlQuery("""
            select jsonb_build_object('request_id', r.id, 'start_date', r.start_date, 'start_part', r.start_part,
                                      'end_date', r.end_date, 'end_part', r.end_part, 'status', r.status)::text
              from leave_request r where r.substitute_staff_id = :staffId order by r.start_date, r.id
            """)
    List<String> standIn(@Bind("staffId") long staffId);

    /**
     * Where the roster names the officer: template slots, and day changes that put them at a counter or take them
     * from it. The reason of a change is theirs when it concerns their absence or their assignment; when they stand in
     * for someone, the reason is about the other officer and is left out.
     */
    @SqlQuery("""
            select x.row::text from (
                select 1 as k, t.valid_from as d, t.id as id, jsonb_build_object(
                           'kind', 'template_slot', 'template_id', t.id, 'site_id', t.site_id, 'valid_from', t.valid_from,
                           'valid_until', t.valid_until, 'counter_id', s.counter_id, 'counter_number', c.number,
                           'counter_name', c.name, 'weekday', s.weekday, 'part', s.part) as row
                  from roster_template_slot s
                  join roster_template t on t.id = s.template_id
                  join counter c on c.id = s.counter_id
                 where s.staff_id = :staffId
                union all
                select 2, ch.work_date, ch.id, jsonb_build_object(
                           'kind', 'day_change', 'change_id', ch.id, 'site_id', ch.site_id, 'date', ch.work_date,
                           'part', ch.part, 'counter_id', ch.counter_id, 'counter_number', c.number, 'counter_name', c.name,
                           'change', ch.kind, 'role', case when ch.staff_id = :staffId then 'STAFFS' else 'REPLACED' end,
                           'reason', case when ch.replaced_staff_id = :staffId or ch.kind = 'ASSIGN' then ch.reason end,
                           'leave_request_id', case when ch.replaced_staff_id = :staffId then ch.leave_request_id end,
                           'created_at', ch.created_at, 'revoked_at', rv.revoked_at)
                  from roster_change ch
                  join counter c on c.id = ch.counter_id
                  left join roster_change_revocation rv on rv.change_id = ch.id
                 where ch.staff_id = :staffId or ch.replaced_staff_id = :staffId
            ) x order by x.k, x.d, x.id
            """)
    List<String> roster(@Bind("staffId") long staffId);

    /** The officer's row of every filed (locked) timesheet, with the sheet's days to read its cells by. */
    @SqlQuery("""
            select jsonb_build_object('lock_id', l.id, 'site_id', l.site_id, 'department_id', l.department_id,
                                      'month', to_char(l.month, 'YYYY-MM'), 'locked_at', l.locked_at,
                                      'unlocked_at', l.unlocked_at, 'days', l.snapshot -> 'days',
                                      'row', jsonb_path_query_first(l.snapshot, '$.rows[*] ? (@.staffId == $id)',
                                                                    jsonb_build_object('id', :staffId)))::text
              from timesheet_lock l
             where jsonb_path_exists(l.snapshot, '$.rows[*] ? (@.staffId == $id)', jsonb_build_object('id', :staffId))
             order by l.month, l.id
            """)
    List<String> filedTimesheets(@Bind("staffId") long staffId);

    /** Sign-in attempts with the officer's usernames (failed ones are not in the audit log by account id). */
    @SqlQuery("""
            select to_jsonb(a)::text from login_attempt a
             where a.username in (select username from user_account where staff_id = :staffId)
             order by a.at, a.id
            """)
    List<String> loginAttempts(@Bind("staffId") long staffId);

    /** A site and the dates over which the roster (templates or day changes) names the officer, up to today. */
    record RosterSpan(long siteId, LocalDate fromDate, LocalDate toDate) {}

    @SqlQuery("""
            select site_id, min(d_from) as from_date, least(max(d_to), cast(:today as date)) as to_date from (
                select t.site_id, t.valid_from as d_from, coalesce(t.valid_until, cast(:today as date)) as d_to
                  from roster_template_slot s join roster_template t on t.id = s.template_id
                 where s.staff_id = :staffId
                union all
                select site_id, work_date, work_date from roster_change where staff_id = :staffId
            ) x where d_from <= cast(:today as date)
             group by site_id order by site_id
            """)
    @RegisterConstructorMapper(RosterSpan.class)
    List<RosterSpan> rosterSpans(@Bind("staffId") long staffId, @Bind("today") LocalDate today);

    /** The officer's home site's zone, for reading times in the summary. */
    @SqlQuery("select s.time_zone from staff st join site s on s.id = st.home_site_id where st.id = :staffId")
    String homeZone(@Bind("staffId") long staffId);

    record Officer(long id, String code, String fullName, long homeSiteId, long departmentId, boolean active) {}

    @SqlQuery("select id, code, full_name, home_site_id, department_id, active from staff where id = :staffId")
    @RegisterConstructorMapper(Officer.class)
    java.util.Optional<Officer> officer(@Bind("staffId") long staffId);
}
