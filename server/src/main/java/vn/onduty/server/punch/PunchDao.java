package vn.onduty.server.punch;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import vn.onduty.server.auth.AccessPolicy.StaffScope;

@RegisterConstructorMapper(Punch.class)
public interface PunchDao {

    String FROM = """
              from punch p
              join sensor se on se.id = p.sensor_id
              join device_agent a on a.id = p.agent_id
              join site si on si.id = a.site_id
              left join punch_resolution r on r.punch_id = p.id
              left join staff st on st.id = coalesce(p.staff_id, r.staff_id)
              left join punch_time_acceptance ta on ta.punch_id = p.id
            """;
    /** A punch's officer is the enrolled one, or else the one an admin resolved it to. */
    String SELECT = """
            select p.id, p.at, coalesce(p.staff_id, r.staff_id) as staff_id, st.full_name as staff_name,
                   st.code as staff_code, a.site_id, si.time_zone as site_time_zone, p.agent_id, p.sensor_id,
                   se.name as sensor_name, p.slot, p.score, r.resolved_by, p.received_at, p.time_flag,
                   ta.accepted_at as time_accepted_at
            """ + FROM;

    /** Business days in the site's own zone; the caller's scope decides whose punches show. */
    String FILTER = """
             where p.at >= (cast(:from as date) + time '00:00') at time zone si.time_zone
               and p.at < (cast(:to as date) + 1 + time '00:00') at time zone si.time_zone
               and (cast(:staffId as bigint) is null or coalesce(p.staff_id, r.staff_id) = :staffId)
               and (cast(:siteId as bigint) is null or a.site_id = :siteId)
               and (:scope.all
                    or (st.id is not null and (st.home_site_id = any(:scope.siteIds)
                        or st.department_id = any(:scope.departmentIds) or st.id = :scope.self)))
            """;

    @SqlQuery(SELECT + FILTER + " order by p.at, p.id limit :limit offset :offset")
    List<Punch> list(@BindMethods("scope") StaffScope scope, @Bind("from") LocalDate from, @Bind("to") LocalDate to,
                     @Bind("staffId") Long staffId, @Bind("siteId") Long siteId,
                     @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("select count(*) " + FROM + FILTER)
    long count(@BindMethods("scope") StaffScope scope, @Bind("from") LocalDate from, @Bind("to") LocalDate to,
               @Bind("staffId") Long staffId, @Bind("siteId") Long siteId);

    @SqlQuery(SELECT + """
             where p.staff_id is null and r.id is null
               and (cast(:siteId as bigint) is null or a.site_id = :siteId)
             order by p.at desc limit :limit
            """)
    List<Punch> unresolved(@Bind("siteId") Long siteId, @Bind("limit") int limit);

    /** Punches flagged for their device time, those still waiting for an admin first, newest arrivals first. */
    @SqlQuery(SELECT + """
             where p.time_flag is not null
               and (cast(:siteId as bigint) is null or a.site_id = :siteId)
               and (cast(:accepted as boolean) is null or (ta.punch_id is not null) = :accepted)
             order by ta.punch_id is not null, p.received_at desc, p.id desc limit :limit
            """)
    List<Punch> timeFlagged(@Bind("siteId") Long siteId, @Bind("accepted") Boolean accepted, @Bind("limit") int limit);

    @SqlQuery("select count(*) from punch p where p.time_flag is not null and not exists "
            + "(select 1 from punch_time_acceptance ta where ta.punch_id = p.id)")
    long timeFlaggedWaiting();

    @SqlUpdate("insert into punch_time_acceptance (punch_id, accepted_by, note) values (:punchId, :userId, :note)")
    void acceptTime(@Bind("punchId") long punchId, @Bind("userId") long userId, @Bind("note") String note);

    @SqlQuery(SELECT + " where p.id = :id")
    Optional<Punch> find(@Bind("id") long id);

    @SqlQuery("select id from punch where id = :id for update")
    Optional<Long> lock(@Bind("id") long id);

    @SqlUpdate("""
            insert into punch_resolution (punch_id, staff_id, resolved_by, note)
            values (:punchId, :staffId, :userId, :note)
            """)
    void resolve(@Bind("punchId") long punchId, @Bind("staffId") long staffId, @Bind("userId") long userId,
                 @Bind("note") String note);
}
