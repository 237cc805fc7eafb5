package vn.onduty.server.audit;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
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

    @SqlUpdate("""
            insert into audit_event (at, actor_user_id, actor, action, entity_type, entity_id, after, ip)
            values (:at, :actorUserId, :actor, :action, :entityType, :entityId, cast(:after as jsonb), :ip)
            """)
    @GetGeneratedKeys("id")
    long insertRead(@Bind("at") Instant at, @Bind("actorUserId") long actorUserId, @Bind("actor") String actor,
                    @Bind("action") String action, @Bind("entityType") String entityType,
                    @Bind("entityId") String entityId, @Bind("after") String after, @Bind("ip") String ip);

    @SqlBatch("insert into audit_event_subject (event_id, staff_id) values (:eventId, :staffId)")
    void insertSubjects(@Bind("eventId") long eventId, @Bind("staffId") List<Long> staffIds);

    /** Whether the viewer's read of this view since {@code since} already named every one of these officers. */
    @SqlQuery("""
            select exists (
                select 1 from audit_event e
                 where e.actor_user_id = :actorUserId and starts_with(e.action, 'read.') and e.action = :action
                   and e.entity_id = :entityId and e.at > :since
                   and not exists (select unnest(cast(:staffIds as bigint[]))
                                   except select s.staff_id from audit_event_subject s where s.event_id = e.id))
            """)
    boolean readRecently(@Bind("actorUserId") long actorUserId, @Bind("action") String action,
                         @Bind("entityId") String entityId, @Bind("since") Instant since,
                         @Bind("staffIds") Long[] staffIds);

    /** The reads of an officer's records by others, newest first: who (and the officer they are, if any), what, when. */
    @SqlQuery("""
            select e.id, e.at, e.actor, st.full_name as actor_name, e.action, e.entity_type, e.after ->> 'label' as label
              from audit_event_subject s
              join audit_event e on e.id = s.event_id
              left join user_account u on u.id = e.actor_user_id
              left join staff st on st.id = u.staff_id
             where s.staff_id = :staffId
             order by e.id desc
             limit :limit offset :offset
            """)
    @RegisterConstructorMapper(ReadEntry.class)
    List<ReadEntry> readsOf(@Bind("staffId") long staffId, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) from audit_event_subject where staff_id = :staffId")
    long countReadsOf(@Bind("staffId") long staffId);

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
