package vn.onduty.server.org.account;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Account.class)
public interface AccountDao {

    String SELECT = """
            select u.id, u.username, u.roles, u.staff_id,
                   array(select site_id from user_scope_site where user_id = u.id order by site_id) as scope_site_ids,
                   array(select department_id from user_scope_department where user_id = u.id order by department_id)
                       as scope_department_ids,
                   u.language, u.active, u.created_at, u.updated_at
              from user_account u
            """;
    String FILTER = """
             where (cast(:q as text) is null or strpos(u.username, lower(:q)) > 0
                    or exists (select 1 from staff s where s.id = u.staff_id
                               and strpos(vn_fold(s.full_name), vn_fold(:q)) > 0))
               and (cast(:role as text) is null or :role = any(u.roles))
               and (cast(:active as boolean) is null or u.active = :active)
            """;

    @SqlQuery(SELECT + " where u.id = :id")
    Optional<Account> find(@Bind("id") long id);

    @SqlQuery("select id from user_account where username = :username for update")
    Optional<Long> lockNamed(@Bind("username") String username);

    @SqlQuery("select id from user_account where id = :id for update")
    Optional<Long> lock(@Bind("id") long id);

    @SqlQuery(SELECT + FILTER + " order by u.username limit :limit offset :offset")
    List<Account> list(@Bind("q") String q, @Bind("role") String role, @Bind("active") Boolean active,
                       @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) from user_account u " + FILTER)
    long count(@Bind("q") String q, @Bind("role") String role, @Bind("active") Boolean active);

    @SqlQuery("select count(*) from user_account where active and 'ADMIN' = any(roles)")
    long activeAdmins();

    @SqlUpdate("""
            insert into user_account (username, password_hash, roles, staff_id, language)
            values (:username, :passwordHash, :roles, :staffId, :language)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("username") String username, @Bind("passwordHash") String passwordHash,
                @Bind("roles") String[] roles, @Bind("staffId") Long staffId, @Bind("language") String language);

    @SqlUpdate("""
            update user_account set roles = :roles, staff_id = :staffId, language = :language, updated_at = now()
             where id = :id
            """)
    void update(@Bind("id") long id, @Bind("roles") String[] roles, @Bind("staffId") Long staffId,
                @Bind("language") String language);

    @SqlUpdate("update user_account set language = :language, updated_at = now() where id = :id")
    void setLanguage(@Bind("id") long id, @Bind("language") String language);

    @SqlUpdate("update user_account set password_hash = :hash, updated_at = now() where id = :id")
    void setPassword(@Bind("id") long id, @Bind("hash") String hash);

    /** Orders every change that could leave no active admin: the count checked after it sees the others' changes. */
    @SqlQuery("select 1 from (select pg_advisory_xact_lock(hashtext('onduty.account.admins'))) as locked")
    int lockAdmins();

    @SqlUpdate("update user_account set active = :active, updated_at = now() where id = :id")
    void setActive(@Bind("id") long id, @Bind("active") boolean active);

    @SqlUpdate("delete from user_scope_site where user_id = :id")
    void clearSiteScope(@Bind("id") long id);

    @SqlUpdate("delete from user_scope_department where user_id = :id")
    void clearDepartmentScope(@Bind("id") long id);

    @SqlUpdate("insert into user_scope_site (user_id, site_id) select :id, unnest(:siteIds)")
    void addSiteScope(@Bind("id") long id, @Bind("siteIds") Long[] siteIds);

    @SqlUpdate("insert into user_scope_department (user_id, department_id) select :id, unnest(:departmentIds)")
    void addDepartmentScope(@Bind("id") long id, @Bind("departmentIds") Long[] departmentIds);
}
