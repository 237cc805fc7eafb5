package vn.onduty.server.attendance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import vn.onduty.server.auth.AccessPolicy.StaffScope;

@RegisterConstructorMapper(Correction.class)
public interface CorrectionDao {

    String SELECT = """
            select c.id, c.staff_id, st.code as staff_code, st.full_name as staff_name, st.home_site_id as site_id,
                   st.department_id, c.work_date, c.kind, c.in_at, c.out_at, c.parts, c.reason, c.status,
                   c.requested_by, ru.username as requested_by_name, c.requested_at, c.decided_by,
                   du.username as decided_by_name, c.decided_at, c.decision_comment
              from attendance_correction c
              join staff st on st.id = c.staff_id
              join user_account ru on ru.id = c.requested_by
              left join user_account du on du.id = c.decided_by
            """;

    String FILTER = """
             where (:scope.all or st.home_site_id = any(:scope.siteIds) or st.department_id = any(:scope.departmentIds)
                    or st.id = :scope.self)
               and (cast(:status as text) is null or c.status = :status)
               and (cast(:staffId as bigint) is null or c.staff_id = :staffId)
               and (cast(:siteId as bigint) is null or st.home_site_id = :siteId)
               and (not :notOwn or (c.staff_id is distinct from cast(:self as bigint) and c.requested_by <> :userId))
            """;

    @SqlQuery(SELECT + " where c.id = :id")
    Optional<Correction> find(@Bind("id") long id);

    @SqlQuery("select id from attendance_correction where id = :id for update")
    Optional<Long> lock(@Bind("id") long id);

    @SqlQuery(SELECT + FILTER + " order by c.requested_at desc, c.id desc limit :limit offset :offset")
    List<Correction> list(@BindMethods("scope") StaffScope scope, @Bind("status") String status,
                          @Bind("staffId") Long staffId, @Bind("siteId") Long siteId, @Bind("notOwn") boolean notOwn,
                          @Bind("self") Long self, @Bind("userId") long userId,
                          @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) from attendance_correction c join staff st on st.id = c.staff_id" + FILTER)
    long count(@BindMethods("scope") StaffScope scope, @Bind("status") String status, @Bind("staffId") Long staffId,
               @Bind("siteId") Long siteId, @Bind("notOwn") boolean notOwn, @Bind("self") Long self,
               @Bind("userId") long userId);

    @SqlQuery("select exists (select 1 from attendance_correction where staff_id = :staffId and work_date = :date and status = 'PENDING')")
    boolean pendingExists(@Bind("staffId") long staffId, @Bind("date") LocalDate date);

    @SqlUpdate("""
            insert into attendance_correction (staff_id, work_date, kind, in_at, out_at, parts, reason, requested_by,
                                               requested_at)
            values (:staffId, :date, :kind, :inAt, :outAt, :parts, :reason, :userId, :now)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("staffId") long staffId, @Bind("date") LocalDate date, @Bind("kind") Correction.Kind kind,
                @Bind("inAt") Instant inAt, @Bind("outAt") Instant outAt, @Bind("parts") Correction.Parts parts,
                @Bind("reason") String reason, @Bind("userId") long userId, @Bind("now") Instant now);

    @SqlUpdate("""
            update attendance_correction
               set status = :status, decided_by = :userId, decided_at = :now, decision_comment = :comment
             where id = :id
            """)
    void decide(@Bind("id") long id, @Bind("status") Correction.Status status, @Bind("userId") long userId,
                @Bind("now") Instant now, @Bind("comment") String comment);

    @SqlUpdate("update attendance_correction set status = 'CANCELLED' where id = :id")
    void cancel(@Bind("id") long id);

    @SqlUpdate("insert into manual_punch (staff_id, at, correction_id) values (:staffId, :at, :correctionId)")
    void insertManualPunch(@Bind("staffId") long staffId, @Bind("at") Instant at, @Bind("correctionId") long correctionId);
}
