package vn.onduty.server.org.site;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Site.class)
public interface SiteDao {

    String COLUMNS = "id, name, address, time_zone, active, created_at, updated_at";
    String FILTER = """
             where (cast(:q as text) is null
                    or strpos(vn_fold(name), vn_fold(:q)) > 0
                    or strpos(vn_fold(coalesce(address, '')), vn_fold(:q)) > 0)
               and (cast(:active as boolean) is null or active = :active)
            """;

    @SqlQuery("select " + COLUMNS + " from site where id = :id")
    Optional<Site> find(@Bind("id") long id);

    /** A site by its name, locked: an import changes what it finds. */
    @SqlQuery("select " + COLUMNS + " from site where name = :name for update")
    Optional<Site> lockNamed(@Bind("name") String name);

    @SqlQuery("select " + COLUMNS + " from site where id = :id for update")
    Optional<Site> lock(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from site" + FILTER + " order by name limit :limit offset :offset")
    List<Site> list(@Bind("q") String q, @Bind("active") Boolean active,
                    @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) from site" + FILTER)
    long count(@Bind("q") String q, @Bind("active") Boolean active);

    @SqlUpdate("insert into site (name, address, time_zone) values (:name, :address, :timeZone)")
    @GetGeneratedKeys
    Site insert(@Bind("name") String name, @Bind("address") String address, @Bind("timeZone") String timeZone);

    @SqlUpdate("""
            update site set name = :name, address = :address, time_zone = :timeZone, updated_at = now()
             where id = :id
            """)
    @GetGeneratedKeys
    Site update(@Bind("id") long id, @Bind("name") String name, @Bind("address") String address,
                @Bind("timeZone") String timeZone);

    @SqlUpdate("update site set active = :active, updated_at = now() where id = :id")
    @GetGeneratedKeys
    Site setActive(@Bind("id") long id, @Bind("active") boolean active);
}
