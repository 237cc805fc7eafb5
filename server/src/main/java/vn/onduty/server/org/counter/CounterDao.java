package vn.onduty.server.org.counter;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Counter.class)
public interface CounterDao {

    String COLUMNS = "id, site_id, department_id, number, name, services, active, created_at, updated_at";
    String FILTER = """
             where (cast(:siteId as bigint) is null or site_id = :siteId)
               and (cast(:q as text) is null
                    or strpos(vn_fold(name), vn_fold(:q)) > 0
                    or cast(number as text) = :q
                    or exists (select 1 from unnest(services) s where strpos(vn_fold(s), vn_fold(:q)) > 0))
               and (cast(:active as boolean) is null or active = :active)
            """;

    @SqlQuery("select " + COLUMNS + " from counter where id = :id")
    Optional<Counter> find(@Bind("id") long id);

    /** A counter by its site and number, locked: an import changes what it finds. */
    @SqlQuery("select " + COLUMNS + " from counter where site_id = :siteId and number = :number for update")
    Optional<Counter> lockNumbered(@Bind("siteId") long siteId, @Bind("number") int number);

    @SqlQuery("select " + COLUMNS + " from counter where id = :id for update")
    Optional<Counter> lock(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from counter" + FILTER + " order by site_id, number limit :limit offset :offset")
    List<Counter> list(@Bind("siteId") Long siteId, @Bind("q") String q, @Bind("active") Boolean active,
                       @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) from counter" + FILTER)
    long count(@Bind("siteId") Long siteId, @Bind("q") String q, @Bind("active") Boolean active);

    @SqlUpdate("""
            insert into counter (site_id, department_id, number, name, services)
            values (:siteId, :departmentId, :number, :name, :services)
            """)
    @GetGeneratedKeys
    Counter insert(@Bind("siteId") long siteId, @Bind("departmentId") Long departmentId, @Bind("number") int number,
                   @Bind("name") String name, @Bind("services") String[] services);

    @SqlUpdate("""
            update counter set site_id = :siteId, department_id = :departmentId, number = :number, name = :name,
                   services = :services, updated_at = now()
             where id = :id
            """)
    @GetGeneratedKeys
    Counter update(@Bind("id") long id, @Bind("siteId") long siteId, @Bind("departmentId") Long departmentId,
                   @Bind("number") int number,
                   @Bind("name") String name, @Bind("services") String[] services);

    @SqlUpdate("update counter set active = :active, updated_at = now() where id = :id")
    @GetGeneratedKeys
    Counter setActive(@Bind("id") long id, @Bind("active") boolean active);
}
