package vn.onduty.server.login;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import vn.onduty.server.db.Commits;

/**
 * An agent's bearer token and its last contact, apart from {@link SessionDao}: every agent request may come here,
 * and JDBI prepares every method of an interface each time one is attached (docs/benchmarks.md, "Fleet").
 */
@RegisterConstructorMapper(AgentRow.class)
public interface AgentLoginDao {

    /**
     * The active agent whose token has this SHA-256 hash, its last contact set to {@code now} when that was over
     * {@code touchSeconds} ago: the lookup and the write it usually brings (both come about once a minute per agent)
     * in one statement, a transaction of its own whose commit does not wait for the disk. The row is written only when
     * the contact is due.
     */
    @SqlQuery("with nowait as (" + Commits.WITHOUT_WAITING_FOR_DISK + "), " + """
            found as (
                select id, name, site_id, last_seen_at from device_agent where token_hash = :tokenHash and active),
            touched as (
                update device_agent d set last_seen_at = :now
                  from found f
                 where d.id = f.id
                   and (f.last_seen_at is null
                        or f.last_seen_at < cast(:now as timestamptz) - :touchSeconds * interval '1 second')
                returning d.id, d.last_seen_at)
            select f.id, f.name, f.site_id, coalesce(t.last_seen_at, f.last_seen_at) as last_seen_at
              from found f cross join nowait left join touched t on t.id = f.id
            """)
    Optional<AgentRow> findAndTouch(@Bind("tokenHash") byte[] tokenHash, @Bind("now") Instant now,
                                    @Bind("touchSeconds") long touchSeconds);

    @SqlUpdate("with nowait as (" + Commits.WITHOUT_WAITING_FOR_DISK + ") "
            + "update device_agent set last_seen_at = :now from nowait where id = :id")
    void touch(@Bind("id") long id, @Bind("now") Instant now);
}
