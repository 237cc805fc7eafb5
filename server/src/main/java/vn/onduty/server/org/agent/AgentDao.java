package vn.onduty.server.org.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Agent.class)
public interface AgentDao {

    String COLUMNS = "id, site_id, name, token_prefix, active, created_at, updated_at, last_seen_at, clock_offset_ms, "
            + "clock_checked_at";
    String FILTER = """
             where (cast(:siteId as bigint) is null or site_id = :siteId)
               and (cast(:q as text) is null or strpos(vn_fold(name), vn_fold(:q)) > 0)
               and (cast(:active as boolean) is null or active = :active)
            """;

    @SqlQuery("select " + COLUMNS + " from device_agent where id = :id")
    Optional<Agent> find(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from device_agent where id = :id for update")
    Optional<Agent> lock(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from device_agent" + FILTER + " order by site_id, name limit :limit offset :offset")
    List<Agent> list(@Bind("siteId") Long siteId, @Bind("q") String q, @Bind("active") Boolean active,
                     @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) from device_agent" + FILTER)
    long count(@Bind("siteId") Long siteId, @Bind("q") String q, @Bind("active") Boolean active);

    /** Active agents, and of them those whose token was used since {@code since}. */
    @SqlQuery("select count(*) as active, count(*) filter (where last_seen_at >= :since) as online from device_agent where active")
    @RegisterConstructorMapper(Presence.class)
    Presence presence(@Bind("since") Instant since);

    record Presence(long active, long online) {}

    @SqlUpdate("""
            insert into device_agent (site_id, name, token_hash, token_prefix)
            values (:siteId, :name, :tokenHash, :tokenPrefix)
            """)
    @GetGeneratedKeys({"id", "site_id", "name", "token_prefix", "active", "created_at", "updated_at", "last_seen_at",
            "clock_offset_ms", "clock_checked_at"})
    Agent insert(@Bind("siteId") long siteId, @Bind("name") String name, @Bind("tokenHash") byte[] tokenHash,
                 @Bind("tokenPrefix") String tokenPrefix);

    @SqlUpdate("update device_agent set site_id = :siteId, name = :name, updated_at = now() where id = :id")
    @GetGeneratedKeys({"id", "site_id", "name", "token_prefix", "active", "created_at", "updated_at", "last_seen_at",
            "clock_offset_ms", "clock_checked_at"})
    Agent update(@Bind("id") long id, @Bind("siteId") long siteId, @Bind("name") String name);

    @SqlUpdate("""
            update device_agent set token_hash = :tokenHash, token_prefix = :tokenPrefix, updated_at = now()
             where id = :id
            """)
    @GetGeneratedKeys({"id", "site_id", "name", "token_prefix", "active", "created_at", "updated_at", "last_seen_at",
            "clock_offset_ms", "clock_checked_at"})
    Agent setToken(@Bind("id") long id, @Bind("tokenHash") byte[] tokenHash, @Bind("tokenPrefix") String tokenPrefix);

    /** Names of the cameras the agent watches: they keep it at their site. */
    @SqlQuery("select name from camera where agent_id = :id order by name")
    List<String> cameraNames(@Bind("id") long id);

    @SqlUpdate("update device_agent set active = :active, updated_at = now() where id = :id")
    @GetGeneratedKeys({"id", "site_id", "name", "token_prefix", "active", "created_at", "updated_at", "last_seen_at",
            "clock_offset_ms", "clock_checked_at"})
    Agent setActive(@Bind("id") long id, @Bind("active") boolean active);
}
