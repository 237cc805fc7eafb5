package vn.onduty.server.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What anonymising an officer writes: their staff record and accounts under a pseudonym, the free-text reasons of
 * their records removed, their name and contact replaced wherever free text or the audit log mentions them. The
 * audit log and the roster accept these updates only after {@link #startRedacting} (migrations 0226, 0227).
 */
public interface AnonymisationDao {

    /** An officer as anonymisation reads them, with the home site's zone (for "today"). */
    record Subject(long id, String code, String fullName, String email, String phone, String position, boolean active,
                   LocalDate endOfServiceDate, Instant anonymisedAt, LocalDate serviceStartDate, String timeZone) {}

    String SUBJECT = """
            select s.id, s.code, s.full_name, s.email, s.phone, s.position, s.active, s.end_of_service_date,
                   s.anonymised_at, s.service_start_date, site.time_zone
              from staff s join site on site.id = s.home_site_id
            """;

    @SqlQuery(SUBJECT + " where s.id = :id")
    @RegisterConstructorMapper(Subject.class)
    Optional<Subject> find(@Bind("id") long id);

    @SqlQuery(SUBJECT + " where s.id = :id for update of s")
    @RegisterConstructorMapper(Subject.class)
    Optional<Subject> lock(@Bind("id") long id);

    /** Officers who left: inactive with an end of service, not yet anonymised, the earliest leavers first. */
    @SqlQuery(SUBJECT + """
             where not s.active and s.anonymised_at is null and s.end_of_service_date is not null
             order by s.end_of_service_date, s.id limit :limit
            """)
    @RegisterConstructorMapper(Subject.class)
    List<Subject> leavers(@Bind("limit") int limit);

    record Account(long id, String username) {}

    @SqlQuery("select id, username from user_account where staff_id = :staffId order by id")
    @RegisterConstructorMapper(Account.class)
    List<Account> accounts(@Bind("staffId") long staffId);

    /** From here to the end of the transaction the audit log and the roster accept redactions (0226, 0227). */
    @SqlQuery("select set_config('onduty.redacting', 'on', true)")
    String startRedacting();

    @SqlQuery("select exists (select 1 from staff where code = :code and id <> :id)")
    boolean codeTaken(@Bind("code") String code, @Bind("id") long id);

    @SqlQuery("select exists (select 1 from user_account where username = :username and id <> :id)")
    boolean usernameTaken(@Bind("username") String username, @Bind("id") long id);

    @SqlUpdate("""
            update staff set code = :code, full_name = :name, position = null, email = null, phone = null,
                   anonymised_at = :at, updated_at = :at
             where id = :id
            """)
    int anonymiseStaff(@Bind("id") long id, @Bind("code") String code, @Bind("name") String name, @Bind("at") Instant at);

    /** The account keeps its id (the records point at it) but no name, no way in and no open session. */
    @SqlUpdate("update user_account set username = :username, password_hash = :hash, active = false, updated_at = :at where id = :id")
    int anonymiseAccount(@Bind("id") long id, @Bind("username") String username, @Bind("hash") String hash,
                         @Bind("at") Instant at);

    @SqlUpdate("update auth_session set revoked_at = coalesce(revoked_at, :at), ip = null where user_id = :userId")
    int endSessions(@Bind("userId") long userId, @Bind("at") Instant at);

    @SqlUpdate("delete from login_attempt where username = :username")
    int forgetLoginAttempts(@Bind("username") String username);

    /** The login throttle's counts and locks for the username (every browser's). */
    @SqlUpdate("delete from login_throttle where username = :username")
    int forgetLoginThrottle(@Bind("username") String username);

    @SqlUpdate("update privacy_notice_ack set ip = null where user_id = :userId")
    int forgetAcknowledgementAddresses(@Bind("userId") long userId);

    @SqlUpdate("""
            update attendance_correction set reason = :removed, decision_comment = null
             where staff_id = :staffId and (reason <> :removed or decision_comment is not null)
            """)
    int removeCorrectionReasons(@Bind("staffId") long staffId, @Bind("removed") String removed);

    @SqlUpdate("update leave_request set reason = null where staff_id = :staffId and reason is not null")
    int removeLeaveReasons(@Bind("staffId") long staffId);

    @SqlUpdate("""
            update leave_decision set comment = null
             where comment is not null and request_id in (select id from leave_request where staff_id = :staffId)
            """)
    int removeDecisionComments(@Bind("staffId") long staffId);

    /** Sick notes and certificates: identifying by nature, and their purpose (the decision) is served. */
    @SqlUpdate("delete from leave_attachment where request_id in (select id from leave_request where staff_id = :staffId)")
    int deleteLeaveDocuments(@Bind("staffId") long staffId);

    @SqlUpdate("update leave_ledger set reason = :removed where staff_id = :staffId and reason is not null and reason <> :removed")
    int removeLedgerReasons(@Bind("staffId") long staffId, @Bind("removed") String removed);

    @SqlUpdate("update punch_resolution set note = null where staff_id = :staffId and note is not null")
    int removeResolutionNotes(@Bind("staffId") long staffId);

    @SqlUpdate("""
            update roster_change set reason = :removed
             where (staff_id = :staffId or replaced_staff_id = :staffId) and reason is not null and reason <> :removed
            """)
    int removeRosterReasons(@Bind("staffId") long staffId, @Bind("removed") String removed);

    @SqlUpdate("""
            update roster_change_revocation set reason = null
             where reason is not null
               and change_id in (select id from roster_change where staff_id = :staffId or replaced_staff_id = :staffId)
            """)
    int removeRevocationReasons(@Bind("staffId") long staffId);

    /** Replaces what matches {@code pattern} (a PostgreSQL regular expression) in one text column of every row. */
    @SqlUpdate("""
            update <table> set <column> = regexp_replace(<column>, :pattern, :replacement, 'gi')
             where <column> ~* :pattern
            """)
    int replaceInText(@Define("table") String table, @Define("column") String column, @Bind("pattern") String pattern,
                      @Bind("replacement") String replacement);

    /** The same in a jsonb column, in its text (the replacements hold no character JSON escapes). */
    @SqlUpdate("""
            update <table> set <column> = cast(regexp_replace(cast(<column> as text), :pattern, :replacement, 'gi') as jsonb)
             where cast(<column> as text) ~* :pattern
            """)
    int replaceInJson(@Define("table") String table, @Define("column") String column, @Bind("pattern") String pattern,
                      @Bind("replacement") String replacement);

    record Snapshot(long id, String snapshot) {}

    /** The filed timesheets with a row of this officer, or mentioning them. */
    @SqlQuery("""
            select id, cast(snapshot as text) as snapshot from timesheet_lock
             where jsonb_path_exists(snapshot, '$.rows[*] ? (@.staffId == $id)', jsonb_build_object('id', :staffId))
                or cast(snapshot as text) ~* :pattern
             order by id
            """)
    @RegisterConstructorMapper(Snapshot.class)
    List<Snapshot> filedTimesheets(@Bind("staffId") long staffId, @Bind("pattern") String pattern);

    @SqlUpdate("update timesheet_lock set snapshot = cast(:snapshot as jsonb) where id = :id")
    int replaceSnapshot(@Bind("id") long id, @Bind("snapshot") String snapshot);

    /** An audit event as a redaction reads it; {@code about} when it is about the officer (not only mentions them). */
    record Event(long id, String actor, String entityId, String before, String after, String ip, boolean about) {}

    /**
     * The events about the officer (those their archive holds, and the roster changes that name them: a substitution's
     * reason is often why they were away), and every other event naming them, with which of the two each is.
     */
    @SqlQuery("""
            with about as (
                select e.id\s""" + PersonalDataDao.EVENTS_ABOUT + """
                union
                select e.id from audit_event e
                 where e.entity_type = 'roster_change' and e.entity_id in (
                       select cast(id as text) from roster_change where staff_id = :staffId or replaced_staff_id = :staffId))
            select e.id, e.actor, e.entity_id, cast(e.before as text) as before, cast(e.after as text) as after, e.ip,
                   e.id in (select id from about) as about
              from audit_event e
             where e.id in (select id from about)
                or e.actor = any(:usernames) or e.entity_id = any(:usernames)
                or cast(e.before as text) ~* :pattern or cast(e.after as text) ~* :pattern
             order by e.id
            """)
    @RegisterConstructorMapper(Event.class)
    List<Event> events(@Bind("staffId") long staffId, @Bind("usernames") String[] usernames,
                       @Bind("pattern") String pattern);

    @SqlUpdate("""
            update audit_event set actor = :actor, entity_id = :entityId, before = cast(:before as jsonb),
                   after = cast(:after as jsonb), ip = :ip
             where id = :id
            """)
    int redactEvent(@Bind("id") long id, @Bind("actor") String actor, @Bind("entityId") String entityId,
                    @Bind("before") String before, @Bind("after") String after, @Bind("ip") String ip);

    /** Stored report days are a cache (0068): those naming the officer are dropped and computed again when read. */
    @SqlUpdate("delete from quality_day where cast(result as text) ~* :pattern")
    int forgetReportDays(@Bind("pattern") String pattern);
}
