package vn.onduty.server.audit;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(AuditEntry.class)
public interface AuditDao {

    @SqlUpdate("""
            insert into audit_event (at, actor_user_id, actor, action, entity_type, entity_id, before, after, ip)
            values (:at, :actorUserId, :actor, :action, :entityType, :entityId,
                    cast(:before as jsonb), cast(:after as jsonb), :ip)
            """)
    void insert(@Bind("at") Instant at, @Bind("actorUserId") Long actorUserId, @Bind("actor") String actor,
                @Bind("action") String action, @Bind("entityType") String entityType,
                @Bind("entityId") String entityId, @Bind("before") String before, @Bind("after") String after,
                @Bind("ip") String ip);

    String FILTER = """
            where (cast(:entityType as text) is null or entity_type = :entityType)
              and (cast(:entityId as text) is null or entity_id = :entityId)
              and (cast(:action as text) is null or starts_with(action, :action))
              and (cast(:actor as text) is null or strpos(vn_fold(actor), vn_fold(:actor)) > 0)
            """;

    @SqlQuery("""
            select id, at, actor_user_id, actor, action, entity_type, entity_id,
                   before::text as before, after::text as after, ip
              from audit_event
            """ + FILTER + """
             order by id desc
             limit :limit offset :offset
            """)
    List<AuditEntry> list(@Bind("entityType") String entityType, @Bind("entityId") String entityId,
                          @Bind("action") String action, @Bind("actor") String actor,
                          @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) from audit_event " + FILTER)
    long count(@Bind("entityType") String entityType, @Bind("entityId") String entityId,
               @Bind("action") String action, @Bind("actor") String actor);
}
