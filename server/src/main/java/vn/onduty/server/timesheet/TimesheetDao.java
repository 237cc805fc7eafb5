package vn.onduty.server.timesheet;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface TimesheetDao {

    /** A lock as stored; snapshot is the JSON of the filed {@link Timesheet}. */
    record LockRow(long id, long siteId, Long departmentId, LocalDate month, String snapshot, long lockedBy,
                   String lockedByName, Instant lockedAt) {}

    @SqlQuery("""
            select code, symbol, label_vi, label_en, counts_as, sort_order, updated_at
              from timesheet_symbol order by sort_order, code
            """)
    @RegisterConstructorMapper(TimesheetSymbol.class)
    List<TimesheetSymbol> symbols();

    @SqlQuery("""
            select code, symbol, label_vi, label_en, counts_as, sort_order, updated_at
              from timesheet_symbol where code = :code for update
            """)
    @RegisterConstructorMapper(TimesheetSymbol.class)
    Optional<TimesheetSymbol> lockSymbol(@Bind("code") String code);

    @SqlUpdate("""
            update timesheet_symbol
               set symbol = :symbol, label_vi = :labelVi, label_en = :labelEn, counts_as = :countsAs, updated_at = now()
             where code = :code
            """)
    int updateSymbol(@Bind("code") String code, @Bind("symbol") String symbol, @Bind("labelVi") String labelVi,
                     @Bind("labelEn") String labelEn, @Bind("countsAs") TimesheetSymbol.CountsAs countsAs);

    /**
     * The officers of a site's sheet (or of one department at it): those whose home site it is and who are active,
     * and anyone with attendance at the site in the month (moved away or deactivated since), in department order
     * and then by name as Vietnamese lists sort it (accents folded).
     */
    @SqlQuery("""
            select s.id as staff_id, s.code, s.full_name, s.position, s.department_id, d.name as department_name,
                   s.grade, s.grade_code
              from staff s
              join department d on d.id = s.department_id
             where (cast(:departmentId as bigint) is null or s.department_id = :departmentId)
               and ((s.home_site_id = :siteId and s.active)
                    or exists (select 1 from attendance_session a
                                where a.staff_id = s.id and a.site_id = :siteId and a.work_date between :from and :to))
             order by vn_fold(d.name), d.id, vn_fold(s.full_name), s.code
            """)
    @RegisterConstructorMapper(TimesheetBuilder.StaffLine.class)
    List<TimesheetBuilder.StaffLine> staff(@Bind("siteId") long siteId, @Bind("departmentId") Long departmentId,
                                           @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    @SqlQuery("""
            select a.staff_id, a.work_date as date, a.part, a.status, a.leave_code
              from attendance_session a
             where a.site_id = :siteId and a.work_date between :from and :to
               and (cast(:departmentId as bigint) is null
                    or exists (select 1 from staff s where s.id = a.staff_id and s.department_id = :departmentId))
            """)
    @RegisterConstructorMapper(TimesheetBuilder.Session.class)
    List<TimesheetBuilder.Session> sessions(@Bind("siteId") long siteId, @Bind("departmentId") Long departmentId,
                                            @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    @SqlQuery("select form_code, legal_basis, overtime_form_code from timesheet_form")
    @RegisterConstructorMapper(Timesheet.Form.class)
    Timesheet.Form form();

    /** The paying unit set for each department that has one. */
    @SqlQuery("select department_id, unit_name, budget_code from timesheet_unit order by department_id")
    @RegisterConstructorMapper(Timesheet.Unit.class)
    List<Timesheet.Unit> units();

    @SqlUpdate("""
            update timesheet_form set form_code = :formCode, legal_basis = :legalBasis,
                   overtime_form_code = :overtimeFormCode, updated_at = now()
            """)
    int updateForm(@org.jdbi.v3.sqlobject.customizer.BindMethods Timesheet.Form form);

    @SqlUpdate("""
            insert into timesheet_unit (department_id, unit_name, budget_code) values (:departmentId, :unitName, :budgetCode)
            on conflict (department_id) do update set unit_name = excluded.unit_name, budget_code = excluded.budget_code,
                                                      updated_at = now()
            """)
    int saveUnit(@org.jdbi.v3.sqlobject.customizer.BindMethods Timesheet.Unit unit);

    /** How one site repays duty outside the working week. */
    record SiteRepayment(long siteId, OvertimeSheet.Repaid dutyRepaid) {}

    @SqlQuery("select site_id, duty_repaid from timesheet_site order by site_id")
    @RegisterConstructorMapper(SiteRepayment.class)
    List<SiteRepayment> repayments();

    @SqlUpdate("""
            insert into timesheet_site (site_id, duty_repaid) values (:siteId, :dutyRepaid)
            on conflict (site_id) do update set duty_repaid = excluded.duty_repaid, updated_at = now()
            """)
    int saveRepayment(@org.jdbi.v3.sqlobject.customizer.BindMethods SiteRepayment r);

    /** A session of duty outside the working week (a duty Saturday worked), with its scheduled hours. */
    record DutySession(long staffId, LocalDate date, String part, Instant startsAt, Instant endsAt) {}

    @SqlQuery("""
            select a.staff_id, a.work_date as date, a.part, a.starts_at, a.ends_at
              from attendance_session a
             where a.site_id = :siteId and a.work_date between :from and :to and a.status = 'DUTY'
               and (cast(:departmentId as bigint) is null
                    or exists (select 1 from staff s where s.id = a.staff_id and s.department_id = :departmentId))
            """)
    @RegisterConstructorMapper(DutySession.class)
    List<DutySession> duty(@Bind("siteId") long siteId, @Bind("departmentId") Long departmentId,
                           @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    @SqlQuery("""
            select l.id, l.site_id, l.department_id, l.month, l.snapshot::text as snapshot, l.locked_by,
                   u.username as locked_by_name, l.locked_at
              from timesheet_lock l join user_account u on u.id = l.locked_by
             where l.site_id = :siteId and l.month = :month and l.unlocked_at is null
             order by l.department_id nulls first
            """)
    @RegisterConstructorMapper(LockRow.class)
    List<LockRow> locks(@Bind("siteId") long siteId, @Bind("month") LocalDate month);

    @SqlUpdate("""
            insert into timesheet_lock (site_id, department_id, month, snapshot, locked_by, locked_at)
            values (:siteId, :departmentId, :month, cast(:snapshot as jsonb), :lockedBy, :lockedAt)
            """)
    @GetGeneratedKeys("id")
    long insertLock(@Bind("siteId") long siteId, @Bind("departmentId") Long departmentId, @Bind("month") LocalDate month,
                    @Bind("snapshot") String snapshot, @Bind("lockedBy") long lockedBy, @Bind("lockedAt") Instant lockedAt);

    @SqlUpdate("""
            update timesheet_lock set unlocked_by = :by, unlocked_at = :at, unlock_reason = :reason
             where id = :id and unlocked_at is null
            """)
    int unlock(@Bind("id") long id, @Bind("by") long by, @Bind("at") Instant at, @Bind("reason") String reason);

    /** Whether a lock in force covers this officer's date: one of the whole site, or of the officer's department. */
    @SqlQuery("""
            select exists (select 1 from timesheet_lock l join staff s on s.id = :staffId
                            where l.site_id = :siteId and l.month = date_trunc('month', cast(:date as date))::date
                              and l.unlocked_at is null
                              and (l.department_id is null or l.department_id = s.department_id))
            """)
    boolean locked(@Bind("siteId") long siteId, @Bind("staffId") long staffId, @Bind("date") LocalDate date);
}
