package vn.onduty.server.attendance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import vn.onduty.server.auth.AccessPolicy.StaffScope;

/** What the attendance pages and API read besides the session rows: officers in scope, punches with their source. */
@RegisterConstructorMapper(AttendanceReadDao.OfficerRef.class)
@RegisterConstructorMapper(AttendanceReadDao.ShownPunch.class)
@RegisterConstructorMapper(AttendanceReadDao.LatenessRow.class)
public interface AttendanceReadDao {

    /** A leave code's name in the timesheet legend, in both languages: pages show it rather than the code. */
    record LeaveLabel(String code, String labelVi, String labelEn) {}

    @org.jdbi.v3.sqlobject.statement.SqlQuery("select code, label_vi, label_en from timesheet_symbol")
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(LeaveLabel.class)
    List<LeaveLabel> leaveLabels();

    /** An officer as attendance lists show them. */
    record OfficerRef(long id, String code, String fullName, long departmentId, String departmentName, long homeSiteId) {}

    /** A punch on a day's list: a sensor's (with its name) or a manual one (with the correction it came from). */
    record ShownPunch(Instant at, String source, String sensorName, Long correctionId) {}

    /** One officer's month of lateness, as the summary shows it. */
    record LatenessRow(long staffId, int lateCount, int lateMinutes, int earlyLeaveCount, int earlyLeaveMinutes,
                       int missingPunches, int absences) {}

    String SCOPE = """
               and (:scope.all or st.home_site_id = any(:scope.siteIds) or st.department_id = any(:scope.departmentIds)
                    or st.id = :scope.self)
            """;

    /** Active officers whose home is the site, within the caller's scope, by name. */
    @SqlQuery("""
            select st.id, st.code, st.full_name, st.department_id, d.name as department_name, st.home_site_id
              from staff st join department d on d.id = st.department_id
             where st.active and st.home_site_id = :siteId
            """ + SCOPE + " order by vn_fold(st.full_name), st.id")
    List<OfficerRef> officersOfSite(@Bind("siteId") long siteId, @BindMethods("scope") StaffScope scope);

    @SqlQuery("""
            select st.id, st.code, st.full_name, st.department_id, d.name as department_name, st.home_site_id
              from staff st join department d on d.id = st.department_id
             where st.id = :id
            """)
    java.util.Optional<OfficerRef> officer(@Bind("id") long id);

    @SqlQuery("""
            select p.at, 'SENSOR' as source, se.name as sensor_name, cast(null as bigint) as correction_id
              from punch p join sensor se on se.id = p.sensor_id
             where p.staff_id = :staffId and p.at >= :from and p.at < :to and """ + AttendanceDao.COUNTED + """

            union all
            select p.at, 'SENSOR', se.name, null
              from punch_resolution r join punch p on p.id = r.punch_id join sensor se on se.id = p.sensor_id
             where r.staff_id = :staffId and p.at >= :from and p.at < :to and """ + AttendanceDao.COUNTED + """

            union all
            select m.at, 'MANUAL', null, m.correction_id
              from manual_punch m
             where m.staff_id = :staffId and m.at >= :from and m.at < :to
             order by 1
            """)
    List<ShownPunch> punches(@Bind("staffId") long staffId, @Bind("from") Instant from, @Bind("to") Instant to);

    /** Final sessions only: a session still OPEN has not yet been late or absent. */
    @SqlQuery("""
            select staff_id,
                   cast(count(*) filter (where late_minutes > 0) as integer) as late_count,
                   cast(coalesce(sum(late_minutes), 0) as integer) as late_minutes,
                   cast(count(*) filter (where early_leave_minutes > 0) as integer) as early_leave_count,
                   cast(coalesce(sum(early_leave_minutes), 0) as integer) as early_leave_minutes,
                   cast(count(*) filter (where missing in ('IN', 'OUT') and status in ('WORKED', 'LATE', 'DUTY')) as integer)
                       as missing_punches,
                   cast(count(*) filter (where status = 'ABSENT') as integer) as absences
              from attendance_session
             where staff_id = any(:ids) and work_date between :from and :to and status <> 'OPEN'
             group by staff_id
            """)
    List<LatenessRow> lateness(@Bind("ids") Long[] ids, @Bind("from") LocalDate from, @Bind("to") LocalDate to);
}
