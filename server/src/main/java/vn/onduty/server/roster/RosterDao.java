package vn.onduty.server.roster;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import vn.onduty.server.calendar.SessionPart;

/** The roster tables: template versions with their slots, day changes and their revocations. Insert only. */
public interface RosterDao {

    /** A template version's own row. */
    record TemplateRow(long id, long siteId, LocalDate validFrom, LocalDate validUntil, String note, Instant createdAt,
                       Long createdByUserId) {}

    /** A slot of a template version, joined with its version; the slot columns are null for an empty version. */
    record SlotRow(long templateId, LocalDate validFrom, LocalDate validUntil, Long counterId, Integer weekday,
                   SessionPart part, Long staffId, String staffCode, String staffName) {}

    /** A slot to store. */
    record NewSlot(long counterId, int weekday, SessionPart part, long staffId) {}

    /** An officer a site may roster. */
    record Candidate(long id, String code, String fullName, long departmentId) {
        public Officer officer() {
            return new Officer(id, code, fullName);
        }
    }

    /** A site as double-booking messages name it. */
    record SiteRef(long id, String name) {}

    String CHANGE = """
            select c.id, c.site_id, c.counter_id, c.work_date as date, c.part, c.kind,
                   c.staff_id, s.code as staff_code, s.full_name as staff_name,
                   c.replaced_staff_id, r.code as replaced_staff_code, r.full_name as replaced_staff_name,
                   c.reason, c.created_at, c.created_by_user_id,
                   v.revoked_at, v.reason as revoke_reason, v.revoked_by_user_id,
                   c.leave_request_id, lt.code as leave_type_code, lt.name_vi as leave_type_name_vi,
                   lt.name_en as leave_type_name_en
              from roster_change c
              left join staff s on s.id = c.staff_id
              left join staff r on r.id = c.replaced_staff_id
              left join roster_change_revocation v on v.change_id = c.id
              left join leave_request lr on lr.id = c.leave_request_id
              left join leave_type lt on lt.id = lr.leave_type_id
            """;

    @SqlQuery("select id, number, name, department_id from counter where site_id = :siteId and active order by number, id")
    @RegisterConstructorMapper(CounterRef.class)
    List<CounterRef> counters(@Bind("siteId") long siteId);

