package vn.onduty.server.org.department;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Department.class)
public interface DepartmentDao {

    String COLUMNS = "id, code, name, active, created_at, updated_at";
    String FILTER = """
             where (cast(:q as text) is null
                    or strpos(vn_fold(name), vn_fold(:q)) > 0
                    or strpos(vn_fold(code), vn_fold(:q)) > 0)
               and (cast(:active as boolean) is null or active = :active)
            """;

    @SqlQuery("select " + COLUMNS + " from department where id = :id")
    Optional<Department> find(@Bind("id") long id);

    /** A department by its code, locked: an import changes what it finds. */
    @SqlQuery("select " + COLUMNS + " from department where code = :code for update")
    Optional<Department> lockCoded(@Bind("code") String code);

    @SqlQuery("select " + COLUMNS + " from department where id = :id for update")
    Optional<Department> lock(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from department" + FILTER + " order by name limit :limit offset :offset")
    List<Department> list(@Bind("q") String q, @Bind("active") Boolean active,
                          @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) from department" + FILTER)
    long count(@Bind("q") String q, @Bind("active") Boolean active);

    @SqlUpdate("insert into department (code, name) values (:code, :name)")
    @GetGeneratedKeys
    Department insert(@Bind("code") String code, @Bind("name") String name);

    @SqlUpdate("update department set code = :code, name = :name, updated_at = now() where id = :id")
    @GetGeneratedKeys
    Department update(@Bind("id") long id, @Bind("code") String code, @Bind("name") String name);

    @SqlUpdate("update department set active = :active, updated_at = now() where id = :id")
    @GetGeneratedKeys
    Department setActive(@Bind("id") long id, @Bind("active") boolean active);
}
