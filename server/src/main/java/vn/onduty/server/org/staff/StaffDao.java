package vn.onduty.server.org.staff;

import java.math.BigDecimal;
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

@RegisterConstructorMapper(Staff.class)
public interface StaffDao {

    String COLUMNS = """
            id, code, full_name, department_id, home_site_id, position, service_start_date, end_of_service_date,
            staff_category, grade, grade_code, regional_allowance, email, phone, active, created_at, updated_at""";

    /** A staff record's fields as written: texts cleaned, defaults applied. */
    record Fields(String code, String fullName, long departmentId, long homeSiteId, String position,
                  LocalDate serviceStartDate, LocalDate endOfServiceDate, StaffCategory staffCategory, String grade,
                  String gradeCode, BigDecimal regionalAllowance, String email, String phone) {}
    /** The caller's scope first, then the user's filters. */
    String FILTER = """
             where (:scope.all or home_site_id = any(:scope.siteIds) or department_id = any(:scope.departmentIds)
                    or id = :scope.self)
               and (cast(:siteId as bigint) is null or home_site_id = :siteId)
               and (cast(:departmentId as bigint) is null or department_id = :departmentId)
               and (cast(:q as text) is null
                    or strpos(vn_fold(full_name), vn_fold(:q)) > 0
                    or strpos(vn_fold(code), vn_fold(:q)) > 0)
               and (cast(:active as boolean) is null or active = :active)
            """;

    @SqlQuery("select " + COLUMNS + " from staff where id = :id")
    Optional<Staff> find(@Bind("id") long id);

    /** A staff member by code, locked: an import changes what it finds. */
    @SqlQuery("select " + COLUMNS + " from staff where code = :code for update")
    Optional<Staff> lockCoded(@Bind("code") String code);

    @SqlQuery("select " + COLUMNS + " from staff where id = :id for update")
    Optional<Staff> lock(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from staff" + FILTER + " order by vn_fold(full_name), id limit :limit offset :offset")
    List<Staff> list(@BindMethods("scope") StaffScope scope, @Bind("siteId") Long siteId,
                     @Bind("departmentId") Long departmentId, @Bind("q") String q, @Bind("active") Boolean active,
                     @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) from staff" + FILTER)
    long count(@BindMethods("scope") StaffScope scope, @Bind("siteId") Long siteId,
               @Bind("departmentId") Long departmentId, @Bind("q") String q, @Bind("active") Boolean active);

    @SqlUpdate("""
            insert into staff (code, full_name, department_id, home_site_id, position, service_start_date,
                               end_of_service_date, staff_category, grade, grade_code, regional_allowance, email, phone)
            values (:code, :fullName, :departmentId, :homeSiteId, :position, :serviceStartDate, :endOfServiceDate,
                    :staffCategory, :grade, :gradeCode, :regionalAllowance, :email, :phone)
            """)
    @GetGeneratedKeys
    Staff insert(@BindMethods Fields f);

    @SqlUpdate("""
            update staff set code = :code, full_name = :fullName, department_id = :departmentId,
                   home_site_id = :homeSiteId, position = :position, service_start_date = :serviceStartDate,
                   end_of_service_date = :endOfServiceDate, staff_category = :staffCategory, grade = :grade,
                   grade_code = :gradeCode, regional_allowance = :regionalAllowance,
                   email = :email, phone = :phone, updated_at = now()
             where id = :id
            """)
    @GetGeneratedKeys
    Staff update(@Bind("id") long id, @BindMethods Fields f);

    @SqlUpdate("update staff set end_of_service_date = :date, updated_at = now() where id = :id returning " + COLUMNS)
    @GetGeneratedKeys
    Staff setEndOfService(@Bind("id") long id, @Bind("date") LocalDate date);

    @SqlUpdate("update staff set post_category = :category, updated_at = now() where id = :id")
    int setPostCategory(@Bind("id") long id, @Bind("category") String category);

    @SqlQuery("select post_category from staff where id = :id")
    Optional<String> postCategory(@Bind("id") long id);

    @SqlUpdate("update staff set active = :active, updated_at = now() where id = :id")
    @GetGeneratedKeys
    Staff setActive(@Bind("id") long id, @Bind("active") boolean active);
}