    /** Every version that may be in force on some date from {@code from} to {@code to}, with its slots. */
    @SqlQuery("""
            select t.id as template_id, t.valid_from, t.valid_until, s.counter_id, s.weekday, s.part,
                   s.staff_id, st.code as staff_code, st.full_name as staff_name
              from roster_template t
              left join roster_template_slot s on s.template_id = t.id
              left join staff st on st.id = s.staff_id
             where t.site_id = :siteId and t.valid_from <= :to and (t.valid_until is null or t.valid_until >= :from)
             order by t.id
            """)
    @RegisterConstructorMapper(SlotRow.class)
    List<SlotRow> slots(@Bind("siteId") long siteId, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    @SqlQuery("""
            select id, site_id, valid_from, valid_until, note, created_at, created_by_user_id
              from roster_template where site_id = :siteId order by valid_from desc, id desc
            """)
    @RegisterConstructorMapper(TemplateRow.class)
    List<TemplateRow> templates(@Bind("siteId") long siteId);

    @SqlQuery("select id, site_id, valid_from, valid_until, note, created_at, created_by_user_id from roster_template where id = :id")
    @RegisterConstructorMapper(TemplateRow.class)
    Optional<TemplateRow> template(@Bind("id") long id);

    @SqlQuery(CHANGE + " where c.site_id = :siteId and c.work_date between :from and :to order by c.id")
    @RegisterConstructorMapper(RosterChange.class)
    List<RosterChange> changes(@Bind("siteId") long siteId, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    /** The dates from {@code from} on that have changes in force, for checking a new template against them. */
    @SqlQuery("""
            select distinct c.work_date from roster_change c
             where c.site_id = :siteId and c.work_date >= :from
               and (cast(:until as date) is null or c.work_date <= :until)
               and not exists (select 1 from roster_change_revocation v where v.change_id = c.id)
             order by c.work_date
            """)
    List<LocalDate> changedDates(@Bind("siteId") long siteId, @Bind("from") LocalDate from, @Bind("until") LocalDate until);

    @SqlQuery(CHANGE + " where c.id = :id")
    @RegisterConstructorMapper(RosterChange.class)
    Optional<RosterChange> change(@Bind("id") long id);

    @SqlQuery("""
            select id, code, full_name, department_id from staff
             where active and home_site_id = :siteId order by vn_fold(full_name), id
            """)
    @RegisterConstructorMapper(Candidate.class)
    List<Candidate> candidates(@Bind("siteId") long siteId);

    @SqlQuery("select home_site_id from staff where id = :staffId")
    Optional<Long> homeSite(@Bind("staffId") long staffId);

    @SqlUpdate("""
            insert into roster_template (site_id, valid_from, valid_until, note, created_at, created_by_user_id)
            values (:siteId, :validFrom, :validUntil, :note, :at, :userId)
            """)
    @GetGeneratedKeys("id")
    long insertTemplate(@Bind("siteId") long siteId, @Bind("validFrom") LocalDate validFrom,
                        @Bind("validUntil") LocalDate validUntil, @Bind("note") String note, @Bind("at") Instant at,
                        @Bind("userId") Long userId);

    @SqlBatch("""
            insert into roster_template_slot (template_id, counter_id, weekday, part, staff_id)
            values (:templateId, :s.counterId, :s.weekday, :s.part, :s.staffId)
            """)
    void insertSlots(@Bind("templateId") long templateId, @BindMethods("s") List<NewSlot> slots);

    @SqlUpdate("""
            insert into roster_change (site_id, counter_id, work_date, part, kind, staff_id, replaced_staff_id, reason,
                                       created_at, created_by_user_id, leave_request_id)
            values (:siteId, :counterId, :date, :part, :kind, :staffId, :replacedStaffId, :reason, :at, :userId,
                    :leaveRequestId)
            """)
    @GetGeneratedKeys("id")
    long insertChange(@Bind("siteId") long siteId, @Bind("counterId") long counterId, @Bind("date") LocalDate date,
                      @Bind("part") SessionPart part, @Bind("kind") ChangeKind kind, @Bind("staffId") Long staffId,
                      @Bind("replacedStaffId") Long replacedStaffId, @Bind("reason") String reason,
                      @Bind("at") Instant at, @Bind("userId") Long userId, @Bind("leaveRequestId") Long leaveRequestId);

    /** The substitutions made for a leave request that are still in force, oldest first. */
    @SqlQuery(CHANGE + " where c.leave_request_id = :leaveRequestId and v.change_id is null order by c.id")
    @RegisterConstructorMapper(RosterChange.class)
    List<RosterChange> leaveChanges(@Bind("leaveRequestId") long leaveRequestId);

    @SqlUpdate("""
            insert into roster_change_revocation (change_id, reason, revoked_at, revoked_by_user_id)
            values (:changeId, :reason, :at, :userId)
            """)
    void insertRevocation(@Bind("changeId") long changeId, @Bind("reason") String reason, @Bind("at") Instant at,
                          @Bind("userId") Long userId);

    /**
     * Waits until no other transaction is rostering these officers (advisory locks in namespace 4005), then holds
     * them until this one ends: a site's row lock keeps one site's changes in line, this keeps two sites from
     * rostering one officer at once. Ids must be sorted, so that two transactions never wait for each other in a circle.
     */
    @SqlQuery("""
            select cast(pg_advisory_xact_lock(4005, cast(x & 2147483647 as integer)) as text)
              from unnest(cast(:ids as bigint[])) as x
            """)
    List<String> lockOfficers(@Bind("ids") Long[] ids);

    /**
     * The sites other than {@code siteId} whose roster names one of these officers on some date from {@code from} to
     * {@code to}: in a template version in force then, or in a day change (not revoked) of those dates.
     */
    @SqlQuery("""
            select si.id, si.name
              from site si
             where si.id in (select t.site_id
                               from roster_template_slot sl join roster_template t on t.id = sl.template_id
                              where sl.staff_id = any(:ids) and t.valid_from <= :to
                                and (t.valid_until is null or t.valid_until >= :from)
                             union
                             select c.site_id
                               from roster_change c
                              where c.staff_id = any(:ids) and c.work_date between :from and :to
                                and not exists (select 1 from roster_change_revocation v where v.change_id = c.id))
               and si.id <> :siteId
             order by si.id
            """)
    @RegisterConstructorMapper(SiteRef.class)
    List<SiteRef> sitesRostering(@Bind("ids") Long[] ids, @Bind("siteId") long siteId, @Bind("from") LocalDate from,
                                 @Bind("to") LocalDate to);

    /**
     * The last date from {@code from} on at which a roster a new template of {@code siteId} meets may change: the
     * start or end of a template version (of this site, or of another naming these officers), or a day change.
     * After it every week repeats the one before, but for the working calendar. Null when there is none.
     */
    @SqlQuery("""
            select max(v.at) from (
                select t.valid_from as starts, t.valid_until as ends
                  from roster_template t
                 where (t.site_id = :siteId
                        or exists (select 1 from roster_template_slot sl
                                    where sl.template_id = t.id and sl.staff_id = any(:ids)))
                   and (t.valid_until is null or t.valid_until >= :from)
                union all
                select c.work_date, null
                  from roster_change c
                 where (c.site_id = :siteId or c.staff_id = any(:ids)) and c.work_date >= :from
            ) x cross join lateral (values (x.starts), (x.ends)) as v(at)
            """)
    LocalDate lastRosterChangeFrom(@Bind("ids") Long[] ids, @Bind("siteId") long siteId,
                                             @Bind("from") LocalDate from);
}
